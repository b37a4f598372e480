#include "transcriptdelegate.h"

#include "plural.h"
#include "theme.h"

#include <QAbstractItemView>
#include <QApplication>
#include <QFontDatabase>
#include <QMouseEvent>
#include <QPainter>
#include <QPainterPath>
#include <QStyle>

namespace Revox {

struct TranscriptDelegate::Metrics
{
    QFont text;
    QFont label;
    QFont title;
    QFont mono;
    int margin = 0;  // around each row's frame
    int padding = 0; // inside a bubble or card
    int labelHeight = 0;
    int headerHeight = 0;
    int iconSize = 0;
    int textLineHeight = 0;
    QFontMetricsF textMetrics{QFont()};
};

namespace {

QString shownText(const QString &text)
{
    QString shown = text.size() > TranscriptDelegate::MaxShownCharacters
                        ? text.left(TranscriptDelegate::MaxShownCharacters)
                              + TranscriptDelegate::tr(
                                    "… (%1 more characters; copy the turn to see all)")
                                    .arg(text.size() - TranscriptDelegate::MaxShownCharacters)
                        : text;
    // QTextLayout breaks lines only at U+2028; same length, so match offsets stay valid.
    shown.replace(QLatin1Char('\n'), QChar::LineSeparator);
    shown.replace(QLatin1Char('\r'), QLatin1Char(' '));
    return shown;
}

std::unique_ptr<QTextLayout> layoutText(
    const QString &text, const QFont &font, qreal width, qreal *height, qreal *naturalWidth)
{
    auto layout = std::make_unique<QTextLayout>(shownText(text), font);
    QTextOption option;
    option.setWrapMode(QTextOption::WrapAtWordBoundaryOrAnywhere);
    const bool rtl = text.isRightToLeft();
    option.setTextDirection(rtl ? Qt::RightToLeft : Qt::LeftToRight);
    // Right-to-left text hugs the right edge of its box, whatever the UI's direction.
    option.setAlignment((rtl ? Qt::AlignRight : Qt::AlignLeft) | Qt::AlignAbsolute);
    layout->setTextOption(option);
    layout->setCacheEnabled(true);
    qreal y = 0;
    qreal natural = 0;
    layout->beginLayout();
    for (QTextLine line = layout->createLine(); line.isValid(); line = layout->createLine()) {
        line.setLineWidth(width);
        line.setPosition(QPointF(0, y));
        y += line.height();
        natural = std::max(natural, line.naturalTextWidth());
    }
    layout->endLayout();
    *height = std::ceil(y);
    *naturalWidth = std::ceil(natural);
    return layout;
}

QColor bubbleFill(TranscriptModel::Speaker speaker, const QPalette &palette)
{
    const bool dark = Theme::isDark(palette);
    if (speaker == TranscriptModel::Speaker::Agent)
        return Theme::mix(palette.color(QPalette::Base),
                          palette.color(QPalette::Highlight),
                          dark ? 0.30 : 0.13);
    return Theme::mix(palette.color(QPalette::Base),
                      palette.color(QPalette::Text),
                      dark ? 0.13 : 0.07);
}

QColor mutedText(const QPalette &palette)
{
    return Theme::mix(palette.color(QPalette::Text), palette.color(QPalette::Base), 0.4);
}

} // namespace

TranscriptDelegate::TranscriptDelegate(QAbstractItemView *view)
    : QStyledItemDelegate(view)
    , m_view(view)
    , m_layouts(400)
{}

TranscriptDelegate::~TranscriptDelegate() = default;

const TranscriptDelegate::Metrics &TranscriptDelegate::metrics(
    const QStyleOptionViewItem &option) const
{
    // Built once per font: sizeHint() runs for every row, and fonts and metrics are not free.
    if (m_metrics && m_metricsFont == option.font)
        return *m_metrics;
    auto m = std::make_unique<Metrics>();
    m->text = option.font;
    m->label = option.font;
    m->label.setPointSizeF(option.font.pointSizeF() > 0 ? option.font.pointSizeF() * 0.88 : 8);
    m->label.setBold(true);
    m->title = option.font;
    m->title.setBold(true);
    m->mono = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    if (option.font.pointSizeF() > 0)
        m->mono.setPointSizeF(option.font.pointSizeF() * 0.95);
    const QFontMetrics fm(m->text);
    m->textLineHeight = fm.height();
    m->textMetrics = QFontMetricsF(m->text);
    m->margin = std::max(4, fm.height() / 2);
    m->padding = std::max(4, (fm.height() * 3) / 5);
    m->labelHeight = QFontMetrics(m->label).height();
    m->iconSize = fm.height();
    m->headerHeight = std::max(QFontMetrics(m->title).height(), m->iconSize) + m->padding;
    m_metrics = std::move(m);
    m_metricsFont = option.font;
    return *m_metrics;
}

int TranscriptDelegate::rowWidth() const
{
    return std::max(120, m_view->viewport()->width());
}

int TranscriptDelegate::keyOf(const QModelIndex &index) const
{
    return index.data(TranscriptModel::TurnNumberRole).toInt();
}

void TranscriptDelegate::clearCache()
{
    m_metrics.reset();
    m_heights.clear();
    m_layouts.clear();
}

std::unique_ptr<TranscriptDelegate::Geometry> TranscriptDelegate::build(
    const QStyleOptionViewItem &option, const QModelIndex &index, int width) const
{
    const Metrics &m = metrics(option);
    auto g = std::make_unique<Geometry>();
    g->width = width;
    g->expanded = index.data(TranscriptModel::ExpandedRole).toBool();
    const auto speaker = TranscriptModel::Speaker(index.data(TranscriptModel::SpeakerRole).toInt());
    const qreal inner = width - 2.0 * m.margin;
    qreal height = 0;
    qreal natural = 0;

    if (speaker != TranscriptModel::Speaker::Tool) {
        const qreal maxBubble = std::max<qreal>(80, inner * 0.8);
        Block block;
        block.layout = layoutText(index.data(TranscriptModel::ContentRole).toString(),
                                  m.text,
                                  maxBubble - 2 * m.padding,
                                  &height,
                                  &natural);
        const qreal bubbleWidth = std::min(maxBubble, natural + 2 * m.padding + 1);
        const qreal bubbleHeight = std::max<qreal>(height, QFontMetrics(m.text).height())
                                   + 2 * m.padding;
        const bool right = speaker == TranscriptModel::Speaker::Caller;
        const qreal x = right ? width - m.margin - bubbleWidth : m.margin;
        const qreal top = m.margin / 2.0 + m.labelHeight + 2;
        g->labelPos = QPointF(x + m.padding / 2.0, m.margin / 2.0);
        g->frame = QRectF(x, top, bubbleWidth, bubbleHeight);
        block.position = QPointF(x + m.padding, top + m.padding);
        // Right-aligned lines need the box they end up in, not the widest one they could have had.
        const QString content = index.data(TranscriptModel::ContentRole).toString();
        if (content.isRightToLeft() && bubbleWidth < maxBubble)
            block.layout = layoutText(content,
                                      m.text,
                                      bubbleWidth - 2 * m.padding,
                                      &height,
                                      &natural);
        block.part = TextMatch::Part::Content;
        g->blocks.push_back(std::move(block));
        g->height = bubbleRowHeight(m, height);
        return g;
    }

    const qreal cardLeft = m.margin;
    const qreal top = m.margin / 2.0;
    g->frame = QRectF(cardLeft, top, inner, m.headerHeight);
    g->header = g->frame;
    g->labelPos = QPointF(cardLeft + m.padding + m.iconSize + m.padding / 2.0, top);
    qreal y = top + m.headerHeight;
    if (g->expanded) {
        const qreal codeWidth = inner - 4 * m.padding;
        const int captionHeight = m.labelHeight;
        const bool failed = index.data(TranscriptModel::IsErrorRole).toBool();
        auto addSection = [&](const QString &caption, const QString &text, TextMatch::Part part) {
            y += m.padding / 2.0;
            // A failed call's result is its error: that caption takes the card's accent.
            const bool error = failed && part == TextMatch::Part::Content;
            g->captions.append({QPointF(cardLeft + m.padding, y), caption, error});
            y += captionHeight + 2;
            Block block;
            block.layout = layoutText(text, m.mono, codeWidth, &height, &natural);
            height = std::max<qreal>(height, QFontMetrics(m.mono).height());
            block.background = QRectF(cardLeft + m.padding,
                                      y,
                                      inner - 2 * m.padding,
                                      height + m.padding);
            block.position = QPointF(cardLeft + 2 * m.padding, y + m.padding / 2.0);
            block.part = part;
            g->blocks.push_back(std::move(block));
            y += height + m.padding;
        };
        const QString arguments = index.data(TranscriptModel::ToolArgumentsRole).toString();
        addSection(tr("Arguments"),
                   arguments.isEmpty() ? QString() : arguments,
                   TextMatch::Part::Arguments);
        addSection(failed ? tr("Error") : tr("Result"),
                   index.data(TranscriptModel::ContentRole).toString(),
                   TextMatch::Part::Content);
        y += m.padding / 2.0;
        g->frame.setBottom(y);
    }
    g->height = int(std::ceil(y + m.margin / 2.0));
    return g;
}

const TranscriptDelegate::Geometry &TranscriptDelegate::geometry(const QStyleOptionViewItem &option,
                                                                 const QModelIndex &index) const
{
    const int key = keyOf(index);
    const int width = rowWidth();
    const bool expanded = index.data(TranscriptModel::ExpandedRole).toBool();
    if (Geometry *cached = m_layouts.object(key);
        cached && cached->width == width && cached->expanded == expanded)
        return *cached;
    std::unique_ptr<Geometry> built = build(option, index, width);
    m_heights.insert(key, {quint64(width) << 1 | quint64(expanded), built->height});
    Geometry *raw = built.release();
    m_layouts.insert(key, raw);
    return *raw;
}

QSize TranscriptDelegate::sizeHint(const QStyleOptionViewItem &option,
                                   const QModelIndex &index) const
{
    if (!index.isValid())
        return {};
    const int width = rowWidth();
    const quint64 stamp = quint64(width) << 1
                          | quint64(index.data(TranscriptModel::ExpandedRole).toBool());
    const auto it = m_heights.constFind(keyOf(index));
    if (it != m_heights.cend() && it->first == stamp)
        return QSize(width - 1, it->second);
    if (const std::optional<int> quick = singleLineHeight(option, index, width)) {
        m_heights.insert(keyOf(index), {stamp, *quick});
        return QSize(width - 1, *quick);
    }
    return QSize(width - 1, geometry(option, index).height);
}

int TranscriptDelegate::layoutHeight(const QStyleOptionViewItem &option,
                                     const QModelIndex &index) const
{
    return build(option, index, rowWidth())->height;
}

std::optional<int> TranscriptDelegate::singleLineHeight(const QStyleOptionViewItem &option,
                                                        const QModelIndex &index,
                                                        int width) const
{
    // Most turns are one short line of plain Latin text. Measuring those needs no QTextLayout,
    // which keeps the first pass over 100,000 turns cheap. Anything else takes the full path.
    if (index.data(TranscriptModel::IsToolRole).toBool())
        return std::nullopt;
    const QString content = index.data(TranscriptModel::ContentRole).toString();
    if (content.size() > 400)
        return std::nullopt;
    for (const QChar c : content) {
        // Controls break lines; from U+0590 on come right-to-left scripts, combining marks,
        // emoji and other text that may need fallback fonts with other line heights.
        if (c.unicode() < 0x20 || c.unicode() >= 0x0590)
            return std::nullopt;
    }
    const Metrics &m = metrics(option);
    const qreal inner = width - 2.0 * m.margin;
    const qreal maxBubble = std::max<qreal>(80, inner * 0.8);
    if (m.textMetrics.horizontalAdvance(content) >= maxBubble - 2 * m.padding - 1)
        return std::nullopt;
    return bubbleRowHeight(m, std::ceil(m.textMetrics.height()));
}

int TranscriptDelegate::bubbleRowHeight(const Metrics &m, qreal textHeight)
{
    const qreal bubbleHeight = std::max<qreal>(textHeight, m.textLineHeight) + 2 * m.padding;
    const qreal top = m.margin / 2.0 + m.labelHeight + 2;
    return int(std::ceil(top + bubbleHeight + m.margin / 2.0));
}

QRect TranscriptDelegate::headerRect(const QRect &itemRect, const QModelIndex &index) const
{
    if (!index.data(TranscriptModel::IsToolRole).toBool())
        return {};
    QStyleOptionViewItem option;
    option.initFrom(m_view);
    option.font = m_view->font();
    const Metrics &m = metrics(option);
    return QRect(itemRect.left() + m.margin,
                 itemRect.top() + m.margin / 2,
                 rowWidth() - 2 * m.margin,
                 m.headerHeight);
}

void TranscriptDelegate::toggleExpanded(QAbstractItemModel *model, const QModelIndex &index)
{
    if (!model || !index.isValid() || !index.data(TranscriptModel::IsToolRole).toBool())
        return;
    Q_ASSERT(index.model() == model);
    model->setData(index,
                   !index.data(TranscriptModel::ExpandedRole).toBool(),
                   TranscriptModel::ExpandedRole);
    emit sizeHintChanged(index);
}

bool TranscriptDelegate::editorEvent(QEvent *event,
                                     QAbstractItemModel *model,
                                     const QStyleOptionViewItem &option,
                                     const QModelIndex &index)
{
    if (event->type() == QEvent::MouseButtonRelease) {
        const auto *mouse = static_cast<QMouseEvent *>(event);
        if (mouse->button() == Qt::LeftButton
            && headerRect(option.rect, index).contains(mouse->position().toPoint())) {
            toggleExpanded(model, index);
            return true;
        }
    }
    return QStyledItemDelegate::editorEvent(event, model, option, index);
}

void TranscriptDelegate::paint(QPainter *painter,
                               const QStyleOptionViewItem &option,
                               const QModelIndex &index) const
{
    const Geometry &g = geometry(option, index);
    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    const QPalette &palette = option.palette;
    if (option.state & QStyle::State_Selected) {
        const QRectF band = QRectF(option.rect).adjusted(1, 1, -1, -1);
        painter->setPen(Qt::NoPen);
        painter->setBrush(
            Theme::mix(palette.color(QPalette::Base), palette.color(QPalette::Highlight), 0.22));
        painter->drawRoundedRect(band, 4, 4);
    }
    if (index.data(TranscriptModel::IsToolRole).toBool())
        paintCard(painter, option, index, g);
    else
        paintBubble(painter, option, index, g);
    if (option.state & QStyle::State_HasFocus) {
        painter->setBrush(Qt::NoBrush);
        painter->setPen(QPen(palette.color(QPalette::Highlight), 1, Qt::DotLine));
        painter->drawRoundedRect(QRectF(option.rect).adjusted(1.5, 1.5, -1.5, -1.5), 4, 4);
    }
    painter->restore();
}

void TranscriptDelegate::paintBubble(QPainter *painter,
                                     const QStyleOptionViewItem &option,
                                     const QModelIndex &index,
                                     const Geometry &g) const
{
    const Metrics &m = metrics(option);
    const QPalette &palette = option.palette;
    const QPointF origin = option.rect.topLeft();
    const auto speaker = TranscriptModel::Speaker(index.data(TranscriptModel::SpeakerRole).toInt());

    const QString label = QStringLiteral("%1  #%2")
                              .arg(index.data(TranscriptModel::SpeakerLabelRole).toString(),
                                   QString::number(
                                       index.data(TranscriptModel::TurnNumberRole).toInt()));
    painter->setFont(m.label);
    painter->setPen(speaker == TranscriptModel::Speaker::Agent
                        ? Theme::foreground(Theme::Tone::Info, palette)
                        : mutedText(palette));
    const QRectF frame = g.frame.translated(origin);
    const QRectF labelRect(frame.left() + m.padding / 2.0,
                           origin.y() + g.labelPos.y(),
                           frame.width() - m.padding,
                           m.labelHeight);
    const bool right = speaker == TranscriptModel::Speaker::Caller;
    painter
        ->drawText(labelRect,
                   Qt::TextSingleLine | (right ? Qt::AlignRight : Qt::AlignLeft) | Qt::AlignVCenter,
                   QFontMetrics(m.label).elidedText(label, Qt::ElideRight, int(labelRect.width())));

    painter->setPen(Qt::NoPen);
    painter->setBrush(bubbleFill(speaker, palette));
    const qreal radius = m.padding;
    painter->drawRoundedRect(frame, radius, radius);
    if (speaker == TranscriptModel::Speaker::Other) {
        // A role this version does not know: dashed outline so it does not pass for either side.
        painter->setBrush(Qt::NoBrush);
        painter->setPen(QPen(Theme::foreground(Theme::Tone::Warning, palette), 1, Qt::DashLine));
        painter->drawRoundedRect(frame, radius, radius);
    }
    paintBlocks(painter, option, index, g, palette.color(QPalette::Text));
}

void TranscriptDelegate::paintCard(QPainter *painter,
                                   const QStyleOptionViewItem &option,
                                   const QModelIndex &index,
                                   const Geometry &g) const
{
    const Metrics &m = metrics(option);
    const QPalette &palette = option.palette;
    const QPointF origin = option.rect.topLeft();
    const bool failed = index.data(TranscriptModel::IsErrorRole).toBool();
    const Theme::Tone tone = failed ? Theme::Tone::Bad : Theme::Tone::Info;
    const QColor accent = Theme::foreground(tone, palette);

    const QRectF frame = g.frame.translated(origin);
    const qreal radius = m.padding / 1.5;
    painter->setPen(QPen(failed ? accent : Theme::mix(accent, palette.color(QPalette::Base), 0.5),
                         failed ? 2 : 1));
    painter->setBrush(palette.color(QPalette::Base));
    painter->drawRoundedRect(frame.adjusted(0.5, 0.5, -0.5, -0.5), radius, radius);

    const QRectF header = g.header.translated(origin).adjusted(1, 1, -1, g.expanded ? 0 : -1);
    QPainterPath headerPath;
    headerPath.addRoundedRect(header, radius, radius);
    if (g.expanded) {
        QPainterPath bottom;
        bottom.addRect(header.adjusted(0, header.height() / 2, 0, 0));
        headerPath = headerPath.united(bottom);
    }
    painter->setPen(Qt::NoPen);
    painter->setBrush(Theme::fill(tone, palette));
    painter->drawPath(headerPath);
    // A stripe down the left edge: tool cards stand out from speech even in a glance at the scrollbar.
    painter->setBrush(accent);
    painter->drawRect(
        QRectF(frame.left() + 1, frame.top() + radius, 3, frame.height() - 2 * radius));

    // Chevron: expanded points down, collapsed points right.
    const qreal cx = header.left() + m.padding + m.iconSize / 2.0;
    const qreal cy = header.center().y();
    const qreal s = m.iconSize / 4.0;
    QPainterPath chevron;
    if (g.expanded) {
        chevron.moveTo(cx - s, cy - s / 2);
        chevron.lineTo(cx, cy + s / 2);
        chevron.lineTo(cx + s, cy - s / 2);
    } else {
        chevron.moveTo(cx - s / 2, cy - s);
        chevron.lineTo(cx + s / 2, cy);
        chevron.lineTo(cx - s / 2, cy + s);
    }
    painter->setBrush(Qt::NoBrush);
    painter->setPen(
        QPen(palette.color(QPalette::Text), 1.6, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin));
    painter->drawPath(chevron);

    // Status on the right: icon and word, so the state does not rely on colour.
    const QVariant errorFlag = index.data(TranscriptModel::ErrorFlagRole);
    const QString status = failed ? tr("Failed") : errorFlag.isValid() ? tr("OK") : QString();
    painter->setFont(m.title);
    const QFontMetrics titleMetrics(m.title);
    const int statusWidth = titleMetrics.horizontalAdvance(status);
    qreal statusLeft = header.right() - m.padding - statusWidth;
    painter->setPen(failed ? accent : Theme::foreground(Theme::Tone::Good, palette));
    painter->drawText(QRectF(statusLeft, header.top(), statusWidth + 1, header.height()),
                      Qt::AlignVCenter | Qt::AlignLeft | Qt::TextSingleLine,
                      status);
    if (failed) {
        const QIcon icon = QApplication::style()->standardIcon(QStyle::SP_MessageBoxCritical,
                                                               &option,
                                                               m_view);
        statusLeft -= m.iconSize + m.padding / 2.0;
        icon.paint(painter,
                   QRect(int(statusLeft), int(cy - m.iconSize / 2.0), m.iconSize, m.iconSize));
    }

    const QVariant toolName = index.data(TranscriptModel::ToolNameRole);
    const QString name = toolName.isValid() ? toolName.toString() : tr("(unnamed tool)");
    const qreal nameLeft = origin.x() + g.labelPos.x();
    const QRectF nameRect(nameLeft,
                          header.top(),
                          std::max<qreal>(0, statusLeft - nameLeft - m.padding),
                          header.height());
    painter->setFont(m.title);
    painter->setPen(palette.color(QPalette::Text));
    const QString elided = titleMetrics.elidedText(name, Qt::ElideRight, int(nameRect.width()));
    painter->drawText(nameRect, Qt::AlignVCenter | Qt::AlignLeft | Qt::TextSingleLine, elided);
    // Highlight matches in the name when it is shown whole (an elided name has shifted offsets).
    if (elided == name) {
        const auto matches = index.data(TranscriptModel::MatchesRole).value<QList<TextMatch>>();
        const int current = index.data(TranscriptModel::CurrentMatchRole).toInt();
        for (int i = 0; i < matches.size(); ++i) {
            const TextMatch &match = matches.at(i);
            if (match.part != TextMatch::Part::ToolName)
                continue;
            const qreal x = nameRect.left()
                            + titleMetrics.horizontalAdvance(name.left(match.start));
            const qreal w = titleMetrics.horizontalAdvance(name.mid(match.start, match.length));
            const QRectF box(x, cy - titleMetrics.height() / 2.0, w, titleMetrics.height());
            painter->fillRect(box,
                              i == current ? palette.color(QPalette::Highlight)
                                           : Theme::matchFill(palette));
            painter->setPen(i == current ? palette.color(QPalette::HighlightedText)
                                         : palette.color(QPalette::Text));
            painter->drawText(box,
                              Qt::AlignCenter | Qt::TextSingleLine,
                              name.mid(match.start, match.length));
        }
    }

    if (!g.expanded)
        return;
    painter->setFont(m.label);
    painter->setPen(mutedText(palette));
    for (const Caption &caption : g.captions) {
        painter->setPen(caption.error ? accent : mutedText(palette));
        painter->drawText(QRectF(origin + caption.position, QSizeF(frame.width(), m.labelHeight)),
                          Qt::AlignLeft | Qt::AlignVCenter | Qt::TextSingleLine,
                          caption.text);
    }
    for (const Block &block : g.blocks) {
        painter->setPen(Qt::NoPen);
        painter->setBrush(
            Theme::mix(palette.color(QPalette::Base), palette.color(QPalette::Text), 0.05));
        painter->drawRoundedRect(block.background.translated(origin), 3, 3);
        if (block.layout->text().isEmpty()) {
            painter->setFont(m.mono);
            painter->setPen(mutedText(palette));
            painter->drawText(QRectF(origin + block.position, block.background.size()),
                              Qt::AlignLeft | Qt::AlignTop | Qt::TextSingleLine,
                              block.part == TextMatch::Part::Arguments ? tr("(no arguments)")
                                                                       : tr("(empty)"));
        }
    }
    paintBlocks(painter, option, index, g, palette.color(QPalette::Text));
}

void TranscriptDelegate::paintBlocks(QPainter *painter,
                                     const QStyleOptionViewItem &option,
                                     const QModelIndex &index,
                                     const Geometry &g,
                                     const QColor &textColor) const
{
    const QPalette &palette = option.palette;
    const auto matches = index.data(TranscriptModel::MatchesRole).value<QList<TextMatch>>();
    const int current = index.data(TranscriptModel::CurrentMatchRole).toInt();
    const QPointF origin = option.rect.topLeft();
    painter->setPen(textColor);
    for (const Block &block : g.blocks) {
        QList<QTextLayout::FormatRange> ranges;
        const int shownLength = int(block.layout->text().size());
        for (int i = 0; i < matches.size(); ++i) {
            const TextMatch &match = matches.at(i);
            if (match.part != block.part || match.start >= shownLength)
                continue;
            QTextLayout::FormatRange range;
            range.start = match.start;
            range.length = std::min(match.length, shownLength - match.start);
            if (i == current) {
                range.format.setBackground(palette.color(QPalette::Highlight));
                range.format.setForeground(palette.color(QPalette::HighlightedText));
            } else {
                range.format.setBackground(Theme::matchFill(palette));
                range.format.setForeground(palette.color(QPalette::Text));
            }
            ranges.append(range);
        }
        block.layout->draw(painter, origin + block.position, ranges);
    }
}

} // namespace Revox
