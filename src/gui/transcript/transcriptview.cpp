#include "gui/transcript/transcriptview.h"

#include "gui/transcript/transcriptdelegate.h"
#include "gui/transcript/transcriptmodel.h"

#include <QClipboard>
#include <QGuiApplication>
#include <QKeyEvent>

#include <algorithm>

namespace Revox {

TranscriptView::TranscriptView(QWidget *parent)
    : QListView(parent)
    , m_delegate(new TranscriptDelegate(this))
{
    setItemDelegate(m_delegate);
    setSelectionMode(QAbstractItemView::ExtendedSelection);
    setVerticalScrollMode(QAbstractItemView::ScrollPerPixel);
    setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    // Rows differ in height, so uniform sizes are impossible; batched layout measures rows in
    // slices between events, so 100,000 turns never block the window. The first slice is measured
    // before the first paint: 50 rows fill a tall screen, and every row more in it delays showing
    // a call.
    setUniformItemSizes(false);
    setLayoutMode(QListView::Batched);
    setBatchSize(50);
    setResizeMode(QListView::Adjust);
    setMouseTracking(false);
    setAccessibleName(tr("Transcript"));
    setFrameShape(QFrame::NoFrame);
}

void TranscriptView::setModel(QAbstractItemModel *model)
{
    if (this->model())
        disconnect(this->model(), nullptr, this, nullptr);
    QListView::setModel(model);
    if (model) {
        connect(model, &QAbstractItemModel::modelAboutToBeReset, this, [this] {
            m_delegate->clearCache();
        });
        connect(model,
                &QAbstractItemModel::dataChanged,
                this,
                [this](const QModelIndex &, const QModelIndex &, const QList<int> &roles) {
                    if (roles.contains(TranscriptModel::ExpandedRole))
                        relayout();
                });
    }
}

QString TranscriptView::selectedText() const
{
    QModelIndexList indexes = selectionModel() ? selectionModel()->selectedIndexes()
                                               : QModelIndexList();
    std::sort(indexes.begin(), indexes.end(), [](const QModelIndex &a, const QModelIndex &b) {
        return a.row() < b.row();
    });
    QStringList parts;
    for (const QModelIndex &index : std::as_const(indexes))
        parts.append(index.data(TranscriptModel::CopyTextRole).toString());
    return parts.join(QStringLiteral("\n\n"));
}

void TranscriptView::copySelection() const
{
    const QString text = selectedText();
    if (!text.isEmpty())
        QGuiApplication::clipboard()->setText(text);
}

void TranscriptView::relayout()
{
    // Heights are cached per width and expanded state, so only changed rows are measured again.
    doItemsLayout();
    viewport()->update();
}

void TranscriptView::keyPressEvent(QKeyEvent *event)
{
    if (event->matches(QKeySequence::Copy)) {
        copySelection();
        event->accept();
        return;
    }
    const QModelIndex current = currentIndex();
    if (current.isValid() && current.data(TranscriptModel::IsToolRole).toBool()) {
        const bool expanded = current.data(TranscriptModel::ExpandedRole).toBool();
        const int key = event->key();
        if (key == Qt::Key_Space || key == Qt::Key_Return || key == Qt::Key_Enter
            || (key == Qt::Key_Left && expanded) || (key == Qt::Key_Right && !expanded)) {
            m_delegate->toggleExpanded(model(), current);
            event->accept();
            return;
        }
    }
    QListView::keyPressEvent(event);
}

void TranscriptView::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::FontChange || event->type() == QEvent::PaletteChange
        || event->type() == QEvent::StyleChange) {
        m_delegate->clearCache();
        scheduleDelayedItemsLayout();
    }
    QListView::changeEvent(event);
}

} // namespace Revox
