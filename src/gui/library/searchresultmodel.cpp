#include "gui/library/searchresultmodel.h"

#include <QApplication>
#include <QPainter>
#include <QTextLayout>

namespace Revox {

SearchResultModel::SearchResultModel(QObject *parent)
    : QAbstractListModel(parent)
{}

void SearchResultModel::setHits(const QList<SearchHit> &hits)
{
    beginResetModel();
    m_hits = hits;
    endResetModel();
}

int SearchResultModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_hits.size());
}

QString SearchResultModel::heading(const SearchHit &hit) const
{
    if (hit.turnIndex >= 0)
        return tr("%1 · turn %2 (%3)").arg(hit.callId).arg(hit.turnIndex + 1).arg(hit.role);
    if (!hit.attemptId.isEmpty())
        return tr("%1 · attempt %2").arg(hit.callId, hit.attemptId);
    return tr("%1 · call details").arg(hit.callId);
}

QVariant SearchResultModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const SearchHit &hit = m_hits.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        return heading(hit) + QStringLiteral(": ") + hit.snippet.text;
    case CallIdRole:
        return hit.callId;
    case AttemptIdRole:
        return hit.attemptId;
    case TurnIndexRole:
        return hit.turnIndex;
    case HeadingRole:
        return heading(hit);
    case SnippetRole:
        return QVariant::fromValue(hit.snippet);
    }
    return {};
}

SnippetDelegate::SnippetDelegate(QObject *parent)
    : QStyledItemDelegate(parent)
{}

void SnippetDelegate::paint(QPainter *painter,
                            const QStyleOptionViewItem &option,
                            const QModelIndex &index) const
{
    QStyleOptionViewItem opt = option;
    initStyleOption(&opt, index);
    opt.text.clear(); // background, focus and selection from the style; the text is ours
    const QWidget *widget = opt.widget;
    QStyle *style = widget ? widget->style() : QApplication::style();
    style->drawControl(QStyle::CE_ItemViewItem, &opt, painter, widget);

    const QRect rect = style->subElementRect(QStyle::SE_ItemViewItemText, &opt, widget)
                           .adjusted(2, 1, -2, -1);
    const bool selected = opt.state & QStyle::State_Selected;
    const QPalette::ColorGroup group = opt.state & QStyle::State_Enabled ? QPalette::Normal
                                                                         : QPalette::Disabled;
    const QColor textColor = opt.palette.color(group,
                                               selected ? QPalette::HighlightedText
                                                        : QPalette::Text);
    const int lineHeight = opt.fontMetrics.height();

    painter->save();
    painter->setClipRect(rect);
    QFont headingFont = opt.font;
    headingFont.setPointSizeF(opt.font.pointSizeF() * 0.9);
    painter->setFont(headingFont);
    QColor headingColor = textColor;
    headingColor.setAlphaF(0.7f);
    painter->setPen(headingColor);
    const QString heading = QFontMetrics(headingFont)
                                .elidedText(index.data(SearchResultModel::HeadingRole).toString(),
                                            Qt::ElideMiddle,
                                            rect.width());
    painter->drawText(QRect(rect.left(), rect.top(), rect.width(), lineHeight),
                      Qt::AlignLeft | Qt::AlignVCenter,
                      heading);

    const auto snippet = index.data(SearchResultModel::SnippetRole).value<LibrarySearch::Snippet>();
    QTextLayout layout(snippet.text, opt.font);
    QTextOption textOption;
    textOption.setWrapMode(QTextOption::NoWrap);
    textOption.setTextDirection(opt.direction);
    layout.setTextOption(textOption);
    QList<QTextLayout::FormatRange> formats;
    for (const auto &range : snippet.highlights) {
        QTextLayout::FormatRange format;
        format.start = range.first;
        format.length = range.second;
        format.format.setFontWeight(QFont::Bold);
        if (!selected)
            format.format.setBackground(opt.palette.color(group, QPalette::Highlight).lighter(170));
        formats.append(format);
    }
    layout.setFormats(formats);
    layout.beginLayout();
    QTextLine line = layout.createLine();
    if (line.isValid())
        line.setLineWidth(rect.width());
    layout.endLayout();
    painter->setPen(textColor);
    layout.draw(painter, QPointF(rect.left(), rect.top() + lineHeight));
    painter->restore();
}

QSize SnippetDelegate::sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    QStyleOptionViewItem opt = option;
    initStyleOption(&opt, index);
    return {200, opt.fontMetrics.height() * 2 + 6};
}

} // namespace Revox
