#pragma once

#include <QString>

// What opening a library file takes before the app can read and write it, on any thread and with
// a connection of its own, so that CallLibrary can do it on a worker: the folder, the
// permissions, a database of a schema this version knows, an intact file, WAL, and the schema
// upgrades. `PRAGMA quick_check` reads every page: about 0.15 s for a library holding one call of
// 100,000 turns, seconds for thousands of calls, which must never hold the first window.
namespace Revox::LibraryOpen {

// Why the library at `path` cannot be used, as a sentence for the user ("The call library is
// off: …"); empty when it is ready. A file it refuses (a newer schema, not a database, damaged)
// is left exactly as it was.
QString prepare(const QString &path);

} // namespace Revox::LibraryOpen
