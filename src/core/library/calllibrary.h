#pragma once

#include "core/call/calldata.h"
#include "core/library/librarysearch.h"

#include <QByteArray>
#include <QDateTime>
#include <QFutureWatcher>
#include <QList>
#include <QObject>
#include <QSqlQuery>
#include <QString>

#include <memory>
#include <optional>
#include <vector>

class QSqlDatabase;
class QSqlError;

namespace Revox {

namespace LibraryWrite {
struct Request;
}

class LibraryWriter;
namespace LibraryWrite {
struct Request;
}

// One saved call as listed in the library: the columns of the library panel.
struct LibraryEntry
{
    enum class Source { Api, File };

    QString callId;
    QString toNumber;
    QString status;      // raw API value, empty when absent
    QString lastResult;  // the most recent attempt's raw result, empty when absent
    QDateTime createdAt; // the call's created_at (UTC), invalid when unknown
    QDateTime firstSeenAt;
    QDateTime fetchedAt; // when this copy was saved
    QString campaign;
    Source source = Source::Api;
    QString sourceDetail; // the file path for Source::File

    // What the library lists as the call's date: created_at, else when it was first saved.
    QDateTime date() const { return createdAt.isValid() ? createdAt : firstSeenAt; }
};

struct StoredCall
{
    LibraryEntry entry;
    QByteArray body; // the response exactly as received: CallParser::parse(body) gives the call
};

struct SearchHit
{
    QString callId;
    QString attemptId;  // empty for a call-level hit
    int turnIndex = -1; // -1 when the match is not in a transcript turn
    QString role;
    LibrarySearch::Snippet snippet;
};

// Every call the user fetched or opened, kept in SQLite with a full-text index. A second running
// instance may share the file: WAL mode, a busy timeout and IMMEDIATE write transactions make
// writers queue instead of failing. The file holds call data only; never the API key.
class CallLibrary final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CallLibrary)

public:
    static constexpr int SchemaVersion = 3;
    static constexpr int BusyTimeoutMs = 5000;

    explicit CallLibrary(QObject *parent = nullptr);
    ~CallLibrary() override;

    // <AppDataLocation>/library.sqlite
    static QString defaultPath();

    // Opens or creates the database and brings its schema up to date. On failure the library
    // stays closed, errorString() says why in a sentence for the user and nothing is changed.
    bool open(const QString &path = defaultPath());
    // The same on a worker (checking a large file reads all of it; see LibraryOpen), then
    // openingFinished(): isOpen() or errorString() tell how it went. Calls saved meanwhile are
    // written once it is open.
    void openInBackground(const QString &path = defaultPath());
    bool isOpening() const { return m_openingPending; }
    void close();
    bool isOpen() const;
    QString path() const { return m_path; }
    // Why the library is unavailable, or why the last operation failed.
    QString errorString() const { return m_error; }

    // Saves (or replaces) the call in `body`. Fails for bodies that are not a call with an ID.
    bool save(const QByteArray &body, LibraryEntry::Source source, const QString &sourceDetail = {});
    // The same, for a body already parsed into `call` (by the window that shows it): parsing a
    // call of 100,000 turns again costs half a second and its size in memory a second time.
    bool save(const QByteArray &body,
              const Call &call,
              LibraryEntry::Source source,
              const QString &sourceDetail = {});
    // Saves off the GUI thread (see LibraryWriter): callSaved() when stored, or the writer's
    // saveFailed(). `call` is the body already parsed, when there is one.
    void saveInBackground(const QByteArray &body,
                          const std::shared_ptr<const Call> &call,
                          LibraryEntry::Source source,
                          const QString &sourceDetail = {});
    LibraryWriter *writer() const { return m_writer; }

    std::optional<StoredCall> load(const QString &callId);
    std::optional<LibraryEntry> entry(const QString &callId);
    QList<LibraryEntry> entries();
    bool remove(const QString &callId);
    bool clear();

    // Full-text search; best matches first. Any user text is safe (see matchExpression()).
    QList<SearchHit> search(const QString &query, int limit = 200);

signals:
    void openingFinished();
    void callSaved(const QString &callId);
    void callRemoved(const QString &callId);
    void cleared();

private:
    QSqlDatabase database() const;
    bool write(const LibraryWrite::Request &request);
    bool fail(const QString &message);
    bool finishOpening(const QString &problem);
    bool setError(const QString &context, const QSqlError &error);
    // The query positioned on the call's row, selecting the entry columns plus `extraColumns`;
    // nullopt when the library is closed, the call is not there, or reading failed.
    std::optional<QSqlQuery> selectCall(const QString &callId, const QString &extraColumns);

    QString m_connectionName;
    LibraryWriter *m_writer;
    QString m_path;
    QString m_error;
    QFutureWatcher<QString> m_opening; // LibraryOpen::prepare() on a worker
    bool m_openingPending = false;     // from openInBackground() until its answer is taken
    std::vector<LibraryWrite::Request> m_waitingForOpen; // calls saved while it opens
};

} // namespace Revox
