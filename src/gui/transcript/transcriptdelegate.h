#pragma once

#include "gui/transcript/transcriptmodel.h"

#include <QCache>
#include <QFontMetricsF>
#include <QHash>
#include <QStyledItemDelegate>
#include <QTextLayout>

#include <memory>
#include <optional>
#include <vector>

class QAbstractItemView;

namespace Revox {

// Paints turns as chat bubbles (agent left, caller right, each labelled) and tool calls as cards
// with a header, pretty-printed arguments and the result. A turn that spoke while calling a tool
// is its bubble with the call's card under it, and the results that come later are cards indented
// like it, their header naming which result they are ("result 2 of 2, retry after a failure").
// Text is laid out with QTextLayout from plain strings only, so nothing in a turn is ever
// interpreted as markup.
class TranscriptDelegate final : public QStyledItemDelegate
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TranscriptDelegate)

public:
    // Text longer than this is cut in the view (copying a turn still gives all of it): laying out
    // megabytes of one line would freeze scrolling for a value nobody reads on screen.
    static constexpr int MaxShownCharacters = 20000;

    explicit TranscriptDelegate(QAbstractItemView *view);
    ~TranscriptDelegate() override;

    void paint(QPainter *painter,
               const QStyleOptionViewItem &option,
               const QModelIndex &index) const override;
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;

    // Flips a tool card of `model` between collapsed and expanded; no-op for other turns.
    void toggleExpanded(QAbstractItemModel *model, const QModelIndex &index);
    // Forget every cached layout: after a model reset, font or palette change.
    void clearCache();

    // For tests, which check the measuring and the click target directly. The row height from a
    // full text layout: sizeHint() measures short one-line turns with font metrics instead, and
    // the two must agree. The clickable header of a tool card in view coordinates (empty for
    // other turns).
    int layoutHeight(const QStyleOptionViewItem &option, const QModelIndex &index) const;
    QRect headerRect(const QRect &itemRect, const QModelIndex &index) const;

protected:
    bool editorEvent(QEvent *event,
                     QAbstractItemModel *model,
                     const QStyleOptionViewItem &option,
                     const QModelIndex &index) override;

private:
    struct Block
    {
        std::unique_ptr<QTextLayout> layout;
        QPointF position; // relative to the row's top-left
        TextMatch::Part part = TextMatch::Part::Content;
        QRectF background; // the block's box (bubble or code box), relative to the row
    };
    // Over a card's section: "Arguments", "Result" or "Error".
    struct Caption
    {
        QPointF position; // relative to the row
        QString text;
        bool error = false; // drawn in the failed card's accent
    };
    struct Geometry
    {
        int width = 0;
        bool expanded = true;
        bool card = false; // the row shows a tool card (a filter may hide a speaking call's card)
        int height = 0;
        QRectF bubble;    // speech, relative to the row; null when the row has none
        QPointF labelPos; // the bubble's label, top-left
        QRectF frame;     // the card, relative to the row; null when the row has none
        QRectF header;    // the card's clickable header
        QPointF titlePos; // the card's title, top-left
        std::vector<Block> blocks;
        QList<Caption> captions;
    };
    // Fonts and sizes derived from the view's font.
    struct Metrics
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

    const Metrics &metrics(const QStyleOptionViewItem &option) const;
    static int bubbleRowHeight(const Metrics &m, qreal textHeight);
    std::optional<int> singleLineHeight(const QStyleOptionViewItem &option,
                                        const QModelIndex &index,
                                        int width) const;
    int rowWidth() const;
    int keyOf(const QModelIndex &index) const;
    const Geometry &geometry(const QStyleOptionViewItem &option, const QModelIndex &index) const;
    std::unique_ptr<Geometry> build(const QStyleOptionViewItem &option,
                                    const QModelIndex &index,
                                    int width) const;
    // Lays out the card of `index` from `top` down into `g`; returns its bottom.
    qreal buildCard(const Metrics &m, const QModelIndex &index, qreal top, Geometry &g) const;
    // The height cache's stamp of a row: the width and what changes its height besides.
    static quint64 stampOf(int width, const QModelIndex &index);
    // Paints one row's bubble or card (transcriptdelegatepaint.cpp).
    struct RowPainter;

    QAbstractItemView *m_view;
    // Heights for every row seen (cheap), full layouts only for rows recently painted.
    mutable std::unique_ptr<Metrics> m_metrics;
    mutable QFont m_metricsFont;
    mutable QHash<int, QPair<quint64, int>> m_heights;
    mutable QCache<int, Geometry> m_layouts;
};

} // namespace Revox
