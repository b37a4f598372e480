#include "core/library/calllibrary.h"

#include "core/common/corelogging.h"
#include "core/library/libraryopen.h"
#include "core/library/libraryschema.h"
#include "core/library/librarywrite.h"
#include "core/library/librarywriter.h"

#include <QAtomicInteger>
#include <QDir>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QVariant>
#include <QtConcurrent/QtConcurrentRun>

#include <utility>

namespace Revox {

using namespace LibrarySchema;

namespace {

// Runs `statements` on one query in a write transaction, committed only when they all succeed.
// The error that stopped it; nothing when it was committed.
template<typename Statements>
std::optional<QSqlError> writeInTransaction(const QSqlDatabase &db, Statements &&statements)
{
    WriteTransaction transaction(db);
    if (!transaction.isActive())
        return transaction.error();
    QSqlQuery query(db);
    if (!statements(query))
        return query.lastError();
    query.finish();
    if (!transaction.commit())
        return transaction.error();
    return std::nullopt;
}

QAtomicInteger<quint64> s_connectionCounter;

QDateTime fromIsoText(const QVariant &value)
{
    QDateTime time = QDateTime::fromString(value.toString(), Qt::ISODateWithMs);
    return time.isValid() ? time.toUTC() : QDateTime();
}

LibraryEntry entryFromQuery(const QSqlQuery &query)
{
    // Column order of selectEntryColumns().
    LibraryEntry entry;
    entry.callId = query.value(0).toString();
    entry.toNumber = query.value(1).toString();
    entry.status = query.value(2).toString();
    entry.lastResult = query.value(3).toString();
    entry.createdAt = fromIsoText(query.value(4));
    entry.campaign = query.value(5).toString();
    entry.firstSeenAt = fromIsoText(query.value(6));
    entry.fetchedAt = fromIsoText(query.value(7));
    entry.source = query.value(8).toString() == QLatin1String("file") ? LibraryEntry::Source::File
                                                                      : LibraryEntry::Source::Api;
    entry.sourceDetail = query.value(9).toString();
    return entry;
}

QString selectEntryColumns()
{
    return QStringLiteral("SELECT id, to_number, status, last_result, created_at, campaign,"
                          " first_seen_at, fetched_at, source, source_detail");
}

} // namespace

CallLibrary::CallLibrary(QObject *parent)
    : QObject(parent)
    , m_connectionName(QStringLiteral("revox-library-%1").arg(++s_connectionCounter))
    , m_writer(new LibraryWriter(this))
{
    connect(m_writer, &LibraryWriter::saved, this, &CallLibrary::callSaved);
    connect(&m_opening, &QFutureWatcher<QString>::finished, this, [this] {
        if (!m_openingPending)
            return; // closed (or opened again at once) since: nobody waits for this answer
        finishOpening(m_opening.result());
        emit openingFinished();
    });
}

CallLibrary::~CallLibrary()
{
    close();
}

QString CallLibrary::defaultPath()
{
    const QString dir = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
    return dir.isEmpty() ? QString() : QDir(dir).filePath(QStringLiteral("library.sqlite"));
}

QSqlDatabase CallLibrary::database() const
{
    return QSqlDatabase::database(m_connectionName, false);
}

bool CallLibrary::isOpen() const
{
    return QSqlDatabase::contains(m_connectionName) && database().isOpen();
}

bool CallLibrary::fail(const QString &message)
{
    m_error = message;
    qCWarning(lcLibrary).noquote() << message;
    close();
    return false;
}

bool CallLibrary::setError(const QString &context, const QSqlError &error)
{
    m_error = tr("%1: %2").arg(context, sqlMessage(error));
    qCWarning(lcLibrary).noquote() << m_error;
    return false;
}

bool CallLibrary::open(const QString &path)
{
    close();
    m_path = path;
    m_error.clear();
    return finishOpening(LibraryOpen::prepare(path));
}

void CallLibrary::openInBackground(const QString &path)
{
    close();
    m_path = path;
    m_error.clear();
    m_openingPending = true;
    m_opening.setFuture(QtConcurrent::run(m_writer->pool(), &LibraryOpen::prepare, path));
}

// Called with what LibraryOpen::prepare() found: the file is ready (checked, upgraded) or why
// it cannot be used. What is left is quick: this thread's own connection.
bool CallLibrary::finishOpening(const QString &problem)
{
    m_openingPending = false;
    const std::vector<LibraryWrite::Request> waiting = std::exchange(m_waitingForOpen, {});
    if (!problem.isEmpty())
        return fail(problem);
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_connectionName);
        db.setDatabaseName(m_path);
        db.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=%1").arg(BusyTimeoutMs));
        if (!db.open())
            return fail(tr("The call library is off: %1 cannot be opened (%2). The app works "
                           "without it.")
                            .arg(QDir::toNativeSeparators(m_path), sqlMessage(db.lastError())));
        LibraryWrite::configure(db);
    }
    qCDebug(lcLibrary) << "library open at" << m_path << "schema" << SchemaVersion;
    m_writer->setPath(m_path);
    m_writer->resumeIndexing();
    for (const LibraryWrite::Request &request : waiting)
        m_writer->save(request);
    return true;
}

void CallLibrary::close()
{
    if (std::exchange(m_openingPending, false) && !m_waitingForOpen.empty()) {
        // Quitting while the file is still being checked: the calls shown meanwhile are kept
        // all the same (the writer stores their rows as it finishes, below).
        m_opening.waitForFinished();
        finishOpening(m_opening.result());
    }
    m_waitingForOpen.clear();
    m_writer->finish();
    m_writer->setPath({});
    if (!QSqlDatabase::contains(m_connectionName))
        return;
    {
        QSqlDatabase db = database();
        db.close();
    }
    QSqlDatabase::removeDatabase(m_connectionName);
}

bool CallLibrary::save(const QByteArray &body,
                       LibraryEntry::Source source,
                       const QString &sourceDetail)
{
    return write({body, nullptr, source, sourceDetail}); // saveCall() parses it
}

bool CallLibrary::save(const QByteArray &body,
                       const Call &call,
                       LibraryEntry::Source source,
                       const QString &sourceDetail)
{
    return write({body, std::make_shared<const Call>(call), source, sourceDetail});
}

bool CallLibrary::write(const LibraryWrite::Request &request)
{
    if (!isOpen()) {
        m_error = m_error.isEmpty() ? tr("The call library is not open.") : m_error;
        return false;
    }
    const LibraryWrite::Outcome outcome = LibraryWrite::saveCall(database(), request);
    if (!outcome.isStored()) {
        m_error = outcome.error;
        qCWarning(lcLibrary).noquote() << m_error;
        return false;
    }
    emit callSaved(outcome.callId);
    return true;
}

void CallLibrary::saveInBackground(const QByteArray &body,
                                   const std::shared_ptr<const Call> &call,
                                   LibraryEntry::Source source,
                                   const QString &sourceDetail)
{
    if (isOpen())
        m_writer->save({body, call, source, sourceDetail});
    else if (isOpening())
        m_waitingForOpen.push_back({body, call, source, sourceDetail});
}

std::optional<QSqlQuery> CallLibrary::selectCall(const QString &callId, const QString &extraColumns)
{
    if (!isOpen())
        return std::nullopt;
    QSqlQuery query(database());
    query.prepare(selectEntryColumns() + extraColumns + QStringLiteral(" FROM calls WHERE id = ?"));
    query.addBindValue(callId);
    if (!query.exec()) {
        setError(tr("Reading the library"), query.lastError());
        return std::nullopt;
    }
    if (!query.next())
        return std::nullopt;
    return query;
}

std::optional<StoredCall> CallLibrary::load(const QString &callId)
{
    const auto query = selectCall(callId, QStringLiteral(", body"));
    if (!query)
        return std::nullopt;
    return StoredCall{entryFromQuery(*query), query->value(10).toByteArray()};
}

// Not load() without the body: the body can be megabytes, and the list only needs the columns.
std::optional<LibraryEntry> CallLibrary::entry(const QString &callId)
{
    const auto query = selectCall(callId, QString());
    if (!query)
        return std::nullopt;
    return entryFromQuery(*query);
}

QList<LibraryEntry> CallLibrary::entries()
{
    QList<LibraryEntry> result;
    if (!isOpen())
        return result;
    QSqlQuery query(database());
    query.setForwardOnly(true);
    if (!query.exec(selectEntryColumns() + QStringLiteral(" FROM calls ORDER BY fetched_at DESC"))) {
        setError(tr("Reading the library"), query.lastError());
        return result;
    }
    while (query.next())
        result.append(entryFromQuery(query));
    return result;
}

bool CallLibrary::remove(const QString &callId)
{
    if (!isOpen())
        return false;
    bool existed = false;
    const auto error = writeInTransaction(database(), [&](QSqlQuery &query) {
        for (const char *sql :
             {"DELETE FROM search_rows WHERE call_id = ?", "DELETE FROM calls WHERE id = ?"}) {
            query.prepare(QString::fromLatin1(sql));
            query.addBindValue(callId);
            if (!query.exec())
                return false;
        }
        existed = query.numRowsAffected() > 0;
        return true;
    });
    if (error)
        return setError(tr("Not deleted"), *error);
    if (existed)
        emit callRemoved(callId);
    return true;
}

bool CallLibrary::clear()
{
    if (!isOpen())
        return false;
    QSqlDatabase db = database();
    const auto error = writeInTransaction(db, [](QSqlQuery &query) {
        return query.exec(QStringLiteral("DELETE FROM search_rows"))
               && query.exec(QStringLiteral("DELETE FROM calls"));
    });
    if (error)
        return setError(tr("The library was not cleared"), *error);
    // Move the deletions out of the write-ahead log into the (securely overwritten) main file.
    QSqlQuery(db).exec(QStringLiteral("PRAGMA wal_checkpoint(TRUNCATE)"));
    emit cleared();
    return true;
}

QList<SearchHit> CallLibrary::search(const QString &text, int limit)
{
    QList<SearchHit> hits;
    const QString expression = LibrarySearch::matchExpression(text);
    if (!isOpen() || expression.isEmpty())
        return hits;

    QSqlQuery query(database());
    query.setForwardOnly(true);
    query.prepare(
        QStringLiteral("SELECT r.call_id, r.attempt_id, r.turn_index, r.role,"
                       " snippet(search_index, -1, char(2), char(3), '%1', 24)"
                       " FROM search_index JOIN search_rows r ON r.id = search_index.rowid"
                       " WHERE search_index MATCH ? ORDER BY rank LIMIT ?")
            .arg(QChar(0x2026)));
    query.addBindValue(expression);
    query.addBindValue(limit);
    if (!query.exec()) {
        setError(tr("Searching the library"), query.lastError());
        return hits;
    }
    while (query.next()) {
        SearchHit hit;
        hit.callId = query.value(0).toString();
        hit.attemptId = query.value(1).toString();
        hit.turnIndex = query.value(2).toInt();
        hit.role = query.value(3).toString();
        hit.snippet = LibrarySearch::parseSnippet(query.value(4).toString());
        hits.append(hit);
    }
    return hits;
}

} // namespace Revox
