#include "core/api/apiclient.h"
#include "core/api/callwatcher.h"
#include "core/call/samplecall.h"
#include "core/library/calllibrary.h"
#include "fakerevoxserver.h"
#include "gui/common/messagebar.h"
#include "gui/library/libraryattachment.h"
#include "gui/library/librarycontroller.h"
#include "gui/library/librarymodel.h"
#include "gui/library/librarypanel.h"
#include "gui/library/livebanner.h"
#include "gui/library/savedcopybanner.h"
#include "gui/library/searchresultmodel.h"
#include "gui/notifications/completionnotifier.h"
#include "gui/transcript/transcriptmodel.h"
#include "gui/transcript/transcriptview.h"
#include "gui/window/mainwindow.h"
#include "guitesthelpers.h"
#include "librarytestdata.h"
#include "livecalls.h"
#include "support/librarylockholder.h"

#include <QApplication>
#include <QDockWidget>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QListView>
#include <QPushButton>
#include <QSignalSpy>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QTest>

using namespace Revox;
using TestCalls::jsonAnswer;
using TestCalls::liveCall;
using namespace LibraryTestData;

namespace {

const QString ApiKey = QStringLiteral("sk_test_INTEGRATION_0123456789");
const QString LiveId = QStringLiteral("call_live_gui");
const QString ExampleId = QStringLiteral("id"); // tests/data/example-response.json
const QString SampleId = QStringLiteral(
    "call_01JD8X4K2M7QY5ZP3N6RWTB9HE"); // what GET /call/sample answers

} // namespace

class tst_LibraryIntegration : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();
    void fetchedCallIsSaved();
    void callShownWhileTheLibraryOpensIsSaved();
    void openedFileIsSaved();
    void searchHitOpensTheSavedTurn();
    void callInProgressIsFollowedToTheEnd();
    void liveUpdatesKeepTheAttemptBeingRead();
    void brokenLibraryLeavesAWorkingApp();
    void busyLibraryNeverFreezesTheWindow();
    void busyLibraryKeepsTheCallAndSaysSo();
    void quittingSavesWhatWasRefused();

private:
    QString libraryPath() const { return m_dir->filePath(QStringLiteral("library.sqlite")); }
    enum class Wait { UntilOpen, No };
    LibraryController *attach(const QString &path, Wait wait = Wait::UntilOpen);

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<FakeRevoxServer> m_server;
    std::unique_ptr<ApiClient> m_client;
    std::unique_ptr<MainWindow> m_window;
};

void tst_LibraryIntegration::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
}

void tst_LibraryIntegration::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    m_server = std::make_unique<FakeRevoxServer>();
    QVERIFY(m_server->listen());
    m_server->setApiKey(ApiKey);
    m_client = std::make_unique<ApiClient>();
    m_client->setSettings(m_server->clientSettings(ApiKey));
    m_window = std::make_unique<MainWindow>();
    m_window->session()->setApiClient(m_client.get());
}

void tst_LibraryIntegration::cleanup()
{
    m_window.reset();
    m_client.reset();
    m_server.reset();
    m_dir.reset();
}

LibraryController *tst_LibraryIntegration::attach(const QString &path, Wait wait)
{
    auto *controller = attachLibrary(m_window.get(), path);
    controller->watcher()->setIntervals(20, 160);
    m_window->resize(1200, 800);
    m_window->show();
    // The library is checked on a worker while the window shows; the tests below start from an
    // open one, as a user does a moment after starting the app.
    QSignalSpy opened(controller->library(), &CallLibrary::openingFinished);
    if (wait == Wait::UntilOpen && controller->library()->isOpening())
        opened.wait(10000);
    return controller;
}

// A call opened in the moment after the app starts, while the library is still being checked,
// is saved all the same once it is open.
void tst_LibraryIntegration::callShownWhileTheLibraryOpensIsSaved()
{
    LibraryController *controller = attach(libraryPath(), Wait::No);
    QVERIFY(controller->library()->isOpening());
    QCOMPARE(controller->panel()->statusText(), QStringLiteral("Opening the library…"));
    QVERIFY(m_window->openFile(TestCalls::examplePath()));
    QCOMPARE(m_window->session()->call()->id, ExampleId); // shown without waiting for it
    QSignalSpy saved(controller->library(), &CallLibrary::callSaved);
    QVERIFY(saved.wait(10000));
    QCOMPARE(saved.constFirst().constFirst().toString(), ExampleId);
    QVERIFY(controller->library()->isOpen());
    QVERIFY(controller->library()->entry(ExampleId).has_value());
    QCOMPARE(controller->panel()->model()->rowCount(), 1);
}

void tst_LibraryIntegration::fetchedCallIsSaved()
{
    LibraryController *controller = attach(libraryPath());
    QVERIFY(controller->library()->isOpen());
    QVERIFY(!controller->dock()->isHidden());
    m_window->fetchCall(QStringLiteral("sample"));
    QTRY_VERIFY_WITH_TIMEOUT(controller->library()->entry(SampleId).has_value(), 10000);
    const LibraryEntry entry = *controller->library()->entry(SampleId);
    QCOMPARE(entry.source, LibraryEntry::Source::Api);
    QCOMPARE(controller->library()->load(SampleId)->body, m_window->session()->body());
    QTRY_COMPARE(controller->panel()->model()->rowCount(), 1);
    // The sample call is completed: nothing to watch.
    QVERIFY(!controller->watcher()->isWatching());
}

void tst_LibraryIntegration::openedFileIsSaved()
{
    LibraryController *controller = attach(libraryPath());
    const QString path = m_dir->filePath(QStringLiteral("intl.json"));
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(multilingualCall());
    file.close();
    QVERIFY(m_window->openFile(path));
    QTRY_VERIFY(controller->library()->entry(QStringLiteral("call_intl_01")).has_value());
    QCOMPARE(controller->library()->entry(QStringLiteral("call_intl_01"))->source,
             LibraryEntry::Source::File);
    QVERIFY(controller->savedCopyBanner()->isHidden());
}

void tst_LibraryIntegration::searchHitOpensTheSavedTurn()
{
    {
        CallLibrary library;
        QVERIFY(library.open(libraryPath()));
        QVERIFY(library.save(multilingualCall(), LibraryEntry::Source::Api));
        QVERIFY(library.save(SampleCall::json(), LibraryEntry::Source::Api));
    }
    LibraryController *controller = attach(libraryPath());
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    QSignalSpy shown(m_window->session(), &CallSession::callChanged);
    const qsizetype requestsBefore = m_server->requests().size();

    controller->panel()->search(QStringLiteral("予約"));
    QCOMPARE(controller->panel()->searchResults()->rowCount(), 1);
    QListView *results = controller->panel()->resultView();
    results->setFocus();
    results->setCurrentIndex(controller->panel()->searchResults()->index(0));
    QTest::keyClick(results, Qt::Key_Return);

    QCOMPARE(shown.count(), 1);
    QCOMPARE(m_window->session()->call()->id, QStringLiteral("call_intl_01"));
    QVERIFY(!controller->savedCopyBanner()->isHidden());
    QVERIFY(controller->savedCopyBanner()->text().startsWith(QLatin1String("Saved copy from")));
    auto *transcript = m_window->findChild<TranscriptView *>();
    QVERIFY(transcript);
    QVERIFY(transcript->isVisible());
    QCOMPARE(transcript->currentIndex().data(TranscriptModel::TurnNumberRole).toInt(),
             2); // turn index 1
    QVERIFY(transcript->selectionModel()->isSelected(transcript->currentIndex()));
    // Offline: opening a saved call asks nothing of the server.
    QCOMPARE(m_server->requests().size(), requestsBefore);
    QVERIFY(!controller->watcher()->isWatching());
    // Not re-saved as if fetched now.
    QCOMPARE(controller->library()->entries().size(), 2);
}

void tst_LibraryIntegration::callInProgressIsFollowedToTheEnd()
{
    m_server->addScript(
        LiveId,
        {jsonAnswer(
             liveCall(LiveId, QStringLiteral("queued_for_calling"), QStringLiteral("queued"))),
         jsonAnswer(liveCall(LiveId, QStringLiteral("calling"), QStringLiteral("ongoing"))),
         jsonAnswer(liveCall(LiveId, QStringLiteral("completed"), QStringLiteral("completed")))});
    LibraryController *controller = attach(libraryPath());
    QSignalSpy completed(controller->watcher(), &CallWatcher::completed);
    QSignalSpy notified(controller->notifier(), &CompletionNotifier::inAppMessage);
    QSignalSpy delivered(controller->notifier(), &CompletionNotifier::delivered);
    QStringList shownStatuses;
    connect(m_window->session(), &CallSession::callChanged, this, [&] {
        shownStatuses << m_window->session()->call()->status.value_or(QString());
    });

    m_window->fetchCall(LiveId);
    QTRY_VERIFY_WITH_TIMEOUT(controller->watcher()->isWatching(), 10000);
    QTRY_VERIFY(controller->liveBanner()->text().contains(QStringLiteral("Live")));
    QVERIFY(completed.wait(10000));
    QTRY_COMPARE(m_window->session()->call()->status.value_or(QString()),
                 QStringLiteral("completed"));
    QCOMPARE(shownStatuses,
             (QStringList{QStringLiteral("queued_for_calling"),
                          QStringLiteral("calling"),
                          QStringLiteral("completed")}));
    QVERIFY(controller->liveBanner()->text().startsWith(QLatin1String("Finished")));
    QTRY_COMPARE(controller->library()->entry(LiveId)->status, QStringLiteral("completed"));
    QCOMPARE(completed.count(), 1);
    // Whichever way it went (the desktop, the tray, the status bar), it went once.
    QTRY_COMPARE(delivered.count(), 1);
    if (delivered.at(0).at(1).value<CompletionNotifier::Route>()
        == CompletionNotifier::Route::InApp) {
        QCOMPARE(notified.count(), 1);
        QVERIFY(m_window->statusBar()->currentMessage().contains(LiveId));
    }
    QSignalSpy requests(m_server.get(), &FakeRevoxServer::requestReceived);
    QVERIFY(!requests.wait(300));
}

void tst_LibraryIntegration::liveUpdatesKeepTheAttemptBeingRead()
{
    // A retry in progress: attempt 2 ongoing (listed first), attempt 1 finished earlier.
    auto call = [](const QString &status, const QString &latestStatus, const QString &latestWords) {
        const QJsonObject latest{{QStringLiteral("id"), QStringLiteral("att_2")},
                                 {QStringLiteral("status"), latestStatus},
                                 {QStringLiteral("transcript"),
                                  QJsonArray{turn(QStringLiteral("user"), latestWords)}}};
        const QJsonObject first{{QStringLiteral("id"), QStringLiteral("att_1")},
                                {QStringLiteral("status"), QStringLiteral("completed")},
                                {QStringLiteral("result"), QStringLiteral("voicemail")},
                                {QStringLiteral("transcript"), QJsonArray{}}};
        return wrap(QJsonObject{{QStringLiteral("id"), LiveId},
                                {QStringLiteral("status"), status},
                                {QStringLiteral("call_attempts"), QJsonArray{latest, first}}});
    };
    m_server->addScript(LiveId,
                        {jsonAnswer(call(QStringLiteral("calling"),
                                         QStringLiteral("ongoing"),
                                         QStringLiteral("Hello"))),
                         jsonAnswer(call(QStringLiteral("calling"),
                                         QStringLiteral("ongoing"),
                                         QStringLiteral("Hello again"))),
                         jsonAnswer(call(QStringLiteral("completed"),
                                         QStringLiteral("completed"),
                                         QStringLiteral("Bye")))});
    LibraryController *controller = attach(libraryPath());
    QSignalSpy completed(controller->watcher(), &CallWatcher::completed);
    int shownCount = 0;
    connect(m_window->session(), &CallSession::callChanged, this, [&] {
        if (++shownCount == 1)
            m_window->session()->selectAttempt(1); // the user reads the earlier attempt
    });
    m_window->fetchCall(LiveId);
    QVERIFY(completed.wait(10000));
    QTRY_COMPARE(m_window->session()->call()->status.value_or(QString()),
                 QStringLiteral("completed"));
    QCOMPARE(shownCount, 3);
    QCOMPARE(m_window->session()->selectedAttempt(), 1);
    QCOMPARE(m_window->session()->call()->callAttempts.at(1).id, QStringLiteral("att_1"));
}

void tst_LibraryIntegration::brokenLibraryLeavesAWorkingApp()
{
    QFile file(libraryPath());
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(QByteArray(4096, '\x7f'));
    file.close();
    LibraryController *controller = attach(libraryPath());
    QVERIFY(!controller->library()->isOpen());
    QVERIFY(
        m_window->statusBar()->currentMessage().contains(QLatin1String("The call library is off")));
    QCOMPARE(controller->panel()->statusText(), controller->library()->errorString());
    QVERIFY(m_window->openFile(QStringLiteral(REVOX_TEST_DATA_DIR "/example-response.json")));
    QCOMPARE(m_window->session()->call()->id, QStringLiteral("id"));
    m_window->fetchCall(QStringLiteral("sample"));
    QTRY_COMPARE_WITH_TIMEOUT(m_window->session()->call()->id, SampleId, 10000);
}

// Another instance (a second process) holds the library's write lock while this window opens a
// call: the call is on screen at once and the window keeps answering while the save waits.
void tst_LibraryIntegration::busyLibraryNeverFreezesTheWindow()
{
    LibraryController *controller = attach(libraryPath());
    QVERIFY(controller->library()->isOpen());
    TestSupport::LibraryLockHolder otherInstance;
    QVERIFY(otherInstance.hold(libraryPath()));

    QSignalSpy saved(controller->library(), &CallLibrary::callSaved);
    QVERIFY(m_window->openFile(TestCalls::examplePath()));
    QCOMPARE(m_window->session()->call()->id, ExampleId);
    QVERIFY(!controller->library()->entry(ExampleId).has_value());
    // The save is waiting for the other process; meanwhile the window takes keys and says
    // quietly what is going on. A save on the GUI thread would block both until it is done.
    auto *saving = m_window->statusBar()->findChild<QLabel *>(QStringLiteral("librarySavingLabel"));
    QVERIFY(saving);
    QTRY_VERIFY_WITH_TIMEOUT(saving->isVisible(), 4000);
    QCOMPARE(saving->text(), QStringLiteral("Saving to the library…"));
    QTest::keyClick(m_window.get(), Qt::Key_L, Qt::ControlModifier | Qt::ShiftModifier);
    QTRY_VERIFY(controller->dock()->isHidden());
    QCOMPARE(saved.count(), 0);

    QVERIFY(otherInstance.release());
    QVERIFY(saved.wait(10000));
    QCOMPARE(saved.constFirst().constFirst().toString(), ExampleId);
    QVERIFY(controller->library()->entry(ExampleId).has_value());
    QTRY_VERIFY(!saving->isVisible());
    auto *bar = m_window->findChild<MessageBar *>(QStringLiteral("unsavedBar"));
    QVERIFY(bar && bar->isHidden());
}

void tst_LibraryIntegration::busyLibraryKeepsTheCallAndSaysSo()
{
    LibraryController *controller = attach(libraryPath());
    QVERIFY(controller->library()->isOpen());
    // Another instance (a second process) holds the write lock past the busy timeout: the
    // window's save of the call it shows fails.
    TestSupport::LibraryLockHolder otherInstance;
    QVERIFY(otherInstance.hold(libraryPath()));
    QVERIFY(m_window->openFile(TestCalls::examplePath()));
    auto *bar = m_window->findChild<MessageBar *>(QStringLiteral("unsavedBar"));
    QVERIFY(bar);
    QTRY_VERIFY_WITH_TIMEOUT(!bar->isHidden(), 20000);
    QVERIFY2(bar->text().startsWith(QStringLiteral("Not saved in the library: ")),
             qPrintable(bar->text()));
    QVERIFY2(bar->text().contains(QStringLiteral("tried again")), qPrintable(bar->text()));
    QVERIFY(bar->isRetryOffered());
    QVERIFY(!controller->library()->entry(ExampleId).has_value());
    // The other instance is done; the user presses Retry rather than wait.
    QVERIFY(otherInstance.release());
    QTest::mouseClick(bar->retryButton(), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(bar->isHidden(), 10000);
    QVERIFY(controller->library()->entry(ExampleId).has_value());
    QCOMPARE(m_window->statusBar()->currentMessage(), QStringLiteral("Saved in the library."));
}

// A call refused by a busy library is still saved when the user quits before the retry.
void tst_LibraryIntegration::quittingSavesWhatWasRefused()
{
    LibraryController *controller = attach(libraryPath());
    QVERIFY(controller->library()->isOpen());
    {
        TestSupport::LibraryLockHolder otherInstance;
        QVERIFY(otherInstance.hold(libraryPath()));
        QVERIFY(m_window->openFile(TestCalls::examplePath()));
        auto *bar = m_window->findChild<MessageBar *>(QStringLiteral("unsavedBar"));
        QTRY_VERIFY_WITH_TIMEOUT(bar && !bar->isHidden(), 20000);
        QVERIFY(otherInstance.release());
    }
    m_window.reset(); // the window closes, as when the app quits
    CallLibrary library;
    QVERIFY(library.open(libraryPath()));
    QVERIFY(library.entry(ExampleId).has_value());
}

int main(int argc, char *argv[])
{
    if (const std::optional<QString> path = TestSupport::libraryLockHolderPath(argc, argv))
        return TestSupport::runLibraryLockHolder(argc, argv, *path);
    QApplication app(argc, argv);
    tst_LibraryIntegration test;
    QTEST_SET_MAIN_SOURCE_PATH
    return QTest::qExec(&test, argc, argv);
}

#include "tst_libraryintegration.moc"
