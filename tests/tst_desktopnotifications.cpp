#include "core/api/apiclient.h"
#include "core/api/callwatcher.h"
#include "fakerevoxserver.h"
#include "gui/library/libraryattachment.h"
#include "gui/library/librarycontroller.h"
#include "gui/library/savedcopybanner.h"
#include "gui/notifications/completionnotifier.h"
#include "gui/window/mainwindow.h"
#include "librarytestdata.h"
#include "livecalls.h"
#include "support/fakenotificationservice.h"

#include <QApplication>
#include <QJsonArray>
#include <QJsonObject>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QTest>

using namespace Revox;
using TestCalls::jsonAnswer;
using TestCalls::liveCall;
using namespace LibraryTestData;

namespace {

const QString ApiKey = QStringLiteral("sk_test_NOTIFY_0123456789");
const QString LiveId = QStringLiteral("call_live_notify");
const QString OtherId = QStringLiteral("call_other_notify");
const QString ExampleId = QStringLiteral("id"); // tests/data/example-response.json

} // namespace

class tst_DesktopNotifications : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();
    void finishedCallIsAnnouncedByTheDesktop();
    void clickShowsTheFinishedCall_data();
    void clickShowsTheFinishedCall();
    void clickOnACallNotSavedFetchesIt();
    void clicksOnOtherNotificationsAreIgnored();
    void withoutAServiceTheStatusBarTellsIt();
    void serviceErrorFallsBackForThatMessage();
    void markupArrivesEscaped_data();
    void markupArrivesEscaped();
    void hostileStatusFromTheApiArrivesEscaped();
    void serviceWithoutMarkupGetsTheTextAsIs();

private:
    // Empty once the fake service owns the name; otherwise why it cannot.
    QString startService();
    // A controller as main() attaches it, and a call that goes from "calling" to `finalStatus`.
    LibraryController *attachAndFollow(const QString &finalStatus = QStringLiteral("completed"));

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<FakeRevoxServer> m_server;
    std::unique_ptr<ApiClient> m_client;
    std::unique_ptr<MainWindow> m_window;
    std::unique_ptr<FakeNotificationService> m_service;
};

// Skips the calling test where there is no private session bus to put a notification service on.
#define REQUIRE_SERVICE() \
    do { \
        const QString whyNot = startService(); \
        if (!whyNot.isEmpty()) \
            QSKIP(qPrintable(whyNot)); \
    } while (false)

void tst_DesktopNotifications::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    // As main() sets them: the notification names the app and its desktop entry.
    QApplication::setApplicationDisplayName(QStringLiteral("Revox Call Inspector"));
    QApplication::setDesktopFileName(QStringLiteral(REVOX_APP_ID));
}

void tst_DesktopNotifications::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    m_server = std::make_unique<FakeRevoxServer>();
    QVERIFY(m_server->listen());
    m_server->setApiKey(ApiKey);
    m_client = std::make_unique<ApiClient>();
    m_client->setSettings(m_server->clientSettings(ApiKey));
    m_window = std::make_unique<MainWindow>();
    m_window->session()->setApiClient(m_client.get());
    m_service = std::make_unique<FakeNotificationService>();
}

void tst_DesktopNotifications::cleanup()
{
    m_window.reset();
    m_service.reset();
    m_client.reset();
    m_server.reset();
    m_dir.reset();
}

QString tst_DesktopNotifications::startService()
{
    if (qEnvironmentVariableIsEmpty("DBUS_SESSION_BUS_ADDRESS"))
        return QStringLiteral("DBUS_SESSION_BUS_ADDRESS is unset: these cases need a private "
                              "session bus. Run the tests inside dbus-run-session "
                              "(scripts/run-tests.sh does).");
    return m_service->start() ? QString() : m_service->errorString();
}

LibraryController *tst_DesktopNotifications::attachAndFollow(const QString &finalStatus)
{
    m_server->addScript(LiveId,
                        {jsonAnswer(
                             liveCall(LiveId, QStringLiteral("calling"), QStringLiteral("ongoing"))),
                         jsonAnswer(liveCall(LiveId, finalStatus, QStringLiteral("completed")))});
    auto *controller = attachLibrary(m_window.get(),
                                     m_dir->filePath(QStringLiteral("library.sqlite")));
    controller->watcher()->setIntervals(20, 160);
    m_window->resize(1000, 700);
    m_window->show();
    m_window->fetchCall(LiveId);
    return controller;
}

void tst_DesktopNotifications::finishedCallIsAnnouncedByTheDesktop()
{
    REQUIRE_SERVICE();
    QSignalSpy received(m_service.get(), &FakeNotificationService::notifyReceived);
    LibraryController *controller = attachAndFollow();
    QSignalSpy delivered(controller->notifier(), &CompletionNotifier::delivered);
    QVERIFY(received.wait(10000));
    QCOMPARE(m_service->received().size(), 1);
    const FakeNotificationService::Received notice = m_service->received().constFirst();
    QCOMPARE(notice.summary, QStringLiteral("Call finished"));
    QVERIFY2(notice.body.contains(LiveId), qPrintable(notice.body));
    QVERIFY2(notice.body.contains(QLatin1String("Completed")), qPrintable(notice.body));
    QCOMPARE(notice.appName, QStringLiteral("Revox Call Inspector"));
    QCOMPARE(notice.appIcon, QStringLiteral(REVOX_APP_ID));
    QCOMPARE(notice.replacesId, 0u);
    // Pairs of key and label: a click on the body, and a button the user can see.
    QCOMPARE(notice.actions.size() % 2, 0);
    QVERIFY(notice.actions.contains(QStringLiteral("default")));
    QVERIFY(notice.actions.contains(QStringLiteral("Show call")));
    QCOMPARE(notice.hints.value(QStringLiteral("desktop-entry")).toString(),
             QStringLiteral(REVOX_APP_ID));
    QVERIFY(!notice.hints.value(QStringLiteral("category")).toString().isEmpty());
    QVERIFY(notice.expireTimeout > 0);

    QTRY_COMPARE(delivered.count(), 1);
    QCOMPARE(delivered.at(0).at(0).toString(), LiveId);
    QCOMPARE(delivered.at(0).at(1).value<CompletionNotifier::Route>(),
             CompletionNotifier::Route::Desktop);
    // Said once, by the desktop: not repeated in the window's status bar.
    QVERIFY(!m_window->statusBar()->currentMessage().contains(QLatin1String("Call finished")));
}

void tst_DesktopNotifications::clickShowsTheFinishedCall_data()
{
    QTest::addColumn<QString>("action");
    QTest::newRow("click on the notification") << QStringLiteral("default");
    QTest::newRow("\"Show call\" button") << QStringLiteral("show-call");
}

void tst_DesktopNotifications::clickShowsTheFinishedCall()
{
    QFETCH(QString, action);
    REQUIRE_SERVICE();
    QSignalSpy received(m_service.get(), &FakeNotificationService::notifyReceived);
    LibraryController *controller = attachAndFollow();
    QVERIFY(received.wait(10000));
    const uint id = received.at(0).at(0).toUInt();
    QTRY_VERIFY(controller->library()->entry(LiveId).has_value());
    QTRY_COMPARE(controller->library()->entry(LiveId)->status, QStringLiteral("completed"));

    // The user moved on: another call on screen, another window in front.
    QVERIFY(m_window->openFile(QStringLiteral(REVOX_TEST_DATA_DIR "/example-response.json")));
    QCOMPARE(m_window->session()->call()->id, ExampleId);
    QWidget elsewhere;
    elsewhere.show();
    elsewhere.activateWindow();
    QTRY_COMPARE(QApplication::activeWindow(), &elsewhere);
    const qsizetype requestsBefore = m_server->requests().size();

    QSignalSpy shown(m_window->session(), &CallSession::callChanged);
    m_service->invokeAction(id, action);
    QVERIFY(shown.wait(5000));
    QCOMPARE(m_window->session()->callId(), LiveId);
    QCOMPARE(m_window->session()->call()->status.value_or(QString()), QStringLiteral("completed"));
    QTRY_COMPARE(QApplication::activeWindow(), m_window.get());
    // The saved copy, offline, and labelled as such.
    QCOMPARE(m_server->requests().size(), requestsBefore);
    QVERIFY(!controller->savedCopyBanner()->isHidden());
}

void tst_DesktopNotifications::clickOnACallNotSavedFetchesIt()
{
    REQUIRE_SERVICE();
    m_server->addScript(OtherId,
                        {jsonAnswer(liveCall(OtherId,
                                             QStringLiteral("completed"),
                                             QStringLiteral("completed")))});
    auto *controller = attachLibrary(m_window.get(),
                                     m_dir->filePath(QStringLiteral("library.sqlite")));
    m_window->show();
    QSignalSpy received(m_service.get(), &FakeNotificationService::notifyReceived);
    controller->notifier()->notify(QStringLiteral("Call finished"),
                                   OtherId + QStringLiteral(" is Completed."),
                                   OtherId);
    QVERIFY(received.wait(5000));
    QVERIFY(!controller->library()->entry(OtherId).has_value());

    m_service->invokeAction(received.at(0).at(0).toUInt(), QStringLiteral("default"));
    QTRY_VERIFY_WITH_TIMEOUT(m_window->session()->call()
                                 && m_window->session()->call()->id == OtherId,
                             10000);
    QCOMPARE(m_server->requests().size(), 1);
}

void tst_DesktopNotifications::clicksOnOtherNotificationsAreIgnored()
{
    REQUIRE_SERVICE();
    auto *controller = attachLibrary(m_window.get(),
                                     m_dir->filePath(QStringLiteral("library.sqlite")));
    m_window->show();
    QVERIFY(m_window->openFile(QStringLiteral(REVOX_TEST_DATA_DIR "/example-response.json")));
    QSignalSpy received(m_service.get(), &FakeNotificationService::notifyReceived);
    QSignalSpy activated(controller->notifier(), &CompletionNotifier::activated);
    controller->notifier()->notify(QStringLiteral("Call finished"),
                                   OtherId + QStringLiteral(" is Completed."),
                                   OtherId);
    QVERIFY(received.wait(5000));
    const uint ours = received.at(0).at(0).toUInt();

    m_service->invokeAction(ours + 100, QStringLiteral("default")); // another app's
    m_service->invokeAction(ours, QStringLiteral("snooze"));        // not an action we offered
    QVERIFY(!activated.wait(300));
    m_service->close(ours);
    m_service->invokeAction(ours, QStringLiteral("default")); // the id is free for reuse now
    QVERIFY(!activated.wait(300));
    QCOMPARE(m_window->session()->call()->id, ExampleId);
    QCOMPARE(m_server->requests().size(), 0);
}

void tst_DesktopNotifications::withoutAServiceTheStatusBarTellsIt()
{
    // Nobody owns org.freedesktop.Notifications here (or there is no bus at all): offscreen has
    // no tray either, so the window's status bar says it.
    if (m_service->start())
        m_service->stop();
    else if (m_service->hasBus())
        QSKIP(qPrintable(m_service->errorString()));
    LibraryController *controller = attachAndFollow();
    QSignalSpy delivered(controller->notifier(), &CompletionNotifier::delivered);
    QVERIFY(delivered.wait(10000));
    const auto route = delivered.at(0).at(1).value<CompletionNotifier::Route>();
    if (CompletionNotifier::systemTrayAvailable()) {
        QCOMPARE(route, CompletionNotifier::Route::Tray);
        return;
    }
    QCOMPARE(route, CompletionNotifier::Route::InApp);
    const QString message = m_window->statusBar()->currentMessage();
    QVERIFY2(message.contains(QLatin1String("Call finished")), qPrintable(message));
    QVERIFY2(message.contains(LiveId), qPrintable(message));
    QVERIFY(m_service->received().isEmpty());
}

void tst_DesktopNotifications::serviceErrorFallsBackForThatMessage()
{
    REQUIRE_SERVICE();
    m_service->setFailing(true);
    auto *controller = attachLibrary(m_window.get(),
                                     m_dir->filePath(QStringLiteral("library.sqlite")));
    m_window->show();
    CompletionNotifier *notifier = controller->notifier();
    QSignalSpy delivered(notifier, &CompletionNotifier::delivered);
    notifier->notify(QStringLiteral("Call finished"), QStringLiteral("call_a is Completed."));
    QVERIFY(delivered.wait(5000));
    QVERIFY(delivered.at(0).at(1).value<CompletionNotifier::Route>()
            != CompletionNotifier::Route::Desktop);
    if (!CompletionNotifier::systemTrayAvailable())
        QVERIFY(m_window->statusBar()->currentMessage().contains(QLatin1String("call_a")));

    // The next message tries the desktop again.
    m_service->setFailing(false);
    notifier->notify(QStringLiteral("Call finished"), QStringLiteral("call_b is Completed."));
    QVERIFY(delivered.wait(5000));
    QCOMPARE(delivered.at(1).at(1).value<CompletionNotifier::Route>(),
             CompletionNotifier::Route::Desktop);
    QCOMPARE(m_service->received().size(), 1);
    QVERIFY(m_service->received().constFirst().body.contains(QLatin1String("call_b")));
}

void tst_DesktopNotifications::markupArrivesEscaped_data()
{
    QTest::addColumn<QString>("message");
    QTest::addColumn<QString>("expectedBody");
    QTest::newRow("tags") << QStringLiteral("call_<b>x</b> is <i>done</i>.")
                          << QStringLiteral(
                                 "call_&lt;b&gt;x&lt;/b&gt; is &lt;i&gt;done&lt;/i&gt;.");
    QTest::newRow("link") << QStringLiteral("<a href=\"https://evil.example\">call</a>")
                          << QStringLiteral(
                                 "&lt;a href=&quot;https://evil.example&quot;&gt;call&lt;/a&gt;");
    QTest::newRow("ampersand") << QStringLiteral("Q&A is Completed.")
                               << QStringLiteral("Q&amp;A is Completed.");
    QTest::newRow("entity stays text")
        << QStringLiteral("&lt;b&gt;") << QStringLiteral("&amp;lt;b&amp;gt;");
    QTest::newRow("unterminated") << QStringLiteral("<img src=x")
                                  << QStringLiteral("&lt;img src=x");
}

void tst_DesktopNotifications::markupArrivesEscaped()
{
    QFETCH(QString, message);
    QFETCH(QString, expectedBody);
    REQUIRE_SERVICE();
    CompletionNotifier notifier;
    QSignalSpy received(m_service.get(), &FakeNotificationService::notifyReceived);
    notifier.notify(QStringLiteral("Call finished"), message, QStringLiteral("call_x"));
    QVERIFY(received.wait(5000));
    QCOMPARE(m_service->received().constFirst().body, expectedBody);
}

void tst_DesktopNotifications::hostileStatusFromTheApiArrivesEscaped()
{
    REQUIRE_SERVICE();
    // Statuses this client does not know count as final and are shown as received.
    QSignalSpy received(m_service.get(), &FakeNotificationService::notifyReceived);
    attachAndFollow(QStringLiteral("<b>gone</b> & <a href='x'>away</a>"));
    QVERIFY(received.wait(10000));
    const QString body = m_service->received().constFirst().body;
    QVERIFY2(body.contains(LiveId), qPrintable(body));
    QVERIFY2(body.contains(QLatin1String("&lt;b&gt;gone&lt;/b&gt; &amp; &lt;a href=")),
             qPrintable(body));
    QVERIFY2(!body.contains(QLatin1Char('<')), qPrintable(body));
}

void tst_DesktopNotifications::serviceWithoutMarkupGetsTheTextAsIs()
{
    REQUIRE_SERVICE();
    // Such a service shows the body literally: escaping would show "&lt;" to the user.
    m_service->setCapabilities({QStringLiteral("actions"), QStringLiteral("body")});
    CompletionNotifier notifier;
    QSignalSpy received(m_service.get(), &FakeNotificationService::notifyReceived);
    notifier.notify(QStringLiteral("Call finished"), QStringLiteral("a <b> & c"));
    QVERIFY(received.wait(5000));
    QCOMPARE(m_service->received().constFirst().body, QStringLiteral("a <b> & c"));
}

QTEST_MAIN(tst_DesktopNotifications)
#include "tst_desktopnotifications.moc"
