#pragma once

#include <QDBusConnection>
#include <QDBusContext>
#include <QObject>
#include <QStringList>
#include <QVariantMap>

namespace Revox {

// A real org.freedesktop.Notifications service on the session bus, on a connection of its own
// (as a desktop's would be): records every Notify, answers with increasing ids, and lets a test
// click a notification (ActionInvoked) or close it (NotificationClosed). It records only what
// this process's QDBusConnection::sessionBus() sends: under "ctest -j", other tests on the same
// bus notify too.
class FakeNotificationService final : public QObject, protected QDBusContext
{
    Q_OBJECT
    Q_CLASSINFO("D-Bus Interface", "org.freedesktop.Notifications")

public:
    struct Received
    {
        uint id = 0;
        QString appName;
        uint replacesId = 0;
        QString appIcon;
        QString summary;
        QString body;
        QStringList actions;
        QVariantMap hints;
        int expireTimeout = 0;
    };

    explicit FakeNotificationService(QObject *parent = nullptr);
    ~FakeNotificationService() override;

    // Takes the service name; false (with errorString()) if there is no bus or the name is owned
    // already, by a real desktop's service for instance.
    bool start();
    void stop(); // gives the name up: nobody provides notifications any more
    QString errorString() const { return m_error; }
    bool hasBus() const { return m_bus.isConnected(); }

    void setCapabilities(const QStringList &capabilities) { m_capabilities = capabilities; }
    void setFailing(bool failing) { m_failing = failing; } // Notify answers with an error
    QList<Received> received() const { return m_received; }
    void reset();

    // What the desktop does when the user clicks (or closes) notification `id`.
    void invokeAction(uint id, const QString &actionKey) { emit ActionInvoked(id, actionKey); }
    void close(uint id, uint reason = 2) { emit NotificationClosed(id, reason); }

public slots:
    // The D-Bus interface; only these are exported.
    Q_SCRIPTABLE uint Notify(const QString &appName,
                             uint replacesId,
                             const QString &appIcon,
                             const QString &summary,
                             const QString &body,
                             const QStringList &actions,
                             const QVariantMap &hints,
                             int expireTimeout);
    Q_SCRIPTABLE QStringList GetCapabilities() const { return m_capabilities; }
    Q_SCRIPTABLE QString GetServerInformation(QString &vendor,
                                              QString &version,
                                              QString &specVersion) const;
    Q_SCRIPTABLE void CloseNotification(uint id) { close(id, 3); }

signals:
    Q_SCRIPTABLE void NotificationClosed(uint id, uint reason);
    Q_SCRIPTABLE void ActionInvoked(uint id, const QString &actionKey);
    void notifyReceived(uint id); // for QSignalSpy; not on the bus

private:
    QDBusConnection m_bus;
    QStringList m_capabilities;
    QList<Received> m_received;
    QString m_error;
    QString m_client; // unique name of the connection whose calls are recorded
    uint m_nextId = 1;
    bool m_failing = false;
    bool m_registered = false;
};

} // namespace Revox
