#include "core/instance/instancelocation.h"

#include "core/instance/instancelogging.h"

#include <QDir>
#include <QFileInfo>
#include <QStandardPaths>

#ifdef Q_OS_UNIX
#include <unistd.h>
#endif

namespace Revox::InstanceLocation {

namespace {

const QLatin1String SocketName("revox-inspector.socket");

constexpr QFile::Permissions OwnerOnly = QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner;
constexpr QFile::Permissions Others = QFile::ReadGroup | QFile::WriteGroup | QFile::ExeGroup
                                      | QFile::ReadOther | QFile::WriteOther | QFile::ExeOther;

uint currentUserId()
{
#ifdef Q_OS_UNIX
    return uint(::geteuid());
#else
    return uint(-2);
#endif
}

// Without XDG_RUNTIME_DIR (a su session, some containers) QStandardPaths would warn and pick
// /tmp/runtime-<user>; ours is named for the app so that it never meets another program's files.
QString fallbackDirectory()
{
    const QString path = QDir(QDir::tempPath())
                             .filePath(QStringLiteral("revox-inspector-%1").arg(currentUserId()));
    QFileInfo info(path);
    if (!info.exists() && !info.isSymLink() && !QDir().mkdir(path, OwnerOnly)) {
        qCWarning(lcInstance) << "cannot create" << path;
        return {};
    }
    info.refresh();
    // A folder someone else made first in the shared /tmp is theirs: refuse it, never use it.
    if (info.isSymLink() || !info.isDir() || info.ownerId() != currentUserId()) {
        qCWarning(lcInstance) << path << "is not this user's folder; no single-instance hand-off";
        return {};
    }
    if ((info.permissions() & Others) && !QFile::setPermissions(path, OwnerOnly)) {
        qCWarning(lcInstance) << "cannot make" << path << "private";
        return {};
    }
    return path;
}

} // namespace

bool isPrivateDirectory(const QString &path)
{
    const QFileInfo info(path);
    return !path.isEmpty() && !info.isSymLink() && info.isDir() && info.ownerId() == currentUserId()
           && !(info.permissions() & Others);
}

QString socketDirectory()
{
    const QString runtime = qEnvironmentVariable("XDG_RUNTIME_DIR");
    if (runtime.isEmpty())
        return fallbackDirectory();
    // Qt checks the owner and mode of the runtime folder. When they are wrong it warns and
    // answers with a folder of its own in /tmp, which other sessions of this user share: then
    // there is no hand-off at all rather than one between sessions that were kept apart.
    const QString checked = QStandardPaths::writableLocation(QStandardPaths::RuntimeLocation);
    if (QDir::cleanPath(checked) == QDir::cleanPath(runtime) && isPrivateDirectory(checked))
        return checked;
    qCWarning(lcInstance) << "XDG_RUNTIME_DIR is not a private folder; no single-instance hand-off";
    return {};
}

QString socketPath()
{
    const QString directory = socketDirectory();
    return directory.isEmpty() ? QString() : QDir(directory).filePath(SocketName);
}

} // namespace Revox::InstanceLocation
