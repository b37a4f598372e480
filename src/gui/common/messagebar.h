#pragma once

#include "gui/common/theme.h"

#include <QFrame>

class QLabel;
class QPushButton;
class QToolButton;

namespace Revox {

// An inline notice under the call field (never a modal dialog): what happened, a Retry button
// when trying again can help, and a button for what the user can change (e.g. "Open Settings…")
// when the cause is theirs to fix.
class MessageBar final : public QFrame
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MessageBar)

public:
    explicit MessageBar(QWidget *parent = nullptr);

    // `actionLabel`, when not empty, shows a button that emits actionRequested().
    void showMessage(const QString &text,
                     Theme::Tone tone,
                     bool offerRetry = false,
                     const QString &actionLabel = QString());
    void dismiss();
    QString text() const;

    // For tests, which check how the bar looks and click Retry.
    bool isRetryOffered() const;
    Theme::Tone tone() const { return m_tone; }
    QPushButton *retryButton() const { return m_retry; }
    QPushButton *actionButton() const { return m_action; }

signals:
    void retryRequested();
    void actionRequested();

protected:
    void paintEvent(QPaintEvent *event) override;

private:
    QLabel *m_icon;
    QLabel *m_text;
    QPushButton *m_retry;
    QPushButton *m_action;
    QToolButton *m_close;
    Theme::Tone m_tone = Theme::Tone::Info;
};

} // namespace Revox
