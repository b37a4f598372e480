#include "gui/response/jsontextview.h"

#include "gui/common/theme.h"

#include <QAction>
#include <QClipboard>
#include <QFontDatabase>
#include <QGuiApplication>
#include <QKeyEvent>
#include <QPainter>
#include <QScrollBar>

#include <algorithm>

namespace Revox {

namespace {

constexpr int Margin = 4;
// Past this many characters a line is painted only where it is on screen, its columns placed
// by the font's fixed pitch: laying out a string of a megabyte on every paint would stall.
constexpr qsizetype LongLine = 1000;

bool lessByPlace(const JsonMatch &a, const JsonMatch &b)
{
    return a.line < b.line || (a.line == b.line && a.column < b.column);
}

} // namespace

JsonTextView::JsonTextView(QWidget *parent)
    : QAbstractScrollArea(parent)
{
    setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    setFocusPolicy(Qt::StrongFocus);
    setAccessibleName(tr("Raw JSON response"));
    viewport()->setBackgroundRole(QPalette::Base);
    viewport()->setCursor(Qt::IBeamCursor);
    verticalScrollBar()->setSingleStep(1);

    auto *copyAction = new QAction(tr("&Copy"), this);
    copyAction->setShortcut(QKeySequence::Copy);
    copyAction->setShortcutContext(Qt::WidgetShortcut);
    connect(copyAction, &QAction::triggered, this, &JsonTextView::copy);
    auto *selectAll = new QAction(tr("Select &All"), this);
    selectAll->setShortcut(QKeySequence::SelectAll);
    selectAll->setShortcutContext(Qt::WidgetShortcut);
    connect(selectAll, &QAction::triggered, this, [this] {
        if (m_layout.lineCount() > 0)
            selectLines(0, m_layout.lineCount() - 1);
    });
    addAction(copyAction);
    addAction(selectAll);
    setContextMenuPolicy(Qt::ActionsContextMenu);
}

void JsonTextView::setJson(const JsonLayout &layout)
{
    // More lines of the layout shown so far (the rest of a partial one) keep where the reader is.
    const bool continues = !m_layout.isComplete() && layout.lineCount() >= m_layout.lineCount();
    m_layout = layout;
    if (!continues) {
        m_matches.clear();
        m_current = -1;
        m_anchor = -1;
        m_cursor = -1;
        m_dragging = false;
        verticalScrollBar()->setValue(0);
        horizontalScrollBar()->setValue(0);
        emit selectionChanged();
    }
    updateScrollBars();
    viewport()->update();
}

void JsonTextView::setPlaceholderText(const QString &text)
{
    m_placeholder = text;
    if (m_layout.lineCount() == 0)
        viewport()->update();
}

void JsonTextView::setMatches(QList<JsonMatch> matches, int length)
{
    m_matches = std::move(matches);
    m_matchLength = length;
    m_current = -1;
    viewport()->update();
}

void JsonTextView::setCurrentMatch(qsizetype index)
{
    m_current = index >= 0 && index < m_matches.size() ? index : -1;
    if (m_current >= 0) {
        const qsizetype line = m_matches.at(m_current).line;
        // The cursor goes to the match, without a selection that would hide its highlight.
        m_anchor = -1;
        m_cursor = line;
        scrollToLine(line);
        // Horizontally too, as little as brings the whole match on screen, so that as much as
        // can be of what leads to it (its key, its indentation) stays in view.
        const QString text = m_layout.lineText(line);
        const int column = int(m_matches.at(m_current).column);
        const int left = int(xOf(text, column));
        const int right = int(xOf(text, column + m_matchLength));
        const int room = viewport()->width() - 2 * Margin;
        const int context = 4 * charWidth();
        QScrollBar *bar = horizontalScrollBar();
        if (left < bar->value())
            bar->setValue(left - context);
        else if (right > bar->value() + room)
            bar->setValue(right - room + context);
        emit selectionChanged();
    }
    viewport()->update();
}

QString JsonTextView::currentMatchText() const
{
    if (m_current < 0)
        return QString();
    const JsonMatch &match = m_matches.at(m_current);
    return m_layout.lineText(match.line).mid(match.column, m_matchLength);
}

void JsonTextView::selectLines(qsizetype anchor, qsizetype cursor)
{
    const qsizetype last = m_layout.lineCount() - 1;
    if (last < 0)
        return;
    m_anchor = std::clamp<qsizetype>(anchor, 0, last);
    m_cursor = std::clamp<qsizetype>(cursor, 0, last);
    scrollToLine(m_cursor);
    viewport()->update();
    emit selectionChanged();
}

void JsonTextView::clearSelection()
{
    if (m_anchor < 0)
        return;
    m_anchor = -1;
    viewport()->update();
    emit selectionChanged();
}

QString JsonTextView::selectedText() const
{
    if (m_cursor < 0 || m_cursor >= m_layout.lineCount())
        return QString();
    const qsizetype from = m_anchor < 0 ? m_cursor : std::min(m_anchor, m_cursor);
    const qsizetype to = m_anchor < 0 ? m_cursor : std::max(m_anchor, m_cursor);
    QByteArray bytes;
    for (qsizetype line = from; line <= to; ++line) {
        bytes.append(m_layout.lineBytes(line));
        if (line < to)
            bytes.append('\n');
    }
    return QString::fromUtf8(bytes);
}

void JsonTextView::copy() const
{
    const QString text = selectedText();
    if (!text.isEmpty())
        QGuiApplication::clipboard()->setText(text);
}

int JsonTextView::lineHeight() const
{
    return std::max(1, fontMetrics().lineSpacing());
}

int JsonTextView::charWidth() const
{
    return std::max(1, fontMetrics().horizontalAdvance(QLatin1Char('0')));
}

qsizetype JsonTextView::firstVisibleLine() const
{
    return verticalScrollBar()->value();
}

int JsonTextView::visibleLineCount() const
{
    return std::max(1, viewport()->height() / lineHeight());
}

qsizetype JsonTextView::lineAt(int y) const
{
    return firstVisibleLine() + (y < 0 ? -1 - (-y - 1) / lineHeight() : y / lineHeight());
}

void JsonTextView::scrollToLine(qsizetype line)
{
    const qsizetype first = firstVisibleLine();
    const int rows = visibleLineCount();
    if (line >= first && line < first + rows)
        return;
    verticalScrollBar()->setValue(int(std::max<qsizetype>(0, line - rows / 2)));
}

void JsonTextView::revealLine(qsizetype line)
{
    if (line < 0 || line >= m_layout.lineCount())
        return;
    scrollToLine(line);
    const int start = m_layout.depth(line) * JsonLayout::IndentWidth * charWidth();
    QScrollBar *bar = horizontalScrollBar();
    if (start < bar->value() || start > bar->value() + viewport()->width() - 2 * Margin)
        bar->setValue(start - 4 * charWidth());
}

void JsonTextView::moveCursor(qsizetype line, bool extend)
{
    const qsizetype count = m_layout.lineCount();
    if (count == 0)
        return;
    line = std::clamp<qsizetype>(line, 0, count - 1);
    const qsizetype anchor = extend ? (m_anchor >= 0 ? m_anchor : std::max<qsizetype>(m_cursor, 0))
                                    : line;
    selectLines(anchor, line);
}

void JsonTextView::updateScrollBars()
{
    const int rows = visibleLineCount();
    const qsizetype count = m_layout.lineCount();
    QScrollBar *vertical = verticalScrollBar();
    vertical->setRange(0, int(std::min<qsizetype>(std::max<qsizetype>(0, count - rows), INT_MAX)));
    vertical->setPageStep(rows);
    QScrollBar *horizontal = horizontalScrollBar();
    const qsizetype width = m_layout.maxLineBytes() * charWidth() + 2 * Margin;
    horizontal->setRange(0, int(std::clamp<qsizetype>(width - viewport()->width(), 0, INT_MAX)));
    horizontal->setPageStep(viewport()->width());
    horizontal->setSingleStep(charWidth() * 2);
}

bool JsonTextView::isTyping(const QKeyEvent *key)
{
    const Qt::KeyboardModifiers modifiers = key->modifiers()
                                            & ~(Qt::ShiftModifier | Qt::KeypadModifier);
    return modifiers == Qt::NoModifier && !key->text().isEmpty() && key->text().at(0).isPrint()
           && key->key() != Qt::Key_Space;
}

bool JsonTextView::event(QEvent *event)
{
    // Typed here, a letter is taken and does nothing, rather than skip the recording.
    if (event->type() == QEvent::ShortcutOverride && isTyping(static_cast<QKeyEvent *>(event))) {
        event->accept();
        return true;
    }
    return QAbstractScrollArea::event(event);
}

void JsonTextView::keyPressEvent(QKeyEvent *event)
{
    const bool extend = event->modifiers() & Qt::ShiftModifier;
    const qsizetype cursor = std::max<qsizetype>(m_cursor, firstVisibleLine() - 1);
    switch (event->key()) {
    case Qt::Key_Up:
        moveCursor(cursor - 1, extend);
        break;
    case Qt::Key_Down:
        moveCursor(m_cursor < 0 ? firstVisibleLine() : cursor + 1, extend);
        break;
    case Qt::Key_PageUp:
        moveCursor(cursor - visibleLineCount(), extend);
        break;
    case Qt::Key_PageDown:
        moveCursor(cursor + visibleLineCount(), extend);
        break;
    case Qt::Key_Home:
        moveCursor(0, extend);
        break;
    case Qt::Key_End:
        moveCursor(m_layout.lineCount() - 1, extend);
        break;
    case Qt::Key_Left:
    case Qt::Key_Right:
        horizontalScrollBar()->triggerAction(event->key() == Qt::Key_Left
                                                 ? QAbstractSlider::SliderSingleStepSub
                                                 : QAbstractSlider::SliderSingleStepAdd);
        break;
    default:
        QAbstractScrollArea::keyPressEvent(event);
        return;
    }
    event->accept();
}

void JsonTextView::mousePressEvent(QMouseEvent *event)
{
    if (event->button() != Qt::LeftButton || m_layout.lineCount() == 0) {
        QAbstractScrollArea::mousePressEvent(event);
        return;
    }
    const qsizetype line = lineAt(int(event->position().y()));
    if (line >= m_layout.lineCount()) {
        clearSelection();
        return;
    }
    m_dragging = true;
    moveCursor(line, event->modifiers() & Qt::ShiftModifier);
}

void JsonTextView::mouseMoveEvent(QMouseEvent *event)
{
    if (!m_dragging || !(event->buttons() & Qt::LeftButton))
        return;
    // Dragging above or below the view scrolls a line at a time as the mouse moves.
    moveCursor(lineAt(int(event->position().y())), true);
}

void JsonTextView::mouseReleaseEvent(QMouseEvent *event)
{
    m_dragging = false;
    QAbstractScrollArea::mouseReleaseEvent(event);
}

void JsonTextView::resizeEvent(QResizeEvent *event)
{
    QAbstractScrollArea::resizeEvent(event);
    updateScrollBars();
}

void JsonTextView::changeEvent(QEvent *event)
{
    QAbstractScrollArea::changeEvent(event);
    if (event->type() == QEvent::FontChange)
        updateScrollBars();
}

qreal JsonTextView::xOf(const QString &text, qsizetype column) const
{
    if (text.size() > LongLine)
        return qreal(column) * charWidth();
    return fontMetrics().horizontalAdvance(text.left(column));
}

void JsonTextView::paintLine(QPainter &painter, qsizetype line, int y, qsizetype &match) const
{
    const QPalette &colours = palette();
    const int height = lineHeight();
    const int left = Margin - horizontalScrollBar()->value();
    const QString text = m_layout.lineText(line);
    if (m_anchor >= 0 && line >= std::min(m_anchor, m_cursor)
        && line <= std::max(m_anchor, m_cursor))
        painter.fillRect(QRect(0, y, viewport()->width(), height),
                         Theme::mix(colours.color(QPalette::Base),
                                    colours.color(QPalette::Highlight),
                                    hasFocus() ? 0.35 : 0.2));

    // What is painted: the whole line, or for a long one the columns on screen.
    qsizetype from = 0;
    qsizetype size = text.size();
    if (text.size() > LongLine) {
        from = std::max<qsizetype>(0, (horizontalScrollBar()->value() - Margin) / charWidth() - 8);
        size = viewport()->width() / charWidth() + 16;
    }
    const int baseline = y + fontMetrics().ascent();
    const qreal textLeft = left + xOf(text, from);
    painter.setPen(colours.color(QPalette::Text));

    // Matches behind the text; the current one is painted again over it, in highlight colours.
    qsizetype current = -1;
    for (; match < m_matches.size() && m_matches.at(match).line == quint32(line); ++match) {
        const qsizetype column = m_matches.at(match).column;
        const QRectF rect(left + xOf(text, column),
                          y,
                          xOf(text, column + m_matchLength) - xOf(text, column),
                          height);
        painter.fillRect(rect,
                         match == m_current ? colours.color(QPalette::Highlight)
                                            : Theme::matchFill(colours));
        if (match == m_current)
            current = column;
    }
    painter.drawText(QPointF(textLeft, baseline), text.mid(from, size));
    if (current >= 0) {
        painter.setPen(colours.color(QPalette::HighlightedText));
        painter.drawText(QPointF(left + xOf(text, current), baseline),
                         text.mid(current, m_matchLength));
    }
}

void JsonTextView::paintEvent(QPaintEvent *event)
{
    QPainter painter(viewport());
    painter.fillRect(event->rect(), palette().color(QPalette::Base));
    painter.setFont(font());
    const qsizetype count = m_layout.lineCount();
    if (count == 0) {
        painter.setPen(Theme::foreground(Theme::Tone::Neutral, palette()));
        painter.drawText(viewport()->rect().adjusted(Margin, Margin, -Margin, -Margin),
                         Qt::AlignLeft | Qt::AlignTop | Qt::TextWordWrap,
                         m_placeholder);
        return;
    }
    const qsizetype first = firstVisibleLine();
    const qsizetype last = std::min(count - 1, first + visibleLineCount() + 1);
    qsizetype match = std::lower_bound(m_matches.cbegin(),
                                       m_matches.cend(),
                                       JsonMatch{quint32(first), 0},
                                       lessByPlace)
                      - m_matches.cbegin();
    for (qsizetype line = first; line <= last; ++line)
        paintLine(painter, line, int(line - first) * lineHeight(), match);
}

} // namespace Revox
