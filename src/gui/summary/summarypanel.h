#pragma once

#include "core/call/calldata.h"

#include <QWidget>

class QFormLayout;
class QLabel;
class QPlainTextEdit;
class QTreeView;

namespace Revox {

class StatusBadge;
class SummaryModel;

// The left pane: status badge and the facts that answer "what happened" at a glance, then every
// field of the call in a tree, with the selected field's full text and explanation below it.
class SummaryPanel final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SummaryPanel)

public:
    explicit SummaryPanel(QWidget *parent = nullptr);

    void setCall(const std::optional<Call> &call);

    // For tests, which read what the panel shows. The visible fact rows as "Label: value" lines.
    SummaryModel *model() const { return m_model; }
    QTreeView *tree() const { return m_tree; }
    StatusBadge *badge() const { return m_badge; }
    QStringList factTexts() const;
    QString warningText() const;

protected:
    void changeEvent(QEvent *event) override;

private:
    void applyColors();
    void addFact(const QString &label, const QString &value, const QString &toolTip = {});
    void showDetails(const QModelIndex &index);

    SummaryModel *m_model;
    StatusBadge *m_badge;
    QLabel *m_callId;
    QLabel *m_statusExplanation;
    QLabel *m_warning;
    QWidget *m_factsBox;
    QFormLayout *m_facts;
    QTreeView *m_tree;
    QPlainTextEdit *m_details;
};

} // namespace Revox
