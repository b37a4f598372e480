#pragma once

#include "core/call/calldata.h"

#include <QWidget>

class QPlainTextEdit;
class QTreeView;

namespace Revox {

class SummaryModel;

// Every field of the call in a tree, with the selected field's full text and explanation beside
// it: the "Call fields" tab, for when the header's facts are not enough.
class SummaryPanel final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SummaryPanel)

public:
    explicit SummaryPanel(QWidget *parent = nullptr);

    void setCall(const std::optional<Call> &call);

    // For tests, which read what the panel shows.
    SummaryModel *model() const { return m_model; }
    QTreeView *tree() const { return m_tree; }

private:
    void showDetails(const QModelIndex &index);

    SummaryModel *m_model;
    QTreeView *m_tree;
    QPlainTextEdit *m_details;
};

} // namespace Revox
