// One window for every link, end to end: this test is the open window (a MainWindow served by an
// InstanceServer, wired as main.cpp wires them), and the real revox-inspector, started as a
// desktop launcher would start it, is the second process. Every process here, this one included,
// uses private XDG folders: the user's runtime folder, settings and keychain are never touched.
#include "app/singleinstance.h"
#include "core/api/apiclient.h"
#include "core/api/callreference.h"
#include "core/call/samplecall.h"
#include "core/instance/instancehandoff.h"
#include "core/instance/instanceserver.h"
#include "fakerevoxserver.h"
#include "gui/window/mainwindow.h"

#include <QApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

#include <sys/stat.h>

using namespace Revox;

namespace {

const QString WindowKey = QStringLiteral("sk_test_open_window_key");
// What a second process would send if it ever used its own key: it must not.
const QString ChildKey = QStringLiteral("sk_test_second_process_key");
const QString SampleId = QStringLiteral("call_01JD8X4K2M7QY5ZP3N6RWTB9HE");

bool makePrivateDir(const QString &path)
{
    return QDir().mkpath(path)
           && QFile::setPermissions(path, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
}

} // namespace

class tst_Handoff final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();
    void fileFromSecondProcess();
    void linkFromSecondProcessIsFetchedWithTheWindowsKey();
    void bareStartRaisesTheWindow();
    void refusalsMatchTheCommandLine_data();
    void refusalsMatchTheCommandLine();
    void newWindowOpensItsOwn();
    void killedInstanceIsReplaced();

private:
    QProcessEnvironment childEnvironment(const QString &runtime) const;
    // Runs the real executable to its end, this thread's event loop serving the window meanwhile.
    bool runSecond(QProcess &process, const QStringList &arguments, qint64 *elapsedMs = nullptr);

    QTemporaryDir m_home;
    QString m_runtime;
    QString m_work; // the second process's working folder
    std::unique_ptr<FakeRevoxServer> m_api;
    std::unique_ptr<ApiClient> m_client;
    std::unique_ptr<MainWindow> m_window;
    std::unique_ptr<InstanceServer> m_server;
};

void tst_Handoff::initTestCase()
{
    QVERIFY(QFile::exists(QStringLiteral(REVOX_INSPECTOR_BIN)));
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY(m_home.isValid());
    QSettings::setDefaultFormat(QSettings::IniFormat);
    QSettings::setPath(QSettings::IniFormat,
                       QSettings::UserScope,
                       m_home.filePath(QStringLiteral("settings")));
    m_runtime = m_home.filePath(QStringLiteral("runtime"));
    QVERIFY(makePrivateDir(m_runtime));
    qputenv("XDG_RUNTIME_DIR", QFile::encodeName(m_runtime));
    m_work = m_home.filePath(QStringLiteral("work"));
    QVERIFY(QDir().mkpath(m_work));
    QFile call(QDir(m_work).filePath(QStringLiteral("saved call.json")));
    QVERIFY(call.open(QIODevice::WriteOnly));
    QVERIFY(call.write(SampleCall::json()) > 0);
    call.close();
    QCOMPARE(::mkfifo(QFile::encodeName(QDir(m_work).filePath(QStringLiteral("pipe.json")))
                          .constData(),
                      0600),
             0);

    m_api = std::make_unique<FakeRevoxServer>();
    QVERIFY(m_api->listen());
    m_api->setApiKey(WindowKey);
    m_client = std::make_unique<ApiClient>();
    m_client->setSettings(m_api->clientSettings(WindowKey));

    m_window = std::make_unique<MainWindow>();
    m_window->session()->setApiClient(m_client.get());
    m_server = std::make_unique<InstanceServer>();
    SingleInstance::serveLaterStarts(*m_server, *m_window);
    QVERIFY(m_server->isListening());
    QCOMPARE(m_server->socketPath(),
             QDir(m_runtime).filePath(QStringLiteral("revox-inspector.socket")));
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
}

void tst_Handoff::cleanupTestCase()
{
    m_server.reset();
    m_window.reset();
    m_client.reset();
    m_api.reset();
}

QProcessEnvironment tst_Handoff::childEnvironment(const QString &runtime) const
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    env.insert(QStringLiteral("HOME"), m_home.path());
    for (const char *name : {"XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME"})
        env.insert(QString::fromLatin1(name), m_home.filePath(QString::fromLatin1(name)));
    env.insert(QStringLiteral("XDG_RUNTIME_DIR"), runtime);
    // A second process that opened a window of its own would fetch from the fake server with
    // this key; the server only accepts the window's.
    env.insert(QStringLiteral("REVOX_API_KEY"), ChildKey);
    env.insert(QStringLiteral("REVOX_BASE_URL"), m_api->baseUrl().toString());
    env.remove(QStringLiteral("REVOX_EXIT_AFTER_FIRST_PAINT"));
    return env;
}

bool tst_Handoff::runSecond(QProcess &process, const QStringList &arguments, qint64 *elapsedMs)
{
    if (process.processEnvironment().isEmpty())
        process.setProcessEnvironment(childEnvironment(m_runtime));
    process.setWorkingDirectory(m_work);
    QSignalSpy finished(&process, &QProcess::finished);
    QElapsedTimer timer;
    timer.start();
    process.start(QStringLiteral(REVOX_INSPECTOR_BIN), arguments);
    // A second process that failed to hand off opens a window and never ends by itself.
    const bool ended = finished.wait(15000);
    if (elapsedMs)
        *elapsedMs = timer.elapsed();
    if (!ended) {
        process.kill();
        process.waitForFinished();
    }
    return ended && process.exitStatus() == QProcess::NormalExit;
}

void tst_Handoff::fileFromSecondProcess()
{
    QSignalSpy shown(m_window->session(), &CallSession::callChanged);
    QProcess second;
    qint64 elapsed = 0;
    // Relative to the second process's folder, which the window does not share.
    QVERIFY(runSecond(second, {QStringLiteral("saved call.json")}, &elapsed));
    QCOMPARE(second.exitCode(), 0);
    QCOMPARE(second.readAllStandardError(), QByteArray());
    qInfo("the second process handed the file over and exited in %lld ms", elapsed);
    QVERIFY(shown.count() > 0 || shown.wait(10000));
    QCOMPARE(m_window->session()->callId(), SampleId);
    QCOMPARE(m_window->session()->call()->id, SampleId);
}

void tst_Handoff::linkFromSecondProcessIsFetchedWithTheWindowsKey()
{
    m_api->clearRequests();
    QSignalSpy shown(m_window->session(), &CallSession::callChanged);
    QProcess second;
    QVERIFY(runSecond(second, {QStringLiteral("revox-inspector://call/sample")}));
    QCOMPARE(second.exitCode(), 0);
    QVERIFY(shown.count() > 0 || shown.wait(10000));
    const QList<RecordedRequest> requests = m_api->requests();
    QCOMPARE(requests.size(), 1);
    QCOMPARE(requests.at(0).path, QByteArray("/call/sample"));
    // The window fetched with its own key; the second process's never travelled.
    QCOMPARE(requests.at(0).header("authorization"), QByteArray("Bearer ") + WindowKey.toUtf8());
}

void tst_Handoff::bareStartRaisesTheWindow()
{
    m_window->showMinimized();
    QTRY_VERIFY(m_window->isMinimized());
    QSignalSpy received(m_server.get(), &InstanceServer::requestReceived);
    QProcess second;
    QVERIFY(runSecond(second, {}));
    QCOMPARE(second.exitCode(), 0);
    QCOMPARE(received.size(), 1);
    QCOMPARE(received.at(0).at(0).value<InstanceRequest>().kind, InstanceRequest::Kind::Activate);
    QTRY_VERIFY(!m_window->isMinimized());
    QVERIFY(m_window->isVisible());
    QCOMPARE(m_window->session()->call()->id, SampleId); // nothing else changed
}

void tst_Handoff::refusalsMatchTheCommandLine_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<int>("exitStatus");

    QTest::newRow("not a call ID") << QStringList{QStringLiteral("x..y")} << 2;
    QTest::newRow("link without an ID")
        << QStringList{QStringLiteral("https://www.getrevox.com/dashboard")} << 2;
    QTest::newRow("missing .json file") << QStringList{QStringLiteral("no-such-call.json")} << 4;
    QTest::newRow("a folder") << QStringList{m_home.path()} << 6;
    // Refused by its type, unopened: a FIFO with no writer would block the window for good.
    QTest::newRow("a FIFO") << QStringList{QStringLiteral("pipe.json")} << 6;
}

void tst_Handoff::refusalsMatchTheCommandLine()
{
    QFETCH(QStringList, arguments);
    QFETCH(int, exitStatus);

    QSignalSpy received(m_server.get(), &InstanceServer::requestReceived);
    const std::shared_ptr<const Call> before = m_window->session()->call();
    QProcess second;
    QVERIFY(runSecond(second, arguments));
    QCOMPARE(second.exitCode(), exitStatus);
    const QString refusal = QString::fromUtf8(second.readAllStandardError());
    QCOMPARE(received.size(), 0);
    QCOMPARE(m_window->session()->call()->id, before->id);

    // The command line without a running window says the same: --print for a file (the same
    // exit status), the window's message bar for a call.
    if (exitStatus != 2) {
        QProcess print;
        QProcessEnvironment headless = childEnvironment(m_runtime);
        headless.remove(QStringLiteral("QT_QPA_PLATFORM"));
        headless.remove(QStringLiteral("DISPLAY"));
        headless.remove(QStringLiteral("WAYLAND_DISPLAY"));
        print.setProcessEnvironment(headless);
        QVERIFY(runSecond(print, QStringList{QStringLiteral("--print")} + arguments));
        QCOMPARE(print.exitCode(), exitStatus);
        QCOMPARE(refusal, QString::fromUtf8(print.readAllStandardError()));
    } else {
        MainWindow fresh;
        fresh.fetchCall(arguments.constFirst());
        QCOMPARE(refusal, fresh.messageText() + QLatin1Char('\n'));
        QCOMPARE(refusal, CallReference::parse(arguments.constFirst()).error + QLatin1Char('\n'));
    }
}

void tst_Handoff::newWindowOpensItsOwn()
{
    QSignalSpy received(m_server.get(), &InstanceServer::requestReceived);
    QProcess second;
    QProcessEnvironment env = childEnvironment(m_runtime);
    // It paints its own window and then exits, which a hand-off never does.
    env.insert(QStringLiteral("REVOX_EXIT_AFTER_FIRST_PAINT"), QStringLiteral("1"));
    second.setProcessEnvironment(env);
    QVERIFY(runSecond(second, {QStringLiteral("--new-window"), QStringLiteral("--sample")}));
    QCOMPARE(second.exitCode(), 0);
    QVERIFY(second.readAllStandardOutput().contains("first-paint-ns"));
    QCOMPARE(received.size(), 0);
    // It did not take over: this window still serves the next start.
    QVERIFY(m_server->isListening());
    QProcess third;
    QVERIFY(runSecond(third, {QStringLiteral("--sample")}));
    QCOMPARE(third.exitCode(), 0);
    QCOMPARE(received.size(), 1);
}

void tst_Handoff::killedInstanceIsReplaced()
{
    // A runtime folder of its own, so this test's window is not the one answering.
    const QString runtime = m_home.filePath(QStringLiteral("runtime-killed"));
    QVERIFY(makePrivateDir(runtime));
    const QString socket = QDir(runtime).filePath(QStringLiteral("revox-inspector.socket"));
    const QProcessEnvironment env = childEnvironment(runtime);

    QProcess first;
    first.setProcessEnvironment(env);
    first.start(QStringLiteral(REVOX_INSPECTOR_BIN), QStringList());
    QVERIFY(first.waitForStarted());
    QTRY_VERIFY_WITH_TIMEOUT(QFileInfo(socket).exists(), 15000);
    first.kill(); // SIGKILL: no clean-up runs
    QVERIFY(first.waitForFinished());
    QVERIFY2(QFileInfo(socket).exists(), "a SIGKILLed window leaves its socket behind");

    QProcess replacement;
    replacement.setProcessEnvironment(env);
    replacement.start(QStringLiteral(REVOX_INSPECTOR_BIN), QStringList());
    QVERIFY(replacement.waitForStarted());
    // It serves once a hand-off to it succeeds: a second process that exits 0 by itself.
    QTRY_VERIFY_WITH_TIMEOUT(InstanceHandoff::tryHandOff(InstanceRequest::activate(), socket).outcome
                                 == InstanceHandoff::Result::Outcome::Accepted,
                             15000);
    QProcess third;
    third.setProcessEnvironment(env);
    QVERIFY(runSecond(third, {QStringLiteral("--sample")}));
    QCOMPARE(third.exitCode(), 0);
    QCOMPARE(replacement.state(), QProcess::Running);
    replacement.kill();
    QVERIFY(replacement.waitForFinished());
}

// QTEST_MAIN, with a private runtime folder set first: Qt's platform code asks for the runtime
// folder while the application starts and, without one, creates /tmp/runtime-<user>.
int main(int argc, char *argv[])
{
    QTemporaryDir runtime; // mode 0700
    qputenv("XDG_RUNTIME_DIR", QFile::encodeName(runtime.path()));
    QApplication app(argc, argv);
    app.setAttribute(Qt::AA_Use96Dpi, true);
    tst_Handoff test;
    QTEST_SET_MAIN_SOURCE_PATH
    return QTest::qExec(&test, argc, argv);
}

#include "tst_handoff.moc"
