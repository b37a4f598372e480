#pragma once

// The environment of a user of its own, for tests that start the real app: no settings, library,
// keychain entry or open window of whoever runs the suite takes part, and nothing the test does
// reaches theirs.

#include <QDir>
#include <QFile>
#include <QProcessEnvironment>
#include <QString>

namespace TestSupport {

enum class Display {
    None,      // no display at all: the headless paths
    Offscreen, // a window that is drawn but never shown
};
enum class SessionBus {
    None,      // no bus: no keychain, no notifications
    Inherited, // the suite's private bus (scripts/test-session.sh), with its keyring
};

// HOME is `home`; each XDG folder is `home`/<its variable's name>; the runtime folder is
// `home`/runtime, made 0700 as the app requires. The key and base URL of whoever runs the suite
// and the probes (first paint, heartbeat) are removed; a test sets what it needs.
inline QProcessEnvironment privateSession(const QString &home, Display display, SessionBus bus)
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    for (const char *name : {"DISPLAY",
                             "WAYLAND_DISPLAY",
                             "QT_QPA_PLATFORM",
                             "REVOX_API_KEY",
                             "REVOX_BASE_URL",
                             "REVOX_EXIT_AFTER_FIRST_PAINT",
                             "REVOX_HEARTBEAT"})
        env.remove(QString::fromLatin1(name));
    if (display == Display::Offscreen)
        env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    if (bus == SessionBus::None)
        env.insert(QStringLiteral("DBUS_SESSION_BUS_ADDRESS"),
                   QStringLiteral("unix:path=/nonexistent/revox-test-bus"));
    const QDir dir(home);
    env.insert(QStringLiteral("HOME"), home);
    for (const char *name : {"XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME"})
        env.insert(QString::fromLatin1(name), dir.filePath(QString::fromLatin1(name)));
    const QString runtime = dir.filePath(QStringLiteral("runtime"));
    QDir().mkpath(runtime);
    QFile::setPermissions(runtime, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
    env.insert(QStringLiteral("XDG_RUNTIME_DIR"), runtime);
    return env;
}

} // namespace TestSupport
