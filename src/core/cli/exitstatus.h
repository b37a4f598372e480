#pragma once

#include "core/call/callfile.h"

#include <QList>
#include <QString>

namespace Revox {

struct FetchResult;
struct InstanceRefusal;

// How the command line ends: `revox-inspector export`, `--print` and a start that hands its file
// or call to the open window share this one table. README.md ("Command line") and the man page
// (EXIT STATUS) give the same meanings in the same words, and --help prints them. Scripts depend
// on these numbers: never renumber one.
namespace ExitStatus {

enum Code : int {
    Success = 0,
    UsageError = 2,
    AuthenticationFailed = 3,
    NotFound = 4,
    NetworkOrServerError = 5,
    InvalidCallData = 6,
    OutputNotWritable = 7,
};

QList<Code> all();
// What the status means, in the words of README.md and the man page.
QString meaning(Code code);
// The table for --help: "  7  an output could not be written: …", wrapped to `width` columns.
QString table(int width = 79);

// A fetch that failed, by its kind: 3 for the key, 4 for 404, 5 for the network or the server…
Code forFetch(const FetchResult &result);
// A saved call file that could not be shown: 4 when there is no such file, 6 when what is there
// is not, or cannot be, a call.
Code forFile(CallFile::Problem problem);
// The open window's refusal of a hand-off: the status the command line gives the same mistake.
Code forRefusal(const InstanceRefusal &refusal);

} // namespace ExitStatus

} // namespace Revox
