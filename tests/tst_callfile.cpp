#include "core/call/callfile.h"
#include "core/call/samplecall.h"
#include "core/cli/exitstatus.h"

#include <QFile>
#include <QLocalServer>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <chrono>
#include <future>
#include <memory>
#include <thread>

#include <sys/stat.h>
#include <unistd.h>

using namespace Revox;

Q_DECLARE_METATYPE(CallFile::Problem)

namespace {

// Reads on a thread of its own so that a reader that blocks fails the row instead of hanging
// the whole suite. A thread still blocked is left behind: the test process ends soon after.
std::optional<CallFile::Result> readWithin(const QString &path, std::chrono::milliseconds limit)
{
    auto promise = std::make_shared<std::promise<CallFile::Result>>();
    std::future<CallFile::Result> future = promise->get_future();
    std::thread([promise, path] { promise->set_value(CallFile::read(path)); }).detach();
    if (future.wait_for(limit) != std::future_status::ready)
        return std::nullopt;
    return future.get();
}

} // namespace

// The one reader of saved call files: only regular files, at most CallFile::MaxBytes, and a
// refusal that names the cause for everything else, without waiting on a FIFO or a device.
class tst_CallFile final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void read_data();
    void read();
    void checkOpensButDoesNotRead();
    void messageUsesTheNameAsTyped();
    void exitStatusFollowsTheExportTable_data();
    void exitStatusFollowsTheExportTable();

private:
    QString path(const char *name) const { return m_dir.filePath(QString::fromLatin1(name)); }

    QTemporaryDir m_dir;
    QLocalServer m_socket;
};

void tst_CallFile::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY(m_dir.isValid());

    QFile call(path("call.json"));
    QVERIFY(call.open(QIODevice::WriteOnly));
    QVERIFY(call.write(SampleCall::json()) > 0);
    call.close();

    // Sparse files: the size is what is checked, not the disk it would take.
    QFile atCap(path("at-cap.json"));
    QVERIFY(atCap.open(QIODevice::WriteOnly));
    QVERIFY(atCap.resize(CallFile::MaxBytes));
    QFile overCap(path("over-cap.json"));
    QVERIFY(overCap.open(QIODevice::WriteOnly));
    QVERIFY(overCap.resize(CallFile::MaxBytes + 1));

    QCOMPARE(::mkfifo(QFile::encodeName(path("pipe.json")).constData(), 0600), 0);
    QVERIFY2(m_socket.listen(path("socket.json")), qPrintable(m_socket.errorString()));

    QFile locked(path("locked.json"));
    QVERIFY(locked.open(QIODevice::WriteOnly));
    QVERIFY(locked.write("{}") == 2);
    locked.close();
    QVERIFY(locked.setPermissions({}));

    QVERIFY(QFile::link(path("call.json"), path("link-to-call.json")));
    QVERIFY(QFile::link(path("pipe.json"), path("link-to-pipe.json")));
    QVERIFY(QFile::link(path("gone.json"), path("dangling-link.json")));
}

void tst_CallFile::read_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<CallFile::Problem>("problem");
    QTest::addColumn<QString>("cause"); // words the message must hold
    QTest::addColumn<qint64>("size");   // of the bytes read, when read

    using P = CallFile::Problem;
    const qint64 sampleSize = SampleCall::json().size();
    QTest::newRow("regular file") << path("call.json") << P::None << QString() << sampleSize;
    QTest::newRow("symlink to a regular file")
        << path("link-to-call.json") << P::None << QString() << sampleSize;
    QTest::newRow("exactly the cap")
        << path("at-cap.json") << P::None << QString() << CallFile::MaxBytes;
    QTest::newRow("one byte over the cap")
        << path("over-cap.json") << P::TooLarge << QStringLiteral("it is over 64 MB") << qint64(0);
    QTest::newRow("FIFO with no writer")
        << path("pipe.json") << P::NotRegularFile
        << QStringLiteral("not a regular file: a FIFO (named pipe) cannot be a saved call")
        << qint64(0);
    QTest::newRow("symlink to a FIFO") << path("link-to-pipe.json") << P::NotRegularFile
                                       << QStringLiteral("a FIFO (named pipe)") << qint64(0);
    QTest::newRow("Unix socket") << path("socket.json") << P::NotRegularFile
                                 << QStringLiteral("not a regular file: a socket") << qint64(0);
    QTest::newRow("character device /dev/null")
        << QStringLiteral("/dev/null") << P::NotRegularFile
        << QStringLiteral("not a regular file: a character device") << qint64(0);
    QTest::newRow("endless character device /dev/zero")
        << QStringLiteral("/dev/zero") << P::NotRegularFile
        << QStringLiteral("not a regular file: a character device") << qint64(0);
    QTest::newRow("directory") << m_dir.path() << P::Directory
                               << QStringLiteral("it is a directory") << qint64(0);
    QTest::newRow("missing file") << path("gone.json") << P::NotFound
                                  << QStringLiteral("no such file") << qint64(0);
    QTest::newRow("symlink to nothing")
        << path("dangling-link.json") << P::NotFound << QStringLiteral("no such file") << qint64(0);
    QTest::newRow("missing folder on the way") << path("no-such-folder/call.json") << P::NotFound
                                               << QStringLiteral("no such file") << qint64(0);
    QTest::newRow("unreadable file (mode 000)") << path("locked.json") << P::PermissionDenied
                                                << QStringLiteral("permission denied") << qint64(0);
}

void tst_CallFile::read()
{
    QFETCH(QString, file);
    QFETCH(CallFile::Problem, problem);
    QFETCH(QString, cause);
    QFETCH(qint64, size);

    if (problem == CallFile::Problem::PermissionDenied && ::geteuid() == 0)
        QSKIP("Running as root: file permissions do not stop root from reading.");

    const std::optional<CallFile::Result> result = readWithin(file, std::chrono::seconds(5));
    QVERIFY2(result, "CallFile::read did not return within 5 s");
    QCOMPARE(result->problem, problem);
    QCOMPARE(result->isOk(), problem == CallFile::Problem::None);
    if (result->isOk()) {
        QVERIFY(result->message.isEmpty());
        QCOMPARE(result->bytes.size(), size);
        return;
    }
    QVERIFY(result->bytes.isEmpty());
    QVERIFY2(result->message.startsWith(QStringLiteral("Cannot open %1: ").arg(file)),
             qPrintable(result->message));
    QVERIFY2(result->message.contains(cause), qPrintable(result->message));
    // check() refuses everything read() refuses for the type, in the same words.
    if (problem != CallFile::Problem::TooLarge)
        QCOMPARE(CallFile::check(file).message, result->message);
}

void tst_CallFile::checkOpensButDoesNotRead()
{
    const CallFile::Result checked = CallFile::check(path("over-cap.json"));
    QVERIFY(checked.isOk());
    QVERIFY(checked.bytes.isEmpty());
}

void tst_CallFile::messageUsesTheNameAsTyped()
{
    const CallFile::Result result = CallFile::check(path("pipe.json"), QStringLiteral("p.json"));
    QCOMPARE(result.message,
             QStringLiteral("Cannot open p.json: it is not a regular file: a FIFO (named pipe) "
                            "cannot be a saved call response."));
}

void tst_CallFile::exitStatusFollowsTheExportTable_data()
{
    QTest::addColumn<CallFile::Problem>("problem");
    QTest::addColumn<int>("status");

    using P = CallFile::Problem;
    QTest::newRow("read") << P::None << 0;
    QTest::newRow("not found") << P::NotFound << 4;
    QTest::newRow("permission denied") << P::PermissionDenied << 6;
    QTest::newRow("directory") << P::Directory << 6;
    QTest::newRow("not a regular file") << P::NotRegularFile << 6;
    QTest::newRow("too large") << P::TooLarge << 6;
    QTest::newRow("read error") << P::ReadError << 6;
}

void tst_CallFile::exitStatusFollowsTheExportTable()
{
    QFETCH(CallFile::Problem, problem);
    QFETCH(int, status);
    QCOMPARE(int(ExitStatus::forFile(problem)), status);
}

QTEST_GUILESS_MAIN(tst_CallFile)
#include "tst_callfile.moc"
