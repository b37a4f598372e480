// The real app, several processes, one library: two windows saving large calls at once, and a
// window killed in the middle of indexing one. Nothing may be lost or left broken.
#include "core/library/calllibrary.h"
#include "core/library/librarywrite.h"
#include "core/library/librarywriter.h"
#include "librarytestdata.h"
#include "support/privatesession.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QSignalSpy>
#include <QSqlError>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <signal.h>

using namespace Revox;
using LibraryTestData::longCall;

class tst_LibraryProcesses : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void twoWindowsSaveLargeCallsIntoOneLibrary();
    void windowKilledWhileIndexingLosesNothing();

private:
    // A user's session of its own: private XDG folders, no keychain, the offscreen platform.
    QProcessEnvironment session() const;
    QString libraryPath() const;
    QString writeCall(const QString &id, int turns);
    QString integrity();
    bool isIndexed(const QString &callId);
    bool isStored(const QString &callId);

    std::unique_ptr<QTemporaryDir> m_dir;
};

void tst_LibraryProcesses::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
}

QProcessEnvironment tst_LibraryProcesses::session() const
{
    return TestSupport::privateSession(m_dir->filePath(QStringLiteral("home")),
                                       TestSupport::Display::Offscreen,
                                       TestSupport::SessionBus::None);
}

QString tst_LibraryProcesses::libraryPath() const
{
    // CallLibrary::defaultPath() in the app's session: <XDG_DATA_HOME>/<organization>/<app>/.
    return m_dir->filePath(
        QStringLiteral("home/XDG_DATA_HOME/Revox/Revox Call Inspector/library.sqlite"));
}

QString tst_LibraryProcesses::writeCall(const QString &id, int turns)
{
    const QString path = m_dir->filePath(id + QStringLiteral(".json"));
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(longCall(id, turns)) < 0 || !file.flush())
        return {};
    return path;
}

QString tst_LibraryProcesses::integrity()
{
    const LibraryWrite::Connection connection(libraryPath());
    QSqlQuery query(connection.database());
    if (!query.exec(QStringLiteral("PRAGMA integrity_check")) || !query.next())
        return query.lastError().text();
    return query.value(0).toString();
}

bool tst_LibraryProcesses::isIndexed(const QString &callId)
{
    const LibraryWrite::Connection connection(libraryPath());
    QSqlQuery query(connection.database());
    query.prepare(QStringLiteral("SELECT indexed_hash IS body_hash FROM calls WHERE id = ?"));
    query.addBindValue(callId);
    return query.exec() && query.next() && query.value(0).toBool();
}

bool tst_LibraryProcesses::isStored(const QString &callId)
{
    if (!QFile::exists(libraryPath()))
        return false;
    const LibraryWrite::Connection connection(libraryPath());
    QSqlQuery query(connection.database());
    query.prepare(QStringLiteral("SELECT count(*) FROM calls WHERE id = ?"));
    query.addBindValue(callId);
    return query.exec() && query.next() && query.value(0).toInt() == 1;
}

// Two windows of the real app, each opening a 20,000-turn call and quitting at its first paint,
// the way a user opens two files from a file manager and closes them again.
void tst_LibraryProcesses::twoWindowsSaveLargeCallsIntoOneLibrary()
{
    const QStringList ids{QStringLiteral("call_left"), QStringLiteral("call_right")};
    QList<QProcess *> windows;
    for (const QString &id : ids) {
        const QString file = writeCall(id, 20000);
        QVERIFY(!file.isEmpty());
        auto *window = new QProcess(this);
        QProcessEnvironment env = session();
        env.insert(QStringLiteral("REVOX_EXIT_AFTER_FIRST_PAINT"), QStringLiteral("1"));
        window->setProcessEnvironment(env);
        window->setProcessChannelMode(QProcess::ForwardedErrorChannel);
        window->start(QStringLiteral(REVOX_APP_BINARY), {QStringLiteral("--new-window"), file});
        windows.append(window);
    }
    for (QProcess *window : std::as_const(windows)) {
        QVERIFY(window->waitForFinished(120000));
        QCOMPARE(window->exitStatus(), QProcess::NormalExit);
        QCOMPARE(window->exitCode(), 0);
        delete window;
    }
    QCOMPARE(integrity(), QStringLiteral("ok"));

    // Both are listed at once; an index a window had no time to finish is finished now.
    CallLibrary library;
    QVERIFY(library.open(libraryPath()));
    QCOMPARE(library.entries().size(), 2);
    for (const QString &id : ids) {
        QTRY_VERIFY_WITH_TIMEOUT(isIndexed(id), 60000);
        QCOMPARE(library.entry(id)->source, LibraryEntry::Source::File);
        QTRY_COMPARE(library.search(QStringLiteral("turn19999")).size(), 2);
    }
}

// kill -9 while the app indexes a large call: the call is listed, the file is sound, and the
// next start finishes the index.
void tst_LibraryProcesses::windowKilledWhileIndexingLosesNothing()
{
    const QString id = QStringLiteral("call_killed");
    const QString file = writeCall(id, 60000);
    QVERIFY(!file.isEmpty());
    QProcess window;
    window.setProcessEnvironment(session());
    window.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    window.start(QStringLiteral(REVOX_APP_BINARY), {file});
    QVERIFY(window.waitForStarted());
    // The row is stored first, in a transaction of its own; the index follows in slices.
    // Polled with a bare connection: a CallLibrary would start finishing the index itself.
    QTRY_VERIFY_WITH_TIMEOUT(isStored(id), 60000);
    QVERIFY2(!isIndexed(id), "the index finished before the kill; use a larger call");
    QCOMPARE(::kill(pid_t(window.processId()), SIGKILL), 0);
    QVERIFY(window.waitForFinished(10000));
    QCOMPARE(window.exitStatus(), QProcess::CrashExit);

    QCOMPARE(integrity(), QStringLiteral("ok"));
    CallLibrary library;
    QSignalSpy resumed(library.writer(), &LibraryWriter::indexResumed);
    QVERIFY(library.open(libraryPath()));
    QVERIFY(library.entry(id).has_value());
    QVERIFY(resumed.wait(120000));
    QVERIFY(isIndexed(id));
    QCOMPARE(library.search(QStringLiteral("turn59999")).size(), 1);
    QCOMPARE(library.search(QStringLiteral("turn0")).size(), 1);
}

QTEST_GUILESS_MAIN(tst_LibraryProcesses)
#include "tst_libraryprocesses.moc"
