#pragma once

#include "core/call/calldata.h"

#include <QByteArray>
#include <QString>
#include <QStringList>

#include <optional>

namespace Revox {

// Reads a saved GET /call/{id} response from disk, for the window, `--print`, `export` and the
// single-instance hand-off alike, so all four refuse the same files with the same words.
//
// Only regular files (or symbolic links to one) are read. A FIFO blocks open() until a writer
// comes, a socket cannot be opened, a device such as /dev/zero never ends: none of them can be a
// saved response, so each is refused by its type before anything waits on it.
class CallFile final
{
public:
    // The same cap as the API client's on a body.
    static constexpr qint64 MaxBytes = MaxCallBodyBytes;

    enum class Problem {
        None,
        NotFound,
        PermissionDenied,
        Directory,
        NotRegularFile, // a FIFO, a socket, a character or block device
        TooLarge,
        ReadError,
        NotACall, // read, but the bytes are not a GET /call/{id} response (load() only)
    };

    struct Result
    {
        Problem problem = Problem::None;
        QString message; // one sentence naming the file and the cause; empty when read
        QByteArray bytes;

        bool isOk() const { return problem == Problem::None; }
    };

    // Everything but the reading: the type, then an open() that cannot block. `shownAs` is the
    // name the message uses (the path as the user typed it); empty means `path` itself.
    static Result check(const QString &path, const QString &shownAs = QString());
    // check(), then at most MaxBytes of content: one byte more is refused as too large.
    static Result read(const QString &path, const QString &shownAs = QString());

    struct Loaded
    {
        Problem problem = Problem::None;
        QString message; // as in Result, or "<file> is not a call: <why>"
        std::optional<Call> call;
        QStringList warnings; // CallParseResult::warnings: the call is shown all the same

        bool isOk() const { return problem == Problem::None; }
    };

    // read(), then the call parsed from it: what `export`, `--print` and a start handing a file
    // to the open window all do, so each refuses a file in the same words (and, through
    // ExitStatus::forFile, with the same exit status).
    static Loaded load(const QString &path, const QString &shownAs = QString());
};

} // namespace Revox
