#include "core/call/callfile.h"

#include "core/call/callparser.h"
#include "core/common/filekind.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QLoggingCategory>

#include <algorithm>

#ifdef Q_OS_UNIX
#include <cerrno>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#endif

namespace Revox {

namespace {

Q_LOGGING_CATEGORY(lcCallFile, "revox.callfile", QtWarningMsg)

using Problem = CallFile::Problem;

CallFile::Result refuse(Problem problem, const QString &path, const QString &message)
{
    qCDebug(lcCallFile) << "refused" << path << ":" << message;
    return {problem, message, {}};
}

QString cannotOpen(const QString &shown, const QString &cause)
{
    return QStringLiteral("Cannot open %1: %2").arg(shown, cause);
}

CallFile::Result notRegular(const QString &path, const QString &shown, const QString &kind)
{
    return refuse(Problem::NotRegularFile,
                  path,
                  cannotOpen(shown,
                             QStringLiteral("it is not a regular file: %1 cannot be a saved call "
                                            "response.")
                                 .arg(kind)));
}

// Checks the type without opening, then opens without blocking. On success `file` is open.
CallFile::Result openChecked(const QString &path, const QString &shown, QFile *file)
{
    // QFileInfo follows symbolic links: a link to a saved response is read, a link to a FIFO is
    // refused, a link to nothing is "no such file".
    const QFileInfo info(path);
    if (!info.exists())
        return refuse(Problem::NotFound, path, cannotOpen(shown, QStringLiteral("no such file.")));
    if (info.isDir())
        return refuse(Problem::Directory,
                      path,
                      cannotOpen(shown,
                                 QStringLiteral("it is a directory, not a saved call response.")));
#ifdef Q_OS_UNIX
    const QByteArray nativePath = QFile::encodeName(path);
    if (!info.isFile()) {
        // Empty only if the path changed since QFileInfo looked at it.
        const QString kind = FileKind::ofNonRegular(path);
        return notRegular(path,
                          shown,
                          kind.isEmpty() ? QStringLiteral("a file of this kind") : kind);
    }
    // The path may be swapped for a FIFO between the check above and this open(). O_NONBLOCK
    // makes that open() return at once instead of waiting for a writer, and fstat() on what was
    // really opened catches the swap; O_NOCTTY keeps a swapped-in terminal from becoming ours.
    const int fd = ::open(nativePath.constData(), O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
    if (fd < 0) {
        const int error = errno;
        switch (error) {
        case ENOENT:
        case ENOTDIR:
            return refuse(Problem::NotFound,
                          path,
                          cannotOpen(shown, QStringLiteral("no such file.")));
        case EACCES:
        case EPERM:
            return refuse(Problem::PermissionDenied,
                          path,
                          cannotOpen(shown, QStringLiteral("permission denied.")));
        case ENXIO: // a socket, or a device with nothing behind it
            return notRegular(path, shown, QStringLiteral("a file of this kind"));
        default:
            return refuse(Problem::ReadError,
                          path,
                          cannotOpen(shown, qt_error_string(error) + QLatin1Char('.')));
        }
    }
    struct stat status = {};
    if (::fstat(fd, &status) != 0 || !S_ISREG(status.st_mode)) {
        const QString kind = FileKind::ofMode(status.st_mode);
        ::close(fd);
        return notRegular(path, shown, kind);
    }
    // Reads from a regular file never block anyway; clear the flag so none can return EAGAIN.
    ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) & ~O_NONBLOCK);
    if (!file->open(fd, QIODevice::ReadOnly, QFileDevice::AutoCloseHandle)) {
        ::close(fd);
        return refuse(Problem::ReadError,
                      path,
                      cannotOpen(shown, file->errorString() + QLatin1Char('.')));
    }
#else
    if (!info.isFile())
        return notRegular(path, shown, QStringLiteral("a file of this kind"));
    // Without O_NONBLOCK a path swapped for a pipe after the check above could still block here.
    file->setFileName(path);
    if (!file->open(QIODevice::ReadOnly)) {
        const Problem problem = file->error() == QFileDevice::PermissionsError
                                    ? Problem::PermissionDenied
                                    : Problem::ReadError;
        return refuse(problem, path, cannotOpen(shown, file->errorString() + QLatin1Char('.')));
    }
#endif
    return {};
}

} // namespace

CallFile::Result CallFile::check(const QString &path, const QString &shownAs)
{
    QFile file;
    return openChecked(path, shownAs.isEmpty() ? QDir::toNativeSeparators(path) : shownAs, &file);
}

CallFile::Result CallFile::read(const QString &path, const QString &shownAs)
{
    const QString shown = shownAs.isEmpty() ? QDir::toNativeSeparators(path) : shownAs;
    QFile file;
    Result result = openChecked(path, shown, &file);
    if (!result.isOk())
        return result;
    // Read up to one byte past the limit rather than trust size(): the file may grow while it is
    // read. size() only sizes the first read, which would otherwise allocate the whole limit and
    // keep it for as long as the call is shown.
    const qint64 size = file.size();
    QByteArray bytes = file.read(std::min(size, MaxBytes) + 1);
    if (bytes.size() > size && bytes.size() <= MaxBytes)
        bytes += file.read(MaxBytes + 1 - bytes.size());
    if (file.error() != QFileDevice::NoError)
        return refuse(Problem::ReadError,
                      path,
                      QStringLiteral("Cannot read %1: %2.").arg(shown, file.errorString()));
    if (bytes.size() > MaxBytes)
        return refuse(Problem::TooLarge,
                      path,
                      cannotOpen(shown,
                                 QStringLiteral("it is over %1 MB, too large to be a saved call "
                                                "response.")
                                     .arg(MaxBytes / (1024 * 1024))));
    result.bytes = bytes;
    return result;
}

CallFile::Loaded CallFile::load(const QString &path, const QString &shownAs)
{
    const QString shown = shownAs.isEmpty() ? QDir::toNativeSeparators(path) : shownAs;
    const Result file = read(path, shown);
    if (!file.isOk())
        return {file.problem, file.message, std::nullopt, {}};
    CallParseResult parsed = CallParser::parse(file.bytes);
    if (!parsed.isValid()) {
        qCDebug(lcCallFile) << "not a call:" << path;
        return {Problem::NotACall,
                QStringLiteral("%1 is not a call: %2").arg(shown, parsed.error.message),
                std::nullopt,
                {}};
    }
    return {Problem::None, {}, std::move(parsed.call), std::move(parsed.warnings)};
}

} // namespace Revox
