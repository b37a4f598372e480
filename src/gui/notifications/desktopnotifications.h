#pragma once

#include "gui/notifications/callnotice.h"

#include <QDBusConnection>
#include <QHash>
#include <QList>
#include <QObject>

#include <optional>

class QDBusPendingCallWatcher;

namespace Revox {

// The desktop's own notifications: org.freedesktop.Notifications on the session bus (GNOME, KDE,
// Xfce, dunst, mako...). Every call is asynchronous, so a slow or missing service never blocks
// the window. Whether a service answers is known only per message: each send() ends in shown()
// or failed(), and the caller decides what to do with a message that failed.
class DesktopNotifications final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DesktopNotifications)

public:
    // The action that the notification's button triggers; "default" is a click on the body.
    static constexpr char ShowCallAction[] = "show-call";
    static constexpr int ExpireMs = 10000;

    explicit DesktopNotifications(const QDBusConnection &bus, QObject *parent = nullptr);
    ~DesktopNotifications() override;

    // False when there is no session bus at all: then no send() can succeed.
    bool hasBus() const { return m_bus.isConnected(); }

    void send(const CallNotice &notice);

signals:
    void shown(const Revox::CallNotice &notice, uint id);
    void failed(const Revox::CallNotice &notice, const QString &reason);
    // The user clicked one of this app's notifications (or its "Show call" button).
    void activated(const QString &callId);

private slots:
    // Slots by name: QDBusConnection::connect() takes only SLOT() signatures.
    void onActionInvoked(uint id, const QString &actionKey);
    void onNotificationClosed(uint id, uint reason);

private:
    void askCapabilities();
    void onCapabilities(QDBusPendingCallWatcher *call);
    void sendNow(const CallNotice &notice);

    QDBusConnection m_bus;
    // Unknown until GetCapabilities answers; unknown counts as "reads markup" (the safe side).
    std::optional<bool> m_bodyMarkup;
    bool m_askingCapabilities = false;
    QList<CallNotice> m_waiting; // sent once the capabilities are known
    QHash<uint, QString> m_open; // notification id (ours, still open) -> call ID
};

} // namespace Revox
