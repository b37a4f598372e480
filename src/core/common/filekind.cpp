#include "core/common/filekind.h"

#include <QCoreApplication>
#include <QFile>
#include <QFileInfo>

#ifdef Q_OS_UNIX
#include <sys/stat.h>
#endif

namespace Revox::FileKind {

namespace {

QString words(const char *text)
{
    return QCoreApplication::translate("FileKind", text);
}

} // namespace

#ifdef Q_OS_UNIX
QString ofMode(unsigned int mode)
{
    if (S_ISREG(mode))
        return {};
    if (S_ISDIR(mode))
        return words("a folder");
    if (S_ISFIFO(mode))
        return words("a FIFO (named pipe)");
    if (S_ISSOCK(mode))
        return words("a socket");
    if (S_ISCHR(mode))
        return words("a character device");
    if (S_ISBLK(mode))
        return words("a block device");
    return words("a file of this kind");
}
#endif

QString ofNonRegular(const QString &path)
{
#ifdef Q_OS_UNIX
    struct stat status = {};
    if (::stat(QFile::encodeName(path).constData(), &status) != 0)
        return {};
    return ofMode(status.st_mode);
#else
    const QFileInfo info(path);
    if (!info.exists() || info.isFile())
        return {};
    return info.isDir() ? words("a folder") : words("a file of this kind");
#endif
}

} // namespace Revox::FileKind
