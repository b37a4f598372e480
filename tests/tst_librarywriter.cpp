// Saving into the library off the GUI thread: what is written, what is not written again, how a
// large call leaves room for another instance, and how an index cut short is finished later.
#include "core/call/callparser.h"
#include "core/library/calllibrary.h"
#include "core/library/librarysearch.h"
#include "core/library/librarywrite.h"
#include "core/library/librarywriter.h"
#include "librarytestdata.h"
#include "support/librarylockholder.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <atomic>

using namespace Revox;
using namespace LibraryTestData;

namespace {

LibraryWrite::Request request(const QByteArray &body)
{
    return {body,
            std::make_shared<const Call>(*CallParser::parse(body).call),
            LibraryEntry::Source::Api,
            {}};
}

qsizetype expectedRows(const QByteArray &body)
{
    return LibrarySearch::documents(*CallParser::parse(body).call).size();
}

} // namespace

class tst_LibraryWriter : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void unchangedCallIsNotWrittenAgain();
    void changedTurnRewritesOnlyThatRow();
    void largeCallLeavesRoomBetweenSlices();
    void indexCutShortIsFinishedAtTheNextStart();
    void newerSaveTakesOverTheIndex();
    void backgroundSaveReportsBackOnTheCallerThread();
    void lockedLibraryFailsWithTheReason();
    void finishStoresEveryWaitingCall();

private:
    QString dbPath() const { return m_dir->filePath(QStringLiteral("library.sqlite")); }
    // search_rows ids of the call, in order
    QList<qint64> rowIds(const QString &callId);
    bool isIndexed(const QString &callId);

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<CallLibrary> m_library;
};

void tst_LibraryWriter::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
}

void tst_LibraryWriter::init()
{
    m_library.reset();
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_library = std::make_unique<CallLibrary>();
    QVERIFY(m_library->open(dbPath()));
    // Opening looks for unfinished indexes in the background; let it finish so that it cannot
    // take over the indexes these tests write.
    QTRY_VERIFY(!m_library->writer()->isBusy());
}

QList<qint64> tst_LibraryWriter::rowIds(const QString &callId)
{
    const LibraryWrite::Connection connection(dbPath());
    QSqlQuery query(connection.database());
    query.prepare(QStringLiteral("SELECT id FROM search_rows WHERE call_id = ? ORDER BY id"));
    query.addBindValue(callId);
    QList<qint64> ids;
    if (query.exec()) {
        while (query.next())
            ids.append(query.value(0).toLongLong());
    }
    return ids;
}

bool tst_LibraryWriter::isIndexed(const QString &callId)
{
    const LibraryWrite::Connection connection(dbPath());
    QSqlQuery query(connection.database());
    query.prepare(QStringLiteral("SELECT indexed_hash IS body_hash FROM calls WHERE id = ?"));
    query.addBindValue(callId);
    return query.exec() && query.next() && query.value(0).toBool();
}

void tst_LibraryWriter::unchangedCallIsNotWrittenAgain()
{
    const QByteArray body = longCall(QStringLiteral("call_same"), 50);
    const LibraryWrite::Connection connection(dbPath());
    const LibraryWrite::Outcome first = LibraryWrite::saveCall(connection.database(), request(body));
    QCOMPARE(first.kind, LibraryWrite::Outcome::Kind::Saved);
    QCOMPARE(first.rowsWritten, expectedRows(body));
    const QList<qint64> before = rowIds(QStringLiteral("call_same"));
    const QDateTime longAgo(QDate(2020, 1, 1), QTime(0, 0), Qt::UTC);
    QVERIFY(QSqlQuery(connection.database())
                .exec(QStringLiteral("UPDATE calls SET fetched_at = '%1'")
                          .arg(longAgo.toString(Qt::ISODateWithMs))));

    const LibraryWrite::Outcome again = LibraryWrite::saveCall(connection.database(), request(body));
    QCOMPARE(again.kind, LibraryWrite::Outcome::Kind::Unchanged);
    QCOMPARE(again.rowsWritten, 0);
    QCOMPARE(rowIds(QStringLiteral("call_same")), before);
    // The library still says when the call was last fetched.
    QVERIFY(m_library->entry(QStringLiteral("call_same"))->fetchedAt > longAgo);
}

void tst_LibraryWriter::changedTurnRewritesOnlyThatRow()
{
    const QByteArray body = longCall(QStringLiteral("call_live"), 40);
    const LibraryWrite::Connection connection(dbPath());
    QCOMPARE(LibraryWrite::saveCall(connection.database(), request(body)).kind,
             LibraryWrite::Outcome::Kind::Saved);
    const QList<qint64> before = rowIds(QStringLiteral("call_live"));

    // The live call's last turn was still being transcribed; now it is complete.
    QByteArray changed = body;
    changed.replace("turn39 plain", "turn39 rescheduled");
    const LibraryWrite::Outcome outcome = LibraryWrite::saveCall(connection.database(),
                                                                 request(changed));
    QCOMPARE(outcome.kind, LibraryWrite::Outcome::Kind::Saved);
    QCOMPARE(outcome.rowsWritten, 2); // the old row out, the new one in
    const QList<qint64> after = rowIds(QStringLiteral("call_live"));
    QCOMPARE(after.size(), before.size());
    // Every other row is the one stored before (turn 39 is the last row).
    QCOMPARE(after.mid(0, after.size() - 1), before.mid(0, before.size() - 1));
    QCOMPARE(m_library->search(QStringLiteral("rescheduled")).size(), 1);
    QCOMPARE(m_library->search(QStringLiteral("turn39")).constFirst().turnIndex, 39);
    QVERIFY(m_library->load(QStringLiteral("call_live"))->body == changed);
}

// While a large call is indexed, another instance gets the write lock between slices.
void tst_LibraryWriter::largeCallLeavesRoomBetweenSlices()
{
    const QByteArray body = longCall(QStringLiteral("call_large"), 3000);
    LibraryWrite::Options options;
    options.maxRowsPerSlice = 500;
    int othersWrites = 0;
    options.afterSlice = [&](int) {
        const LibraryWrite::Connection other(dbPath());
        QSqlQuery query(other.database());
        query.exec(QStringLiteral("PRAGMA busy_timeout=0")); // no waiting: the lock is free or not
        if (query.exec(QStringLiteral("BEGIN IMMEDIATE")) && query.exec(QStringLiteral("COMMIT")))
            ++othersWrites;
    };
    const LibraryWrite::Connection connection(dbPath());
    const LibraryWrite::Outcome outcome = LibraryWrite::saveCall(connection.database(),
                                                                 request(body),
                                                                 options);
    QCOMPARE(outcome.kind, LibraryWrite::Outcome::Kind::Saved);
    QVERIFY2(outcome.slices >= 6, qPrintable(QString::number(outcome.slices)));
    QCOMPARE(othersWrites, outcome.slices);
    QCOMPARE(rowIds(QStringLiteral("call_large")).size(), expectedRows(body));
    QCOMPARE(m_library->search(QStringLiteral("turn2999")).size(), 1);
}

// The app was quit (or killed) with half an index written: the call is listed, and the next
// start finishes its index without duplicates.
void tst_LibraryWriter::indexCutShortIsFinishedAtTheNextStart()
{
    const QByteArray body = longCall(QStringLiteral("call_cut"), 2000);
    std::atomic<bool> stop{false};
    LibraryWrite::Options options;
    options.maxRowsPerSlice = 300;
    options.stop = &stop;
    options.afterSlice = [&](int) { stop = true; };
    {
        const LibraryWrite::Connection connection(dbPath());
        const LibraryWrite::Outcome outcome = LibraryWrite::saveCall(connection.database(),
                                                                     request(body),
                                                                     options);
        QCOMPARE(outcome.kind, LibraryWrite::Outcome::Kind::IndexLater);
        QCOMPARE(outcome.slices, 1);
    }
    QVERIFY(m_library->entry(QStringLiteral("call_cut")).has_value());
    QVERIFY(!isIndexed(QStringLiteral("call_cut")));
    QVERIFY(m_library->search(QStringLiteral("turn1999")).isEmpty());

    m_library = std::make_unique<CallLibrary>(); // the next start
    QSignalSpy resumed(m_library->writer(), &LibraryWriter::indexResumed);
    QVERIFY(m_library->open(dbPath()));
    QVERIFY(resumed.wait(20000));
    QCOMPARE(resumed.constFirst().constFirst().toStringList(),
             QStringList{QStringLiteral("call_cut")});
    QVERIFY(isIndexed(QStringLiteral("call_cut")));
    QCOMPARE(rowIds(QStringLiteral("call_cut")).size(), expectedRows(body));
    QCOMPARE(m_library->search(QStringLiteral("turn1999")).size(), 1);
    QCOMPARE(m_library->search(QStringLiteral("turn0")).size(), 1);
}

// Two writers on one call (two instances, or a live update while the first save still indexes):
// the newer one takes over and the index ends exactly as the newer body says.
void tst_LibraryWriter::newerSaveTakesOverTheIndex()
{
    const QByteArray older = longCall(QStringLiteral("call_race"), 1500, QStringLiteral("older"));
    const QByteArray newer = longCall(QStringLiteral("call_race"), 1501, QStringLiteral("newer"));
    LibraryWrite::Options options;
    options.maxRowsPerSlice = 200;
    bool tookOver = false;
    options.afterSlice = [&](int) {
        if (std::exchange(tookOver, true))
            return;
        const LibraryWrite::Connection other(dbPath());
        QCOMPARE(LibraryWrite::saveCall(other.database(), request(newer)).kind,
                 LibraryWrite::Outcome::Kind::Saved);
    };
    const LibraryWrite::Connection connection(dbPath());
    QCOMPARE(LibraryWrite::saveCall(connection.database(), request(older), options).kind,
             LibraryWrite::Outcome::Kind::Superseded);
    QCOMPARE(rowIds(QStringLiteral("call_race")).size(), expectedRows(newer));
    QVERIFY(m_library->search(QStringLiteral("older")).isEmpty());
    QCOMPARE(m_library->search(QStringLiteral("turn1500")).size(), 1);
    QCOMPARE(m_library->load(QStringLiteral("call_race"))->body, newer);
    QVERIFY(isIndexed(QStringLiteral("call_race")));
}

void tst_LibraryWriter::backgroundSaveReportsBackOnTheCallerThread()
{
    QSignalSpy saved(m_library.get(), &CallLibrary::callSaved);
    QSignalSpy busy(m_library->writer(), &LibraryWriter::busyChanged);
    const QByteArray body = longCall(QStringLiteral("call_bg"), 500);
    m_library->saveInBackground(body, nullptr, LibraryEntry::Source::File);
    QVERIFY(m_library->writer()->isBusy());
    QVERIFY(saved.wait(20000));
    QCOMPARE(saved.constFirst().constFirst().toString(), QStringLiteral("call_bg"));
    QTRY_VERIFY(!m_library->writer()->isBusy());
    QCOMPARE(busy.size(), 2);
    QCOMPARE(m_library->entry(QStringLiteral("call_bg"))->source, LibraryEntry::Source::File);
    QCOMPARE(m_library->search(QStringLiteral("turn499")).size(), 1);

    // What is not a call is refused with the parser's reason, never stored.
    QSignalSpy failed(m_library->writer(), &LibraryWriter::saveFailed);
    m_library->saveInBackground(QByteArrayLiteral("{\"not\": \"a call\"}"), nullptr, {});
    QVERIFY(failed.wait(10000));
    QVERIFY(failed.constFirst().at(1).toString().startsWith(
        QStringLiteral("Not saved in the library: ")));
    QCOMPARE(m_library->entries().size(), 1);
}

// Another process keeps the write lock past the busy timeout: the save fails, saying why.
void tst_LibraryWriter::lockedLibraryFailsWithTheReason()
{
    TestSupport::LibraryLockHolder otherInstance;
    QVERIFY(otherInstance.hold(dbPath()));
    QSignalSpy failed(m_library->writer(), &LibraryWriter::saveFailed);
    m_library->saveInBackground(smallCall(QStringLiteral("call_locked"), QStringLiteral("w")),
                                nullptr,
                                LibraryEntry::Source::Api);
    QVERIFY(failed.wait(CallLibrary::BusyTimeoutMs + 10000));
    QCOMPARE(failed.constFirst().at(1).toString(),
             QStringLiteral("Not saved in the library: database is locked"));
    QVERIFY(otherInstance.release());
    QVERIFY(!m_library->entry(QStringLiteral("call_locked")).has_value());
}

// Quitting with saves still waiting: every call is stored; indexes left open finish later.
void tst_LibraryWriter::finishStoresEveryWaitingCall()
{
    for (int i = 0; i < 5; ++i)
        m_library->saveInBackground(longCall(QStringLiteral("call_q%1").arg(i), 800),
                                    nullptr,
                                    LibraryEntry::Source::Api);
    m_library->writer()->finish();
    QVERIFY(!m_library->writer()->isBusy());
    for (int i = 0; i < 5; ++i)
        QVERIFY(m_library->entry(QStringLiteral("call_q%1").arg(i)).has_value());

    m_library = std::make_unique<CallLibrary>();
    QVERIFY(m_library->open(dbPath()));
    for (int i = 0; i < 5; ++i) {
        const QString id = QStringLiteral("call_q%1").arg(i);
        QTRY_VERIFY_WITH_TIMEOUT(isIndexed(id), 20000);
        QCOMPARE(rowIds(id).size(), expectedRows(longCall(id, 800)));
    }
}

int main(int argc, char *argv[])
{
    if (const std::optional<QString> path = TestSupport::libraryLockHolderPath(argc, argv))
        return TestSupport::runLibraryLockHolder(argc, argv, *path);
    QCoreApplication app(argc, argv);
    tst_LibraryWriter test;
    QTEST_SET_MAIN_SOURCE_PATH
    return QTest::qExec(&test, argc, argv);
}

#include "tst_librarywriter.moc"
