#include "gui/transcript/transcriptdelegate.h"

#include <QAbstractItemView>
#include <QFontDatabase>
#include <QMouseEvent>

namespace Revox {

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
    g->card = index.data(TranscriptModel::IsToolRole).toBool();
    const auto speaker = TranscriptModel::Speaker(index.data(TranscriptModel::SpeakerRole).toInt());
    const qreal inner = width - 2.0 * m.margin;
    qreal height = 0;
    qreal natural = 0;

    if (speaker == TranscriptModel::Speaker::Tool) {
        g->height = int(std::ceil(buildCard(m, index, m.margin / 2.0, *g) + m.margin / 2.0));
        return g;
    }
    const qreal maxBubble = std::max<qreal>(80, inner * 0.8);
    // Always the words said, never a tool's result (SpeechRole is only ever speech).
    const QString content = index.data(TranscriptModel::SpeechRole).toString();
    Block block;
    block.layout = layoutText(content, m.text, maxBubble - 2 * m.padding, &height, &natural);
    const qreal bubbleWidth = std::min(maxBubble, natural + 2 * m.padding + 1);
    const qreal bubbleHeight = std::max<qreal>(height, QFontMetrics(m.text).height())
                               + 2 * m.padding;
    const bool right = speaker == TranscriptModel::Speaker::Caller;
    const qreal x = right ? width - m.margin - bubbleWidth : m.margin;
    const qreal top = m.margin / 2.0 + m.labelHeight + 2;
    g->labelPos = QPointF(x + m.padding / 2.0, m.margin / 2.0);
    g->bubble = QRectF(x, top, bubbleWidth, bubbleHeight);
    block.position = QPointF(x + m.padding, top + m.padding);
    // Right-aligned lines need the box they end up in, not the widest one they could have had.
    if (content.isRightToLeft() && bubbleWidth < maxBubble)
        block.layout = layoutText(content, m.text, bubbleWidth - 2 * m.padding, &height, &natural);
    block.part = TextMatch::Part::Content;
    g->blocks.push_back(std::move(block));
    g->height = bubbleRowHeight(m, height);
    if (g->card) // the call made while speaking, under the words
        g->height = int(std::ceil(buildCard(m, index, g->bubble.bottom() + m.margin / 2.0, *g)
                                  + m.margin / 2.0));
    return g;
}

qreal TranscriptDelegate::buildCard(const Metrics &m,
                                    const QModelIndex &index,
                                    qreal top,
                                    Geometry &g) const
{
    using Kind = ToolCallPairing::Kind;
    const auto kind = Kind(index.data(TranscriptModel::TurnKindRole).toInt());
    // A call made while speaking and its results are indented alike: they read as one call.
    const qreal indent = kind == Kind::SpeechWithCall || kind == Kind::Result ? 2.0 * m.padding
                                                                              : 0.0;
    const qreal inner = g.width - 2.0 * m.margin - indent;
    const qreal cardLeft = m.margin + indent;
    qreal height = 0;
    qreal natural = 0;
    g.frame = QRectF(cardLeft, top, inner, m.headerHeight);
    g.header = g.frame;
    g.titlePos = QPointF(cardLeft + m.padding + m.iconSize + m.padding / 2.0, top);
    qreal y = top + m.headerHeight;
    if (!g.expanded)
        return y;
    const qreal codeWidth = inner - 4 * m.padding;
    const int captionHeight = m.labelHeight;
    const bool failed = index.data(TranscriptModel::IsErrorRole).toBool();
    // Where the rest of the call is: "Call in turn 2", "No result in the transcript".
    const QString note = index.data(TranscriptModel::ToolNoteRole).toString();
    if (!note.isEmpty()) {
        y += m.padding / 2.0;
        g.captions.append({QPointF(cardLeft + m.padding, y), note, false});
        y += captionHeight;
    }
    auto addSection = [&](const QString &caption, const QString &text, TextMatch::Part part) {
        y += m.padding / 2.0;
        // A failed call's result is its error: that caption takes the card's accent.
        const bool error = failed && part == TextMatch::Part::Content;
        g.captions.append({QPointF(cardLeft + m.padding, y), caption, error});
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
        g.blocks.push_back(std::move(block));
        y += height + m.padding;
    };
    const QString arguments = index.data(TranscriptModel::ToolArgumentsRole).toString();
    // A result shows arguments only when it has its own; a call always says what it was given.
    if (!arguments.isEmpty() || (kind != Kind::Result && kind != Kind::OrphanResult))
        addSection(tr("Arguments"), arguments, TextMatch::Part::Arguments);
    const QVariant result = index.data(TranscriptModel::ResultRole);
    if (result.isValid())
        addSection(failed ? tr("Error") : tr("Result"), result.toString(), TextMatch::Part::Content);
    y += m.padding / 2.0;
    g.frame.setBottom(y);
    return y;
}

quint64 TranscriptDelegate::stampOf(int width, const QModelIndex &index)
{
    return quint64(width) << 2 | quint64(index.data(TranscriptModel::IsToolRole).toBool()) << 1
           | quint64(index.data(TranscriptModel::ExpandedRole).toBool());
}

const TranscriptDelegate::Geometry &TranscriptDelegate::geometry(const QStyleOptionViewItem &option,
                                                                 const QModelIndex &index) const
{
    const int key = keyOf(index);
    const int width = rowWidth();
    const bool expanded = index.data(TranscriptModel::ExpandedRole).toBool();
    const bool card = index.data(TranscriptModel::IsToolRole).toBool();
    if (Geometry *cached = m_layouts.object(key);
        cached && cached->width == width && cached->expanded == expanded && cached->card == card)
        return *cached;
    std::unique_ptr<Geometry> built = build(option, index, width);
    m_heights.insert(key, {stampOf(width, index), built->height});
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
    const quint64 stamp = stampOf(width, index);
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
    const QString content = index.data(TranscriptModel::SpeechRole).toString();
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
    // Under the bubble when the turn also spoke: where the geometry put it.
    return geometry(option, index).header.translated(itemRect.topLeft()).toRect();
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

} // namespace Revox
