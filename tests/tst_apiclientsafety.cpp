// What the client guarantees beyond a single fetch's outcome: a newer fetch silences an older
// one, cancel() is final, the ID cannot leave its path segment, the key stays out of logs, and
// TLS errors are never ignored.
#include "core/api/apiclient.h"
#include "core/common/corelogging.h"
#include "fakerevoxserver.h"

#include <QFile>
#include <QLoggingCategory>
#include <QNetworkAccessManager>
#include <QNetworkReply>
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

    void newFetchSupersedesTheOneInFlight_data();
    void newFetchSupersedesTheOneInFlight();
    void cancelEmitsCancelledOnce();
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

void TestApiClientSafety::newFetchSupersedesTheOneInFlight_data()
{
    QTest::addColumn<QString>("first");
    QTest::addColumn<int>("quietMs"); // how long to wait for a (wrong) late answer of the first

    QTest::newRow("first stalls") << QStringLiteral("scenario-stall") << 500;
    // The slow scenario answers after 1 s: the wait covers the moment it would have landed.
    QTest::newRow("first answers late") << QStringLiteral("scenario-slow") << 1300;
    QTest::newRow("first is waiting to retry") << QStringLiteral("scenario-always-500") << 1200;
}

void TestApiClientSafety::newFetchSupersedesTheOneInFlight()
{
    QFETCH(QString, first);
    QFETCH(int, quietMs);

    ApiClient client;
    client.setSettings(defaultSettings());
    QSignalSpy finished(&client, &ApiClient::finished);
    QSignalSpy retries(&client, &ApiClient::retryScheduled);
    QVERIFY(finished.isValid());

    const quint64 firstId = client.fetchCall(first);
    QTRY_COMPARE(m_server->requests().size(), 1); // the first request is really out
    if (first == QLatin1String("scenario-always-500"))
        QTRY_COMPARE(retries.count(), 1);
    const quint64 secondId = client.fetchCall(QStringLiteral("sample"));
    QVERIFY(secondId != firstId);

    QVERIFY(finished.wait());
    QCOMPARE(finished.count(), 1);
    QCOMPARE(finished.at(0).at(0).toULongLong(), secondId);
    const auto result = finished.at(0).at(1).value<FetchResult>();
    QCOMPARE(result.status, Status::Ok);
    QCOMPARE(result.callId, QStringLiteral("sample"));

    QVERIFY(!finished.wait(quietMs));
    QCOMPARE(finished.count(), 1);
    const int retriesBefore = first == QLatin1String("scenario-always-500") ? 1 : 0;
    QCOMPARE(retries.count(), retriesBefore);
    QCOMPARE(m_server->requests().size(), 2); // no retry of the superseded fetch went out
}

void TestApiClientSafety::cancelEmitsCancelledOnce()
{
    ApiClient client;
    client.setSettings(defaultSettings());
    QSignalSpy finished(&client, &ApiClient::finished);

    const quint64 id = client.fetchCall(QStringLiteral("scenario-stall"));
    QTRY_COMPARE(m_server->requests().size(), 1);
    QVERIFY(client.isBusy());
    client.cancel();
    QCOMPARE(finished.count(), 1); // synchronously
    QCOMPARE(finished.at(0).at(0).toULongLong(), id);
    const auto result = finished.at(0).at(1).value<FetchResult>();
    QCOMPARE(result.status, Status::Cancelled);
    QCOMPARE(result.tries, 1);
    QVERIFY(!client.isBusy());

    client.cancel(); // nothing in flight: nothing happens
    QVERIFY(!finished.wait(300));
    QCOMPARE(finished.count(), 1);
}

void TestApiClientSafety::earlyFailuresArriveAfterFetchCallReturns()
{
    ApiClient client;
    client.setSettings(defaultSettings());
    QSignalSpy finished(&client, &ApiClient::finished);

    const quint64 bad = client.fetchCall(QStringLiteral("   "));
    QCOMPARE(finished.count(), 0);
    QVERIFY(finished.wait());
    QCOMPARE(finished.at(0).at(0).toULongLong(), bad);
    const auto result = finished.at(0).at(1).value<FetchResult>();
    QCOMPARE(result.status, Status::InvalidReference);
    QCOMPARE(result.message, QStringLiteral("Enter a call ID or a link to a call."));

    // A failure not yet delivered is superseded like any other fetch.
    finished.clear();
    client.fetchCall(QStringLiteral("a?b"));
    const quint64 good = client.fetchCall(QStringLiteral("sample"));
    QVERIFY(finished.wait());
    QVERIFY(!finished.wait(200));
    QCOMPARE(finished.count(), 1);
    QCOMPARE(finished.at(0).at(0).toULongLong(), good);
}

// The GUI reacts to these signals by fetching again (a retry button) or cancelling: the client
// must be in a clean state while they are emitted.
void TestApiClientSafety::slotsMayFetchOrCancelAgain()
{
    ApiClient client;
    client.setSettings(defaultSettings());
    QList<std::pair<quint64, Status>> results;
    quint64 second = 0;
    connect(&client, &ApiClient::finished, this, [&](quint64 id, const FetchResult &result) {
        results.append({id, result.status});
        if (results.size() == 1)
            second = client.fetchCall(QStringLiteral("scenario-always-500"));
    });
    connect(&client, &ApiClient::retryScheduled, this, [&client](quint64) { client.cancel(); });

    const quint64 first = client.fetchCall(QStringLiteral("scenario-404"));
    QTRY_COMPARE(results.size(), 2);
    QCOMPARE(results.at(0), std::pair(first, Status::NotFound));
    QCOMPARE(results.at(1), std::pair(second, Status::Cancelled));
    QVERIFY(!client.isBusy());
    // Longer than the first backoff: the cancelled retry must not go out.
    QSignalSpy lateRequests(m_server.get(), &FakeRevoxServer::requestReceived);
    QVERIFY(lateRequests.isValid());
    QVERIFY(!lateRequests.wait(700));
    QCOMPARE(m_server->requests().size(), 2);
}

void TestApiClientSafety::destroyedWhileInFlight()
{
    auto client = std::make_unique<ApiClient>();
    client->setSettings(defaultSettings());
    client->fetchCall(QStringLiteral("scenario-stall"));
    QTRY_COMPARE(m_server->requests().size(), 1);
    client.reset();
    // The fake server still works, and nothing from the dead client arrives late.
    ApiClient other;
    other.setSettings(defaultSettings());
    QSignalSpy finished(&other, &ApiClient::finished);
    other.fetchCall(QStringLiteral("sample"));
    QVERIFY(finished.wait());
    QCOMPARE(finished.at(0).at(1).value<FetchResult>().status, Status::Ok);
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
    QSignalSpy finished(&client, &ApiClient::finished);
    QStringList messages;
    for (const char *id : {"sample",
                           "scenario-401",
                           "scenario-500-then-ok",
                           "scenario-redirect-cross-origin",
                           "scenario-stall"}) {
        finished.clear();
        client.fetchCall(QString::fromLatin1(id));
        QVERIFY(finished.wait(10000));
        messages << finished.at(0).at(1).value<FetchResult>().message;
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
    QSignalSpy finished(&client, &ApiClient::finished);
    QSignalSpy retries(&client, &ApiClient::retryScheduled);
    client.fetchCall(QStringLiteral("sample"));
    QVERIFY(finished.wait(10000));
    const auto result = finished.at(0).at(1).value<FetchResult>();
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
