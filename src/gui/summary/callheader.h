#pragma once

#include "core/call/calldata.h"

#include <QList>
#include <QWidget>

class QGridLayout;
class QLabel;

namespace Revox {

class ElidedLabel;
class StatusBadge;

// The call's answer to "what happened", above the transcript: the status and its meaning, then
// the same facts for every call (reached or not, direction and numbers, when, talk time,
// attempts, campaign, assistant, model), "—" where the call has none. Every value is one line,
// cut with "…" where it does not fit, so the header's height never depends on the call and a
// long value never widens the window; the facts flow into as many columns as the width allows.
class CallHeader final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CallHeader)

public:
    explicit CallHeader(QWidget *parent = nullptr);

    // `problems`: what does not add up in the response (SummaryModel::inconsistencies()).
    void setCall(const Call &call, const QStringList &problems);
    void clear();

    // For tests, which read what the header shows.
    StatusBadge *badge() const { return m_badge; }
    // Every fact as "Label: value", whole even where it is shown cut.
    QStringList factTexts() const;
    QString warningText() const;
    int columnCount() const { return m_columns; }

protected:
    void resizeEvent(QResizeEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    struct Fact
    {
        QLabel *name;
        ElidedLabel *value;
    };
    void setFact(int index, const QString &value, const QString &note = QString());
    void placeFacts(int columns);
    void applyColors();

    StatusBadge *m_badge;
    ElidedLabel *m_callId;
    ElidedLabel *m_explanation;
    ElidedLabel *m_warning;
    QGridLayout *m_grid;
    QList<Fact> m_facts;
    int m_columns = 0;
};

} // namespace Revox
