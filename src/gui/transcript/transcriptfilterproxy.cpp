#include "gui/transcript/transcriptfilterproxy.h"

#include "gui/transcript/transcriptmodel.h"

namespace Revox {

TranscriptFilterProxy::TranscriptFilterProxy(QObject *parent)
    : QSortFilterProxyModel(parent)
{
    // Find highlights and expanding a card change data, never membership; re-filtering 100,000
    // rows on each of those would be wasted work.
    setDynamicSortFilter(false);
}

void TranscriptFilterProxy::setFilter(Filter filter)
{
    if (filter == m_filter)
        return;
    m_filter = filter;
    invalidateFilter();
}

bool TranscriptFilterProxy::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    if (m_filter == Filter::All)
        return true;
    const QModelIndex index = sourceModel()->index(sourceRow, 0, sourceParent);
    const bool isTool = index.data(TranscriptModel::IsToolRole).toBool();
    switch (m_filter) {
    case Filter::All:
        return true;
    case Filter::ToolCallsOnly:
        return isTool;
    case Filter::ErrorsOnly:
        return isTool && index.data(TranscriptModel::IsErrorRole).toBool();
    case Filter::HideTools:
        return !isTool;
    }
    return true;
}

} // namespace Revox
