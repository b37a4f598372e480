#include "core/library/librarywrite.h"

#include "core/call/callparser.h"
#include "core/common/corelogging.h"
#include "core/library/libraryschema.h"
#include "core/library/librarysearch.h"

#include <QAtomicInteger>
#include <QCoreApplication>
#include <QCryptographicHash>
#include <QDateTime>
#include <QElapsedTimer>
#include <QHash>
#include <QSqlQuery>
#include <QUuid>
#include <QVariant>

namespace Revox::LibraryWrite {

using namespace LibrarySchema;

namespace {

QAtomicInteger<quint64> s_connectionCounter;

QString tr(const char *text)
{
    return QCoreApplication::translate("CallLibrary", text);
}

QString failedToSave(const QSqlError &error)
{
    return tr("Not saved in the library: %1").arg(sqlMessage(error));
}

QVariant nullable(const QString &text)
{
    return text.isEmpty() ? QVariant(QMetaType(QMetaType::QString)) : QVariant(text);
}

QString isoNow()
{
    return QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs);
}

QString isoText(const QDateTime &time)
{
    return time.isValid() ? time.toUTC().toString(Qt::ISODateWithMs) : QString();
}

OpenEnum lastResult(const Call &call)
{
    if (call.lastCallAttempt && call.lastCallAttempt->result)
        return call.lastCallAttempt->result;
    return call.callAttempts.isEmpty() ? OpenEnum() : call.callAttempts.constFirst().result;
}

// One full-text row as stored: the text already passed through indexText().
struct Row
{
    QVariant attemptId; // null for the call-level row
    int turnIndex = -1;
    QString role;
    QString content;
    QString toolName;
    QString toolArguments;

    // Two rows with the same key are the same row: nothing to write.
    QString key() const
    {
        const QChar separator(0x1f);
        return (attemptId.isNull() ? QStringLiteral("\x1e") : attemptId.toString()) + separator
               + QString::number(turnIndex) + separator + role + separator + content + separator
               + toolName + separator + toolArguments;
    }
};

QList<Row> rowsOf(const Call &call)
{
    QList<Row> rows;
    const QList<LibrarySearch::Document> documents = LibrarySearch::documents(call);
    rows.reserve(documents.size());
    for (const LibrarySearch::Document &document : documents) {
        rows.append({document.attemptId ? QVariant(*document.attemptId)
                                        : QVariant(QMetaType(QMetaType::QString)),
                     document.turnIndex,
                     document.role,
                     LibrarySearch::indexText(document.content),
                     LibrarySearch::indexText(document.toolName),
                     LibrarySearch::indexText(document.toolArguments)});
    }
    return rows;
}

struct IndexChanges
{
    QList<qint64> deletions; // search_rows ids
    QList<Row> insertions;
    int size() const { return int(deletions.size() + insertions.size()); }
};

std::optional<IndexChanges> changesFor(const QSqlDatabase &db,
                                       const QString &callId,
                                       const Call &call,
                                       QSqlError &error)
{
    QSqlQuery stored(db);
    stored.setForwardOnly(true);
    stored.prepare(QStringLiteral("SELECT id, attempt_id, turn_index, role, content, tool_name,"
                                  " tool_args FROM search_rows WHERE call_id = ?"));
    stored.addBindValue(callId);
    if (!stored.exec()) {
        error = stored.lastError();
        return std::nullopt;
    }
    QHash<QString, QList<qint64>> storedIds;
    while (stored.next()) {
        const Row row{stored.value(1),
                      stored.value(2).toInt(),
                      stored.value(3).toString(),
                      stored.value(4).toString(),
                      stored.value(5).toString(),
                      stored.value(6).toString()};
        storedIds[row.key()].append(stored.value(0).toLongLong());
    }

    IndexChanges changes;
    const QList<Row> wanted = rowsOf(call);
    for (const Row &row : wanted) {
        const auto found = storedIds.find(row.key());
        if (found != storedIds.end() && !found->isEmpty())
            found->removeLast(); // already stored as it is
        else
            changes.insertions.append(row);
    }
    for (const QList<qint64> &ids : std::as_const(storedIds))
        changes.deletions.append(ids);
    return changes;
}

// Whether this writer still owns the call's index: no newer body and no newer claim.
bool stillClaimed(QSqlQuery &query,
                  const QString &callId,
                  const QByteArray &hash,
                  const QString &claim,
                  QSqlError &error)
{
    query.prepare(QStringLiteral("SELECT body_hash, index_claim FROM calls WHERE id = ?"));
    query.addBindValue(callId);
    if (!query.exec()) {
        error = query.lastError();
        return false;
    }
    const bool claimed = query.next() && query.value(0).toByteArray() == hash
                         && query.value(1).toString() == claim;
    query.finish();
    return claimed;
}

// Step 2: brings the call's full-text rows up to date, slice by slice.
Outcome indexCall(const QSqlDatabase &db,
                  const QString &callId,
                  const Call &call,
                  const QByteArray &hash,
                  const QString &claim,
                  const Options &options)
{
    Outcome outcome{Outcome::Kind::Saved, callId, {}, 0, 0};
    QSqlError error;
    const std::optional<IndexChanges> changes = changesFor(db, callId, call, error);
    if (!changes) {
        qCWarning(lcLibrary).noquote() << "reading the index of" << callId << sqlMessage(error);
        outcome.kind = Outcome::Kind::IndexLater;
        return outcome;
    }

    qsizetype nextDeletion = 0;
    qsizetype nextInsertion = 0;
    // The row is stored either way: an index that cannot go on now is finished by a newer writer
    // or at the next start.
    const auto leaveForLater = [&](const QSqlError &why) {
        if (why.isValid())
            qCWarning(lcLibrary).noquote() << "indexing" << callId << "paused:" << sqlMessage(why);
        outcome.kind = Outcome::Kind::IndexLater;
        return outcome;
    };
    QElapsedTimer sliceTime;
    while (true) {
        if (options.stop && options.stop->load())
            return leaveForLater({});
        WriteTransaction transaction(db);
        if (!transaction.isActive())
            return leaveForLater(transaction.error());
        QSqlQuery query(db);
        error = QSqlError();
        if (!stillClaimed(query, callId, hash, claim, error)) {
            if (error.isValid())
                return leaveForLater(error);
            outcome.kind = Outcome::Kind::Superseded;
            return outcome;
        }
        sliceTime.start();
        int rowsInSlice = 0;
        const auto sliceFull = [&] {
            return rowsInSlice >= options.maxRowsPerSlice
                   || sliceTime.elapsed() >= options.sliceBudgetMs;
        };
        if (nextDeletion < changes->deletions.size()) {
            query.prepare(QStringLiteral("DELETE FROM search_rows WHERE id = ?"));
            while (nextDeletion < changes->deletions.size() && !sliceFull()) {
                query.bindValue(0, changes->deletions.at(nextDeletion));
                if (!query.exec())
                    return leaveForLater(query.lastError());
                ++nextDeletion;
                ++rowsInSlice;
            }
        }
        if (nextDeletion == changes->deletions.size()) {
            query.prepare(insertDocumentSql());
            while (nextInsertion < changes->insertions.size() && !sliceFull()) {
                const Row &row = changes->insertions.at(nextInsertion);
                query.bindValue(0, callId);
                query.bindValue(1, row.attemptId);
                query.bindValue(2, row.turnIndex);
                query.bindValue(3, row.role);
                query.bindValue(4, row.content);
                query.bindValue(5, row.toolName);
                query.bindValue(6, row.toolArguments);
                if (!query.exec())
                    return leaveForLater(query.lastError());
                ++nextInsertion;
                ++rowsInSlice;
            }
        }
        const bool done = nextDeletion == changes->deletions.size()
                          && nextInsertion == changes->insertions.size();
        if (done) {
            query.prepare(QStringLiteral(
                "UPDATE calls SET indexed_hash = body_hash, index_claim = NULL WHERE id = ?"));
            query.addBindValue(callId);
            if (!query.exec())
                return leaveForLater(query.lastError());
        }
        query.finish();
        if (!transaction.commit())
            return leaveForLater(transaction.error());
        outcome.rowsWritten += rowsInSlice;
        ++outcome.slices;
        if (options.afterSlice)
            options.afterSlice(outcome.rowsWritten);
        if (done)
            return outcome;
    }
}

} // namespace

Connection::Connection(const QString &path)
    : m_name(QStringLiteral("revox-library-writer-%1").arg(++s_connectionCounter))
{
    m_db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_name);
    m_db.setDatabaseName(path);
    m_db.setConnectOptions(
        QStringLiteral("QSQLITE_BUSY_TIMEOUT=%1").arg(CallLibrary::BusyTimeoutMs));
    if (!m_db.open())
        m_error = sqlMessage(m_db.lastError());
    else
        configure(m_db);
}

Connection::~Connection()
{
    m_db.close();
    m_db = QSqlDatabase();
    QSqlDatabase::removeDatabase(m_name);
}

void configure(const QSqlDatabase &db)
{
    QSqlQuery query(db);
    query.exec(QStringLiteral("PRAGMA busy_timeout=%1").arg(CallLibrary::BusyTimeoutMs));
    // With WAL, NORMAL never corrupts the file; a power cut may only lose the last saves, which
    // the next fetch redoes. FULL would fsync on every save.
    query.exec(QStringLiteral("PRAGMA synchronous=NORMAL"));
    // Deleted calls are overwritten on disk, not just unlinked: "clear all" should mean it.
    query.exec(QStringLiteral("PRAGMA secure_delete=ON"));
}

Outcome saveCall(const QSqlDatabase &db, const Request &request, const Options &options)
{
    std::optional<Call> parsedHere;
    if (!request.call) { // a body handed over unparsed is parsed here, on the writer's thread
        CallParseResult parsed = CallParser::parse(request.body);
        if (!parsed.call)
            return {Outcome::Kind::Failed,
                    {},
                    tr("Not saved in the library: %1").arg(parsed.error.message)};
        parsedHere = std::move(parsed.call);
    }
    const Call &call = request.call ? *request.call : *parsedHere;
    if (call.id.trimmed().isEmpty())
        return {Outcome::Kind::Failed, {}, tr("Not saved in the library: the call has no ID.")};

    const QByteArray hash = QCryptographicHash::hash(request.body, QCryptographicHash::Sha256);
    const QString claim = QUuid::createUuid().toString(QUuid::WithoutBraces);
    const QString now = isoNow();
    const QString source = request.source == LibraryEntry::Source::File ? QStringLiteral("file")
                                                                        : QStringLiteral("api");

    // Step 1: the call's row, in one short transaction.
    WriteTransaction transaction(db);
    if (!transaction.isActive())
        return {Outcome::Kind::Failed, call.id, failedToSave(transaction.error())};
    QSqlQuery query(db);
    query.prepare(QStringLiteral("SELECT body_hash, indexed_hash FROM calls WHERE id = ?"));
    query.addBindValue(call.id);
    if (!query.exec())
        return {Outcome::Kind::Failed, call.id, failedToSave(query.lastError())};
    const bool sameBody = query.next() && query.value(0).toByteArray() == hash;
    const bool indexed = sameBody && query.value(1).toByteArray() == hash;
    query.finish();

    if (sameBody) {
        // Fetched again, unchanged: record when, and claim the index if it is unfinished.
        query.prepare(
            QStringLiteral("UPDATE calls SET fetched_at = ?, source = ?, source_detail = ?,"
                           " index_claim = CASE WHEN indexed_hash IS body_hash THEN NULL ELSE ? "
                           "END WHERE id = ?"));
        query.addBindValue(now);
        query.addBindValue(source);
        query.addBindValue(nullable(request.sourceDetail));
        query.addBindValue(claim);
        query.addBindValue(call.id);
    } else {
        query.prepare(QStringLiteral(
            "INSERT INTO calls (id, body, to_number, status, last_result, created_at, campaign,"
            " first_seen_at, fetched_at, source, source_detail, body_hash, index_claim)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
            " ON CONFLICT(id) DO UPDATE SET body = excluded.body, to_number = excluded.to_number,"
            " status = excluded.status, last_result = excluded.last_result,"
            " created_at = excluded.created_at, campaign = excluded.campaign,"
            " fetched_at = excluded.fetched_at, source = excluded.source,"
            " source_detail = excluded.source_detail, body_hash = excluded.body_hash,"
            " index_claim = excluded.index_claim"));
        query.addBindValue(call.id);
        query.addBindValue(request.body);
        query.addBindValue(nullable(call.toPhoneNumber.value_or(QString())));
        query.addBindValue(nullable(call.status.value_or(QString())));
        query.addBindValue(nullable(lastResult(call).value_or(QString())));
        query.addBindValue(nullable(isoText(call.createdAt.utc())));
        query.addBindValue(
            nullable(call.campaign ? call.campaign->name.value_or(QString()) : QString()));
        query.addBindValue(now);
        query.addBindValue(now);
        query.addBindValue(source);
        query.addBindValue(nullable(request.sourceDetail));
        query.addBindValue(hash);
        query.addBindValue(claim);
    }
    if (!query.exec())
        return {Outcome::Kind::Failed, call.id, failedToSave(query.lastError())};
    query.finish();
    if (!transaction.commit())
        return {Outcome::Kind::Failed, call.id, failedToSave(transaction.error())};

    if (indexed)
        return {Outcome::Kind::Unchanged, call.id, {}};
    if (!options.indexNow)
        return {Outcome::Kind::IndexLater, call.id, {}};
    return indexCall(db, call.id, call, hash, claim, options);
}

QStringList resumePendingIndexing(const QSqlDatabase &db, const Options &options)
{
    QStringList completed;
    QStringList pending;
    {
        // Rows written before hashes existed (schema 2) have no body_hash and were indexed whole.
        QSqlQuery query(db);
        query.setForwardOnly(true);
        if (!query.exec(QStringLiteral("SELECT id FROM calls WHERE body_hash IS NOT NULL"
                                       " AND indexed_hash IS NOT body_hash")))
            return completed;
        while (query.next())
            pending.append(query.value(0).toString());
    }
    for (const QString &callId : std::as_const(pending)) {
        if (options.stop && options.stop->load())
            break;
        const QString claim = QUuid::createUuid().toString(QUuid::WithoutBraces);
        QByteArray body;
        QByteArray hash;
        {
            WriteTransaction transaction(db);
            if (!transaction.isActive())
                break; // busy: the next start tries again
            QSqlQuery query(db);
            query.prepare(QStringLiteral("UPDATE calls SET index_claim = ? WHERE id = ?"
                                         " AND indexed_hash IS NOT body_hash"));
            query.addBindValue(claim);
            query.addBindValue(callId);
            if (!query.exec() || query.numRowsAffected() != 1)
                continue; // indexed meanwhile, or gone
            query.prepare(QStringLiteral("SELECT body, body_hash FROM calls WHERE id = ?"));
            query.addBindValue(callId);
            if (!query.exec() || !query.next())
                continue;
            body = query.value(0).toByteArray();
            hash = query.value(1).toByteArray();
            query.finish();
            if (!transaction.commit())
                continue;
        }
        const CallParseResult parsed = CallParser::parse(body);
        if (!parsed.call)
            continue;
        const Outcome outcome = indexCall(db, callId, *parsed.call, hash, claim, options);
        if (outcome.kind == Outcome::Kind::Saved)
            completed.append(callId);
    }
    return completed;
}

} // namespace Revox::LibraryWrite
