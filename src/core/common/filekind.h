#pragma once

#include <QString>

namespace Revox::FileKind {

// What a path is when it is not a regular file, in words for messages: "a FIFO (named pipe)",
// "a socket", "a character device", "a block device", "a folder". Read with stat(), which
// follows a symbolic link as reading and QSaveFile do, and never by opening: opening a FIFO
// blocks until the other end comes. Empty for a regular file and for a path that is not there.
QString ofNonRegular(const QString &path);

#ifdef Q_OS_UNIX
// The same words for a mode from stat() or fstat(); empty for a regular file.
QString ofMode(unsigned int mode);
#endif

} // namespace Revox::FileKind
