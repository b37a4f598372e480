#include "app/console.h"

#include "core/common/safefilewriter.h"

#include <cerrno>
#include <csignal>
#include <cstdio>

namespace Revox::Console {

void error(const QString &text)
{
    const QByteArray bytes = text.toUtf8() + '\n';
    std::fwrite(bytes.constData(), 1, size_t(bytes.size()), stderr);
    std::fflush(stderr);
}

QString out(const QByteArray &bytes)
{
    errno = 0;
    const size_t written = std::fwrite(bytes.constData(), 1, size_t(bytes.size()), stdout);
    if (written == size_t(bytes.size()) && std::fflush(stdout) == 0 && !std::ferror(stdout))
        return {};
    const int errorNumber = errno;
    if (errorNumber == EPIPE)
        return QStringLiteral("standard output was closed before everything was written (the "
                              "program reading it ended)");
    return QStringLiteral("could not write to standard output: %1")
        .arg(SafeFileWriter::describe(errorNumber, QFileDevice::WriteError, {}).text());
}

void ignoreBrokenPipe()
{
#ifdef SIGPIPE
    std::signal(SIGPIPE, SIG_IGN);
#endif
}

} // namespace Revox::Console
