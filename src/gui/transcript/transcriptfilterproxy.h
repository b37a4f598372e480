#pragma once

#include <QSortFilterProxyModel>

namespace Revox {

// Narrows a TranscriptModel to what the user is looking for; keeps the transcript's order.
class TranscriptFilterProxy final : public QSortFilterProxyModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TranscriptFilterProxy)

public:
    enum class Filter { All, ToolCallsOnly, ErrorsOnly, HideTools };
    Q_ENUM(Filter)

    explicit TranscriptFilterProxy(QObject *parent = nullptr);

    void setFilter(Filter filter);
    Filter filter() const { return m_filter; }

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;

private:
    Filter m_filter = Filter::All;
};

} // namespace Revox
