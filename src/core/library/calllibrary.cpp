#include "core/library/calllibrary.h"

#include "core/call/callparser.h"
#include "core/common/corelogging.h"
#include "core/library/libraryschema.h"
#include "core/library/librarywrite.h"
#include "core/library/librarywriter.h"

#include <QAtomicInteger>
#include <QDir>
#include <QFileInfo>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QVariant>

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
    const QString shown = QDir::toNativeSeparators(path);

    if (path.isEmpty())
        return fail(tr("The call library is off: this system has no folder for application data."));
    if (!QSqlDatabase::isDriverAvailable(QStringLiteral("QSQLITE")))
        return fail(tr("The call library is off: Qt's SQLite driver is not installed "
                       "(Debian package libqt6sql6-sqlite)."));

    const QFileInfo info(path);
    if (!QDir().mkpath(info.absolutePath()))
        return fail(tr("The call library is off: the folder %1 cannot be created. "
                       "The app works without it.")
                        .arg(QDir::toNativeSeparators(info.absolutePath())));
    if (info.exists() && (!info.isReadable() || !info.isWritable()))
        return fail(tr("The call library is off: no permission to read and write %1. "
                       "The app works without it.")
                        .arg(shown));

    if (const QString problem = connectAndCheck(path, shown); !problem.isEmpty())
        return fail(problem);

    if (!migrate()) {
        const QString why = m_error;
        return fail(
            tr("The call library is off: %1 could not be prepared (%2). The app works without it.")
                .arg(shown, why));
    }
    qCDebug(lcLibrary) << "library open at" << path << "schema" << SchemaVersion;
    m_writer->setPath(path);
    m_writer->resumeIndexing();
    return true;
}

// Opens the connection and checks the file before anything is written to it. Returns why the
// library cannot be used, or nothing. Every query object is gone on return, so the connection can
// be removed cleanly on failure.
QString CallLibrary::connectAndCheck(const QString &path, const QString &shown)
{
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_connectionName);
        db.setDatabaseName(path);
        db.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=%1").arg(BusyTimeoutMs));
        if (!db.open())
            return tr("The call library is off: %1 cannot be opened (%2). The app works without "
                      "it.")
                .arg(shown, sqlMessage(db.lastError()));
    }

    QSqlQuery query(database());
    // Read before anything writes: a file from a newer version, or not a database at all, is
    // left exactly as it was.
    if (!query.exec(QStringLiteral("PRAGMA user_version")) || !query.next())
        return tr("The call library is off: %1 cannot be read (%2). The app works without it; "
                  "move the file away to start a new library.")
            .arg(shown, sqlMessage(query.lastError()));
    const int version = query.value(0).toInt();
    if (version > SchemaVersion)
        return tr("The call library is off: %1 was written by a newer version of this app "
                  "(schema %2; this version reads up to %3). It is left untouched.")
            .arg(shown)
            .arg(version)
            .arg(SchemaVersion);

    if (!query.exec(QStringLiteral("PRAGMA quick_check")))
        return tr("The call library is off: %1 cannot be read (%2). The app works without it; "
                  "move the file away to start a new library.")
            .arg(shown, sqlMessage(query.lastError()));
    QStringList problems;
    while (query.next()) {
        const QString line = query.value(0).toString();
        const QStringList lines = line.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        for (const QString &problem : lines) {
            if (problem != QLatin1String("ok") && !problem.startsWith(QLatin1String("***")))
                problems << problem;
        }
    }
    if (!problems.isEmpty())
        return tr("The call library is off: %1 is damaged (%2). The app works without it; "
                  "move the file away to start a new library.")
            .arg(shown, problems.mid(0, 3).join(QStringLiteral("; ")));

    if (!query.exec(QStringLiteral("PRAGMA journal_mode=WAL")) || !query.next())
        return tr("The call library is off: %1 cannot be written (%2). The app works without it.")
            .arg(shown, sqlMessage(query.lastError()));
    if (query.value(0).toString().compare(QLatin1String("wal"), Qt::CaseInsensitive) != 0)
        qCWarning(lcLibrary) << "journal mode stays" << query.value(0).toString();
    query.finish();
    LibraryWrite::configure(database());
    return {};
}

bool CallLibrary::migrate()
{
    QSqlDatabase db = database();
    QSqlQuery query(db);
    if (!query.exec(QStringLiteral("PRAGMA user_version")) || !query.next())
        return setError(tr("reading the schema version"), query.lastError());
    int version = query.value(0).toInt();
    query.finish();

    while (version < SchemaVersion) {
        WriteTransaction transaction(db);
        if (!transaction.isActive())
            return setError(tr("starting the upgrade"), transaction.error());
        // Another instance may have upgraded while this one waited for the lock.
        if (!query.exec(QStringLiteral("PRAGMA user_version")) || !query.next())
            return setError(tr("reading the schema version"), query.lastError());
        version = query.value(0).toInt();
        query.finish();
        if (version >= SchemaVersion)
            break;

        for (const QString &statement : migrations().at(version)) {
            if (!query.exec(statement))
                return setError(tr("upgrading to schema %1").arg(version + 1), query.lastError());
        }
        if (version + 1 == 2) {
            // The index starts with every call already saved.
            QSqlQuery calls(db);
            QSqlQuery insert(db);
            if (!calls.exec(QStringLiteral("SELECT id, body FROM calls"))
                || !insert.prepare(insertDocumentSql()))
                return setError(tr("indexing saved calls"), calls.lastError());
            while (calls.next()) {
                const CallParseResult parsed = CallParser::parse(calls.value(1).toByteArray());
                if (parsed.call && !insertDocuments(insert, calls.value(0).toString(), *parsed.call))
                    return setError(tr("indexing saved calls"), insert.lastError());
            }
        }
        if (!query.exec(QStringLiteral("PRAGMA user_version=%1").arg(version + 1)))
            return setError(tr("upgrading to schema %1").arg(version + 1), query.lastError());
        query.finish();
        if (!transaction.commit())
            return setError(tr("upgrading to schema %1").arg(version + 1), transaction.error());
        ++version;
    }
    return true;
}

void CallLibrary::close()
{
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
