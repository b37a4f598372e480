// Keys in the real window, with its library attached as main() attaches it: Esc stops a fetch
// wherever focus is, and what one call left on screen never stays above the next.
#include "core/api/apiclient.h"
#include "core/api/callwatcher.h"
#include "fakerevoxserver.h"
#include "gui/library/libraryattachment.h"
#include "gui/library/librarycontroller.h"
#include "gui/library/livebanner.h"
#include "gui/transcript/transcriptmodel.h"
#include "gui/transcript/transcriptpanel.h"
#include "gui/transcript/transcriptview.h"
#include "gui/window/mainwindow.h"
#include "librarytestdata.h"
#include "livecalls.h"
#include "media/recordingsession.h"
#include "testpalettes.h"
#include "windowtesthelpers.h"

#include <QApplication>
#include <QComboBox>
#include <QDir>
#include <QDockWidget>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QStyle>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeView>

using namespace Revox;
using WindowTest::child;

namespace {

const QString ApiKey = QStringLiteral("sk_test_KEYS_0123456789");
const QString SampleId = QStringLiteral("call_01JD8X4K2M7QY5ZP3N6RWTB9HE");

} // namespace

class tst_WindowKeys final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();
    void escapeStopsTheFetchWhereverFocusIs_data();
    void escapeStopsTheFetchWhereverFocusIs();
    void aFileAfterAWatchedCallLeavesNothingBehind_data();
    void aFileAfterAWatchedCallLeavesNothingBehind();
    void aCallWithoutAttemptsSaysSo();
    void spaceInTheTranscriptPlaysTheRecording();
    void changingTheFilterKeepsTheTurnInView_data();
    void changingTheFilterKeepsTheTurnInView();

private:
    QWidget *focusTarget(const QString &where);
    // The window at that size and in that palette, shown and active.
    void showAs(const WindowTest::Look &look);

    QTemporaryDir m_home;
    std::unique_ptr<FakeRevoxServer> m_server;
    std::unique_ptr<ApiClient> m_client;
    std::unique_ptr<MainWindow> m_window;
    LibraryController *m_library = nullptr;
};

void tst_WindowKeys::initTestCase()
{
    QVERIFY(m_home.isValid());
    WindowTest::useOwnSettings(m_home.filePath(QStringLiteral("settings")));
    qunsetenv("REVOX_API_KEY");
    qunsetenv("REVOX_BASE_URL");
}

void tst_WindowKeys::init()
{
    QSettings().clear();
    m_server = std::make_unique<FakeRevoxServer>();
    QVERIFY(m_server->listen());
    m_server->setApiKey(ApiKey);
    m_client = std::make_unique<ApiClient>();
    m_client->setSettings(m_server->clientSettings(ApiKey, 20000));
    m_window = std::make_unique<MainWindow>();
    QDir(m_home.path()).remove(QStringLiteral("library.sqlite"));
    m_library = attachLibrary(m_window.get(), m_home.filePath(QStringLiteral("library.sqlite")));
    QVERIFY(m_library);
    m_library->watcher()->setIntervals(20, 160);
    m_window->session()->setApiClient(m_client.get());
    m_window->resize(1280, 800);
    m_window->show();
    m_window->activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(m_window.get()));
}

void tst_WindowKeys::cleanup()
{
    QApplication::setPalette(QApplication::style()->standardPalette());
    m_window.reset();
    m_client.reset();
    m_server.reset();
}

void tst_WindowKeys::showAs(const WindowTest::Look &look)
{
    QApplication::setPalette(look.dark ? TestPalettes::dark()
                                       : QApplication::style()->standardPalette());
    m_window->resize(look.size);
    QTRY_COMPARE(m_window->size(), look.size);
}

QWidget *tst_WindowKeys::focusTarget(const QString &where)
{
    auto *tabs = child<QTabWidget>(*m_window, "tabs");
    if (where == QLatin1String("call field"))
        return child<QLineEdit>(*m_window, "callField");
    if (where == QLatin1String("attempts"))
        return child<QTableView>(*m_window, "attemptsView");
    if (where == QLatin1String("transcript"))
        return child<TranscriptPanel>(*m_window, "transcriptPanel")->view();
    if (where == QLatin1String("structured output")) {
        tabs->setCurrentWidget(child<QWidget>(*m_window, "structuredTab"));
        return child<QTableView>(*m_window, "structuredView");
    }
    if (where == QLatin1String("raw JSON")) {
        tabs->setCurrentWidget(child<QWidget>(*m_window, "rawPanel"));
        return child<QWidget>(*m_window, "rawText");
    }
    if (where == QLatin1String("call details")) {
        tabs->setCurrentWidget(child<QWidget>(*m_window, "summaryPanel"));
        return child<QWidget>(*m_window, "summaryPanel")->findChild<QTreeView *>();
    }
    if (where == QLatin1String("nothing"))
        return m_window.get();
    if (where == QLatin1String("library filter"))
        return m_window->findChild<QDockWidget *>()->findChild<QLineEdit *>();
    return nullptr;
}

void tst_WindowKeys::escapeStopsTheFetchWhereverFocusIs_data()
{
    QTest::addColumn<QString>("where");
    for (const char *where : {"call field",
                              "attempts",
                              "transcript",
                              "structured output",
                              "raw JSON",
                              "call details",
                              "library filter",
                              "the Fetch button, clicked",
                              "nothing"})
        QTest::newRow(where) << QString::fromLatin1(where);
}

void tst_WindowKeys::escapeStopsTheFetchWhereverFocusIs()
{
    QFETCH(QString, where);
    m_window->openSampleCall();
    QWidget *target = nullptr;
    if (where == QLatin1String("the Fetch button, clicked")) {
        // The button disables itself as the fetch starts: focus moves on, or nowhere.
        child<QLineEdit>(*m_window, "callField")->setText(QStringLiteral("scenario-stall"));
        QTest::mouseClick(child<QPushButton>(*m_window, "fetchButton"), Qt::LeftButton);
    } else {
        target = focusTarget(where);
        QVERIFY(target);
        QVERIFY(target->isVisible());
        m_window->fetchCall(QStringLiteral("scenario-stall"));
    }
    QVERIFY(m_window->isFetching());
    QTRY_VERIFY(!m_server->requests().isEmpty());
    if (target) {
        target->setFocus(Qt::MouseFocusReason);
        QTRY_COMPARE(QApplication::focusWidget(), target);
    } else if (where == QLatin1String("nothing")) {
        if (QWidget *focused = QApplication::focusWidget())
            focused->clearFocus();
    }

    QTest::keyClick(QApplication::focusWidget() ? QApplication::focusWidget()
                                                : static_cast<QWidget *>(m_window.get()),
                    Qt::Key_Escape);
    QVERIFY2(!m_window->isFetching(), qPrintable(where));
    QCOMPARE(child<QLabel>(*m_window, "fetchStatusLabel")->text(), QStringLiteral("Cancelled."));
    QCOMPARE(m_window->session()->callId(), SampleId);
}

void tst_WindowKeys::aFileAfterAWatchedCallLeavesNothingBehind_data()
{
    QTest::addColumn<bool>("finished");
    QTest::addColumn<WindowTest::Look>("look");
    const QList<WindowTest::Look> looks = WindowTest::looks();
    for (int i = 0; i < looks.size(); ++i) {
        const bool finished = i % 2 == 1;
        QTest::newRow(qPrintable((finished ? QStringLiteral("finished-") : QStringLiteral("live-"))
                                 + looks.at(i).tag()))
            << finished << looks.at(i);
    }
}

void tst_WindowKeys::aFileAfterAWatchedCallLeavesNothingBehind()
{
    QFETCH(bool, finished);
    QFETCH(WindowTest::Look, look);
    showAs(look);
    const QString liveId = QStringLiteral("call_live_keys");
    QList<ScriptedResponse> script{TestCalls::jsonAnswer(
        TestCalls::liveCall(liveId, QStringLiteral("calling"), QStringLiteral("ongoing")))};
    if (finished)
        script.append(TestCalls::jsonAnswer(
            TestCalls::liveCall(liveId, QStringLiteral("completed"), QStringLiteral("completed"))));
    m_server->addScript(liveId, script);
    auto *field = child<QLineEdit>(*m_window, "callField");
    field->setFocus();
    QTest::keyClicks(field, liveId);
    QTest::keyClick(field, Qt::Key_Return);
    LiveBanner *banner = m_library->liveBanner();
    QTRY_VERIFY_WITH_TIMEOUT(banner->text().contains(finished ? QStringLiteral("Finished")
                                                              : QStringLiteral("Live")),
                             10000);
    const QString tag = QString::fromLatin1(QTest::currentDataTag());
    QVERIFY(WindowTest::saveScreenshot(*m_window, QStringLiteral("flow-watched-") + tag));

    // Then a saved response, dropped or opened from the menu: the same path.
    QVERIFY(m_window->openFile(QStringLiteral(REVOX_TEST_DATA_DIR "/example-response.json")));
    QCOMPARE(m_window->session()->callId(), QStringLiteral("id"));
    QVERIFY2(banner->text().isEmpty(), qPrintable(banner->text()));
    QVERIFY(banner->isHidden());
    QVERIFY2(field->text().isEmpty(), qPrintable(field->text()));
    QVERIFY(!m_library->watcher()->isWatching());
    QVERIFY(WindowTest::saveScreenshot(*m_window, QStringLiteral("flow-then-file-") + tag));
}

void tst_WindowKeys::aCallWithoutAttemptsSaysSo()
{
    QVERIFY(m_window->session()
                ->open(LibraryTestData::wrap(
                           QJsonObject{{QStringLiteral("id"), QStringLiteral("call_none")},
                                       {QStringLiteral("status"), QStringLiteral("queued")}}),
                       CallSession::Origin::File,
                       QStringLiteral("none.json")));
    const QString status = child<QLabel>(*m_window, "structuredStatus")->text();
    QVERIFY2(status.startsWith(QStringLiteral("No attempt yet")), qPrintable(status));
    QVERIFY(!status.contains(QStringLiteral("this attempt")));
}

void tst_WindowKeys::spaceInTheTranscriptPlaysTheRecording()
{
    // The sample, its recording served by the local server.
    QSignalSpy shown(m_window->session(), &CallSession::callChanged);
    m_window->fetchCall(QStringLiteral("sample"));
    QVERIFY(shown.wait(20000));
    auto *recording = m_window->findChild<RecordingSession *>();
    QVERIFY(recording);
    QTRY_VERIFY_WITH_TIMEOUT(recording->isPlayable(), 30000);

    TranscriptView *view = child<TranscriptPanel>(*m_window, "transcriptPanel")->view();
    view->setFocus();
    QTRY_COMPARE(QApplication::focusWidget(), static_cast<QWidget *>(view));
    // On a tool card, where Space used to fold the card instead.
    QModelIndex card;
    for (int row = 0; row < view->model()->rowCount() && !card.isValid(); ++row) {
        const QModelIndex index = view->model()->index(row, 0);
        if (index.data(TranscriptModel::IsToolRole).toBool())
            card = index;
    }
    QVERIFY(card.isValid());
    view->setCurrentIndex(card);
    QVERIFY(card.data(TranscriptModel::ExpandedRole).toBool());
    QTest::keyClick(view, Qt::Key_Space);
    QTRY_COMPARE(recording->state(), RecordingSession::State::Playing);
    QVERIFY(card.data(TranscriptModel::ExpandedRole).toBool());
    QTest::keyClick(view, Qt::Key_Space);
    QTRY_VERIFY(recording->state() != RecordingSession::State::Playing);
    // Enter still folds the card.
    QTest::keyClick(view, Qt::Key_Return);
    QTRY_VERIFY(!card.data(TranscriptModel::ExpandedRole).toBool());
}

void tst_WindowKeys::changingTheFilterKeepsTheTurnInView_data()
{
    QTest::addColumn<WindowTest::Look>("look");
    for (const WindowTest::Look &look : WindowTest::looks())
        QTest::newRow(qPrintable(look.tag())) << look;
}

void tst_WindowKeys::changingTheFilterKeepsTheTurnInView()
{
    QFETCH(WindowTest::Look, look);
    showAs(look);
    m_window->openSampleCall();
    auto *panel = child<TranscriptPanel>(*m_window, "transcriptPanel");
    TranscriptView *view = panel->view();
    // The last tool call of the sample, far below the first screen at this size.
    QModelIndex card;
    for (int row = view->model()->rowCount() - 1; row >= 0 && !card.isValid(); --row) {
        const QModelIndex index = view->model()->index(row, 0);
        if (index.data(TranscriptModel::IsToolRole).toBool())
            card = index;
    }
    QVERIFY(card.isValid());
    const int turn = card.data(TranscriptModel::TurnNumberRole).toInt();
    view->setFocus();
    view->setCurrentIndex(card);
    view->scrollTo(card);
    QTRY_VERIFY(view->visualRect(card).intersects(view->viewport()->rect()));
    const auto currentTurnIsOnScreen = [view, turn] {
        const QModelIndex current = view->currentIndex();
        return current.isValid() && current.data(TranscriptModel::TurnNumberRole).toInt() == turn
               && view->visualRect(current).intersects(view->viewport()->rect());
    };

    // By keys, as a user does: the filter's shortcut is its label's mnemonic.
    auto *filter = panel->findChild<QComboBox *>();
    QVERIFY(filter);
    filter->setFocus();
    QTest::keyClick(filter, Qt::Key_Down); // "Only tool calls"
    QTRY_VERIFY(currentTurnIsOnScreen());
    QVERIFY(
        WindowTest::saveScreenshot(*m_window, QStringLiteral("flow-filter-tools-") + look.tag()));
    QTest::keyClick(filter, Qt::Key_Up); // back to "All turns"
    QCOMPARE(filter->currentIndex(), 0);
    QTRY_VERIFY2(currentTurnIsOnScreen(),
                 qPrintable(
                     QStringLiteral("turn %1, current %2")
                         .arg(turn)
                         .arg(view->currentIndex().data(TranscriptModel::TurnNumberRole).toInt())));
}

QTEST_MAIN(tst_WindowKeys)
#include "tst_windowkeys.moc"
