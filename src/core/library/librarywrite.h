#pragma once

#include "core/call/calldata.h"
#include "core/library/calllibrary.h"

#include <QByteArray>
#include <QSqlDatabase>
#include <QString>

#include <atomic>
#include <functional>
#include <memory>
#include <optional>

// How a call goes into the library, on whichever thread and connection runs it. CallLibrary::save()
// runs it on the caller's connection; LibraryWriter runs it on a worker with a connection of its
// own, so a window never waits for SQLite.
//
// A call is written in two steps:
//  1. one short transaction stores the call's row (body, list columns, a hash of the body). From
//     then on the call is in the library, whatever happens next;
//  2. its full-text rows are brought up to date in slices of about SliceBudgetMs each, every slice
//     its own transaction, so another instance saving at the same time waits a slice, not the
//     seconds a 100,000-turn call takes to index. Only the rows that differ from the stored ones
//     are written: a live call that gained one turn writes one row.
// A body whose hash is the stored one, already indexed, is not written again. An index left
// unfinished (the process was killed or quit mid-way) is finished by resumePendingIndexing() at
// the next start; a newer save of the same call claims its index and the older writer stops.
namespace Revox::LibraryWrite {

inline constexpr int SliceBudgetMs = 100;

struct Request
{
    QByteArray body;
    std::shared_ptr<const Call> call; // parsed from body when null
    LibraryEntry::Source source = LibraryEntry::Source::Api;
    QString sourceDetail;
};

struct Options
{
    int sliceBudgetMs = SliceBudgetMs;
    int maxRowsPerSlice = 20000;
    bool indexNow = true;                    // false: store the row only; the next start indexes it
    const std::atomic<bool> *stop = nullptr; // checked between slices
    // Called after each committed slice with the rows written so far (for tests and progress).
    std::function<void(int rowsWritten)> afterSlice;
};

struct Outcome
{
    enum class Kind {
        Saved,      // row stored and its index complete
        Unchanged,  // the same body was stored and indexed already; only fetched_at moved
        IndexLater, // row stored; its index is finished later (stopped, or indexNow false)
        Superseded, // row stored; a newer save of the call took over its index
        Failed,
    };
    Kind kind = Kind::Failed;
    QString callId;
    QString error; // for Failed: a sentence for the user
    int rowsWritten = 0;
    int slices = 0;

    bool isStored() const { return kind != Kind::Failed; }
};

// A connection of its own to the library file, for one thread, removed when destroyed.
class Connection final
{
    Q_DISABLE_COPY_MOVE(Connection)
public:
    explicit Connection(const QString &path);
    ~Connection();
    bool isOpen() const { return m_db.isOpen(); }
    QString errorString() const { return m_error; }
    QSqlDatabase database() const { return m_db; }

private:
    QString m_name;
    QSqlDatabase m_db;
    QString m_error;
};

// Applies the connection settings every library connection needs (busy timeout, secure delete).
void configure(const QSqlDatabase &db);

Outcome saveCall(const QSqlDatabase &db, const Request &request, const Options &options = {});

// Finishes the index of every call whose index a previous run left unfinished. Returns the calls
// it completed.
QStringList resumePendingIndexing(const QSqlDatabase &db, const Options &options = {});

} // namespace Revox::LibraryWrite
