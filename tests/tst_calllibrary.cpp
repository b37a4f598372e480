#include "core/call/callparser.h"
#include "core/call/samplecall.h"
#include "core/library/calllibrary.h"
#include "librarytestdata.h"
#include "support/parseagreement.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSet>
#include <QSignalSpy>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <cstdio>
#include <unistd.h>

using namespace Revox;
using namespace LibraryTestData;

namespace {

const QString SampleId = QStringLiteral("call_01JD8X4K2M7QY5ZP3N6RWTB9HE");
const QString SampleAttempt = QStringLiteral("att_3c9e1f07");

// The first schema exactly as version 1 shipped it; the migration test opens a file made by it.
const QStringList SchemaV1{
    QStringLiteral("CREATE TABLE calls (id TEXT PRIMARY KEY NOT NULL, body BLOB NOT NULL,"
                   " to_number TEXT, status TEXT, last_result TEXT, created_at TEXT, campaign TEXT,"
                   " first_seen_at TEXT NOT NULL, fetched_at TEXT NOT NULL, source TEXT NOT NULL,"
                   " source_detail TEXT)"),
    QStringLiteral("CREATE INDEX calls_fetched_at ON calls(fetched_at)"),
    QStringLiteral("PRAGMA user_version=1"),
};

QByteArray readFile(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

void writeFile(const QString &path, const QByteArray &bytes)
{
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
    QCOMPARE(file.write(bytes), bytes.size());
}

// Runs SQL on a raw connection, as another program (or an older version) would.
bool runSql(const QString &path, const QStringList &statements, const QList<QVariantList> &rows = {})
{
    const QString name = QStringLiteral("raw-%1").arg(quintptr(&statements));
    bool ok = true;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
        db.setDatabaseName(path);
        ok = db.open();
        QSqlQuery query(db);
        for (const QString &statement : statements) {
            if (!rows.isEmpty() && statement.startsWith(QLatin1String("INSERT"))) {
                for (const QVariantList &row : rows) {
                    query.prepare(statement);
                    for (const QVariant &value : row)
                        query.addBindValue(value);
                    ok = ok && query.exec();
                }
            } else {
                ok = ok && query.exec(statement);
            }
        }
        query.finish();
        db.close();
    }
    QSqlDatabase::removeDatabase(name);
    return ok;
}

bool hasHit(const QList<SearchHit> &hits,
            const QString &callId,
            const QString &attemptId,
            int turn,
            const QString &highlight)
{
    for (const SearchHit &hit : hits) {
        if (hit.callId != callId || hit.attemptId != attemptId || hit.turnIndex != turn)
            continue;
        for (const auto &range : hit.snippet.highlights) {
            if (hit.snippet.text.mid(range.first, range.second) == highlight)
                return true;
        }
    }
    return false;
}

QString describe(const QList<SearchHit> &hits)
{
    QStringList lines;
    for (const SearchHit &hit : hits)
        lines << QStringLiteral("%1/%2/%3: %4")
                     .arg(hit.callId, hit.attemptId)
                     .arg(hit.turnIndex)
                     .arg(hit.snippet.text);
    return lines.join(QLatin1Char('\n'));
}

// --- child process modes (the test binary re-invoked) ---------------------------------------

// Opens the library, starts a write transaction, writes several megabytes (spilling uncommitted
// pages into the WAL), says so, and waits to be killed.
int holdTransaction(const QString &path)
{
    QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("child"));
    db.setDatabaseName(path);
    if (!db.open())
        return 2;
    QSqlQuery query(db);
    query.exec(QStringLiteral("PRAGMA busy_timeout=5000"));
    query.exec(QStringLiteral("PRAGMA cache_size=-256"));
    if (!query.exec(QStringLiteral("BEGIN IMMEDIATE")))
        return 3;
    const QByteArray filler(4096, 'x');
    for (int i = 0; i < 2000; ++i) {
        query.prepare(
            QStringLiteral("INSERT INTO calls (id, body, first_seen_at, fetched_at, source)"
                           " VALUES (?, ?, 'now', 'now', 'api')"));
        query.addBindValue(QStringLiteral("uncommitted_%1").arg(i));
        query.addBindValue(filler);
        if (!query.exec())
            return 4;
        query.prepare(QStringLiteral(
            "INSERT INTO search_rows (call_id, turn_index, content) VALUES (?, 0, ?)"));
        query.addBindValue(QStringLiteral("uncommitted_%1").arg(i));
        query.addBindValue(QStringLiteral("uncommittedword number %1").arg(i));
        if (!query.exec())
            return 5;
    }
    std::fputs("writing\n", stdout);
    std::fflush(stdout);
    QThread::sleep(120);
    return 6; // never reached: the parent kills this process
}

int saveMany(const QString &path, const QString &prefix, int count)
{
    CallLibrary library;
    if (!library.open(path)) {
        std::fprintf(stderr, "%s\n", qPrintable(library.errorString()));
        return 2;
    }
    for (int i = 0; i < count; ++i) {
        if (!library.save(smallCall(QStringLiteral("%1_%2").arg(prefix).arg(i), prefix),
                          LibraryEntry::Source::Api)) {
            std::fprintf(stderr, "%s\n", qPrintable(library.errorString()));
            return 3;
        }
    }
    return 0;
}

} // namespace

class tst_CallLibrary : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void defaultPathIsAppData();
    void roundTrip_data();
    void roundTrip();
    void rejectsWhatIsNotACall_data();
    void rejectsWhatIsNotACall();
    void resavingReplacesAndKeepsFirstSeen();
    void savingTheShownCallStoresWhatSavingItsBodyStores();
    void search_data();
    void search();
    void hostileQueriesAreText_data();
    void hostileQueriesAreText();
    void deleteAndClear();
    void migratesFromFirstSchema();
    void refusesSchemaFromTheFuture();
    void unreadableDatabase_data();
    void unreadableDatabase();
    void folderCannotBeCreated();
    void pathIsAFolder();
    void noPermission();
    void killedWriterLeavesPriorData();
    void concurrentWriters();

private:
    QString dbPath() const { return m_dir->filePath(QStringLiteral("library.sqlite")); }
    std::unique_ptr<QTemporaryDir> m_dir;
};

// The window hands the library the call it already parsed; what is stored and found must be
// exactly what saving the body alone stores.
void tst_CallLibrary::savingTheShownCallStoresWhatSavingItsBodyStores()
{
    const QList<QByteArray> bodies{SampleCall::json(), multilingualCall()};
    CallLibrary fromBody;
    CallLibrary fromCall;
    QVERIFY(fromBody.open(m_dir->filePath(QStringLiteral("body.sqlite"))));
    QVERIFY(fromCall.open(m_dir->filePath(QStringLiteral("call.sqlite"))));
    for (const QByteArray &body : bodies) {
        QVERIFY(fromBody.save(body, LibraryEntry::Source::Api));
        const CallParseResult parsed = CallParser::parse(body);
        QVERIFY(fromCall.save(body, *parsed.call, LibraryEntry::Source::Api));
    }
    const QList<LibraryEntry> expected = fromBody.entries();
    const QList<LibraryEntry> actual = fromCall.entries();
    QCOMPARE(actual.size(), bodies.size());
    for (qsizetype i = 0; i < expected.size(); ++i) {
        QCOMPARE(actual.at(i).callId, expected.at(i).callId);
        QCOMPARE(actual.at(i).toNumber, expected.at(i).toNumber);
        QCOMPARE(actual.at(i).status, expected.at(i).status);
        QCOMPARE(actual.at(i).lastResult, expected.at(i).lastResult);
        QCOMPARE(actual.at(i).createdAt, expected.at(i).createdAt);
        QCOMPARE(actual.at(i).campaign, expected.at(i).campaign);
        QCOMPARE(fromCall.load(actual.at(i).callId)->body,
                 fromBody.load(expected.at(i).callId)->body);
    }
    for (const QString &word : {QStringLiteral("appointment"), QStringLiteral("Nora")}) {
        const QList<SearchHit> want = fromBody.search(word);
        const QList<SearchHit> got = fromCall.search(word);
        QVERIFY(!want.isEmpty());
        QCOMPARE(got.size(), want.size());
        for (qsizetype i = 0; i < want.size(); ++i) {
            QCOMPARE(got.at(i).callId, want.at(i).callId);
            QCOMPARE(got.at(i).attemptId, want.at(i).attemptId);
            QCOMPARE(got.at(i).turnIndex, want.at(i).turnIndex);
        }
    }
    // A call without an ID is refused either way.
    Call noId = *CallParser::parse(SampleCall::json()).call;
    noId.id.clear();
    QVERIFY(!fromCall.save(SampleCall::json(), noId, LibraryEntry::Source::Api));
}

void tst_CallLibrary::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
}

void tst_CallLibrary::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
}

void tst_CallLibrary::defaultPathIsAppData()
{
    const QString path = CallLibrary::defaultPath();
    QVERIFY(path.startsWith(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation)));
}

void tst_CallLibrary::roundTrip_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("id");
    QTest::addColumn<QString>("toNumber");
    QTest::addColumn<QString>("status");
    QTest::addColumn<QString>("lastResult");
    QTest::addColumn<QString>("campaign");

    QTest::newRow("sample call") << SampleCall::json() << SampleId << QStringLiteral("+33612345678")
                                 << QStringLiteral("completed") << QStringLiteral("human")
                                 << QStringLiteral("November appointment reminders");
    QTest::newRow("multilingual") << multilingualCall() << QStringLiteral("call_intl_01")
                                  << QStringLiteral("+81312345678") << QStringLiteral("completed")
                                  << QStringLiteral("human") << QStringLiteral("Campagne d'été");

    const QString sqlId = QStringLiteral("call'); DROP TABLE calls; --");
    QTest::newRow("SQL in the ID and fields")
        << wrap(QJsonObject{{QStringLiteral("id"), sqlId},
                            {QStringLiteral("status"), QStringLiteral("'; DELETE FROM calls; --")},
                            {QStringLiteral("to_phone_number"), QStringLiteral("\" OR 1=1 --")}})
        << sqlId << QStringLiteral("\" OR 1=1 --") << QStringLiteral("'; DELETE FROM calls; --")
        << QString() << QString();

    // Control characters include the snippet markers (\u0002, \u0003) and a NUL.
    const QString controls = QStringLiteral("before\u0002fake\u0003mark\u0000after\u200b");
    QTest::newRow("control characters and NUL in text") << wrap(
        QJsonObject{{QStringLiteral("id"), QStringLiteral("call_ctrl")},
                    {QStringLiteral("campaign"), QJsonObject{{QStringLiteral("name"), controls}}},
                    {QStringLiteral("call_attempts"),
                     QJsonArray{QJsonObject{{QStringLiteral("id"), QStringLiteral("a")},
                                            {QStringLiteral("transcript"),
                                             QJsonArray{turn(QStringLiteral("user"), controls)}}}}}})
                                                        << QStringLiteral("call_ctrl") << QString()
                                                        << QString() << QString() << controls;

    QTest::newRow("nulls everywhere")
        << QByteArray(R"({"call":{"id":"call_nulls","status":null,"to_phone_number":null,)"
                      R"("campaign":null,"metadata":null,"call_attempts":null,"created_at":{}}})")
        << QStringLiteral("call_nulls") << QString() << QString() << QString() << QString();

    QTest::newRow("unknown enum values and unknown fields")
        << QByteArray(R"({"call":{"id":"call_future","status":"teleporting","beam":{"x":1},)"
                      R"("call_attempts":[{"id":"a1","result":"alien","status":"warping"}]}})")
        << QStringLiteral("call_future") << QString() << QStringLiteral("teleporting")
        << QStringLiteral("alien") << QString();

    QJsonArray many;
    for (int i = 0; i < 3000; ++i)
        many.append(turn(i % 2 ? QStringLiteral("user") : QStringLiteral("assistant"),
                         QStringLiteral("turn %1 😀 𠀀 émoji").arg(i)));
    QTest::newRow("3000 turns, emoji and astral CJK")
        << wrap(QJsonObject{{QStringLiteral("id"), QStringLiteral("call_long")},
                            {QStringLiteral("call_attempts"),
                             QJsonArray{QJsonObject{{QStringLiteral("id"), QStringLiteral("a")},
                                                    {QStringLiteral("transcript"), many}}}}})
        << QStringLiteral("call_long") << QString() << QString() << QString() << QString();

    // Whitespace and key order exactly as sent must come back byte for byte.
    QTest::newRow("odd formatting kept byte for byte")
        << QByteArray("  {\n\"call\"  :{ \"status\":\"calling\",\t\"id\":\"call_fmt\" } }\n\n")
        << QStringLiteral("call_fmt") << QString() << QStringLiteral("calling") << QString()
        << QString();
}

void tst_CallLibrary::roundTrip()
{
    QFETCH(QByteArray, body);
    QFETCH(QString, id);
    QFETCH(QString, toNumber);
    QFETCH(QString, status);
    QFETCH(QString, lastResult);
    QFETCH(QString, campaign);

    {
        CallLibrary library;
        QVERIFY2(library.open(dbPath()), qPrintable(library.errorString()));
        QSignalSpy saved(&library, &CallLibrary::callSaved);
        QVERIFY2(library.save(body, LibraryEntry::Source::File, QStringLiteral("/tmp/x.json")),
                 qPrintable(library.errorString()));
        QCOMPARE(saved.count(), 1);
        QCOMPARE(saved.at(0).at(0).toString(), id);
    }

    // A fresh instance, as after a restart.
    CallLibrary library;
    QVERIFY2(library.open(dbPath()), qPrintable(library.errorString()));
    const auto stored = library.load(id);
    QVERIFY(stored);
    QCOMPARE(stored->body, body);
    const CallParseResult original = CallParser::parse(body);
    const CallParseResult reparsed = CallParser::parse(stored->body);
    QVERIFY(reparsed.call);
    QCOMPARE(TestSupport::fingerprint(reparsed), TestSupport::fingerprint(original));

    const QList<LibraryEntry> entries = library.entries();
    QCOMPARE(entries.size(), 1);
    const LibraryEntry &entry = entries.constFirst();
    QCOMPARE(entry.callId, id);
    QCOMPARE(entry.toNumber, toNumber);
    QCOMPARE(entry.status, status);
    QCOMPARE(entry.lastResult, lastResult);
    QCOMPARE(entry.campaign, campaign);
    QCOMPARE(entry.source, LibraryEntry::Source::File);
    QCOMPARE(entry.sourceDetail, QStringLiteral("/tmp/x.json"));
    QVERIFY(entry.fetchedAt.isValid());
    QVERIFY(qAbs(entry.fetchedAt.secsTo(QDateTime::currentDateTimeUtc())) < 600);
    QVERIFY(entry.date().isValid());
    if (original.call->createdAt.isValid())
        QCOMPARE(entry.createdAt, original.call->createdAt.utc());
}

void tst_CallLibrary::rejectsWhatIsNotACall_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::newRow("empty") << QByteArray();
    QTest::newRow("HTML page") << QByteArray("<!doctype html><html><body>Login</body></html>");
    QTest::newRow("truncated JSON") << SampleCall::json().left(500);
    QTest::newRow("API error") << QByteArray(R"({"error":"Not found"})");
    QTest::newRow("call without an ID") << QByteArray(R"({"call":{"status":"completed"}})");
    QTest::newRow("ID of spaces") << QByteArray(R"({"call":{"id":"   "}})");
}

void tst_CallLibrary::rejectsWhatIsNotACall()
{
    QFETCH(QByteArray, body);
    CallLibrary library;
    QVERIFY(library.open(dbPath()));
    QSignalSpy saved(&library, &CallLibrary::callSaved);
    QVERIFY(!library.save(body, LibraryEntry::Source::Api));
    QVERIFY(library.errorString().startsWith(QLatin1String("Not saved in the library")));
    QCOMPARE(saved.count(), 0);
    QVERIFY(library.entries().isEmpty());
    QVERIFY(library.isOpen());
}

void tst_CallLibrary::resavingReplacesAndKeepsFirstSeen()
{
    CallLibrary library;
    QVERIFY(library.open(dbPath()));
    QVERIFY(library.save(smallCall(QStringLiteral("call_1"),
                                   QStringLiteral("alpha"),
                                   QStringLiteral("calling")),
                         LibraryEntry::Source::Api));
    const LibraryEntry first = *library.entry(QStringLiteral("call_1"));
    QTest::qWait(5); // so a new fetch time is distinguishable in milliseconds
    QVERIFY(library.save(smallCall(QStringLiteral("call_1"), QStringLiteral("bravo")),
                         LibraryEntry::Source::Api));
    const LibraryEntry second = *library.entry(QStringLiteral("call_1"));

    QCOMPARE(library.entries().size(), 1);
    QCOMPARE(first.status, QStringLiteral("calling"));
    QCOMPARE(second.status, QStringLiteral("completed"));
    QCOMPARE(second.firstSeenAt, first.firstSeenAt);
    QVERIFY(second.fetchedAt > first.fetchedAt);
    QVERIFY(library.search(QStringLiteral("alpha")).isEmpty());
    QCOMPARE(library.search(QStringLiteral("bravo")).size(), 1);
}

void tst_CallLibrary::search_data()
{
    QTest::addColumn<QString>("query");
    QTest::addColumn<QString>("callId");
    QTest::addColumn<QString>("attemptId");
    QTest::addColumn<int>("turn");
    QTest::addColumn<QString>("highlight"); // empty: nothing may match

    const QString intl = QStringLiteral("call_intl_01");
    const QString intlAttempt = QStringLiteral("att_intl");
    QTest::newRow("word") << QStringLiteral("confirmer") << intl << intlAttempt << 0
                          << QStringLiteral("confirmer");
    QTest::newRow("word, other case")
        << QStringLiteral("OKAFOR") << SampleId << SampleAttempt << 6 << QStringLiteral("Okafor");
    QTest::newRow("prefix") << QStringLiteral("appoint*") << SampleId << SampleAttempt << 2
                            << QStringLiteral("appointment");
    QTest::newRow("accent in text, not in query")
        << QStringLiteral("reunion") << intl << intlAttempt << 0 << QStringLiteral("réunion");
    QTest::newRow("accented capitals")
        << QStringLiteral("RÉUNION") << intl << intlAttempt << 0 << QStringLiteral("réunion");
    QTest::newRow("accent in tool arguments")
        << QStringLiteral("ecureuil") << intl << intlAttempt << 4 << QStringLiteral("Écureuil");
    QTest::newRow("CJK word inside a sentence")
        << QStringLiteral("予約") << intl << intlAttempt << 1 << QStringLiteral("予約");
    QTest::newRow("CJK single character")
        << QStringLiteral("約") << intl << intlAttempt << 1 << QStringLiteral("約");
    QTest::newRow("CJK three characters")
        << QStringLiteral("確認し") << intl << intlAttempt << 1 << QStringLiteral("確認し");
    QTest::newRow("CJK characters not adjacent")
        << QStringLiteral("予認") << QString() << QString() << 0 << QString();
    QTest::newRow("Arabic word") << QStringLiteral("العيادة") << intl << intlAttempt << 2
                                 << QStringLiteral("العيادة");
    QTest::newRow("Hebrew word") << QStringLiteral("שלום") << intl << intlAttempt << 3
                                 << QStringLiteral("שלום");
    QTest::newRow("tool name") << QStringLiteral("book_appointment") << SampleId << SampleAttempt
                               << 8 << QStringLiteral("book_appointment");
    QTest::newRow("tool argument value")
        << QStringLiteral("pr_481") << SampleId << SampleAttempt << 5 << QStringLiteral("pr_481");
    QTest::newRow("metadata value")
        << QStringLiteral("pat_7731") << SampleId << QString() << -1 << QStringLiteral("pat_7731");
    QTest::newRow("metadata, Greek")
        << QStringLiteral("ωmega") << intl << QString() << -1 << QStringLiteral("Ωmega");
    QTest::newRow("phone number") << QStringLiteral("+33612345678") << SampleId << QString() << -1
                                  << QStringLiteral("33612345678");
    QTest::newRow("campaign") << QStringLiteral("November") << SampleId << QString() << -1
                              << QStringLiteral("November");
    QTest::newRow("structured output") << QStringLiteral("rescheduled") << SampleId << SampleAttempt
                                       << -1 << QStringLiteral("rescheduled");
    QTest::newRow("two words, both required") << QStringLiteral("Okafor 2:30") << SampleId
                                              << SampleAttempt << 6 << QStringLiteral("Okafor");
    QTest::newRow("no match") << QStringLiteral("zeppelin") << QString() << QString() << 0
                              << QString();
}

void tst_CallLibrary::search()
{
    QFETCH(QString, query);
    QFETCH(QString, callId);
    QFETCH(QString, attemptId);
    QFETCH(int, turn);
    QFETCH(QString, highlight);

    CallLibrary library;
    QVERIFY(library.open(dbPath()));
    QVERIFY(library.save(SampleCall::json(), LibraryEntry::Source::Api));
    QVERIFY(library.save(multilingualCall(), LibraryEntry::Source::Api));

    const QList<SearchHit> hits = library.search(query);
    QVERIFY2(library.errorString().isEmpty(), qPrintable(library.errorString()));
    if (highlight.isEmpty()) {
        QVERIFY2(hits.isEmpty(), qPrintable(describe(hits)));
        return;
    }
    QVERIFY2(hasHit(hits, callId, attemptId, turn, highlight), qPrintable(describe(hits)));
    for (const SearchHit &hit : hits) {
        QVERIFY(!hit.snippet.highlights.isEmpty());
        QVERIFY(!hit.snippet.text.contains(QChar(0x200B)));
        QVERIFY(!hit.snippet.text.contains(QChar(LibrarySearch::MatchStart)));
    }
}

void tst_CallLibrary::hostileQueriesAreText_data()
{
    QTest::addColumn<QString>("query");
    QTest::addColumn<int>("minimumHits");
    for (const char *text : {"\"",
                             "AND (",
                             "OR",
                             "NOT",
                             "*",
                             "(",
                             ")",
                             "NEAR(a b)",
                             "content:x",
                             "^",
                             "''",
                             "",
                             "   ",
                             "-",
                             "\"unbalanced",
                             "a\"b",
                             "{content tool_name}: x",
                             "\\",
                             "%",
                             "_"})
        QTest::newRow(text[0] ? text : "empty") << QString::fromUtf8(text) << 0;
    QTest::newRow("quote around a word") << QStringLiteral("\"réunion") << 1;
    QTest::newRow("operators around a word") << QStringLiteral("( réunion AND") << 0;
}

void tst_CallLibrary::hostileQueriesAreText()
{
    QFETCH(QString, query);
    QFETCH(int, minimumHits);
    CallLibrary library;
    QVERIFY(library.open(dbPath()));
    QVERIFY(library.save(multilingualCall(), LibraryEntry::Source::Api));
    const QList<SearchHit> hits = library.search(query);
    QVERIFY2(library.errorString().isEmpty(), qPrintable(library.errorString()));
    QVERIFY(hits.size() >= minimumHits);
}

void tst_CallLibrary::deleteAndClear()
{
    CallLibrary library;
    QVERIFY(library.open(dbPath()));
    QVERIFY(library.save(SampleCall::json(), LibraryEntry::Source::Api));
    QVERIFY(library.save(multilingualCall(), LibraryEntry::Source::Api));
    QSignalSpy removed(&library, &CallLibrary::callRemoved);
    QSignalSpy cleared(&library, &CallLibrary::cleared);

    QVERIFY(library.remove(QStringLiteral("call_intl_01")));
    QCOMPARE(removed.count(), 1);
    QCOMPARE(library.entries().size(), 1);
    QVERIFY(!library.load(QStringLiteral("call_intl_01")));
    QVERIFY(library.search(QStringLiteral("reunion")).isEmpty());
    QVERIFY(!library.search(QStringLiteral("Okafor")).isEmpty());
    QVERIFY(library.remove(QStringLiteral("no_such_call")));
    QCOMPARE(removed.count(), 1);

    QVERIFY(library.clear());
    QCOMPARE(cleared.count(), 1);
    QVERIFY(library.entries().isEmpty());
    QVERIFY(library.search(QStringLiteral("Okafor")).isEmpty());
    library.close();
    // Cleared means gone from the disk too, not just unlisted.
    const QByteArray bytes = readFile(dbPath()) + readFile(dbPath() + QStringLiteral("-wal"));
    QVERIFY(!bytes.contains("Camille"));
    QVERIFY(!bytes.contains("Brightsmile"));
}

void tst_CallLibrary::migratesFromFirstSchema()
{
    const QByteArray body = SampleCall::json();
    QVERIFY(runSql(
        dbPath(),
        SchemaV1
            + QStringList{QStringLiteral(
                "INSERT INTO calls (id, body, to_number, status, last_result, created_at,"
                " campaign, first_seen_at, fetched_at, source) VALUES (?,?,?,?,?,?,?,?,?,?)")},
        {{SampleId,
          body,
          QStringLiteral("+33612345678"),
          QStringLiteral("completed"),
          QStringLiteral("human"),
          QStringLiteral("2025-11-12T08:58:47.201Z"),
          QStringLiteral("November appointment reminders"),
          QStringLiteral("2025-11-20T10:00:00.000Z"),
          QStringLiteral("2025-11-20T10:00:00.000Z"),
          QStringLiteral("api")}}));

    CallLibrary library;
    QVERIFY2(library.open(dbPath()), qPrintable(library.errorString()));
    const auto stored = library.load(SampleId);
    QVERIFY(stored);
    QCOMPARE(stored->body, body);
    QCOMPARE(stored->entry.firstSeenAt, QDateTime(QDate(2025, 11, 20), QTime(10, 0), Qt::UTC));
    // The index was built for calls saved before it existed.
    QVERIFY(hasHit(library.search(QStringLiteral("book_appointment")),
                   SampleId,
                   SampleAttempt,
                   8,
                   QStringLiteral("book_appointment")));
    library.close();

    QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("check"))
        .setDatabaseName(dbPath());
    {
        QSqlDatabase db = QSqlDatabase::database(QStringLiteral("check"));
        QSqlQuery query(db);
        QVERIFY(query.exec(QStringLiteral("PRAGMA user_version")) && query.next());
        QCOMPARE(query.value(0).toInt(), CallLibrary::SchemaVersion);
        QVERIFY(query.exec(QStringLiteral("PRAGMA journal_mode")) && query.next());
        QCOMPARE(query.value(0).toString(), QStringLiteral("wal"));
    }
    QSqlDatabase::removeDatabase(QStringLiteral("check"));
}

void tst_CallLibrary::refusesSchemaFromTheFuture()
{
    QVERIFY(runSql(dbPath(),
                   {QStringLiteral("CREATE TABLE calls (id TEXT, shape TEXT)"),
                    QStringLiteral("PRAGMA user_version=99")}));
    const QByteArray before = readFile(dbPath());

    CallLibrary library;
    QVERIFY(!library.open(dbPath()));
    QVERIFY(!library.isOpen());
    QVERIFY2(library.errorString().contains(QLatin1String("newer version")),
             qPrintable(library.errorString()));
    QVERIFY(library.errorString().contains(QLatin1String("99")));
    QVERIFY(!library.save(SampleCall::json(), LibraryEntry::Source::Api));
    QVERIFY(library.entries().isEmpty());
    QCOMPARE(readFile(dbPath()), before);
    QVERIFY(!QFile::exists(dbPath() + QStringLiteral("-wal")));
}

void tst_CallLibrary::unreadableDatabase_data()
{
    QTest::addColumn<int>("kind");
    QTest::newRow("random bytes") << 0;
    QTest::newRow("real library cut in half") << 1;
    QTest::newRow("real library with pages overwritten") << 2;
}

void tst_CallLibrary::unreadableDatabase()
{
    QFETCH(int, kind);
    if (kind == 0) {
        QByteArray garbage;
        for (int i = 0; i < 20000; ++i)
            garbage.append(char((i * 7919) % 251));
        writeFile(dbPath(), garbage);
    } else {
        {
            CallLibrary library;
            QVERIFY(library.open(dbPath()));
            for (int i = 0; i < 50; ++i)
                QVERIFY(library.save(SampleCall::json()
                                         .replace(SampleId.toUtf8(),
                                                  QStringLiteral("call_%1").arg(i).toUtf8()),
                                     LibraryEntry::Source::Api));
        } // closing checkpoints the WAL into the main file
        QByteArray bytes = readFile(dbPath());
        QVERIFY(bytes.size() > 64 * 1024);
        if (kind == 1)
            bytes.truncate(bytes.size() / 2);
        else
            bytes.replace(8192, 16384, QByteArray(16384, '\xA5'));
        writeFile(dbPath(), bytes);
    }

    CallLibrary library;
    QVERIFY(!library.open(dbPath()));
    QVERIFY(!library.isOpen());
    const QString message = library.errorString();
    QVERIFY2(message.contains(QLatin1String("The call library is off")), qPrintable(message));
    QVERIFY2(message.contains(QDir::toNativeSeparators(dbPath())), qPrintable(message));
    QVERIFY2(message.contains(QLatin1String("works without it")), qPrintable(message));
    // Everything else still answers, with nothing.
    QVERIFY(!library.save(SampleCall::json(), LibraryEntry::Source::Api));
    QVERIFY(library.entries().isEmpty());
    QVERIFY(library.search(QStringLiteral("Okafor")).isEmpty());
    QVERIFY(!library.load(SampleId));
    QVERIFY(!library.remove(SampleId));
    QVERIFY(!library.clear());
}

void tst_CallLibrary::folderCannotBeCreated()
{
    const QString blocker = m_dir->filePath(QStringLiteral("a-file"));
    writeFile(blocker, "not a folder");
    CallLibrary library;
    QVERIFY(!library.open(blocker + QStringLiteral("/sub/library.sqlite")));
    QVERIFY2(library.errorString().contains(QLatin1String("cannot be created")),
             qPrintable(library.errorString()));
}

void tst_CallLibrary::pathIsAFolder()
{
    QVERIFY(QDir().mkpath(dbPath()));
    CallLibrary library;
    QVERIFY(!library.open(dbPath()));
    QVERIFY2(library.errorString().contains(QLatin1String("The call library is off")),
             qPrintable(library.errorString()));
    QVERIFY(library.errorString().contains(QDir::toNativeSeparators(dbPath())));
    QVERIFY(!library.save(SampleCall::json(), LibraryEntry::Source::Api));
}

void tst_CallLibrary::noPermission()
{
    {
        CallLibrary library;
        QVERIFY(library.open(dbPath()));
    }
    QFile::setPermissions(dbPath(), QFileDevice::Permissions());
    if (::geteuid() == 0) {
        QFile::setPermissions(dbPath(), QFileDevice::ReadOwner | QFileDevice::WriteOwner);
        QSKIP("root reads and writes any file: permissions cannot be denied to this test");
    }
    CallLibrary library;
    QVERIFY(!library.open(dbPath()));
    QVERIFY2(library.errorString().contains(QLatin1String("no permission")),
             qPrintable(library.errorString()));
    QFile::setPermissions(dbPath(), QFileDevice::ReadOwner | QFileDevice::WriteOwner);
}

void tst_CallLibrary::killedWriterLeavesPriorData()
{
    CallLibrary running; // another instance, open all along
    QVERIFY(running.open(dbPath()));
    QVERIFY(running.save(SampleCall::json(), LibraryEntry::Source::Api));
    const qint64 walBefore = QFileInfo(dbPath() + QStringLiteral("-wal")).size();

    QProcess writer;
    writer.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    writer.start(QCoreApplication::applicationFilePath(),
                 {QStringLiteral("--hold-transaction"), dbPath()});
    QVERIFY(writer.waitForStarted());
    QByteArray output;
    QTRY_VERIFY_WITH_TIMEOUT((output += writer.readAllStandardOutput()).contains("writing")
                                 || writer.state() == QProcess::NotRunning,
                             60000);
    QVERIFY2(output.contains("writing"), "the writer ended before it was killed");
    // Uncommitted pages really reached the disk before the kill.
    QVERIFY(QFileInfo(dbPath() + QStringLiteral("-wal")).size() > walBefore + 1024 * 1024);
    writer.kill(); // SIGKILL
    QVERIFY(writer.waitForFinished(10000));
    QCOMPARE(writer.exitStatus(), QProcess::CrashExit);

    // The instance that stayed open still reads and writes.
    QCOMPARE(running.entries().size(), 1);
    QVERIFY2(running.save(multilingualCall(), LibraryEntry::Source::Api),
             qPrintable(running.errorString()));
    running.close();

    CallLibrary reopened;
    QVERIFY2(reopened.open(dbPath()), qPrintable(reopened.errorString()));
    const QList<LibraryEntry> entries = reopened.entries();
    QCOMPARE(entries.size(), 2);
    QVERIFY(reopened.load(SampleId));
    QCOMPARE(reopened.load(SampleId)->body, SampleCall::json());
    QVERIFY(reopened.search(QStringLiteral("uncommittedword")).isEmpty());
    QVERIFY(!reopened.search(QStringLiteral("Okafor")).isEmpty());
}

void tst_CallLibrary::concurrentWriters()
{
    constexpr int Count = 40;
    // Two other processes and this one all start on a library that does not exist yet.
    QList<QProcess *> writers;
    for (const QString &prefix : {QStringLiteral("left"), QStringLiteral("right")}) {
        auto *writer = new QProcess(this);
        writer->setProcessChannelMode(QProcess::ForwardedChannels);
        writer->start(QCoreApplication::applicationFilePath(),
                      {QStringLiteral("--save-many"), dbPath(), prefix, QString::number(Count)});
        writers.append(writer);
    }
    for (QProcess *writer : std::as_const(writers))
        QVERIFY(writer->waitForStarted());
    QCOMPARE(saveMany(dbPath(), QStringLiteral("here"), Count), 0);
    for (QProcess *writer : std::as_const(writers)) {
        QVERIFY(writer->waitForFinished(60000));
        QCOMPARE(writer->exitStatus(), QProcess::NormalExit);
        QCOMPARE(writer->exitCode(), 0);
        delete writer;
    }

    CallLibrary library;
    QVERIFY(library.open(dbPath()));
    QCOMPARE(library.entries().size(), 3 * Count);
    for (const QString &prefix :
         {QStringLiteral("left"), QStringLiteral("right"), QStringLiteral("here")}) {
        QSet<QString> calls;
        for (const SearchHit &hit : library.search(prefix))
            calls.insert(hit.callId);
        QCOMPARE(calls.size(), Count);
    }
}

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    if (args.size() == 3 && args.at(1) == QLatin1String("--hold-transaction"))
        return holdTransaction(args.at(2));
    if (args.size() == 5 && args.at(1) == QLatin1String("--save-many"))
        return saveMany(args.at(2), args.at(3), args.at(4).toInt());
    tst_CallLibrary test;
    QTEST_SET_MAIN_SOURCE_PATH
    return QTest::qExec(&test, argc, argv);
}

#include "tst_calllibrary.moc"
