#pragma once

#include "gui/notifications/callnotice.h"

#include <QObject>
#include <QTimer>

class QSystemTrayIcon;

namespace Revox {

class DesktopNotifications;

// Tells the user something finished while they may be looking elsewhere. Each message goes the
// first way that works: the desktop's notification service (D-Bus, where the platform has it),
// else a system tray message, else inAppMessage() for the window to show. A click on a desktop or
// tray message asks for its call with activated().
class CompletionNotifier final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CompletionNotifier)

public:
    enum class Route { Desktop, Tray, InApp };
    Q_ENUM(Route)

    explicit CompletionNotifier(QObject *parent = nullptr);
    ~CompletionNotifier() override;

    // Whether the tray is a way to notify here; public for tests, which expect that route.
    static bool systemTrayAvailable();

    // Plain text; `callId`, when given, is what activated() carries if the message is clicked.
    // Asynchronous: which way it went is known from delivered().
    void notify(const QString &title, const QString &message, const QString &callId = {});

signals:
    void inAppMessage(const QString &title, const QString &message);
    void activated(const QString &callId);
    void delivered(const QString &callId, Revox::CompletionNotifier::Route route);

private:
    void connectDesktop();
    // The ways after the desktop's, in order.
    void notifyWithoutDesktop(const CallNotice &notice);

    DesktopNotifications *m_desktop = nullptr; // null where the platform has no D-Bus
    QSystemTrayIcon *m_tray = nullptr;
    QString m_trayCallId; // of the tray's message: it shows one at a time
    QTimer m_trayHideTimer;
};

} // namespace Revox
