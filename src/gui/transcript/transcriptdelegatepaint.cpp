#include "gui/transcript/transcriptdelegate.h"

#include "gui/common/theme.h"

#include <QAbstractItemView>
#include <QApplication>
#include <QCoreApplication>
#include <QPainter>
#include <QPainterPath>
#include <QStyle>

// The painting half of TranscriptDelegate: bubbles, cards and find matches, from the geometry
// that transcriptdelegate.cpp lays out.

namespace Revox {

namespace {

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

// A find match: the current one looks selected, the others have the match fill.
struct MatchColors
{
    QColor background;
    QColor text;
};

MatchColors matchColors(const QPalette &palette, bool current)
{
    if (current)
        return {palette.color(QPalette::Highlight), palette.color(QPalette::HighlightedText)};
    return {Theme::matchFill(palette), palette.color(QPalette::Text)};
}

} // namespace

// Everything the parts of one row are painted from, gathered once by paint().
struct TranscriptDelegate::RowPainter
{
    // Its strings are translated as TranscriptDelegate's.
    Q_DECLARE_TR_FUNCTIONS(Revox::TranscriptDelegate)

public:
    QPainter *painter;
    const QStyleOptionViewItem &option;
    const QModelIndex &index;
    const Geometry &g;
    const Metrics &m;
    const QAbstractItemView *view;
    const QPalette &palette = option.palette;
    // The row's top-left: the geometry is relative to it.
    const QPointF origin = option.rect.topLeft();

    void paintBubble() const;
    void paintCard() const;
    void paintBlocks() const;
};

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
    const RowPainter row{painter, option, index, g, metrics(option), m_view};
    if (!g.bubble.isNull())
        row.paintBubble();
    if (!g.frame.isNull())
        row.paintCard();
    row.paintBlocks();
    if (option.state & QStyle::State_HasFocus) {
        painter->setBrush(Qt::NoBrush);
        painter->setPen(QPen(palette.color(QPalette::Highlight), 1, Qt::DotLine));
        painter->drawRoundedRect(QRectF(option.rect).adjusted(1.5, 1.5, -1.5, -1.5), 4, 4);
    }
    painter->restore();
}

void TranscriptDelegate::RowPainter::paintBubble() const
{
    const auto speaker = TranscriptModel::Speaker(index.data(TranscriptModel::SpeakerRole).toInt());

    const QString label = QStringLiteral("%1  #%2")
                              .arg(index.data(TranscriptModel::SpeakerLabelRole).toString(),
                                   QString::number(
                                       index.data(TranscriptModel::TurnNumberRole).toInt()));
    painter->setFont(m.label);
    painter->setPen(speaker == TranscriptModel::Speaker::Agent
                        ? Theme::foreground(Theme::Tone::Info, palette)
                        : mutedText(palette));
    const QRectF frame = g.bubble.translated(origin);
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
}

void TranscriptDelegate::RowPainter::paintCard() const
{
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
                                                               view);
        statusLeft -= m.iconSize + m.padding / 2.0;
        icon.paint(painter,
                   QRect(int(statusLeft), int(cy - m.iconSize / 2.0), m.iconSize, m.iconSize));
    }

    const QVariant toolName = index.data(TranscriptModel::ToolNameRole);
    const QString name = toolName.isValid() ? toolName.toString() : tr("(unnamed tool)");
    const qreal nameLeft = origin.x() + g.titlePos.x();
    const QRectF nameRect(nameLeft,
                          header.top(),
                          std::max<qreal>(0, statusLeft - nameLeft - m.padding),
                          header.height());
    painter->setFont(m.title);
    painter->setPen(palette.color(QPalette::Text));
    const QString elided = titleMetrics.elidedText(name, Qt::ElideRight, int(nameRect.width()));
    painter->drawText(nameRect, Qt::AlignVCenter | Qt::AlignLeft | Qt::TextSingleLine, elided);
    // Which result of its call this is and its turn number (notes refer to turns by number),
    // after the name, in what room is left.
    const QString headline = index.data(TranscriptModel::ToolHeadlineRole).toString();
    const QString number = QStringLiteral("#%1").arg(
        index.data(TranscriptModel::TurnNumberRole).toInt());
    if (elided == name) {
        const qreal left = nameLeft + titleMetrics.horizontalAdvance(name);
        const QRectF rest(left,
                          header.top(),
                          std::max<qreal>(0, nameRect.right() - left),
                          header.height());
        painter->setFont(m.text);
        painter->setPen(mutedText(palette));
        painter->drawText(rest,
                          Qt::AlignVCenter | Qt::AlignLeft | Qt::TextSingleLine,
                          QFontMetrics(m.text).elidedText((headline.isEmpty()
                                                               ? QStringLiteral("  ")
                                                               : QStringLiteral(" — ") + headline
                                                                     + QStringLiteral("  "))
                                                              + number,
                                                          Qt::ElideRight,
                                                          int(rest.width())));
        painter->setFont(m.title);
    }
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
            const MatchColors colors = matchColors(palette, i == current);
            painter->fillRect(box, colors.background);
            painter->setPen(colors.text);
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
        if (block.background.isNull()) // the bubble's words, not a card's section
            continue;
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
}

void TranscriptDelegate::RowPainter::paintBlocks() const
{
    const auto matches = index.data(TranscriptModel::MatchesRole).value<QList<TextMatch>>();
    const int current = index.data(TranscriptModel::CurrentMatchRole).toInt();
    painter->setPen(palette.color(QPalette::Text));
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
            const MatchColors colors = matchColors(palette, i == current);
            range.format.setBackground(colors.background);
            range.format.setForeground(colors.text);
            ranges.append(range);
        }
        block.layout->draw(painter, origin + block.position, ranges);
    }
}

} // namespace Revox
