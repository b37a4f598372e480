// Every outcome of one fetch, against the fake server over real loopback HTTP.
#include "core/api/apiclient.h"
#include "fakerevoxserver.h"

#include <QElapsedTimer>
#include <QPointer>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTest>

#include <functional>
#include <memory>

using namespace Revox;
using Status = FetchResult::Status;

namespace {

const QString TestKey = QStringLiteral("sk_test_7f3a9c_secret");

struct RetryEvent
{
    int nextTry = 0;
    int maxTries = 0;
    int delayMs = 0;
    QString reason;
};

// What one fetch produced, for the row checks.
struct Outcome
{
    FetchResult result;
    QList<RetryEvent> retries;
    QList<RecordedRequest> requests;
    qint64 elapsedMs = 0;
};

using Setup = std::function<void(FakeRevoxServer &, ApiSettings &)>;
using Check = std::function<void(const Outcome &)>;

} // namespace

Q_DECLARE_METATYPE(Status)
Q_DECLARE_METATYPE(Setup)
Q_DECLARE_METATYPE(Check)

class TestApiClient final : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void fetch_data();
    void fetch();
    void severalJobsAtOnce();
    void jobKeepsTheSettingsItStartedWith();

private:
    ApiSettings defaultSettings() const;
    // QVERIFY and friends return on failure, so the outcome comes back through a pointer.
    void run(const QString &reference, const ApiSettings &settings, Outcome *outcome);

    std::unique_ptr<FakeRevoxServer> m_server;
};

void TestApiClient::init()
{
    m_server = std::make_unique<FakeRevoxServer>();
    QVERIFY2(m_server->listen(), qPrintable(m_server->errorString()));
    m_server->setApiKey(TestKey);
}

void TestApiClient::cleanup()
{
    m_server.reset();
}

ApiSettings TestApiClient::defaultSettings() const
{
    ApiSettings settings;
    settings.baseUrl = m_server->baseUrl();
    settings.apiKey = TestKey;
    settings.timeoutMs = 5000;
    return settings;
}

void TestApiClient::run(const QString &reference, const ApiSettings &settings, Outcome *out)
{
    ApiClient client;
    client.setSettings(settings);
    Outcome &outcome = *out;
    QElapsedTimer timer;
    timer.start();
    const QPointer<FetchJob> job = client.fetchCall(reference);
    QSignalSpy finished(job, &FetchJob::finished);
    QVERIFY(finished.isValid());
    connect(job,
            &FetchJob::retryScheduled,
            this,
            [&outcome](int nextTry, int maxTries, int delayMs, const QString &reason) {
                outcome.retries.append({nextTry, maxTries, delayMs, reason});
            });
    QVERIFY(finished.wait(20000));
    outcome.elapsedMs = timer.elapsed();
    QCOMPARE_EQ(finished.count(), 1);
    outcome.result = finished.at(0).at(0).value<FetchResult>();
    outcome.requests = m_server->requests();
    QVERIFY(!client.isBusy());
    QTRY_VERIFY(job.isNull()); // the job deletes itself once it has reported
}

void TestApiClient::fetch_data()
{
    QTest::addColumn<QString>("reference");
    QTest::addColumn<Setup>("setup");
    QTest::addColumn<Status>("status");
    QTest::addColumn<int>("httpStatus");
    QTest::addColumn<int>("tries");
    QTest::addColumn<QString>("message");
    QTest::addColumn<Check>("check");

    const Setup none = [](FakeRevoxServer &, ApiSettings &) {};
    const Check nothing = [](const Outcome &) {};

    QTest::newRow("success: the sample call, with the key and the SDK headers")
        << QStringLiteral("sample") << none << Status::Ok << 200 << 1 << QString()
        << Check([](const Outcome &o) {
               QVERIFY(o.result.call.has_value());
               QCOMPARE(o.result.call->id, QStringLiteral("call_01JD8X4K2M7QY5ZP3N6RWTB9HE"));
               QVERIFY(o.result.message.isEmpty());
               QVERIFY(o.result.body.contains("call_01JD8X4K2M7QY5ZP3N6RWTB9HE"));
               QCOMPARE(o.requests.size(), 1);
               const RecordedRequest &request = o.requests.first();
               QCOMPARE(request.method, QByteArray("GET"));
               QCOMPARE(request.path, QByteArray("/call/sample"));
               QCOMPARE(request.header("authorization"), "Bearer " + TestKey.toLatin1());
               QCOMPARE(request.header("accept"), QByteArray("application/json"));
               QCOMPARE(request.header("user-agent"), QByteArray("revox-inspector/" REVOX_VERSION));
           });

    QTest::newRow("401: the key is rejected")
        << QStringLiteral("scenario-401") << none << Status::Unauthorized << 401 << 1
        << QStringLiteral("The API key was rejected (401). Check it in Settings.") << nothing;

    QTest::newRow("401: a wrong key, checked by the server")
        << QStringLiteral("sample") << Setup([](FakeRevoxServer &, ApiSettings &settings) {
               settings.apiKey = QStringLiteral("sk_wrong");
           })
        << Status::Unauthorized << 401 << 1
        << QStringLiteral("The API key was rejected (401). Check it in Settings.") << nothing;

    QTest::newRow("404: no such call")
        << QStringLiteral("no-such-call") << none << Status::NotFound << 404 << 1
        << QStringLiteral("No call with ID no-such-call (404).") << nothing;

    QTest::newRow("400: bad request, with the server's words")
        << QStringLiteral("scenario-400") << none << Status::BadRequest << 400 << 1
        << QStringLiteral("(400). The server said: \u201CInvalid call id\u201D") << nothing;

    QTest::newRow("403: permission denied")
        << QStringLiteral("scenario-403") << none << Status::Forbidden << 403 << 1
        << QStringLiteral("not allowed to read this call (403)") << nothing;

    QTest::newRow("409: conflict is retried, 3 tries")
        << QStringLiteral("scenario-409") << none << Status::Conflict << 409 << 3
        << QStringLiteral("conflict (409)") << nothing;

    QTest::newRow("422: unprocessable")
        << QStringLiteral("scenario-422") << none << Status::Unprocessable << 422 << 1
        << QStringLiteral("(422)") << nothing;

    QTest::newRow("429 then success: the Retry-After of 1 s is honoured")
        << QStringLiteral("scenario-429-then-ok") << none << Status::Ok << 200 << 2 << QString()
        << Check([](const Outcome &o) {
               QCOMPARE(o.requests.size(), 2);
               QCOMPARE(o.retries.size(), 1);
               QCOMPARE(o.retries.at(0).nextTry, 2);
               QCOMPARE(o.retries.at(0).maxTries, 3);
               QCOMPARE(o.retries.at(0).delayMs, 1000);
               QCOMPARE(o.retries.at(0).reason,
                        QStringLiteral("Revox is rate-limiting requests; retrying in 1 s\u2026"));
               QVERIFY2(o.elapsedMs >= 1000, qPrintable(QString::number(o.elapsedMs)));
               QCOMPARE(o.result.call->id, QStringLiteral("scenario-429-then-ok"));
           });

    QTest::newRow("429 then success: retry-after-ms wins over retry-after") << QStringLiteral(
        "limited") << Setup([](FakeRevoxServer &server, ApiSettings &) {
        ScriptedResponse limited{429, {{"retry-after-ms", "300"}, {"retry-after", "30"}}, {}};
        server.addScript(QStringLiteral("limited"),
                         {limited, {200, {}, server.sampleCallJson(QStringLiteral("limited"))}});
    }) << Status::Ok << 200 << 2 << QString() << Check([](const Outcome &o) {
        QCOMPARE(o.retries.size(), 1);
        QCOMPARE(o.retries.at(0).delayMs, 300);
        QVERIFY(o.elapsedMs >= 300);
    });

    QTest::newRow("429 asking for 120 s: too long, the backoff is used instead")
        << QStringLiteral("patient") << Setup([](FakeRevoxServer &server, ApiSettings &) {
               server.addScript(QStringLiteral("patient"),
                                {{429, {{"retry-after", "120"}}, {}},
                                 {200, {}, server.sampleCallJson(QStringLiteral("patient"))}});
           })
        << Status::Ok << 200 << 2 << QString() << Check([](const Outcome &o) {
               QCOMPARE(o.retries.size(), 1);
               // 0.5 s times a jitter in (0.75, 1].
               QVERIFY2(o.retries.at(0).delayMs > 375 && o.retries.at(0).delayMs <= 500,
                        qPrintable(QString::number(o.retries.at(0).delayMs)));
           });

    QTest::newRow("500, 503 then success: two backoffs of 0.5 s and 1 s")
        << QStringLiteral("scenario-500-503-then-ok") << none << Status::Ok << 200 << 3 << QString()
        << Check([](const Outcome &o) {
               QCOMPARE(o.requests.size(), 3);
               QCOMPARE(o.retries.size(), 2);
               QCOMPARE(o.retries.at(0).nextTry, 2);
               QCOMPARE(o.retries.at(1).nextTry, 3);
               QVERIFY2(o.retries.at(0).delayMs > 375 && o.retries.at(0).delayMs <= 500,
                        qPrintable(QString::number(o.retries.at(0).delayMs)));
               QVERIFY2(o.retries.at(1).delayMs > 750 && o.retries.at(1).delayMs <= 1000,
                        qPrintable(QString::number(o.retries.at(1).delayMs)));
               QVERIFY(o.retries.at(0).reason.startsWith(
                   QStringLiteral("The Revox server had an error (500); retrying in 0.")));
               QVERIFY(o.retries.at(1).reason.startsWith(
                   QStringLiteral("The Revox server had an error (503); retrying in ")));
               QVERIFY(o.result.call.has_value());
           });

    QTest::newRow("three 500s: failure after exactly 3 tries")
        << QStringLiteral("scenario-always-500") << none << Status::ServerError << 500 << 3
        << QStringLiteral("internal error (500)") << Check([](const Outcome &o) {
               QCOMPARE(o.requests.size(), 3);
               QCOMPARE(o.retries.size(), 2);
               QVERIFY(o.result.message.endsWith(QStringLiteral("Tried 3 times.")));
           });

    QTest::newRow("503 with x-should-retry: false is not retried") << QStringLiteral(
        "final") << Setup([](FakeRevoxServer &server, ApiSettings &) {
        server.addScript(QStringLiteral("final"), {{503, {{"x-should-retry", "false"}}, {}}});
    }) << Status::ServerError << 503 << 1 << QStringLiteral("(503)")
                                                                   << Check([](const Outcome &o) {
                                                                          QCOMPARE(o.requests.size(),
                                                                                   1);
                                                                      });

    QTest::newRow("400 with x-should-retry: true is retried")
        << QStringLiteral("again") << Setup([](FakeRevoxServer &server, ApiSettings &) {
               server.addScript(QStringLiteral("again"),
                                {{400, {{"x-should-retry", "true"}}, {}},
                                 {200, {}, server.sampleCallJson(QStringLiteral("again"))}});
           })
        << Status::Ok << 200 << 2 << QString() << Check([](const Outcome &o) {
               QCOMPARE(o.retries.size(), 1);
               QVERIFY(o.retries.at(0).reason.contains(QStringLiteral("asked to be retried")));
           });

    QTest::newRow("stall: a timeout within the configured 200 ms, per try")
        << QStringLiteral("scenario-stall")
        << Setup([](FakeRevoxServer &, ApiSettings &settings) { settings.timeoutMs = 200; })
        << Status::Timeout << 0 << 3 << QStringLiteral("No answer from 127.0.0.1:")
        << Check([](const Outcome &o) {
               QVERIFY2(o.result.message.contains(QStringLiteral(" after 0.2 s.")),
                        qPrintable(o.result.message));
               QCOMPARE(o.requests.size(), 3);
               QCOMPARE(o.retries.size(), 2);
               QVERIFY(o.retries.at(0).reason.startsWith(QStringLiteral("No answer from")));
               // 3 tries of 0.2 s plus at most 1.5 s of backoff; generous for a loaded machine.
               QVERIFY2(o.elapsedMs < 10000, qPrintable(QString::number(o.elapsedMs)));
           });

    QTest::newRow("stall after half the body: also a timeout")
        << QStringLiteral("scenario-stall-mid-body")
        << Setup([](FakeRevoxServer &, ApiSettings &settings) { settings.timeoutMs = 200; })
        << Status::Timeout << 200 << 3 << QStringLiteral("after 0.2 s.") << nothing;

    QTest::newRow("truncated body: the connection drops mid-answer")
        << QStringLiteral("scenario-truncated") << none << Status::ConnectionError << 200 << 3
        << QStringLiteral("dropped before the whole answer arrived") << nothing;

    QTest::newRow("truncated JSON in a complete answer")
        << QStringLiteral("scenario-truncated-json") << none << Status::InvalidResponse << 200 << 1
        << QStringLiteral("The response ends too early") << nothing;

    QTest::newRow("HTML page with status 200")
        << QStringLiteral("scenario-html-200") << none << Status::InvalidResponse << 200 << 1
        << QStringLiteral("web page instead of call data") << nothing;

    QTest::newRow("oversized body without a length: reading stops at the cap")
        << QStringLiteral("scenario-oversized")
        << Setup([](FakeRevoxServer &server, ApiSettings &settings) {
               settings.maxBodyBytes = 256 * 1024;
               server.setOversizedBytes(64 * 1024 * 1024);
           })
        << Status::TooLarge << 200 << 1 << QStringLiteral("larger than 0.25 MiB")
        << Check([](const Outcome &o) {
               QVERIFY(!o.result.body.isEmpty());
               QVERIFY(o.result.body.size() <= 256 * 1024);
               QVERIFY(!o.result.call.has_value());
           });

    QTest::newRow("oversized body declared by Content-Length: not read at all")
        << QStringLiteral("scenario-oversized-declared")
        << Setup([](FakeRevoxServer &server, ApiSettings &settings) {
               settings.maxBodyBytes = 256 * 1024;
               server.setOversizedBytes(64 * 1024 * 1024);
           })
        << Status::TooLarge << 200 << 1 << QStringLiteral("reading stopped there")
        << Check([](const Outcome &o) { QVERIFY(o.result.body.size() <= 256 * 1024); });

    QTest::newRow("redirect to another origin: not followed, the key stays home")
        << QStringLiteral("scenario-redirect-cross-origin") << none << Status::OtherHttpError << 302
        << 1 << QStringLiteral("It was not followed, so your API key was not sent there")
        << Check([](const Outcome &o) {
               QCOMPARE(o.requests.size(), 1);
               for (const RecordedRequest &request : o.requests) {
                   if (request.otherOrigin)
                       QVERIFY(!request.hasHeader("authorization"));
               }
           });

    QTest::newRow("redirect within the origin: followed, with the key")
        << QStringLiteral("scenario-redirect-same-origin") << none << Status::Ok << 200 << 1
        << QString() << Check([](const Outcome &o) {
               QCOMPARE(o.requests.size(), 2);
               QCOMPARE(o.requests.at(1).path, QByteArray("/call/sample"));
               QVERIFY(o.requests.at(1).hasHeader("authorization"));
           });

    QTest::newRow("connection refused: retried, then a clear message") << QStringLiteral(
        "sample") << Setup([](FakeRevoxServer &, ApiSettings &settings) {
        QTcpServer closed;
        QVERIFY(closed.listen(QHostAddress::LocalHost));
        settings.baseUrl = QUrl(QStringLiteral("http://127.0.0.1:%1").arg(closed.serverPort()));
    }) << Status::ConnectionError << 0 << 3 << QStringLiteral("refused the connection")
                                                                       << nothing;

    QTest::newRow("http:// to a non-loopback host: refused before sending")
        << QStringLiteral("sample") << Setup([](FakeRevoxServer &, ApiSettings &settings) {
               settings.baseUrl = QUrl(QStringLiteral("http://api.example.com/api"));
           })
        << Status::InsecureBaseUrl << 0 << 0 << QStringLiteral("uses plain http")
        << Check([](const Outcome &o) { QVERIFY(o.requests.isEmpty()); });

    QTest::newRow("no API key: refused before sending")
        << QStringLiteral("sample")
        << Setup([](FakeRevoxServer &, ApiSettings &settings) { settings.apiKey.clear(); })
        << Status::MissingApiKey << 0 << 0 << QStringLiteral("REVOX_API_KEY")
        << Check([](const Outcome &o) { QVERIFY(o.requests.isEmpty()); });

    QTest::newRow("a key with a line break cannot inject headers")
        << QStringLiteral("sample") << Setup([](FakeRevoxServer &, ApiSettings &settings) {
               settings.apiKey = QStringLiteral("sk_a\r\nX-Evil: 1");
           })
        << Status::MissingApiKey << 0 << 0 << QStringLiteral("Paste it again")
        << Check([](const Outcome &o) { QVERIFY(o.requests.isEmpty()); });

    for (const char *hostile : {"../users/me", "a?b", "a#b", "%2F", "https://x.test/call/a%2Fb"}) {
        QTest::addRow("hostile reference %s: rejected, nothing sent", hostile)
            << QString::fromLatin1(hostile) << none << Status::InvalidReference << 0 << 0
            << QStringLiteral("is not a call ID")
            << Check([](const Outcome &o) { QVERIFY(o.requests.isEmpty()); });
    }

    QTest::newRow("a dashboard link is fetched by its ID")
        << QStringLiteral("  \"https://www.getrevox.com/dashboard/call/sample?tab=transcript\" ")
        << none << Status::Ok << 200 << 1 << QString() << Check([](const Outcome &o) {
               QCOMPARE(o.requests.at(0).path, QByteArray("/call/sample"));
           });

    QTest::newRow("the server echoes the key in its error: it is not shown")
        << QStringLiteral("echo") << Setup([](FakeRevoxServer &server, ApiSettings &) {
               server.addScript(QStringLiteral("echo"),
                                {{400,
                                  {},
                                  "{\"message\": \"Bad request from Bearer " + TestKey.toLatin1()
                                      + "\"}"}});
           })
        << Status::BadRequest << 400 << 1 << QStringLiteral("Bad request from Bearer \u2026")
        << nothing;
}

void TestApiClient::fetch()
{
    QFETCH(QString, reference);
    QFETCH(Setup, setup);
    QFETCH(Status, status);
    QFETCH(int, httpStatus);
    QFETCH(int, tries);
    QFETCH(QString, message);
    QFETCH(Check, check);

    ApiSettings settings = defaultSettings();
    setup(*m_server, settings);
    Outcome outcome;
    run(reference, settings, &outcome);
    if (QTest::currentTestFailed())
        return;
    QCOMPARE(outcome.result.status, status);
    QCOMPARE(outcome.result.httpStatus, httpStatus);
    QCOMPARE(outcome.result.tries, tries);
    QVERIFY2(outcome.result.message.contains(message), qPrintable(outcome.result.message));
    QVERIFY(!outcome.result.message.contains(TestKey));
    check(outcome);
}

// One client, many jobs in flight together (a slow answer, a retry, a failure among them): each
// ends once, with its own call, and none waits for another.
void TestApiClient::severalJobsAtOnce()
{
    const QStringList ids{QStringLiteral("scenario-slow"),
                          QStringLiteral("scenario-500-then-ok"),
                          QStringLiteral("call_a"),
                          QStringLiteral("call_b"),
                          QStringLiteral("scenario-404"),
                          QStringLiteral("call_c")};
    for (const char *id : {"call_a", "call_b", "call_c"})
        m_server->addCall(QString::fromLatin1(id),
                          m_server->sampleCallJson(QString::fromLatin1(id)));
    ApiClient client;
    client.setSettings(defaultSettings());

    QList<std::pair<FetchJob *, std::shared_ptr<QSignalSpy>>> jobs;
    for (const QString &id : ids) {
        FetchJob *job = client.fetchCall(id);
        QCOMPARE(job->callId(), id);
        jobs.append({job, std::make_shared<QSignalSpy>(job, &FetchJob::finished)});
    }
    QVERIFY(client.isBusy());
    // call_a etc. answer at once: they are not held up behind the slow one or the retry.
    QVERIFY(jobs.at(2).second->wait(10000));
    QCOMPARE(jobs.at(0).second->count(), 0);
    for (const auto &[job, finished] : std::as_const(jobs))
        QTRY_COMPARE_WITH_TIMEOUT(finished->count(), 1, 10000);

    for (int i = 0; i < ids.size(); ++i) {
        const auto result = jobs.at(i).second->at(0).at(0).value<FetchResult>();
        QCOMPARE(result.callId, ids.at(i));
        if (ids.at(i) == QLatin1String("scenario-404")) {
            QCOMPARE(result.status, Status::NotFound);
            continue;
        }
        QVERIFY2(result.isOk(), qPrintable(result.message));
        QCOMPARE(result.call->id, ids.at(i));
    }
    QVERIFY(!client.isBusy());
    // Six jobs, one of them retried once: seven requests, each job's own.
    QCOMPARE(m_server->requests().size(), 7);
    QVERIFY(!jobs.at(0).second->wait(300));
    for (const auto &[job, finished] : std::as_const(jobs))
        QCOMPARE(finished->count(), 1);
}

void TestApiClient::jobKeepsTheSettingsItStartedWith()
{
    ApiClient client;
    client.setSettings(defaultSettings());
    FetchJob *job = client.fetchCall(QStringLiteral("scenario-slow"));
    QSignalSpy finished(job, &FetchJob::finished);
    ApiSettings changed = defaultSettings();
    changed.apiKey = QStringLiteral("sk_other");
    client.setSettings(changed);
    QCOMPARE(job->settings().apiKey, TestKey);
    QVERIFY(finished.wait(10000));
    QVERIFY(finished.at(0).at(0).value<FetchResult>().isOk());
    QCOMPARE(m_server->requests().constFirst().header("authorization"),
             "Bearer " + TestKey.toLatin1());
}

QTEST_GUILESS_MAIN(TestApiClient)
#include "tst_apiclient.moc"
