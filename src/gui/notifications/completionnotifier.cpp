#include "gui/notifications/completionnotifier.h"

#include "gui/notifications/notificationslogging.h"

#include <QGuiApplication>
#include <QSystemTrayIcon>
#include <QTimer>

#ifdef REVOX_HAVE_QTDBUS
#include "gui/notifications/desktopnotifications.h"
#endif

namespace Revox {

namespace {
constexpr int MessageMs = 10000;
}

CompletionNotifier::CompletionNotifier(QObject *parent)
    : QObject(parent)
{}

CompletionNotifier::~CompletionNotifier() = default;

bool CompletionNotifier::systemTrayAvailable()
{
    return QSystemTrayIcon::isSystemTrayAvailable();
}

void CompletionNotifier::notify(const QString &title, const QString &message, const QString &callId)
{
    const CallNotice notice{title, message, callId};
#ifdef REVOX_HAVE_QTDBUS
    if (!m_desktop)
        connectDesktop();
    if (m_desktop->hasBus()) {
        m_desktop->send(notice); // falls back from its failed() signal
        return;
    }
#endif
    notifyWithoutDesktop(notice);
}

void CompletionNotifier::connectDesktop()
{
#ifdef REVOX_HAVE_QTDBUS
    // On first use, not at start-up: most sessions never watch a call. Joining the bus and
    // subscribing to its signals wait for the bus daemon only, never for the notification service.
    m_desktop = new DesktopNotifications(QDBusConnection::sessionBus(), this);
    connect(m_desktop, &DesktopNotifications::shown, this, [this](const CallNotice &notice) {
        emit delivered(notice.callId, Route::Desktop);
    });
    connect(m_desktop,
            &DesktopNotifications::failed,
            this,
            [this](const CallNotice &notice, const QString &reason) {
                qCDebug(lcNotifications) << "desktop notification failed, falling back:" << reason;
                notifyWithoutDesktop(notice);
            });
    connect(m_desktop, &DesktopNotifications::activated, this, &CompletionNotifier::activated);
#endif
}

void CompletionNotifier::notifyWithoutDesktop(const CallNotice &notice)
{
    if (!systemTrayAvailable()) {
        emit inAppMessage(notice.title, notice.message);
        emit delivered(notice.callId, Route::InApp);
        return;
    }
    if (!m_tray) {
        m_tray = new QSystemTrayIcon(QGuiApplication::windowIcon(), this);
        m_tray->setToolTip(QGuiApplication::applicationDisplayName());
        connect(m_tray, &QSystemTrayIcon::messageClicked, this, [this] {
            emit activated(m_trayCallId);
        });
        m_trayHideTimer.setSingleShot(true);
        connect(&m_trayHideTimer, &QTimer::timeout, m_tray, &QSystemTrayIcon::hide);
    }
    m_trayCallId = notice.callId;
    m_tray->show();
    m_tray->showMessage(notice.title, notice.message, QSystemTrayIcon::Information, MessageMs);
    // The icon exists only to carry the message; a permanent tray icon would be clutter. Counted
    // from the newest message, so an older one's timeout does not cut it short.
    m_trayHideTimer.start(MessageMs + 2000);
    emit delivered(notice.callId, Route::Tray);
}

} // namespace Revox
