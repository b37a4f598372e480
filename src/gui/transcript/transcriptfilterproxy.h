#pragma once

#include <QSortFilterProxyModel>

namespace Revox {

// Narrows a TranscriptModel to what the user is looking for; keeps the transcript's order. It
// follows the model's pairing of tool calls (ToolCallPairing):
// - ToolCallsOnly: every row with a tool card: calls, made while speaking or not, and results.
// - ErrorsOnly: every row of a failed tool call, the one the header counts as failed (its last
//   result failed): the call and each of its results, so the failure reads with its context;
//   and results whose call is not in the transcript that failed.
// - HideTools: the conversation alone. A turn in which the agent spoke while calling a tool stays,
//   shown as its speech only: the words were said, and hiding them would leave a hole in the
//   conversation a reader expects to be whole. Its card (and its copy text) is left out here.
// Rows stay turns: a turn number is its position in the whole transcript.
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

    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;

private:
    Filter m_filter = Filter::All;
};

} // namespace Revox
