#include "gui/notifications/desktopnotifications.h"

#include "gui/notifications/notificationslogging.h"

#include <QDBusMessage>
#include <QDBusPendingCallWatcher>
#include <QDBusPendingReply>
#include <QDBusServiceWatcher>
#include <QGuiApplication>

#include <utility>

namespace Revox {

namespace {

// https://specifications.freedesktop.org/notification-spec/latest/
const QString Service = QStringLiteral("org.freedesktop.Notifications");
const QString Path = QStringLiteral("/org/freedesktop/Notifications");
const QString Interface = QStringLiteral("org.freedesktop.Notifications");
const QString DefaultAction = QStringLiteral("default");

// A service that takes longer than this will not show the message in time to matter; the
// fallback then does.
constexpr int ReplyTimeoutMs = 5000;

QDBusMessage methodCall(const QString &method)
{
    return QDBusMessage::createMethodCall(Service, Path, Interface, method);
}

QString appIcon()
{
    // The icon installed by packaging/ under the application id, like the .desktop file.
    return QStringLiteral(REVOX_APP_ID);
}

QString desktopEntry()
{
    const QString fromApp = QGuiApplication::desktopFileName();
    return fromApp.isEmpty() ? QStringLiteral(REVOX_APP_ID) : fromApp;
}

QString appName()
{
    const QString name = QGuiApplication::applicationDisplayName();
    return name.isEmpty() ? QCoreApplication::applicationName() : name;
}

// The body as the service should receive it: escaped where the service reads markup, so text
// from the API always shows as typed and never as formatting or a link.
QString bodyFor(const QString &plainText, bool serviceReadsMarkup)
{
    return serviceReadsMarkup ? plainText.toHtmlEscaped() : plainText;
}

} // namespace

DesktopNotifications::DesktopNotifications(const QDBusConnection &bus, QObject *parent)
    : QObject(parent)
    , m_bus(bus)
{
    if (!m_bus.isConnected()) {
        qCDebug(lcNotifications) << "no session bus:" << m_bus.lastError().message();
        return;
    }
    // Matched on the service name: QtDBus follows its owner, so another client on the bus cannot
    // pose as the notification service.
    m_bus.connect(Service,
                  Path,
                  Interface,
                  QStringLiteral("ActionInvoked"),
                  this,
                  SLOT(onActionInvoked(uint, QString)));
    m_bus.connect(Service,
                  Path,
                  Interface,
                  QStringLiteral("NotificationClosed"),
                  this,
                  SLOT(onNotificationClosed(uint, uint)));
    // A new service (the desktop restarted it, or another one took over) has its own abilities,
    // and knows nothing of the notifications the old one showed.
    auto *serviceWatcher = new QDBusServiceWatcher(Service,
                                                   m_bus,
                                                   QDBusServiceWatcher::WatchForOwnerChange,
                                                   this);
    connect(serviceWatcher, &QDBusServiceWatcher::serviceOwnerChanged, this, [this] {
        m_bodyMarkup.reset();
        m_open.clear();
    });
}

DesktopNotifications::~DesktopNotifications() = default;

void DesktopNotifications::send(const CallNotice &notice)
{
    if (!m_bus.isConnected()) {
        // Later, as every other outcome, so callers see one behaviour whatever the desktop.
        QMetaObject::invokeMethod(
            this,
            [this, notice] { emit failed(notice, tr("There is no session bus.")); },
            Qt::QueuedConnection);
        return;
    }
    if (m_bodyMarkup.has_value()) {
        sendNow(notice);
        return;
    }
    m_waiting.append(notice);
    askCapabilities();
}

void DesktopNotifications::askCapabilities()
{
    if (m_askingCapabilities)
        return;
    m_askingCapabilities = true;
    auto *call = new QDBusPendingCallWatcher(m_bus.asyncCall(methodCall(
                                                                 QStringLiteral("GetCapabilities")),
                                                             ReplyTimeoutMs),
                                             this);
    connect(call, &QDBusPendingCallWatcher::finished, this, &DesktopNotifications::onCapabilities);
}

void DesktopNotifications::onCapabilities(QDBusPendingCallWatcher *call)
{
    call->deleteLater();
    m_askingCapabilities = false;
    const QDBusPendingReply<QStringList> reply = *call;
    if (reply.isError()) {
        // Most likely nobody owns the name; Notify will say so for each waiting message. Leave
        // the capabilities unknown so the next message asks again.
        qCDebug(lcNotifications) << "GetCapabilities failed:" << reply.error().message();
    } else {
        m_bodyMarkup = reply.value().contains(QLatin1String("body-markup"));
    }
    const QList<CallNotice> waiting = std::exchange(m_waiting, {});
    for (const CallNotice &notice : waiting)
        sendNow(notice);
}

void DesktopNotifications::sendNow(const CallNotice &notice)
{
    QDBusMessage message = methodCall(QStringLiteral("Notify"));
    const QStringList actions{DefaultAction,
                              tr("Show call"),
                              QString::fromLatin1(ShowCallAction),
                              tr("Show call")};
    const QVariantMap hints{
        {QStringLiteral("desktop-entry"), desktopEntry()},
        // "An audio or video call was ended" (spec 1.3); servers that do not know it ignore it.
        {QStringLiteral("category"), QStringLiteral("call.ended")},
        {QStringLiteral("urgency"), QVariant::fromValue<uchar>(1)}, // normal
    };
    message << appName() << uint(0) << appIcon() << notice.title
            << bodyFor(notice.message, m_bodyMarkup.value_or(true)) << actions << hints
            << int(ExpireMs);
    auto *call = new QDBusPendingCallWatcher(m_bus.asyncCall(message, ReplyTimeoutMs), this);
    connect(call,
            &QDBusPendingCallWatcher::finished,
            this,
            [this, notice](QDBusPendingCallWatcher *call) {
                call->deleteLater();
                const QDBusPendingReply<uint> reply = *call;
                if (reply.isError()) {
                    qCDebug(lcNotifications)
                        << "Notify failed:" << reply.error().name() << reply.error().message();
                    emit failed(notice, reply.error().message());
                    return;
                }
                const uint id = reply.value();
                m_open.insert(id, notice.callId);
                qCDebug(lcNotifications) << "shown by the desktop as" << id;
                emit shown(notice, id);
            });
}

void DesktopNotifications::onActionInvoked(uint id, const QString &actionKey)
{
    // Other applications' notifications report their actions on the same signal.
    const auto it = m_open.constFind(id);
    if (it == m_open.constEnd())
        return;
    if (actionKey != DefaultAction && actionKey != QLatin1String(ShowCallAction)) {
        qCDebug(lcNotifications) << "unknown action" << actionKey << "on" << id;
        return;
    }
    emit activated(it.value());
}

void DesktopNotifications::onNotificationClosed(uint id, uint reason)
{
    Q_UNUSED(reason)
    m_open.remove(id);
}

} // namespace Revox
