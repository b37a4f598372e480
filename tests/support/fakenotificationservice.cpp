#include "fakenotificationservice.h"

#include <QDBusConnectionInterface>
#include <QDBusError>

namespace Revox {

namespace {
const QString Service = QStringLiteral("org.freedesktop.Notifications");
const QString Path = QStringLiteral("/org/freedesktop/Notifications");
const QString ConnectionName = QStringLiteral("fake-notifications");
} // namespace

FakeNotificationService::FakeNotificationService(QObject *parent)
    : QObject(parent)
    , m_bus(QDBusConnection::connectToBus(QDBusConnection::SessionBus, ConnectionName))
{
    reset();
}

FakeNotificationService::~FakeNotificationService()
{
    stop();
    m_bus.unregisterObject(Path);
    QDBusConnection::disconnectFromBus(ConnectionName);
}

void FakeNotificationService::reset()
{
    m_capabilities = {QStringLiteral("actions"),
                      QStringLiteral("body"),
                      QStringLiteral("body-markup"),
                      QStringLiteral("persistence")};
    m_received.clear();
    m_failing = false;
}

bool FakeNotificationService::start()
{
    if (m_registered)
        return true;
    if (!m_bus.isConnected()) {
        m_error = QStringLiteral("no session bus: ") + m_bus.lastError().message();
        return false;
    }
    if (!m_bus.objectRegisteredAt(Path)
        && !m_bus.registerObject(Path,
                                 this,
                                 QDBusConnection::ExportScriptableSlots
                                     | QDBusConnection::ExportScriptableSignals)) {
        m_error = QStringLiteral("cannot register the object: ") + m_bus.lastError().message();
        return false;
    }
    const auto reply = m_bus.interface()
                           ->registerService(Service,
                                             QDBusConnectionInterface::DontQueueService,
                                             QDBusConnectionInterface::DontAllowReplacement);
    if (!reply.isValid() || reply.value() != QDBusConnectionInterface::ServiceRegistered) {
        m_error = QStringLiteral("the name %1 is owned already (a real notification service?)")
                      .arg(Service);
        return false;
    }
    m_client = QDBusConnection::sessionBus().baseService();
    m_registered = true;
    return true;
}

void FakeNotificationService::stop()
{
    if (m_registered)
        m_bus.interface()->unregisterService(Service);
    m_registered = false;
}

uint FakeNotificationService::Notify(const QString &appName,
                                     uint replacesId,
                                     const QString &appIcon,
                                     const QString &summary,
                                     const QString &body,
                                     const QStringList &actions,
                                     const QVariantMap &hints,
                                     int expireTimeout)
{
    if (m_failing) {
        sendErrorReply(QDBusError::Failed, QStringLiteral("the fake refuses"));
        return 0;
    }
    const uint id = replacesId ? replacesId : m_nextId++;
    if (message().service() != m_client)
        return id; // another test process's
    m_received.append(
        Received{id, appName, replacesId, appIcon, summary, body, actions, hints, expireTimeout});
    emit notifyReceived(id);
    return id;
}

QString FakeNotificationService::GetServerInformation(QString &vendor,
                                                      QString &version,
                                                      QString &specVersion) const
{
    vendor = QStringLiteral("Revox tests");
    version = QStringLiteral("1");
    specVersion = QStringLiteral("1.2");
    return QStringLiteral("fake-notifications");
}

} // namespace Revox
