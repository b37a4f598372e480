#pragma once

#include "apisettings.h"

#include <QByteArray>
#include <QString>

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
    // Saved responses are a few hundred KiB; the API client's cap on a body is far above that.
    static constexpr qint64 MaxBytes = ApiSettings::DefaultMaxBodyBytes;

    enum class Problem {
        None,
        NotFound,
        PermissionDenied,
        Directory,
        NotRegularFile, // a FIFO, a socket, a character or block device
        TooLarge,
        ReadError,
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

    // The command line's exit status for a refusal, from `export`'s table: 4 when there is no
    // such file, 6 when what is there cannot be a call. `--print` and the hand-off use it too.
    static int exitStatus(Problem problem);
};

} // namespace Revox
