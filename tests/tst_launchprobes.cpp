// The real app's probes for tests and benchmarks (src/app/launchprobes.h): the first paint it
// reports is the one that shows the call given on the command line with its transcript rows, a
// call that cannot be shown ends the process, and the heartbeat ends after the library's save.
#include "core/call/samplecall.h"
#include "core/library/calllibrary.h"
#include "fakerevoxserver.h"
#include "livecalls.h"
#include "support/privatesession.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMap>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <chrono>

using namespace Revox;

namespace {

const QString ApiKey = QStringLiteral("sk_test_PROBE_0123456789");
// Long enough that the window has painted its "Fetching…" frame many times before the answer.
constexpr int AnswerDelayMs = 1500;

qint64 monotonicNs()
{
    return std::chrono::duration_cast<std::chrono::nanoseconds>(
               std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

// "key value" lines as the probes print them.
QMap<QString, QString> keyValues(const QByteArray &output)
{
    QMap<QString, QString> values;
    for (const QByteArray &line : output.split('\n')) {
        const qsizetype space = line.indexOf(' ');
        if (space > 0)
            values.insert(QString::fromUtf8(line.left(space)),
                          QString::fromUtf8(line.mid(space + 1)));
    }
    return values;
}

// The sample call with every transcript emptied: a call with nothing for the transcript to paint.
QByteArray callWithoutTurns()
{
    QJsonObject root = QJsonDocument::fromJson(SampleCall::json()).object();
    QJsonObject call = root.value(QStringLiteral("call")).toObject();
    QJsonArray attempts = call.value(QStringLiteral("call_attempts")).toArray();
    for (QJsonValueRef attempt : attempts) {
        QJsonObject object = attempt.toObject();
        object.insert(QStringLiteral("transcript"), QJsonArray());
        attempt = object;
    }
    call.insert(QStringLiteral("call_attempts"), attempts);
    call.remove(QStringLiteral("last_call_attempt"));
    root.insert(QStringLiteral("call"), call);
    return QJsonDocument(root).toJson(QJsonDocument::Compact);
}

QString sampleCallId()
{
    return QJsonDocument::fromJson(SampleCall::json())
        .object()
        .value(QStringLiteral("call"))
        .toObject()
        .value(QStringLiteral("id"))
        .toString();
}

} // namespace

class tst_LaunchProbes final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void fetchedCallCountsOnlyWhenItsRowsArePainted();
    void firstPaint_data();
    void firstPaint();
    void heartbeatEndsAfterTheSave_data();
    void heartbeatEndsAfterTheSave();

private:
    QProcessEnvironment environment(const QString &probe) const;
    // Runs the app to its end, this thread's event loop serving the fake server meanwhile.
    bool run(QProcess &app, const QStringList &arguments, const QProcessEnvironment &env);
    QString writeFile(const QString &name, const QByteArray &bytes) const;

    QTemporaryDir m_dir;
    QString m_home;
    FakeRevoxServer m_server;
};

void tst_LaunchProbes::initTestCase()
{
    QVERIFY(QFile::exists(QStringLiteral(REVOX_APP_BINARY)));
    QVERIFY(m_dir.isValid());
    QVERIFY(m_server.listen());
    m_server.setApiKey(ApiKey);
}

void tst_LaunchProbes::init()
{
    // A user of its own per row: an empty library, no saved window state.
    m_home = m_dir.filePath(
        QString::fromUtf8(QTest::currentTestFunction()) + QLatin1Char('-')
        + QString::fromUtf8(QTest::currentDataTag()).replace(QLatin1Char(' '), QLatin1Char('_')));
    QVERIFY(QDir().mkpath(m_home));
    m_server.clearRequests();
}

QProcessEnvironment tst_LaunchProbes::environment(const QString &probe) const
{
    QProcessEnvironment env = TestSupport::privateSession(m_home,
                                                          TestSupport::Display::Offscreen,
                                                          TestSupport::SessionBus::None);
    env.insert(QStringLiteral("REVOX_API_KEY"), ApiKey);
    env.insert(QStringLiteral("REVOX_BASE_URL"), m_server.baseUrl().toString());
    env.insert(probe, QStringLiteral("1"));
    return env;
}

bool tst_LaunchProbes::run(QProcess &app,
                           const QStringList &arguments,
                           const QProcessEnvironment &env)
{
    app.setProcessEnvironment(env);
    QSignalSpy finished(&app, &QProcess::finished);
    app.start(QStringLiteral(REVOX_APP_BINARY),
              QStringList{QStringLiteral("--new-window")} + arguments);
    if (!finished.wait(120000)) {
        app.kill();
        app.waitForFinished();
        return false;
    }
    return app.exitStatus() == QProcess::NormalExit;
}

QString tst_LaunchProbes::writeFile(const QString &name, const QByteArray &bytes) const
{
    const QString path = QDir(m_home).filePath(name);
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size())
        return {};
    return path;
}

// The window paints "Fetching…" frames while the server waits; the probe fires only at the
// paint after the answer, and that paint had the call's rows.
void tst_LaunchProbes::fetchedCallCountsOnlyWhenItsRowsArePainted()
{
    const QString id = QStringLiteral("call_probe_slow");
    ScriptedResponse slow = TestCalls::jsonAnswer(m_server.sampleCallJson(id));
    slow.delayMs = AnswerDelayMs;
    m_server.addScript(id, {slow});
    qint64 requestNs = 0;
    connect(&m_server, &FakeRevoxServer::requestReceived, this, [&](const RecordedRequest &request) {
        if (request.path == "/call/" + id.toUtf8() && requestNs == 0)
            requestNs = monotonicNs();
    });

    QProcess app;
    QVERIFY(run(app, {id}, environment(QStringLiteral("REVOX_EXIT_AFTER_FIRST_PAINT"))));
    const QByteArray output = app.readAllStandardOutput();
    QVERIFY2(app.exitCode() == 0, output + app.readAllStandardError());
    const QMap<QString, QString> values = keyValues(output);
    QVERIFY2(requestNs > 0, "the app never asked for the call");
    QCOMPARE(values.value(QStringLiteral("first-paint-call")), id);
    QVERIFY2(values.value(QStringLiteral("first-paint-rows")).toInt() > 0, output);
    QVERIFY2(values.value(QStringLiteral("first-paint-frames-before")).toInt() >= 1, output);
    // The answer left the server at least AnswerDelayMs after the request came in; the call was
    // shown after that, and the paint that counted came after the call was shown.
    const qint64 shownNs = values.value(QStringLiteral("first-paint-call-shown-ns")).toLongLong();
    const qint64 paintNs = values.value(QStringLiteral("first-paint-ns")).toLongLong();
    QVERIFY2(shownNs >= requestNs + qint64(AnswerDelayMs) * 1000000, output);
    QVERIFY2(paintNs >= shownNs, output);
}

void tst_LaunchProbes::firstPaint_data()
{
    QTest::addColumn<QString>("argument"); // "file:NAME" writes the body to NAME first
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QString>("callId"); // empty: no call lines expected
    QTest::addColumn<bool>("rows");

    const QByteArray none;
    QTest::newRow("file") << QStringLiteral("file:call.json") << SampleCall::json() << 0
                          << sampleCallId() << true;
    QTest::newRow("file named like an ID")
        << QStringLiteral("file:call_123") << SampleCall::json() << 0 << sampleCallId() << true;
    QTest::newRow("file without turns")
        << QStringLiteral("file:empty.json") << callWithoutTurns() << 0 << sampleCallId() << false;
    QTest::newRow("fetched at once") << QStringLiteral("call_probe_quick") << none << 0
                                     << QStringLiteral("call_probe_quick") << true;
    QTest::newRow("--sample: the window's first paint")
        << QStringLiteral("--sample") << none << 0 << QString() << false;
    QTest::newRow("no call: the window's first paint")
        << QString() << none << 0 << QString() << false;
    // Calls that never show end the process instead of leaving it waiting.
    QTest::newRow("missing file") << QStringLiteral("no-such-call.json") << none << 1 << QString()
                                  << false;
    QTest::newRow("not JSON") << QStringLiteral("file:garbage.json") << QByteArray("{\"call\": [")
                              << 1 << QString() << false;
    QTest::newRow("JSON that is no call")
        << QStringLiteral("file:array.json") << QByteArray("[1, 2, 3]") << 1 << QString() << false;
    QTest::newRow("404") << QStringLiteral("scenario-404") << none << 1 << QString() << false;
    QTest::newRow("HTML login page")
        << QStringLiteral("scenario-html-200") << none << 1 << QString() << false;
    QTest::newRow("reference refused before any fetch")
        << QStringLiteral("https://example.com/not/a/call") << none << 1 << QString() << false;
}

void tst_LaunchProbes::firstPaint()
{
    QFETCH(QString, argument);
    QFETCH(QByteArray, body);
    QFETCH(int, exitCode);
    QFETCH(QString, callId);
    QFETCH(bool, rows);

    m_server.addCall(QStringLiteral("call_probe_quick"),
                     m_server.sampleCallJson(QStringLiteral("call_probe_quick")));
    QStringList arguments;
    if (argument.startsWith(QLatin1String("file:"))) {
        const QString path = writeFile(argument.mid(5), body);
        QVERIFY(!path.isEmpty());
        arguments << path;
    } else if (!argument.isEmpty()) {
        arguments << argument;
    }
    QProcess app;
    app.setWorkingDirectory(m_home);
    QVERIFY(run(app, arguments, environment(QStringLiteral("REVOX_EXIT_AFTER_FIRST_PAINT"))));
    const QByteArray output = app.readAllStandardOutput();
    QVERIFY2(app.exitCode() == exitCode, output + app.readAllStandardError());
    const QMap<QString, QString> values = keyValues(output);
    if (exitCode != 0) {
        QVERIFY2(output.startsWith("load-failed ") && output.size() > 13, output);
        QVERIFY2(!values.contains(QStringLiteral("first-paint-ns")), output);
        return;
    }
    QVERIFY2(values.value(QStringLiteral("first-paint-ns")).toLongLong() > 0, output);
    QCOMPARE(values.value(QStringLiteral("first-paint-call")), callId);
    if (callId.isEmpty()) {
        QCOMPARE(values.size(), 1); // the minimal program's one line, nothing else
        return;
    }
    QCOMPARE(values.value(QStringLiteral("first-paint-rows")).toInt() > 0, rows);
    QVERIFY2(values.value(QStringLiteral("first-paint-ns")).toLongLong()
                 >= values.value(QStringLiteral("first-paint-call-shown-ns")).toLongLong(),
             output);
}

void tst_LaunchProbes::heartbeatEndsAfterTheSave_data()
{
    QTest::addColumn<bool>("withCall");
    QTest::newRow("call from a file") << true;
    QTest::newRow("no call") << false;
}

// The heartbeat's figures come after the library has the call: the library holds it when the
// process has ended.
void tst_LaunchProbes::heartbeatEndsAfterTheSave()
{
    QFETCH(bool, withCall);
    QStringList arguments;
    if (withCall) {
        const QString path = writeFile(QStringLiteral("call.json"), SampleCall::json());
        QVERIFY(!path.isEmpty());
        arguments << path;
    }
    QProcess app;
    QVERIFY(run(app, arguments, environment(QStringLiteral("REVOX_HEARTBEAT"))));
    const QByteArray output = app.readAllStandardOutput();
    QVERIFY2(app.exitCode() == 0, output + app.readAllStandardError());
    const QMap<QString, QString> values = keyValues(output);
    for (const char *key : {"longest-gap-ms", "longest-gap-after-paint-ms", "peak-rss-kib"}) {
        bool ok = false;
        // After the paint may be no time at all: without a call, the figures follow the paint.
        QVERIFY2(values.value(QLatin1String(key)).toDouble(&ok) >= 0 && ok,
                 qPrintable(QLatin1String(key) + QLatin1Char(' ') + QString::fromUtf8(output)));
    }
    QVERIFY2(values.value(QStringLiteral("peak-rss-kib")).toLongLong() > 0, output);
    QVERIFY2(values.value(QStringLiteral("heartbeat-ticks")).toInt() >= 1, output);

    // main() names the organization "Revox" and the application "Revox Call Inspector".
    const QString libraryPath = QDir(m_home).filePath(
        QStringLiteral("XDG_DATA_HOME/Revox/Revox Call Inspector/library.sqlite"));
    CallLibrary library;
    QVERIFY2(library.open(libraryPath), qPrintable(library.errorString()));
    QCOMPARE(library.entries().size(), withCall ? 1 : 0);
    if (withCall)
        QCOMPARE(library.entries().constFirst().callId, sampleCallId());
}

QTEST_GUILESS_MAIN(tst_LaunchProbes)
#include "tst_launchprobes.moc"
