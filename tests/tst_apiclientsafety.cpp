// What the client guarantees beyond a single fetch's outcome: every job reports once and after
// fetchCall() returned, slots may fetch or cancel again, a dead client reports nothing, the ID
// cannot leave its path segment, the key stays out of logs, and TLS errors are never ignored.
// (Which answer is shown when fetches overlap is CallSession's business: tst_callsession.
// Cancelling, for this client and the recording downloader alike: tst_networkpolicy.)
#include "core/api/apiclient.h"
#include "core/common/corelogging.h"
#include "fakerevoxserver.h"

#include <QFile>
#include <QLoggingCategory>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QPointer>
#include <QSignalSpy>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QSslKey>
#include <QSslServer>
#include <QTest>

#include <algorithm>
#include <memory>

using namespace Revox;
using Status = FetchResult::Status;

namespace {
const QString TestKey = QStringLiteral("sk_test_7f3a9c_secret");
} // namespace

class TestApiClientSafety final : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void earlyFailuresArriveAfterFetchCallReturns();
    void slotsMayFetchOrCancelAgain();
    void destroyedWhileInFlight();
    void idIsEncodedAsOnePathSegment_data();
    void idIsEncodedAsOnePathSegment();
    void keyNeverAppearsInLogs();
    void tlsErrorsAreNeverIgnored();

private:
    ApiSettings defaultSettings() const;

    std::unique_ptr<FakeRevoxServer> m_server;
};

void TestApiClientSafety::init()
{
    m_server = std::make_unique<FakeRevoxServer>();
    QVERIFY2(m_server->listen(), qPrintable(m_server->errorString()));
    m_server->setApiKey(TestKey);
}

void TestApiClientSafety::cleanup()
{
    m_server.reset();
}

ApiSettings TestApiClientSafety::defaultSettings() const
{
    ApiSettings settings;
    settings.baseUrl = m_server->baseUrl();
    settings.apiKey = TestKey;
    settings.timeoutMs = 5000;
    return settings;
}

void TestApiClientSafety::earlyFailuresArriveAfterFetchCallReturns()
{
    ApiClient client;
    client.setSettings(defaultSettings());

    FetchJob *bad = client.fetchCall(QStringLiteral("   "));
    QSignalSpy finished(bad, &FetchJob::finished);
    QCOMPARE(finished.count(), 0);
    QVERIFY(finished.wait());
    QCOMPARE(finished.count(), 1);
    const auto result = finished.at(0).at(0).value<FetchResult>();
    QCOMPARE(result.status, Status::InvalidReference);
    QCOMPARE(result.message, QStringLiteral("Enter a call ID or a link to a call."));

    // An early failure and a good fetch side by side: each job reports its own outcome.
    FetchJob *refused = client.fetchCall(QStringLiteral("a?b"));
    FetchJob *good = client.fetchCall(QStringLiteral("sample"));
    QSignalSpy refusedSpy(refused, &FetchJob::finished);
    QSignalSpy goodSpy(good, &FetchJob::finished);
    QVERIFY(goodSpy.wait());
    QCOMPARE(refusedSpy.count(), 1);
    QCOMPARE(refusedSpy.at(0).at(0).value<FetchResult>().status, Status::InvalidReference);
    QCOMPARE(goodSpy.count(), 1);
    QCOMPARE(goodSpy.at(0).at(0).value<FetchResult>().status, Status::Ok);
    QCOMPARE(m_server->requests().size(), 1);
}

// The GUI reacts to these signals by fetching again (a retry button) or cancelling: the client
// and the job must be in a clean state while they are emitted.
void TestApiClientSafety::slotsMayFetchOrCancelAgain()
{
    ApiClient client;
    client.setSettings(defaultSettings());
    QList<Status> results;
    const auto record = [&results](const FetchResult &result) { results.append(result.status); };
    QPointer<FetchJob> second;
    FetchJob *first = client.fetchCall(QStringLiteral("scenario-404"));
    connect(first, &FetchJob::finished, this, [&](const FetchResult &result) {
        record(result);
        second = client.fetchCall(QStringLiteral("scenario-always-500"));
        connect(second, &FetchJob::finished, this, record);
        connect(second, &FetchJob::retryScheduled, this, [&second] { second->cancel(); });
    });

    QTRY_COMPARE(results.size(), 2);
    QCOMPARE(results.at(0), Status::NotFound);
    QCOMPARE(results.at(1), Status::Cancelled);
    QVERIFY(!client.isBusy());
    // Longer than the first backoff: the cancelled retry must not go out.
    QSignalSpy lateRequests(m_server.get(), &FakeRevoxServer::requestReceived);
    QVERIFY(lateRequests.isValid());
    QVERIFY(!lateRequests.wait(700));
    QCOMPARE(m_server->requests().size(), 2);
    QCOMPARE(results.size(), 2);
}

void TestApiClientSafety::destroyedWhileInFlight()
{
    auto client = std::make_unique<ApiClient>();
    client->setSettings(defaultSettings());
    const QPointer<FetchJob> job = client->fetchCall(QStringLiteral("scenario-stall"));
    QSignalSpy finished(job, &FetchJob::finished);
    QTRY_COMPARE(m_server->requests().size(), 1);
    client.reset();
    QVERIFY(job.isNull()); // the client's jobs go with it, without a word
    // The fake server still works, and nothing from the dead client arrives late.
    ApiClient other;
    other.setSettings(defaultSettings());
    QSignalSpy otherFinished(other.fetchCall(QStringLiteral("sample")), &FetchJob::finished);
    QVERIFY(otherFinished.wait());
    QCOMPARE(otherFinished.at(0).at(0).value<FetchResult>().status, Status::Ok);
    QCOMPARE(finished.count(), 0);
}

void TestApiClientSafety::idIsEncodedAsOnePathSegment_data()
{
    QTest::addColumn<QString>("id");
    QTest::addColumn<QByteArray>("path");

    QTest::newRow("plain") << QStringLiteral("call_01") << QByteArray("/api/call/call_01");
    QTest::newRow("dot-dot path") << QStringLiteral("../users/me")
                                  << QByteArray("/api/call/..%2Fusers%2Fme");
    QTest::newRow("just dot-dot: no URL at all") << QStringLiteral("..") << QByteArray();
    QTest::newRow("just dot: no URL at all") << QStringLiteral(".") << QByteArray();
    QTest::newRow("question mark") << QStringLiteral("a?b") << QByteArray("/api/call/a%3Fb");
    QTest::newRow("hash") << QStringLiteral("a#b") << QByteArray("/api/call/a%23b");
    QTest::newRow("encoded slash stays literal")
        << QStringLiteral("%2F") << QByteArray("/api/call/%252F");
    QTest::newRow("space and unicode")
        << QStringLiteral("a b\u00E9") << QByteArray("/api/call/a%20b%C3%A9");
}

// The reference parser already rejects all of these; the URL builder must still keep each one
// inside its path segment, and the request that goes out must carry exactly that path.
void TestApiClientSafety::idIsEncodedAsOnePathSegment()
{
    QFETCH(QString, id);
    QFETCH(QByteArray, path);

    ApiSettings settings = defaultSettings();
    settings.baseUrl = QUrl(m_server->baseUrl().toString() + QStringLiteral("/api/"));
    const QUrl url = settings.callUrl(id);
    if (path.isEmpty()) {
        QVERIFY(url.isEmpty());
        return;
    }
    QCOMPARE(url.path(QUrl::FullyEncoded).toLatin1(), path);
    QVERIFY(!url.hasQuery());
    QVERIFY(!url.hasFragment());
    QCOMPARE(url.host(), QStringLiteral("127.0.0.1"));

    QNetworkAccessManager network;
    std::unique_ptr<QNetworkReply> reply(network.get(QNetworkRequest(url)));
    QSignalSpy finished(reply.get(), &QNetworkReply::finished);
    QVERIFY(reply->isFinished() || finished.wait());
    QCOMPARE(m_server->requests().size(), 1);
    QCOMPARE(m_server->requests().at(0).path, path);
}

namespace {
QStringList *g_logged = nullptr;
void captureMessage(QtMsgType, const QMessageLogContext &, const QString &message)
{
    g_logged->append(message);
}
} // namespace

void TestApiClientSafety::keyNeverAppearsInLogs()
{
    QLoggingCategory::setFilterRules(QStringLiteral("qt.network.*=true"));
    // Directly, because QT_LOGGING_RULES (set by ctest) outranks setFilterRules().
    const_cast<QLoggingCategory &>(lcApi()).setEnabled(QtDebugMsg, true);
    QVERIFY(lcApi().isDebugEnabled());
    QStringList logged;
    g_logged = &logged;
    const QtMessageHandler previous = qInstallMessageHandler(captureMessage);

    ApiClient client;
    ApiSettings settings = defaultSettings();
    settings.timeoutMs = 200;
    client.setSettings(settings);
    QStringList messages;
    for (const char *id : {"sample",
                           "scenario-401",
                           "scenario-500-then-ok",
                           "scenario-redirect-cross-origin",
                           "scenario-stall"}) {
        QSignalSpy finished(client.fetchCall(QString::fromLatin1(id)), &FetchJob::finished);
        QVERIFY(finished.wait(10000));
        messages << finished.at(0).at(0).value<FetchResult>().message;
    }

    qInstallMessageHandler(previous);
    g_logged = nullptr;
    QLoggingCategory::setFilterRules(QString());

    // The client's debug output was really on.
    QVERIFY(std::any_of(logged.cbegin(), logged.cend(), [](const QString &line) {
        return line.startsWith(QLatin1String("GET ")) && line.contains(QLatin1String("/call/"));
    }));
    for (const QString &line : std::as_const(logged))
        QVERIFY2(!line.contains(TestKey), qPrintable(line));
    for (const QString &message : std::as_const(messages))
        QVERIFY2(!message.contains(TestKey), qPrintable(message));
    for (const RecordedRequest &request : m_server->requests())
        QVERIFY(!request.path.contains(TestKey.toLatin1()));
}

// A real TLS server on loopback with a self-signed certificate (tests/data/tls, made for this test
// only): the client must refuse it, say why, and not try again.
void TestApiClientSafety::tlsErrorsAreNeverIgnored()
{
    const QList<QSslCertificate> certificates = QSslCertificate::fromPath(
        QStringLiteral(REVOX_TEST_DATA_DIR "/tls/untrusted-cert.pem"));
    QCOMPARE(certificates.size(), 1);
    QFile keyFile(QStringLiteral(REVOX_TEST_DATA_DIR "/tls/untrusted-key.pem"));
    QVERIFY(keyFile.open(QIODevice::ReadOnly));
    const QSslKey key(&keyFile, QSsl::Rsa);
    QVERIFY(!key.isNull());

    QSslServer tlsServer;
    QSslConfiguration config = QSslConfiguration::defaultConfiguration();
    config.setLocalCertificate(certificates.first());
    config.setPrivateKey(key);
    tlsServer.setSslConfiguration(config);
    QVERIFY(tlsServer.listen(QHostAddress::LocalHost));

    ApiClient client;
    ApiSettings settings = defaultSettings();
    settings.baseUrl = QUrl(QStringLiteral("https://127.0.0.1:%1/api").arg(tlsServer.serverPort()));
    client.setSettings(settings);
    FetchJob *job = client.fetchCall(QStringLiteral("sample"));
    QSignalSpy finished(job, &FetchJob::finished);
    QSignalSpy retries(job, &FetchJob::retryScheduled);
    QVERIFY(finished.wait(10000));
    const auto result = finished.at(0).at(0).value<FetchResult>();
    QCOMPARE(result.status, Status::TlsError);
    QCOMPARE(result.tries, 1);
    QCOMPARE(retries.count(), 0);
    QVERIFY2(result.message.contains(QStringLiteral("is not trusted")), qPrintable(result.message));
    QVERIFY2(result.message.contains(QStringLiteral("self signed"), Qt::CaseInsensitive)
                 || result.message.contains(QStringLiteral("self-signed"), Qt::CaseInsensitive),
             qPrintable(result.message));
    QVERIFY(!result.message.contains(TestKey));
    // The handshake never completed, so no HTTP request (and no key) got through.
    QVERIFY(!tlsServer.hasPendingConnections());
}

QTEST_GUILESS_MAIN(TestApiClientSafety)
#include "tst_apiclientsafety.moc"
