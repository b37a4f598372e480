#include "core/library/libraryschema.h"

#include "core/library/librarysearch.h"

#include <QVariant>

namespace Revox::LibrarySchema {

// Each migration takes the schema from version (index) to version (index + 1). Never edit a
// migration that has shipped: add a new one.
const QList<QStringList> &migrations()
{
    static const QList<QStringList> steps{
        // v1: the calls themselves.
        {QStringLiteral("CREATE TABLE calls ("
                        " id TEXT PRIMARY KEY NOT NULL,"
                        " body BLOB NOT NULL,"
                        " to_number TEXT,"
                        " status TEXT,"
                        " last_result TEXT,"
                        " created_at TEXT,"
                        " campaign TEXT,"
                        " first_seen_at TEXT NOT NULL,"
                        " fetched_at TEXT NOT NULL,"
                        " source TEXT NOT NULL,"
                        " source_detail TEXT)"),
         QStringLiteral("CREATE INDEX calls_fetched_at ON calls(fetched_at)")},
        // v2: full-text search. The rows live in a plain table (indexed by call, so replacing a
        // call is cheap); FTS5 indexes them as external content kept in sync by triggers.
        {QStringLiteral("CREATE TABLE search_rows ("
                        " id INTEGER PRIMARY KEY,"
                        " call_id TEXT NOT NULL,"
                        " attempt_id TEXT,"
                        " turn_index INTEGER NOT NULL,"
                        " role TEXT,"
                        " content TEXT,"
                        " tool_name TEXT,"
                        " tool_args TEXT)"),
         QStringLiteral("CREATE INDEX search_rows_call ON search_rows(call_id)"),
         QStringLiteral("CREATE VIRTUAL TABLE search_index USING fts5("
                        " content, tool_name, tool_args,"
                        " content='search_rows', content_rowid='id',"
                        " tokenize='unicode61 remove_diacritics 2')"),
         QStringLiteral("CREATE TRIGGER search_rows_ai AFTER INSERT ON search_rows BEGIN"
                        " INSERT INTO search_index(rowid, content, tool_name, tool_args)"
                        " VALUES (new.id, new.content, new.tool_name, new.tool_args); END"),
         QStringLiteral(
             "CREATE TRIGGER search_rows_ad AFTER DELETE ON search_rows BEGIN"
             " INSERT INTO search_index(search_index, rowid, content, tool_name, tool_args)"
             " VALUES ('delete', old.id, old.content, old.tool_name, old.tool_args); END")},
        // v3: saves off the GUI thread, indexed in slices (see LibraryWrite). body_hash lets an
        // unchanged call skip its write; indexed_hash is the body whose rows are complete, so
        // an index left half-done is found and finished; index_claim names the writer doing it.
        {QStringLiteral("ALTER TABLE calls ADD COLUMN body_hash BLOB"),
         QStringLiteral("ALTER TABLE calls ADD COLUMN indexed_hash BLOB"),
         QStringLiteral("ALTER TABLE calls ADD COLUMN index_claim TEXT")},
    };
    return steps;
}

bool insertDocuments(QSqlQuery &insert, const QString &callId, const Call &call)
{
    const QList<LibrarySearch::Document> documents = LibrarySearch::documents(call);
    for (const LibrarySearch::Document &document : documents) {
        insert.bindValue(0, callId);
        insert.bindValue(1,
                         document.attemptId ? QVariant(*document.attemptId)
                                            : QVariant(QMetaType(QMetaType::QString)));
        insert.bindValue(2, document.turnIndex);
        insert.bindValue(3, document.role);
        insert.bindValue(4, LibrarySearch::indexText(document.content));
        insert.bindValue(5, LibrarySearch::indexText(document.toolName));
        insert.bindValue(6, LibrarySearch::indexText(document.toolArguments));
        if (!insert.exec())
            return false;
    }
    return true;
}

QString insertDocumentSql()
{
    return QStringLiteral("INSERT INTO search_rows"
                          " (call_id, attempt_id, turn_index, role, content, tool_name, tool_args)"
                          " VALUES (?, ?, ?, ?, ?, ?, ?)");
}

// SQLite's own words ("file is not a database"), without the driver's "Unable to fetch row".
QString sqlMessage(const QSqlError &error)
{
    return error.databaseText().isEmpty() ? error.text() : error.databaseText();
}

} // namespace Revox::LibrarySchema
