// One network policy for the API client (and so the watcher) and the recording downloader, checked
// on the wire against the fake server: the same User-Agent, the same redirect limit, a stalled
// transfer reported as a timeout in each one's words, and cancelling reported the same way:
// later, and once.
#include "core/api/apiclient.h"
#include "core/api/fetchmessages.h"
#include "core/common/retrypolicy.h"
#include "core/common/networkpolicy.h"
#include "core/recording/recordingdownloader.h"
#include "fakerevoxserver.h"

#include <QSignalSpy>
#include <QStandardPaths>
#include <QTest>

#include <functional>
#include <memory>

using namespace Revox;

namespace {

const QString ApiKey = QStringLiteral("sk_test_POLICY_0123456789");

// A transfer through either client, seen the way its user sees the outcome.
struct Ended
{
    QString outcome; // "ok", "cancelled", "timeout", "redirects" or "failed"
    QString message;
};

struct Started
{
    std::unique_ptr<QObject> client; // the ApiClient or the RecordingDownloader
    std::unique_ptr<QSignalSpy> finished;
    std::unique_ptr<QSignalSpy> retries; // the API client's only
    std::function<void()> cancel;
    std::function<Ended(int)> ended; // the nth finished()
};

} // namespace

class tst_NetworkPolicy : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();
    void sameUserAgentEverywhere();
    void redirectLimit_data();
    void redirectLimit();
    void transferTimeoutIsATimeout_data();
    void transferTimeoutIsATimeout();
    void cancelIsReportedLaterAndOnce_data();
    void cancelIsReportedLaterAndOnce();
    void sameOrigin_data();
    void sameOrigin();

private:
    // `client` is "api" (fetches the call `id`) or "recording" (downloads /call/<id> from the
    // fake server as if it were a recording's link).
    Started start(const QString &client, const QString &id, int timeoutMs = 10000);

    std::unique_ptr<FakeRevoxServer> m_server;
};

void tst_NetworkPolicy::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
}

void tst_NetworkPolicy::init()
{
    m_server = std::make_unique<FakeRevoxServer>();
    QVERIFY(m_server->listen());
    // No key check: the recording downloader must reach /call/ paths too (it never sends a key).
    m_server->setApiKey(QString());
    // A redirect to itself, forever.
    m_server->addScript(QStringLiteral("loop"), {{302, {{"Location", "/call/loop"}}, {}}});
}

void tst_NetworkPolicy::cleanup()
{
    m_server.reset();
}

Started tst_NetworkPolicy::start(const QString &client, const QString &id, int timeoutMs)
{
    Started started;
    if (client == QLatin1String("api")) {
        auto api = std::make_unique<ApiClient>();
        api->setSettings(m_server->clientSettings(ApiKey, timeoutMs));
        FetchJob *job = api->fetchCall(id);
        started.finished = std::make_unique<QSignalSpy>(job, &FetchJob::finished);
        started.retries = std::make_unique<QSignalSpy>(job, &FetchJob::retryScheduled);
        started.cancel = [job] { job->cancel(); };
        started.ended = [spy = started.finished.get()](int n) {
            const auto result = spy->at(n).at(0).value<FetchResult>();
            using S = FetchResult::Status;
            const bool redirects = result.status == S::OtherHttpError && result.httpStatus == 302;
            return Ended{result.status == S::Ok          ? QStringLiteral("ok")
                         : result.status == S::Cancelled ? QStringLiteral("cancelled")
                         : result.status == S::Timeout   ? QStringLiteral("timeout")
                         : redirects                     ? QStringLiteral("redirects")
                                                         : QStringLiteral("failed"),
                         result.message};
        };
        started.client = std::move(api);
        return started;
    }
    auto downloader = std::make_unique<RecordingDownloader>();
    downloader->setTransferTimeout(timeoutMs);
    started.finished = std::make_unique<QSignalSpy>(downloader.get(),
                                                    &RecordingDownloader::finished);
    downloader->fetch(QUrl(m_server->baseUrl().toString() + QStringLiteral("/call/") + id));
    started.cancel = [d = downloader.get()] { d->cancel(); };
    started.ended = [spy = started.finished.get()](int n) {
        const auto result = spy->at(n).at(1).value<RecordingDownload>();
        using S = RecordingDownload::Status;
        return Ended{result.status == S::Ok               ? QStringLiteral("ok")
                     : result.status == S::Cancelled      ? QStringLiteral("cancelled")
                     : result.status == S::Timeout        ? QStringLiteral("timeout")
                     : result.status == S::UnsafeRedirect ? QStringLiteral("redirects")
                                                          : QStringLiteral("failed"),
                     result.message};
    };
    started.client = std::move(downloader);
    return started;
}

void tst_NetworkPolicy::sameUserAgentEverywhere()
{
    m_server->setApiKey(ApiKey);
    ApiClient api;
    api.setSettings(m_server->clientSettings(ApiKey));
    QSignalSpy fetched(api.fetchCall(QStringLiteral("sample")), &FetchJob::finished);
    QVERIFY(fetched.wait(10000));
    const auto call = fetched.constFirst().constFirst().value<FetchResult>().call;
    QVERIFY(call.has_value());
    const std::optional<QString> recording = call->callAttempts.constFirst().recordingUrl;
    QVERIFY(recording && recording->startsWith(m_server->baseUrl().toString()));

    RecordingDownloader downloader;
    QSignalSpy downloaded(&downloader, &RecordingDownloader::finished);
    downloader.fetch(QUrl(*recording));
    QVERIFY(downloaded.wait(10000));
    QVERIFY(downloaded.constFirst().at(1).value<RecordingDownload>().isOk());

    const QList<RecordedRequest> requests = m_server->requests();
    QCOMPARE(requests.size(), 2);
    QCOMPARE(NetworkPolicy::userAgent(), QByteArray("revox-inspector/" REVOX_VERSION));
    for (const RecordedRequest &request : requests)
        QCOMPARE(request.header("user-agent"), NetworkPolicy::userAgent());
    QVERIFY(requests.at(0).path.startsWith("/call/"));
    QVERIFY(requests.at(0).hasHeader("authorization"));
    QVERIFY(requests.at(1).path.startsWith("/recordings/"));
    QVERIFY(!requests.at(1).hasHeader("authorization"));
}

void tst_NetworkPolicy::redirectLimit_data()
{
    QTest::addColumn<QString>("client");
    QTest::addColumn<QString>("message");
    QTest::newRow("api") << QStringLiteral("api")
                         << FetchMessages::tooManyRedirects(NetworkPolicy::MaxRedirects);
    QTest::newRow("recording") << QStringLiteral("recording")
                               << QStringLiteral(
                                      "The recording's host redirected more than %1 times.")
                                      .arg(NetworkPolicy::MaxRedirects);
}

// MaxRedirects redirects are followed, the next one ends the transfer: MaxRedirects + 1 requests.
void tst_NetworkPolicy::redirectLimit()
{
    QFETCH(QString, client);
    QFETCH(QString, message);
    Started transfer = start(client, QStringLiteral("loop"));
    QVERIFY(transfer.finished->wait(10000));
    const Ended ended = transfer.ended(0);
    QCOMPARE(ended.outcome, QStringLiteral("redirects"));
    QCOMPARE(ended.message, message);
    QCOMPARE(m_server->requests().size(), NetworkPolicy::MaxRedirects + 1);
}

void tst_NetworkPolicy::transferTimeoutIsATimeout_data()
{
    QTest::addColumn<QString>("client");
    QTest::addColumn<QString>("id");
    for (const char *id : {"scenario-stall", "scenario-stall-mid-body"}) {
        QTest::addRow("api, %s", id) << QStringLiteral("api") << QString::fromLatin1(id);
        QTest::addRow("recording, %s", id)
            << QStringLiteral("recording") << QString::fromLatin1(id);
    }
}

// Qt 6.4 ends a transfer that timed out as "cancelled": neither client may report it so.
void tst_NetworkPolicy::transferTimeoutIsATimeout()
{
    QFETCH(QString, client);
    QFETCH(QString, id);
    Started transfer = start(client, id, 300);
    QVERIFY(transfer.finished->wait(15000));
    const Ended ended = transfer.ended(0);
    QCOMPARE(ended.outcome, QStringLiteral("timeout"));
    if (client == QLatin1String("api")) {
        // Every try timed out, each one retried as the SDKs do, with the existing words.
        const QString host = m_server->clientSettings(ApiKey).displayHost();
        QCOMPARE(ended.message,
                 FetchMessages::timeout(host, 300)
                     + FetchMessages::triesSuffix(RetryPolicy::MaxTries));
        QCOMPARE(m_server->requests().size(), RetryPolicy::MaxTries);
    } else {
        QCOMPARE(ended.message,
                 QStringLiteral("The recording's host stopped sending data for 0.3 s."));
        // The same retry rules, while nothing of the recording has arrived; once part of it has,
        // a save is streaming into the user's file and is not restarted behind their back.
        QCOMPARE(m_server->requests().size(),
                 id == QLatin1String("scenario-stall") ? RetryPolicy::MaxTries : 1);
    }
}

void tst_NetworkPolicy::cancelIsReportedLaterAndOnce_data()
{
    QTest::addColumn<QString>("client");
    QTest::addColumn<QString>("id");
    QTest::addColumn<QString>("waitFor"); // "", "request" or "retry"
    QTest::addColumn<QString>("message");

    const QString api = QStringLiteral("Cancelled.");
    const QString recording = QStringLiteral("The download was cancelled.");
    QTest::newRow("api, at once") << QStringLiteral("api") << QStringLiteral("sample") << QString()
                                  << api;
    QTest::newRow("api, request in flight")
        << QStringLiteral("api") << QStringLiteral("scenario-stall") << QStringLiteral("request")
        << api;
    QTest::newRow("api, waiting to retry")
        << QStringLiteral("api") << QStringLiteral("scenario-always-500") << QStringLiteral("retry")
        << api;
    QTest::newRow("recording, at once")
        << QStringLiteral("recording") << QStringLiteral("sample") << QString() << recording;
    QTest::newRow("recording, request in flight")
        << QStringLiteral("recording") << QStringLiteral("scenario-stall")
        << QStringLiteral("request") << recording;
    QTest::newRow("recording, half the body in")
        << QStringLiteral("recording") << QStringLiteral("scenario-stall-mid-body")
        << QStringLiteral("request") << recording;
}

void tst_NetworkPolicy::cancelIsReportedLaterAndOnce()
{
    QFETCH(QString, client);
    QFETCH(QString, id);
    QFETCH(QString, waitFor);
    QFETCH(QString, message);

    Started transfer = start(client, id);
    if (waitFor == QLatin1String("request"))
        QTRY_COMPARE(m_server->requests().size(), 1);
    if (waitFor == QLatin1String("retry"))
        QVERIFY(transfer.retries->wait(10000));
    const qsizetype sent = m_server->requests().size();
    transfer.cancel();
    transfer.cancel();                       // a second cancel changes nothing
    QCOMPARE(transfer.finished->count(), 0); // never from inside cancel()
    QVERIFY(transfer.finished->wait(5000));
    QCOMPARE(transfer.finished->count(), 1);
    const Ended ended = transfer.ended(0);
    QCOMPARE(ended.outcome, QStringLiteral("cancelled"));
    QCOMPARE(ended.message, message);

    transfer.cancel(); // after the report too
    // Longer than the first retry's backoff: nothing more is reported or sent.
    QVERIFY(!transfer.finished->wait(700));
    QCOMPARE(transfer.finished->count(), 1);
    if (!waitFor.isEmpty())
        QCOMPARE(m_server->requests().size(), sent);
}

void tst_NetworkPolicy::sameOrigin_data()
{
    QTest::addColumn<QString>("a");
    QTest::addColumn<QString>("b");
    QTest::addColumn<bool>("same");
    QTest::newRow("same place, other path") << "https://www.getrevox.com/api"
                                            << "https://www.getrevox.com/call/x" << true;
    QTest::newRow("default port written out") << "https://www.getrevox.com/api"
                                              << "https://www.getrevox.com:443/api" << true;
    QTest::newRow("host case") << "https://www.getrevox.com/api"
                               << "https://WWW.GetRevox.com/api" << true;
    QTest::newRow("other port") << "http://127.0.0.1:8080/"
                                << "http://127.0.0.1:8081/" << false;
    QTest::newRow("other scheme") << "https://www.getrevox.com/"
                                  << "http://www.getrevox.com/" << false;
    QTest::newRow("other host") << "https://www.getrevox.com/"
                                << "https://getrevox.com/" << false;
    QTest::newRow("look-alike host") << "https://www.getrevox.com/"
                                     << "https://www.getrevox.com.evil.test/" << false;
}

void tst_NetworkPolicy::sameOrigin()
{
    QFETCH(QString, a);
    QFETCH(QString, b);
    QFETCH(bool, same);
    QCOMPARE(NetworkPolicy::sameOrigin(QUrl(a), QUrl(b)), same);
    QCOMPARE(NetworkPolicy::sameOrigin(QUrl(b), QUrl(a)), same);
}

QTEST_GUILESS_MAIN(tst_NetworkPolicy)
#include "tst_networkpolicy.moc"
