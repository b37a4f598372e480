#include "apiclient.h"
#include "fakerevoxserver.h"

#include <QElapsedTimer>
#include <QSignalSpy>
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
    QSignalSpy finished(&client, &ApiClient::finished);
    connect(&client,
            &ApiClient::retryScheduled,
            this,
            [&outcome](quint64, int nextTry, int maxTries, int delayMs, const QString &reason) {
                outcome.retries.append({nextTry, maxTries, delayMs, reason});
            });
    QElapsedTimer timer;
    timer.start();
    const quint64 id = client.fetchCall(reference);
    QVERIFY(finished.wait(20000));
    outcome.elapsedMs = timer.elapsed();
    QCOMPARE_EQ(finished.count(), 1);
    QCOMPARE_EQ(finished.at(0).at(0).toULongLong(), id);
    outcome.result = finished.at(0).at(1).value<FetchResult>();
    outcome.requests = m_server->requests();
    QVERIFY(!client.isBusy());
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

    QTest::newRow("404: no such call")
        << QStringLiteral("no-such-call") << none << Status::NotFound << 404 << 1
        << QStringLiteral("No call with ID no-such-call (404).") << nothing;
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

QTEST_GUILESS_MAIN(TestApiClient)
#include "tst_apiclient.moc"
