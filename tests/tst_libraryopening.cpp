// Opening the library on a worker (CallLibrary::openInBackground), as the window does at startup:
// it refuses what open() refuses, in the same words; calls shown while it opens are written once
// it is open; quitting before that loses none of them.
#include "core/call/callparser.h"
#include "core/library/calllibrary.h"
#include "librarytestdata.h"

#include <QFile>
#include <QSignalSpy>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace Revox;

namespace {

std::shared_ptr<const Call> parsed(const QByteArray &body)
{
    CallParseResult result = CallParser::parse(body);
    return result.call ? std::make_shared<const Call>(std::move(*result.call)) : nullptr;
}

bool waitUntilOpened(CallLibrary &library)
{
    QSignalSpy finished(&library, &CallLibrary::openingFinished);
    return !library.isOpening() || finished.wait(20000);
}

} // namespace

class tst_LibraryOpening : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void opensOnAWorker();
    void refusesWhatOpenRefuses_data();
    void refusesWhatOpenRefuses();
    void callsSavedWhileOpeningAreWritten();
    void quittingWhileOpeningKeepsTheCalls();

private:
    QString dbPath() const { return m_dir->filePath(QStringLiteral("library.sqlite")); }
    std::unique_ptr<QTemporaryDir> m_dir;
};

void tst_LibraryOpening::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
}

void tst_LibraryOpening::opensOnAWorker()
{
    {
        // A library with a large call in it: checking it reads every page.
        CallLibrary existing;
        QVERIFY(existing.open(dbPath()));
        QVERIFY(existing.save(LibraryTestData::longCall(QStringLiteral("call_big"), 20000),
                              LibraryEntry::Source::File));
    }
    CallLibrary library;
    library.openInBackground(dbPath());
    QVERIFY(library.isOpening());
    QVERIFY(!library.isOpen()); // nothing was waited for on this thread
    QVERIFY(waitUntilOpened(library));
    QVERIFY(!library.isOpening());
    QVERIFY2(library.isOpen(), qPrintable(library.errorString()));
    QCOMPARE(library.entries().size(), 1);
    QCOMPARE(library.search(QStringLiteral("turn19999")).size(), 1);
}

void tst_LibraryOpening::refusesWhatOpenRefuses_data()
{
    QTest::addColumn<QString>("kind");
    QTest::newRow("not a database") << QStringLiteral("garbage");
    QTest::newRow("schema from the future") << QStringLiteral("future");
    QTest::newRow("folder cannot be created") << QStringLiteral("folder");
}

void tst_LibraryOpening::refusesWhatOpenRefuses()
{
    QFETCH(QString, kind);
    QString path = dbPath();
    if (kind == QLatin1String("garbage")) {
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        QVERIFY(file.write(QByteArray(20000, '\x7f')) == 20000);
    } else if (kind == QLatin1String("future")) {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"),
                                                    QStringLiteral("future"));
        db.setDatabaseName(path);
        QVERIFY(db.open());
        QVERIFY(QSqlQuery(db).exec(QStringLiteral("PRAGMA user_version=99")));
        db.close();
        db = QSqlDatabase();
        QSqlDatabase::removeDatabase(QStringLiteral("future"));
    } else {
        QFile blocker(m_dir->filePath(QStringLiteral("a-file")));
        QVERIFY(blocker.open(QIODevice::WriteOnly));
        path = blocker.fileName() + QStringLiteral("/sub/library.sqlite");
    }
    QFile before(path);
    const QByteArray bytesBefore = before.open(QIODevice::ReadOnly) ? before.readAll()
                                                                    : QByteArray();
    before.close();

    CallLibrary atOnce;
    QVERIFY(!atOnce.open(path));
    CallLibrary onAWorker;
    QSignalSpy finished(&onAWorker, &CallLibrary::openingFinished);
    onAWorker.openInBackground(path);
    QVERIFY(finished.wait(20000));
    QVERIFY(!onAWorker.isOpen());
    QVERIFY(!onAWorker.isOpening());
    QVERIFY2(onAWorker.errorString().startsWith(QLatin1String("The call library is off")),
             qPrintable(onAWorker.errorString()));
    QCOMPARE(onAWorker.errorString(), atOnce.errorString());
    // A call shown meanwhile is not kept for a library that will not open; nothing is written.
    onAWorker.saveInBackground(LibraryTestData::longCall(QStringLiteral("call_x"), 3),
                               nullptr,
                               LibraryEntry::Source::File);
    QFile after(path);
    QCOMPARE(after.open(QIODevice::ReadOnly) ? after.readAll() : QByteArray(), bytesBefore);
}

void tst_LibraryOpening::callsSavedWhileOpeningAreWritten()
{
    CallLibrary library;
    QSignalSpy saved(&library, &CallLibrary::callSaved);
    library.openInBackground(dbPath());
    QVERIFY(library.isOpening());
    for (const QString &id : {QStringLiteral("call_one"), QStringLiteral("call_two")}) {
        const QByteArray body = LibraryTestData::longCall(id, 50);
        library.saveInBackground(body, parsed(body), LibraryEntry::Source::Api);
    }
    QTRY_COMPARE_WITH_TIMEOUT(saved.size(), 2, 20000);
    QVERIFY(library.isOpen());
    QCOMPARE(library.entries().size(), 2);
    QCOMPARE(library.search(QStringLiteral("turn49")).size(), 2);
}

void tst_LibraryOpening::quittingWhileOpeningKeepsTheCalls()
{
    {
        CallLibrary library;
        library.openInBackground(dbPath());
        const QByteArray body = LibraryTestData::longCall(QStringLiteral("call_late"), 50);
        library.saveInBackground(body, parsed(body), LibraryEntry::Source::Api);
        // The window closes before the event loop ever ran again: no answer was taken yet.
    }
    CallLibrary reopened;
    QVERIFY(reopened.open(dbPath()));
    QVERIFY(reopened.entry(QStringLiteral("call_late")).has_value());
    QCOMPARE(reopened.load(QStringLiteral("call_late"))->body,
             LibraryTestData::longCall(QStringLiteral("call_late"), 50));
}

QTEST_GUILESS_MAIN(tst_LibraryOpening)
#include "tst_libraryopening.moc"
