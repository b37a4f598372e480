#pragma once

#include <QByteArray>
#include <QString>

// Standard output and error for the command line (`export`, `--print`, a refused hand-off): the
// same words for the same failure, whichever path writes.
namespace Revox::Console {

// `text` and a newline on standard error.
void error(const QString &text);

// Writes all of `bytes` to standard output. Empty on success, else why it took less: a closed
// reader, a full disk… (ExitStatus::OutputNotWritable).
QString out(const QByteArray &bytes);

// A reader that went away (`… | head -c0`) becomes a write error with a message and exit status 7
// instead of death by SIGPIPE, whose status (141) scripts are not told about.
void ignoreBrokenPipe();

} // namespace Revox::Console
