#include "core/common/safefilewriter.h"

#include "core/common/filekind.h"

#include "core/common/corelogging.h"

#include <QCoreApplication>
#include <QFileInfo>

#include <cerrno>

#ifdef Q_OS_UNIX
#include <sys/stat.h>
#include <unistd.h>
#endif

namespace Revox {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("Revox::SafeFileWriter", text);
}

FileWriteError make(FileWriteError::Cause cause, const QString &reason, const QString &advice)
{
    return {cause, reason, advice};
}

} // namespace

QString FileWriteError::text() const
{
    return advice.isEmpty() ? reason : reason + QStringLiteral(". ") + advice;
}

SafeFileWriter::SafeFileWriter(const QString &path)
    : m_path(path)
    , m_file(path)
{}

SafeFileWriter::~SafeFileWriter()
{
    // QSaveFile's own destructor discards an uncommitted temporary; this only makes it explicit.
    if (m_file.isOpen())
        cancel();
}

FileWriteError SafeFileWriter::describe(int errorNumber,
                                        QFileDevice::FileError qtError,
                                        const QString &qtErrorString)
{
    using Cause = FileWriteError::Cause;
    switch (errorNumber) {
    case ENOSPC:
        return make(Cause::NoSpace,
                    tr("No space left on the device"),
                    tr("Free some space there, or choose another place."));
#ifdef EDQUOT
    case EDQUOT:
        return make(Cause::NoSpace,
                    tr("No space left on the device for you (disk quota exceeded)"),
                    tr("Free some space there, or choose another place."));
#endif
    case EROFS:
        return make(Cause::ReadOnlyFileSystem,
                    tr("The file system is read-only"),
                    tr("Choose a place you can write to."));
    case EACCES:
    case EPERM:
        return make(Cause::PermissionDenied,
                    tr("Permission denied"),
                    tr("Choose a folder you may write to, or change its permissions."));
    case ENOENT:
    case ENOTDIR:
        return make(Cause::NoSuchDirectory,
                    tr("The folder does not exist"),
                    tr("Create it first, or choose another place."));
    case EFBIG:
        return make(Cause::TooLarge,
                    tr("The file is too large for that file system"),
                    tr("Choose another place."));
    case EIO:
        return make(Cause::DeviceError,
                    tr("The device reported an input/output error"),
                    tr("Check the disk, or choose another place."));
    case ENAMETOOLONG:
        return make(Cause::Other, tr("The file name is too long"), tr("Choose a shorter name."));
    default:
        break;
    }
    // errno was lost (Qt may make other calls after a failure): Qt's own error is the next best.
    if (qtError == QFileDevice::ResourceError) // what Qt's file engine makes of ENOSPC
        return describe(ENOSPC, QFileDevice::NoError, {});
    if (qtError == QFileDevice::PermissionsError)
        return describe(EACCES, QFileDevice::NoError, {});
    QString reason = errorNumber != 0 ? qt_error_string(errorNumber) : qtErrorString;
    if (reason.isEmpty() || reason == QLatin1String("Unknown error"))
        reason = tr("The system did not say why");
    return make(Cause::Other, reason, tr("Choose another place, or try again."));
}

bool SafeFileWriter::fail(int errorNumber)
{
    m_error = describe(errorNumber, m_file.error(), m_file.errorString());
    qCInfo(lcExport) << "cannot write" << m_path << ":" << m_error.reason << "( errno"
                     << errorNumber << ", Qt:" << m_file.errorString() << ")";
    cancel();
    return false;
}

bool SafeFileWriter::open()
{
    m_error = {};
    const QString kind = FileKind::ofNonRegular(m_path);
    if (!kind.isEmpty()) {
        m_error = make(FileWriteError::Cause::NotARegularFile,
                       tr("It is %1, not a regular file, and is never replaced").arg(kind),
                       tr("Choose a file name."));
        qCInfo(lcExport) << "refused to replace" << m_path << ":" << kind;
        return false;
    }
    errno = 0;
    if (!m_file.open(QIODevice::WriteOnly))
        return fail(errno);
    return true;
}

bool SafeFileWriter::write(const QByteArray &bytes)
{
    if (!m_file.isOpen())
        return false;
    qint64 done = 0;
    while (done < bytes.size()) {
        errno = 0;
        const qint64 written = m_file.write(bytes.constData() + done, bytes.size() - done);
        // A short write sets no error: try the rest, which meets the real cause (ENOSPC) at once.
        if (written <= 0)
            return fail(errno);
        done += written;
    }
    return true;
}

bool SafeFileWriter::flushAll()
{
    // A flush that wrote part of the buffer reports no cause; flushing again meets it.
    qint64 pending = m_file.bytesToWrite();
    for (;;) {
        errno = 0;
        if (m_file.flush())
            return true;
        const int errorNumber = errno;
        const qint64 left = m_file.bytesToWrite();
        if (errorNumber != 0 || left == 0 || left >= pending)
            return fail(errorNumber);
        pending = left;
    }
}

bool SafeFileWriter::commit()
{
    if (!m_file.isOpen())
        return false;
    // Before commit(): commit() itself would rename over the target even if this flush failed.
    if (!flushAll())
        return false;
#ifdef Q_OS_UNIX
    // A file system that allocates late reports a full disk only here; Qt ignores fsync's result.
    errno = 0;
    if (::fsync(m_file.handle()) != 0 && errno != EINVAL && errno != EROFS && errno != ENOTSUP)
        return fail(errno);
#endif
    errno = 0;
    if (!m_file.commit()) {
        const int errorNumber = errno;
        m_error = describe(errorNumber, m_file.error(), m_file.errorString());
        qCInfo(lcExport) << "cannot commit" << m_path << ":" << m_error.reason;
        return false;
    }
    return true;
}

void SafeFileWriter::cancel()
{
    if (!m_file.isOpen())
        return;
    // commit() after cancelWriting() discards the temporary file and never renames.
    m_file.cancelWriting();
    m_file.commit();
}

FileWriteError SafeFileWriter::writeFile(const QString &path, const QByteArray &bytes)
{
    SafeFileWriter writer(path);
    if (writer.open() && writer.write(bytes))
        writer.commit();
    return writer.error();
}

} // namespace Revox
