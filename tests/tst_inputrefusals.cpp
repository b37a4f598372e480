// One bad input, three ways in: `revox-inspector export FILE`, `revox-inspector --print FILE` on a
// machine without a display, and `revox-inspector FILE` handed to the window already open (here
// an InstanceServer in this process, listening where the real window would). Each path must
// refuse the same file with the same exit status and the same words: the real executable is run
// each time, as a script or a desktop launcher would run it. Private XDG folders throughout.
#include "core/call/callfile.h"
#include "core/call/samplecall.h"
#include "core/instance/instanceserver.h"

#include <QDir>
#include <QFile>
#include <QLocalServer>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <sys/stat.h>
#include <unistd.h>

using namespace Revox;

namespace {

struct Run
{
    int exitCode = -1; // -1: killed, or still running after 15 s (it opened a window instead)
    QByteArray out;
    QString err;
};

enum class Path { Export, Print, HandOff };

bool writeFile(const QString &path, const QByteArray &bytes)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(bytes) == bytes.size();
}

} // namespace

class tst_InputRefusals final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void sameStatusAndWordsOnEveryPath_data();
    void sameStatusAndWordsOnEveryPath();
    void aCallIsAcceptedOnEveryPath();

private:
    QProcessEnvironment environment(Path path) const;
    Run run(Path path, const QString &file);

    QTemporaryDir m_dir;
    QString m_runtime;
    QLocalServer m_socketFile; // a socket where a saved call is expected
    InstanceServer m_window;   // stands for the open window: answers hand-offs
};

void tst_InputRefusals::initTestCase()
{
    QVERIFY(QFile::exists(QStringLiteral(REVOX_INSPECTOR_BIN)));
    QVERIFY(m_dir.isValid());
    QVERIFY(QDir::setCurrent(m_dir.path()));
    const QDir dir(m_dir.path());
    for (const char *name : {"home", "config", "cache", "data"})
        QVERIFY(dir.mkpath(QString::fromLatin1(name)));
    m_runtime = dir.filePath(QStringLiteral("runtime"));
    QVERIFY(dir.mkpath(m_runtime));
    QVERIFY(
        QFile::setPermissions(m_runtime, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner));

    QVERIFY(writeFile(dir.filePath(QStringLiteral("call.json")), SampleCall::json()));
    QVERIFY(writeFile(dir.filePath(QStringLiteral("not-a-call.json")), "{\"error\": \"nope\"}"));
    QVERIFY(writeFile(dir.filePath(QStringLiteral("page.json")),
                      "<!DOCTYPE html><html><body>Sign in</body></html>"));
    QVERIFY(writeFile(dir.filePath(QStringLiteral("cut-off.json")),
                      SampleCall::json().left(SampleCall::json().size() / 2)));
    QVERIFY(writeFile(dir.filePath(QStringLiteral("locked.json")), "{}"));
    QVERIFY(QFile::setPermissions(dir.filePath(QStringLiteral("locked.json")), {}));
    QFile huge(dir.filePath(QStringLiteral("huge.json")));
    QVERIFY(huge.open(QIODevice::WriteOnly));
    QVERIFY(huge.resize(CallFile::MaxBytes + 1)); // sparse: no disk is spent on it
    huge.close();
    QVERIFY(dir.mkdir(QStringLiteral("folder")));
    QCOMPARE(::mkfifo(QFile::encodeName(dir.filePath(QStringLiteral("pipe.json"))).constData(),
                      0600),
             0);
    QVERIFY2(m_socketFile.listen(dir.filePath(QStringLiteral("socket.json"))),
             qPrintable(m_socketFile.errorString()));

    QCOMPARE(m_window.listen(QDir(m_runtime).filePath(QStringLiteral("revox-inspector.socket"))),
             InstanceServer::ListenResult::Listening);
}

QProcessEnvironment tst_InputRefusals::environment(Path path) const
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    for (const char *name : {"DISPLAY",
                             "WAYLAND_DISPLAY",
                             "QT_QPA_PLATFORM",
                             "REVOX_API_KEY",
                             "REVOX_EXIT_AFTER_FIRST_PAINT"})
        env.remove(QString::fromLatin1(name));
    const QDir dir(m_dir.path());
    env.insert(QStringLiteral("HOME"), dir.filePath(QStringLiteral("home")));
    env.insert(QStringLiteral("XDG_CONFIG_HOME"), dir.filePath(QStringLiteral("config")));
    env.insert(QStringLiteral("XDG_CACHE_HOME"), dir.filePath(QStringLiteral("cache")));
    env.insert(QStringLiteral("XDG_DATA_HOME"), dir.filePath(QStringLiteral("data")));
    env.insert(QStringLiteral("XDG_RUNTIME_DIR"), m_runtime);
    env.insert(QStringLiteral("DBUS_SESSION_BUS_ADDRESS"),
               QStringLiteral("unix:path=/nonexistent/revox-test-bus"));
    // A start that may open a window is one that hands off to the open one.
    if (path == Path::HandOff)
        env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    return env;
}

Run tst_InputRefusals::run(Path path, const QString &file)
{
    QStringList arguments{file};
    if (path == Path::Export)
        arguments.prepend(QStringLiteral("export"));
    else if (path == Path::Print)
        arguments.prepend(QStringLiteral("--print"));
    QProcess process;
    process.setProcessEnvironment(environment(path));
    process.setWorkingDirectory(m_dir.path());
    QSignalSpy finished(&process, &QProcess::finished);
    process.start(QStringLiteral(REVOX_INSPECTOR_BIN), arguments);
    // This thread's event loop serves the hand-off meanwhile.
    if (!process.waitForStarted() || !finished.wait(15000)) {
        process.kill();
        process.waitForFinished();
        return {};
    }
    Run result;
    result.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    result.out = process.readAllStandardOutput();
    result.err = QString::fromUtf8(process.readAllStandardError());
    return result;
}

void tst_InputRefusals::sameStatusAndWordsOnEveryPath_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QString>("message");

    QTest::newRow("missing") << QStringLiteral("missing.json") << 4
                             << QStringLiteral("Cannot open missing.json: no such file.");
    QTest::newRow("folder") << QStringLiteral("./folder") << 6
                            << QStringLiteral("Cannot open ./folder: it is a directory, not a "
                                              "saved call response.");
    QTest::newRow("FIFO with no writer")
        << QStringLiteral("pipe.json") << 6
        << QStringLiteral("Cannot open pipe.json: it is not a regular file: a FIFO (named pipe) "
                          "cannot be a saved call response.");
    QTest::newRow("socket") << QStringLiteral("socket.json") << 6
                            << QStringLiteral("Cannot open socket.json: it is not a regular "
                                              "file: a socket cannot be a saved call response.");
    QTest::newRow("unreadable (mode 000)")
        << QStringLiteral("locked.json") << 6
        << QStringLiteral("Cannot open locked.json: permission denied.");
    QTest::newRow("too large") << QStringLiteral("huge.json") << 6
                               << QStringLiteral("Cannot open huge.json: it is over 64 MB, too "
                                                 "large to be a saved call response.");
    QTest::newRow("not a call (JSON)") << QStringLiteral("not-a-call.json") << 6
                                       << QStringLiteral("not-a-call.json is not a call: ");
    QTest::newRow("not a call (HTML page)")
        << QStringLiteral("page.json") << 6 << QStringLiteral("page.json is not a call: ");
    QTest::newRow("not a call (cut off)")
        << QStringLiteral("cut-off.json") << 6 << QStringLiteral("cut-off.json is not a call: ");
}

void tst_InputRefusals::sameStatusAndWordsOnEveryPath()
{
    QFETCH(QString, file);
    QFETCH(int, exitCode);
    QFETCH(QString, message);
    if (file == QLatin1String("locked.json") && ::geteuid() == 0)
        QSKIP("Running as root: file permissions do not stop root from reading.");

    const Run print = run(Path::Print, file);
    QVERIFY2(print.exitCode == exitCode, qPrintable(print.err));
    QVERIFY2(print.err.startsWith(message), qPrintable(print.err));
    QVERIFY(print.err.endsWith(QLatin1Char('\n')));
    QCOMPARE(print.err.count(QLatin1Char('\n')), 1); // one line: the reason
    QCOMPARE(print.out, QByteArray());

    QSignalSpy received(&m_window, &InstanceServer::requestReceived);
    const Run handOff = run(Path::HandOff, file);
    QVERIFY2(handOff.exitCode == exitCode,
             qPrintable(QStringLiteral("exit %1 (-1: it opened a window of its own), stderr: %2")
                            .arg(handOff.exitCode)
                            .arg(handOff.err)));
    QCOMPARE(handOff.err, print.err);
    QCOMPARE(handOff.out, QByteArray());
    QCOMPARE(received.size(), 0); // the open window was left alone

    // `export` names the input before the reason, as for every call of a batch.
    const Run exported = run(Path::Export, file);
    QVERIFY2(exported.exitCode == exitCode, qPrintable(exported.err));
    QCOMPARE(exported.err, file + QStringLiteral(": ") + print.err);
    QCOMPARE(exported.out, QByteArray());
}

void tst_InputRefusals::aCallIsAcceptedOnEveryPath()
{
    const Run print = run(Path::Print, QStringLiteral("call.json"));
    QCOMPARE(print.exitCode, 0);
    QVERIFY(print.out.contains("call_01JD8X4K2M7QY5ZP3N6RWTB9HE"));
    const Run exported = run(Path::Export, QStringLiteral("call.json"));
    QCOMPARE(exported.exitCode, 0);
    QVERIFY(exported.out.contains("call_01JD8X4K2M7QY5ZP3N6RWTB9HE"));

    QSignalSpy received(&m_window, &InstanceServer::requestReceived);
    const Run handOff = run(Path::HandOff, QStringLiteral("call.json"));
    QVERIFY2(handOff.exitCode == 0, qPrintable(handOff.err));
    QCOMPARE(handOff.err, QString());
    QCOMPARE(received.size(), 1);
    QCOMPARE(received.at(0).at(0).value<InstanceRequest>().absoluteFile(),
             QDir(m_dir.path()).filePath(QStringLiteral("call.json")));
}

QTEST_GUILESS_MAIN(tst_InputRefusals)
#include "tst_inputrefusals.moc"
