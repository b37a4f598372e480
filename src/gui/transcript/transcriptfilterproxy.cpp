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
    using Kind = ToolCallPairing::Kind;
    const auto kind = Kind(index.data(TranscriptModel::TurnKindRole).toInt());
    switch (m_filter) {
    case Filter::All:
        return true;
    case Filter::ToolCallsOnly:
        return kind != Kind::Speech;
    case Filter::ErrorsOnly:
        return index.data(TranscriptModel::CallFailedRole).toBool();
    case Filter::HideTools:
        return kind == Kind::Speech || kind == Kind::SpeechWithCall;
    }
    return true;
}

QVariant TranscriptFilterProxy::data(const QModelIndex &index, int role) const
{
    if (m_filter == Filter::HideTools) {
        // A turn that spoke while calling a tool shows its speech only (see the class comment).
        switch (role) {
        case TranscriptModel::IsToolRole:
            return false;
        case Qt::DisplayRole:
        case Qt::AccessibleTextRole:
        case TranscriptModel::CopyTextRole:
            return QSortFilterProxyModel::data(index, TranscriptModel::SpeechCopyTextRole);
        default:
            break;
        }
    }
    return QSortFilterProxyModel::data(index, role);
}

} // namespace Revox
