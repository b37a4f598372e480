#include "core/api/apiclient.h"
#include "core/api/callwatcher.h"
#include "core/call/callparser.h"
#include "core/library/calllibrary.h"
#include "fakerevoxserver.h"
#include "gui/library/livebanner.h"
#include "gui/notifications/completionnotifier.h"
#include "livecalls.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace Revox;
using TestCalls::jsonAnswer;
using TestCalls::liveCall;

namespace {

const QString LiveId = QStringLiteral("call_live_01");
const QString ApiKey = QStringLiteral("sk_test_WATCHER_a1b2c3d4e5f6g7h8i9j0");

// A 500 the client must not retry on its own, so the watcher sees the failure.
ScriptedResponse serverError()
{
    return ScriptedResponse{500,
                            {{"Content-Type", "application/json"}, {"x-should-retry", "false"}},
                            R"({"error":"internal_error","message":"boom"})"};
}

QString statusOf(const FetchResult &result)
{
    return result.call ? result.call->status.value_or(QString()) : QString();
}

} // namespace

class tst_CallWatcher : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void isInProgress_data();
    void isInProgress();
    void followsTheCallToItsEnd();
    void backsOffWhileNothingChanges();
    void serverErrorBacksOffAndRecovers();
    void hopelessErrorStopsWatching();
    void finalCallIsNotWatched();
    void stopIsQuiet();
    void savedCallsNeverHoldTheApiKey();

private:
    void watchScript(const QList<ScriptedResponse> &script);

    std::unique_ptr<FakeRevoxServer> m_server;
    std::unique_ptr<ApiClient> m_client;
    std::unique_ptr<CallWatcher> m_watcher;
};

void tst_CallWatcher::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
}

void tst_CallWatcher::init()
{
    m_watcher.reset();
    m_client.reset();
    m_server = std::make_unique<FakeRevoxServer>();
    QVERIFY(m_server->listen());
    m_server->setApiKey(ApiKey);
    m_client = std::make_unique<ApiClient>();
    m_client->setSettings(m_server->clientSettings(ApiKey, 10000));
    m_watcher = std::make_unique<CallWatcher>(m_client.get());
    // The production logic at test speed: 5 s..60 s becomes 20 ms..160 ms.
    m_watcher->setIntervals(20, 160);
}

void tst_CallWatcher::watchScript(const QList<ScriptedResponse> &script)
{
    m_server->addScript(LiveId, script);
}

void tst_CallWatcher::isInProgress_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<bool>("inProgress");
    for (const char *status : {"initializing", "queued_for_calling", "calling", "scheduled"})
        QTest::newRow(status) << liveCall(LiveId, QString::fromLatin1(status)) << true;
    for (const char *status : {"completed", "cancelled", "errored"})
        QTest::newRow(status) << liveCall(LiveId, QString::fromLatin1(status)) << false;
    for (const char *attempt : {"queued", "ringing", "ongoing"})
        QTest::newRow(QByteArray("completed call, attempt ") + attempt)
            << liveCall(LiveId, QStringLiteral("completed"), QString::fromLatin1(attempt)) << true;
    QTest::newRow("completed call, completed attempt")
        << liveCall(LiveId, QStringLiteral("completed"), QStringLiteral("completed")) << false;
    QTest::newRow("unknown call status")
        << liveCall(LiveId, QStringLiteral("teleporting")) << false;
    QTest::newRow("no status at all")
        << QByteArray(R"({"call":{"id":"x","status":null}})") << false;
}

void tst_CallWatcher::isInProgress()
{
    QFETCH(QByteArray, body);
    QFETCH(bool, inProgress);
    const CallParseResult parsed = CallParser::parse(body);
    QVERIFY(parsed.call);
    QCOMPARE(CallWatcher::isInProgress(*parsed.call), inProgress);
}

void tst_CallWatcher::followsTheCallToItsEnd()
{
    watchScript({jsonAnswer(liveCall(LiveId, QStringLiteral("queued_for_calling"))),
                 jsonAnswer(liveCall(LiveId,
                                     QStringLiteral("calling"),
                                     QStringLiteral("ongoing"),
                                     QStringLiteral("Allô ?"))),
                 jsonAnswer(liveCall(LiveId,
                                     QStringLiteral("completed"),
                                     QStringLiteral("completed"),
                                     QStringLiteral("Au revoir"))),
                 jsonAnswer(liveCall(LiveId,
                                     QStringLiteral("completed"),
                                     QStringLiteral("completed"),
                                     QStringLiteral("never read")))});
    LiveBanner banner;
    banner.setWatcher(m_watcher.get());
    CompletionNotifier notifier;
    connect(m_watcher.get(), &CallWatcher::completed, &notifier, [&](const FetchResult &result) {
        notifier.notify(QStringLiteral("Call finished"), result.callId, result.callId);
    });
    QSignalSpy notified(&notifier, &CompletionNotifier::delivered);
    QSignalSpy updated(m_watcher.get(), &CallWatcher::updated);
    QSignalSpy completed(m_watcher.get(), &CallWatcher::completed);
    QSignalSpy watching(m_watcher.get(), &CallWatcher::watchingChanged);
    QSignalSpy requests(m_server.get(), &FakeRevoxServer::requestReceived);
    QStringList bannerTexts;
    connect(m_watcher.get(), &CallWatcher::refreshed, this, [&] { bannerTexts << banner.text(); });

    QVERIFY(m_watcher->watch(LiveId));
    QVERIFY(m_watcher->isWatching());
    QVERIFY(banner.text().contains(QLatin1String("Live")));
    QVERIFY(completed.wait(10000));

    QStringList statuses;
    QStringList attemptStatuses;
    for (const QList<QVariant> &arguments : std::as_const(updated)) {
        const auto result = arguments.at(0).value<FetchResult>();
        statuses << statusOf(result);
        attemptStatuses << (result.call->callAttempts.isEmpty()
                                ? QString()
                                : result.call->callAttempts.constFirst().status.value_or(QString()));
    }
    QCOMPARE(statuses,
             (QStringList{QStringLiteral("queued_for_calling"),
                          QStringLiteral("calling"),
                          QStringLiteral("completed")}));
    QCOMPARE(attemptStatuses,
             (QStringList{QString(), QStringLiteral("ongoing"), QStringLiteral("completed")}));
    QCOMPARE(completed.count(), 1);
    QCOMPARE(statusOf(completed.at(0).at(0).value<FetchResult>()), QStringLiteral("completed"));
    QVERIFY(!m_watcher->isWatching());
    QCOMPARE(watching.count(), 2);
    QCOMPARE(watching.at(1).at(0).toBool(), false);
    for (const QString &text : std::as_const(bannerTexts))
        QVERIFY2(text.contains(QStringLiteral("Live · last refreshed")), qPrintable(text));
    QVERIFY2(banner.text().startsWith(QLatin1String("Finished")), qPrintable(banner.text()));

    // Nothing more is asked once the call is final, however long we wait.
    QVERIFY(!requests.wait(500));
    QCOMPARE(m_server->requests().size(), 3);
    QCOMPARE(completed.count(), 1);
    // The desktop's notification service, the tray or the window: one way, once.
    QTRY_COMPARE(notified.count(), 1);
    QCOMPARE(notified.at(0).at(0).toString(), LiveId);
}

void tst_CallWatcher::backsOffWhileNothingChanges()
{
    const QByteArray calling = liveCall(LiveId,
                                        QStringLiteral("calling"),
                                        QStringLiteral("ringing"));
    watchScript(
        {jsonAnswer(calling),
         jsonAnswer(calling),
         jsonAnswer(calling),
         jsonAnswer(calling),
         jsonAnswer(calling),
         jsonAnswer(liveCall(LiveId,
                             QStringLiteral("calling"),
                             QStringLiteral("ongoing"),
                             QStringLiteral("Hello"))),
         jsonAnswer(liveCall(LiveId, QStringLiteral("completed"), QStringLiteral("completed")))});
    QList<int> intervals;
    connect(m_watcher.get(), &CallWatcher::refreshed, this, [&] {
        intervals << m_watcher->currentIntervalMs();
    });
    QSignalSpy completed(m_watcher.get(), &CallWatcher::completed);
    QVERIFY(m_watcher->watch(LiveId));
    QVERIFY(completed.wait(10000));
    // First answer is new; four unchanged ones double the wait up to the cap; a change resets it.
    QCOMPARE(intervals, (QList<int>{20, 40, 80, 160, 160, 20, 20}));
}

void tst_CallWatcher::serverErrorBacksOffAndRecovers()
{
    const QByteArray calling = liveCall(LiveId,
                                        QStringLiteral("calling"),
                                        QStringLiteral("ongoing"),
                                        QStringLiteral("Bonjour"));
    watchScript(
        {jsonAnswer(calling),
         serverError(),
         jsonAnswer(calling),
         jsonAnswer(liveCall(LiveId, QStringLiteral("completed"), QStringLiteral("completed")))});
    QSignalSpy updated(m_watcher.get(), &CallWatcher::updated);
    QSignalSpy failed(m_watcher.get(), &CallWatcher::pollFailed);
    QSignalSpy completed(m_watcher.get(), &CallWatcher::completed);
    LiveBanner banner;
    banner.setWatcher(m_watcher.get());
    QString bannerAfterFailure;
    QByteArray keptDuringFailure;
    connect(m_watcher.get(), &CallWatcher::pollFailed, this, [&] {
        bannerAfterFailure = banner.text();
        keptDuringFailure = m_watcher->lastGoodBody();
    });

    QVERIFY(m_watcher->watch(LiveId));
    QVERIFY(completed.wait(10000));
    QCOMPARE(failed.count(), 1);
    const auto failure = failed.at(0).at(0).value<FetchResult>();
    QCOMPARE(failure.httpStatus, 500);
    QCOMPARE(failed.at(0).at(1).toInt(), 40); // backed off from 20 ms
    QCOMPARE(keptDuringFailure, calling);     // the failure did not replace the data
    QVERIFY2(bannerAfterFailure.contains(QLatin1String("refresh failed")),
             qPrintable(bannerAfterFailure));
    QVERIFY(bannerAfterFailure.contains(QLatin1String("Retrying in")));
    // The same body after the error is not news: calling, then completed.
    QCOMPARE(updated.count(), 2);
    QCOMPARE(statusOf(updated.at(1).at(0).value<FetchResult>()), QStringLiteral("completed"));
    QCOMPARE(completed.count(), 1);
    QCOMPARE(m_server->requests().size(), 4);
}

void tst_CallWatcher::hopelessErrorStopsWatching()
{
    ApiSettings settings = m_client->settings();
    settings.apiKey.clear();
    m_client->setSettings(settings);
    QSignalSpy failed(m_watcher.get(), &CallWatcher::pollFailed);
    QVERIFY(m_watcher->watch(LiveId));
    QTRY_COMPARE(failed.count(), 1);
    QCOMPARE(failed.at(0).at(1).toInt(), -1);
    QVERIFY(!m_watcher->isWatching());
    QVERIFY(m_server->requests().isEmpty());
}

void tst_CallWatcher::finalCallIsNotWatched()
{
    QSignalSpy watching(m_watcher.get(), &CallWatcher::watchingChanged);
    QVERIFY(!m_watcher->watch(LiveId,
                              liveCall(LiveId,
                                       QStringLiteral("completed"),
                                       QStringLiteral("completed"))));
    QVERIFY(!m_watcher->isWatching());
    QCOMPARE(watching.count(), 0);
    QSignalSpy requests(m_server.get(), &FakeRevoxServer::requestReceived);
    QVERIFY(!requests.wait(200));
}

void tst_CallWatcher::stopIsQuiet()
{
    const QByteArray calling = liveCall(LiveId, QStringLiteral("calling"));
    watchScript({jsonAnswer(calling)});
    QSignalSpy refreshed(m_watcher.get(), &CallWatcher::refreshed);
    QSignalSpy completed(m_watcher.get(), &CallWatcher::completed);
    QSignalSpy failed(m_watcher.get(), &CallWatcher::pollFailed);
    // Already showing the call: the first poll waits one interval.
    QVERIFY(m_watcher->watch(LiveId, calling));
    QVERIFY(refreshed.wait(5000));
    m_watcher->stop();
    QSignalSpy requests(m_server.get(), &FakeRevoxServer::requestReceived);
    QVERIFY(!requests.wait(300));
    QCOMPARE(completed.count(), 0);
    QCOMPARE(failed.count(), 0);
}

void tst_CallWatcher::savedCallsNeverHoldTheApiKey()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("library.sqlite"));
    CallLibrary library;
    QVERIFY(library.open(path));
    watchScript(
        {jsonAnswer(m_server->sampleCallJson(LiveId).replace("\"completed\"", "\"calling\"")),
         jsonAnswer(m_server->sampleCallJson(LiveId))});
    connect(m_watcher.get(), &CallWatcher::updated, &library, [&](const FetchResult &result) {
        QVERIFY(library.save(result.body, LibraryEntry::Source::Api));
    });
    QSignalSpy completed(m_watcher.get(), &CallWatcher::completed);
    QSignalSpy saved(&library, &CallLibrary::callSaved);
    QVERIFY(m_watcher->watch(LiveId));
    QVERIFY(completed.wait(10000));
    QCOMPARE(saved.count(), 2);
    // The key really was sent, so it was in this process's memory while saving.
    QCOMPARE(m_server->requests().constFirst().header("authorization"), "Bearer " + ApiKey.toUtf8());

    QByteArray everything;
    for (const QString &suffix : {QString(), QStringLiteral("-wal"), QStringLiteral("-shm")}) {
        QFile file(path + suffix);
        if (file.open(QIODevice::ReadOnly))
            everything += file.readAll();
    }
    QVERIFY(everything.size() > 10000);
    QVERIFY(everything.contains(LiveId.toUtf8())); // the scan does see what was saved
    QVERIFY(!everything.contains(ApiKey.toUtf8()));
    QVERIFY(!everything.contains("WATCHER_a1b2"));
    // Nor as UTF-16, the way a QString would be dumped.
    QVERIFY(!everything.contains(
        QByteArray(reinterpret_cast<const char *>(ApiKey.utf16()), ApiKey.size() * 2)));
}

QTEST_MAIN(tst_CallWatcher)
#include "tst_callwatcher.moc"
