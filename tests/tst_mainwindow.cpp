// The real MainWindow driven by keyboard and mouse: empty state, sample call, attempts, find,
// filter, copy, raw JSON, files, drag and drop, recent calls, geometry and settings. Fetching over
// HTTP is in tst_fetchflow.
#include "core/api/apiclient.h"
#include "core/call/keptbody.h"
#include "gui/common/findbar.h"
#include "gui/common/messagebar.h"
#include "gui/response/jsontextview.h"
#include "gui/response/rawjsonpanel.h"
#include "gui/response/structuredoutputmodel.h"
#include "gui/settings/apikeystore.h"
#include "gui/settings/settingsdialog.h"
#include "gui/summary/callheader.h"
#include "gui/summary/statusbadge.h"
#include "gui/summary/summarymodel.h"
#include "gui/summary/summarypanel.h"
#include "gui/transcript/transcriptmodel.h"
#include "gui/transcript/transcriptpanel.h"
#include "gui/transcript/transcriptview.h"
#include "gui/window/mainwindow.h"
#include "guitesthelpers.h"
#include "windowtesthelpers.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QLocalServer>
#include <QMenu>
#include <QMimeData>
#include <QProgressBar>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QSplitter>
#include <QStackedWidget>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QToolTip>
#include <QTreeView>
#include <QVBoxLayout>

#include <sys/stat.h>

using namespace Revox;
using WindowTest::child;
using WindowTest::transcriptTexts;

class tst_MainWindow final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();

    void emptyStateOffersSampleCall();
    void sampleCallAnswersTheQuestions();
    void selectingAnAttemptSwitchesEverything();
    void findWithKeyboard();
    void filterFromViewMenu();
    void copySelectedTurns();
    void rawJsonSearchAndCopy();
    void largeCallKeptCompressedStillShowsItsRawJson();
    void badFilesKeepThePreviousCall_data();
    void badFilesKeepThePreviousCall();
    void openFileAddsRecentEntry();
    void droppingAFileOpensIt();
    void geometryAndSplittersRestored();
    void settingsKeyNeverInSettingsFile();
    void environmentKeyShownAsFromEnvironment();
    void settingsShortcutOpensDialog();

private:
    QTemporaryDir m_settingsDir;
};

void tst_MainWindow::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY(m_settingsDir.isValid());
    QSettings::setDefaultFormat(QSettings::IniFormat);
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_settingsDir.path());
    QCoreApplication::setOrganizationName(QStringLiteral("RevoxTests"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_mainwindow"));
    qunsetenv("REVOX_API_KEY");
    qunsetenv("REVOX_BASE_URL");
}

void tst_MainWindow::init()
{
    QSettings().clear();
}

void tst_MainWindow::emptyStateOffersSampleCall()
{
    MainWindow window;
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    auto *pages = child<QStackedWidget>(window, "pages");
    QCOMPARE(pages->currentWidget()->objectName(), QStringLiteral("emptyPage"));
    QVERIFY(!window.exportAction()->isEnabled());
    QVERIFY(!window.copyMarkdownAction()->isEnabled());
    QCOMPARE(window.exportAction()->shortcut(), QKeySequence(Qt::CTRL | Qt::Key_E));
    QVERIFY(!window.session()->call());
    QCOMPARE(window.session()->selectedAttempt(), -1);

    QSignalSpy shown(window.session(), &CallSession::callChanged);
    QTest::mouseClick(child<QPushButton>(window, "openSampleButton"), Qt::LeftButton);
    QCOMPARE(shown.count(), 1);
    QCOMPARE(window.session()->callId(), QStringLiteral("call_01JD8X4K2M7QY5ZP3N6RWTB9HE"));
    QCOMPARE(pages->currentWidget()->objectName(), QStringLiteral("callPage"));
    QVERIFY(window.exportAction()->isEnabled());
    QVERIFY(window.copyMarkdownAction()->isEnabled());
}

void tst_MainWindow::sampleCallAnswersTheQuestions()
{
    MainWindow window;
    window.show();
    QSignalSpy attemptChanged(window.session(), &CallSession::attemptChanged);
    window.openSampleCall();
    QVERIFY(window.windowTitle().startsWith(QStringLiteral("call_01JD8X4K2M7QY5ZP3N6RWTB9HE")));

    // Did it reach a person?
    auto *summary = child<CallHeader>(window, "callHeader");
    QCOMPARE(summary->badge()->text(), QStringLiteral("Completed"));
    QVERIFY(summary->factTexts().contains(
        QStringLiteral("Reached a person: Yes: a person answered attempt 3 of 3")));
    QVERIFY(summary->warningText().isEmpty());

    // The latest attempt is selected.
    QCOMPARE(window.session()->selectedAttempt(), 0);
    QCOMPARE(attemptChanged.count(), 1);
    auto *attempts = child<QTableView>(window, "attemptsView");
    QCOMPARE(attempts->model()->rowCount(), 3);
    QCOMPARE(attempts->currentIndex().row(), 0);

    // What was said, which tools, which failed.
    auto *panel = child<TranscriptPanel>(window, "transcriptPanel");
    QCOMPARE(panel->statusText(), QStringLiteral("19 turns · 6 tool calls · 1 failed"));
    const QStringList texts = transcriptTexts(window);
    QVERIFY(texts.contains(QStringLiteral("|Yes, speaking.")));
    QVERIFY(texts.contains(QStringLiteral(
        "book_appointment|Timeout: the scheduling service did not respond within 5 s")));
    QCOMPARE(panel->proxy()->index(8, 0).data(TranscriptModel::IsErrorRole).toBool(), true);

    // What was extracted.
    auto *structured = child<QTableView>(window, "structuredView");
    QCOMPARE(structured->model()->rowCount(), 7);
    QCOMPARE(child<QLabel>(window, "structuredStatus")->text(),
             QStringLiteral("6 values extracted."));

    // The recording area exists, empty, below the tabs, for the player.
    QWidget *area = window.recordingArea();
    QCOMPARE(area->objectName(), QStringLiteral("recordingArea"));
    QVERIFY(qobject_cast<QVBoxLayout *>(area->layout()));
    auto *tabs = child<QTabWidget>(window, "tabs");
    QVERIFY(area->mapTo(&window, QPoint(0, 0)).y()
            >= tabs->mapTo(&window, QPoint(0, tabs->height())).y());
}

void tst_MainWindow::selectingAnAttemptSwitchesEverything()
{
    MainWindow window;
    window.resize(1200, 800);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    window.openSampleCall();
    QSignalSpy attemptChanged(window.session(), &CallSession::attemptChanged);
    auto *attempts = child<QTableView>(window, "attemptsView");
    auto *panel = child<TranscriptPanel>(window, "transcriptPanel");

    // Voicemail attempt: one agent turn, two required values missing.
    const QRect second = attempts->visualRect(attempts->model()->index(1, 1));
    QTest::mouseClick(attempts->viewport(), Qt::LeftButton, {}, second.center());
    QCOMPARE(attemptChanged.count(), 1);
    QCOMPARE(attemptChanged.at(0).at(0).toInt(), 1);
    QCOMPARE(window.session()->selectedAttempt(), 1);
    QCOMPARE(panel->proxy()->rowCount(), 1);
    QVERIFY(transcriptTexts(window).at(0).contains(QStringLiteral("Please call us back")));
    QCOMPARE(child<QLabel>(window, "structuredStatus")->text(),
             QStringLiteral("3 values extracted. 2 required fields have no value."));

    // Busy attempt, by keyboard: no transcript, and the panel says so.
    attempts->setFocus();
    QTest::keyClick(attempts, Qt::Key_Down);
    QCOMPARE(window.session()->selectedAttempt(), 2);
    QCOMPARE(panel->proxy()->rowCount(), 0);
    QVERIFY(panel->statusText().startsWith(QStringLiteral("No transcript")));
    QCOMPARE(child<QLabel>(window, "structuredStatus")->text(),
             QStringLiteral(
                 "Nothing was extracted from this attempt. 3 required fields have no value."));

    window.session()->selectAttempt(0);
    QCOMPARE(panel->proxy()->rowCount(), 19);
    QCOMPARE(attempts->currentIndex().row(), 0);
}

void tst_MainWindow::findWithKeyboard()
{
    MainWindow window;
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    window.openSampleCall();
    auto *panel = child<TranscriptPanel>(window, "transcriptPanel");
    FindBar *bar = panel->findBar();
    QVERIFY(bar->isHidden());

    QTest::keyClick(&window, Qt::Key_F, Qt::ControlModifier);
    QVERIFY(bar->isVisible());
    QTRY_VERIFY(bar->lineEdit()->hasFocus());
    QTest::keyClicks(bar->lineEdit(), QStringLiteral("book"));
    QCOMPARE(bar->matchText(), QStringLiteral("1 of 3"));
    QTest::keyClick(bar->lineEdit(), Qt::Key_F3);
    QCOMPARE(bar->matchText(), QStringLiteral("2 of 3"));
    QTest::keyClick(bar->lineEdit(), Qt::Key_Return);
    QCOMPARE(bar->matchText(), QStringLiteral("3 of 3"));
    QTest::keyClick(bar->lineEdit(), Qt::Key_F3);
    QCOMPARE(bar->matchText(), QStringLiteral("1 of 3"));
    QTest::keyClick(bar->lineEdit(), Qt::Key_F3, Qt::ShiftModifier);
    QCOMPARE(bar->matchText(), QStringLiteral("3 of 3"));
    // The current match's turn is the view's current row.
    QCOMPARE(panel->view()->currentIndex().data(TranscriptModel::TurnNumberRole).toInt(), 11);

    // Matches inside collapsed cards expand them.
    panel->model()->setAllExpanded(false);
    QTest::keyClick(bar->lineEdit(), Qt::Key_A, Qt::ControlModifier);
    QTest::keyClicks(bar->lineEdit(), QStringLiteral("_55102"));
    QCOMPARE(bar->matchText(), QStringLiteral("1 of 2"));
    QVERIFY(panel->view()->currentIndex().data(TranscriptModel::ExpandedRole).toBool());

    QTest::keyClick(bar->lineEdit(), Qt::Key_A, Qt::ControlModifier);
    QTest::keyClicks(bar->lineEdit(), QStringLiteral("zebra"));
    QCOMPARE(bar->matchText(), QStringLiteral("No matches"));

    QTest::keyClick(bar->lineEdit(), Qt::Key_Escape);
    QVERIFY(bar->isHidden());
    QVERIFY(panel->model()->matches().isEmpty());
}

void tst_MainWindow::filterFromViewMenu()
{
    MainWindow window;
    window.show();
    window.openSampleCall();
    auto *panel = child<TranscriptPanel>(window, "transcriptPanel");
    auto *menu = child<QMenu>(window, "filterMenu");
    QAction *failedOnly = nullptr;
    for (QAction *action : menu->actions()) {
        if (action->text() == QStringLiteral("Only failed tool calls"))
            failedOnly = action;
    }
    QVERIFY(failedOnly);
    failedOnly->trigger();
    QCOMPARE(panel->proxy()->rowCount(), 1);
    QCOMPARE(panel->filterBox()->currentText(), QStringLiteral("Only failed tool calls"));
    // The filter outlives switching attempts; an attempt with no failures says so.
    window.session()->selectAttempt(1);
    QCOMPARE(panel->proxy()->rowCount(), 0);
    QVERIFY(panel->statusText().contains(QStringLiteral("No turns match")));
    panel->filterBox()->setCurrentIndex(
        panel->filterBox()->findText(QStringLiteral("Hide tool calls")));
    QVERIFY(menu->actions().at(3)->isChecked());
    window.session()->selectAttempt(0);
    QCOMPARE(panel->proxy()->rowCount(), 13);
}

void tst_MainWindow::copySelectedTurns()
{
    MainWindow window;
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    window.openSampleCall();
    TranscriptView *view = child<TranscriptPanel>(window, "transcriptPanel")->view();
    view->setFocus();
    QTRY_VERIFY(view->hasFocus());
    QTest::keyClick(view, Qt::Key_A, Qt::ControlModifier);
    QApplication::clipboard()->clear();
    QTest::keyClick(view, Qt::Key_C, Qt::ControlModifier);
    const QString text = QApplication::clipboard()->text();
    QVERIFY2(text.startsWith(QStringLiteral("Agent: Hi, this is Nora")), qPrintable(text.left(200)));
    QVERIFY(text.contains(QStringLiteral("[tool] book_appointment — FAILED")));
    QVERIFY(text.endsWith(QStringLiteral("\"reason\": \"conversation_complete\"\n}")));
}

void tst_MainWindow::rawJsonSearchAndCopy()
{
    MainWindow window;
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    window.openSampleCall();
    QTest::keyClick(&window, Qt::Key_3, Qt::ControlModifier);
    auto *tabs = child<QTabWidget>(window, "tabs");
    auto *raw = child<RawJsonPanel>(window, "rawPanel");
    QCOMPARE(tabs->currentWidget(), raw);
    QVERIFY(raw->text().startsWith(QStringLiteral("{\n    \"call\": {\n")));
    QTest::keyClick(&window, Qt::Key_F, Qt::ControlModifier);
    QTRY_VERIFY(raw->findField()->hasFocus());
    QTest::keyClicks(raw->findField(), QStringLiteral("apt_55987"));
    QCOMPARE(raw->matchText(), QStringLiteral("1 of 4"));
    QCOMPARE(raw->view()->currentMatchText(), QStringLiteral("apt_55987"));
    // F3 and Shift+F3 from the window step through them, wrapping.
    QTest::keyClick(&window, Qt::Key_F3);
    QCOMPARE(raw->matchText(), QStringLiteral("2 of 4"));
    QTest::keyClick(&window, Qt::Key_F3, Qt::ShiftModifier);
    QTest::keyClick(&window, Qt::Key_F3, Qt::ShiftModifier);
    QCOMPARE(raw->matchText(), QStringLiteral("4 of 4"));
    QCOMPARE(raw->view()->currentMatchText(), QStringLiteral("apt_55987"));
    QApplication::clipboard()->clear();
    QTest::mouseClick(raw->findChild<QPushButton *>(), Qt::LeftButton);
    QCOMPARE(QApplication::clipboard()->text(), raw->text());
}

// A large body is compressed in the background once shown; the Raw JSON tab and everything that
// asks for the body still get exactly the bytes received.
void tst_MainWindow::largeCallKeptCompressedStillShowsItsRawJson()
{
    QJsonObject root = QJsonDocument::fromJson(SampleCall::json()).object();
    QJsonObject call = root.value(QLatin1String("call")).toObject();
    QJsonArray attempts = call.value(QLatin1String("call_attempts")).toArray();
    QJsonObject latest = attempts.at(0).toObject();
    QJsonArray turns;
    for (int i = 0; i < 40000; ++i) {
        turns.append(
            QJsonObject{{QStringLiteral("role"), QStringLiteral("user")},
                        {QStringLiteral("content"), QStringLiteral("long call, turn %1").arg(i)}});
    }
    latest.insert(QLatin1String("transcript"), turns);
    attempts.replace(0, latest);
    call.insert(QLatin1String("call_attempts"), attempts);
    root.insert(QLatin1String("call"), call);
    const QByteArray body = QJsonDocument(root).toJson(QJsonDocument::Compact);
    QVERIFY(body.size() > KeptBody::CompressFrom);

    MainWindow window;
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    auto *kept = window.findChild<KeptBody *>();
    QVERIFY(kept);
    QSignalSpy compressed(kept, &KeptBody::compressed);
    QVERIFY(window.session()->open(body, CallSession::Origin::File, QStringLiteral("a long call")));
    QVERIFY(compressed.wait());
    QCOMPARE(window.session()->body(), body);
    auto *tabs = child<QTabWidget>(window, "tabs");
    auto *raw = child<RawJsonPanel>(window, "rawPanel");
    tabs->setCurrentWidget(raw);
    QVERIFY(raw->text().contains(QStringLiteral("\"content\": \"long call, turn 39999\"")));

    // The next call replaces it, compressed or not.
    window.openSampleCall();
    QCOMPARE(window.session()->body(), SampleCall::json());
    QVERIFY(raw->text().contains(QStringLiteral("apt_55987")));
}

void tst_MainWindow::badFilesKeepThePreviousCall_data()
{
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<bool>("create");
    QTest::addColumn<QString>("messageContains");
    QTest::addColumn<QString>("path");    // empty: bad.json with `content`
    QTest::addColumn<QString>("special"); // "fifo", "socket" or "directory" made as bad.json
    QTest::newRow("missing-file") << QByteArray() << false << QStringLiteral("no such file")
                                  << QString() << QString();
    QTest::newRow("empty-file") << QByteArray() << true
                                << QStringLiteral("Could not show bad.json.") << QString()
                                << QString();
    QTest::newRow("html-page") << QByteArray("<!DOCTYPE html><html><body>Sign in</body></html>")
                               << true << QStringLiteral("Could not show bad.json.") << QString()
                               << QString();
    QTest::newRow("truncated-json")
        << SampleCall::json().left(300) << true << QStringLiteral("Could not show bad.json.")
        << QString() << QString();
    QTest::newRow("api-error-object")
        << QByteArray(R"({"error":"not_found","message":"Call not found"})") << true
        << QStringLiteral("Could not show bad.json.") << QString() << QString();
    QTest::newRow("endless-device")
        << QByteArray() << false << QStringLiteral("not a regular file: a character device")
        << QStringLiteral("/dev/zero") << QString();
    // Opening a FIFO with no writer used to block the window for good (issue 17).
    QTest::newRow("fifo-without-writer")
        << QByteArray() << false << QStringLiteral("not a regular file: a FIFO (named pipe)")
        << QString() << QStringLiteral("fifo");
    QTest::newRow("unix-socket") << QByteArray() << false
                                 << QStringLiteral("not a regular file: a socket") << QString()
                                 << QStringLiteral("socket");
    QTest::newRow("directory") << QByteArray() << false << QStringLiteral("it is a directory")
                               << QString() << QStringLiteral("directory");
}

void tst_MainWindow::badFilesKeepThePreviousCall()
{
    QFETCH(QByteArray, content);
    QFETCH(bool, create);
    QFETCH(QString, messageContains);
    QFETCH(QString, path);
    QFETCH(QString, special);
    QTemporaryDir dir;
    if (path.isEmpty())
        path = dir.filePath(QStringLiteral("bad.json"));
    QLocalServer socket;
    if (special == QLatin1String("fifo"))
        QCOMPARE(::mkfifo(QFile::encodeName(path).constData(), 0600), 0);
    else if (special == QLatin1String("socket"))
        QVERIFY2(socket.listen(path), qPrintable(socket.errorString()));
    else if (special == QLatin1String("directory"))
        QVERIFY(QDir().mkdir(path));
    if (create) {
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(content);
    }
    MainWindow window;
    window.show();
    window.openSampleCall();
    QSignalSpy shown(window.session(), &CallSession::callChanged);
    QVERIFY(!window.openFile(path));
    QVERIFY2(window.messageText().contains(messageContains), qPrintable(window.messageText()));
    QVERIFY(window.messageText().contains(
        QStringLiteral("Still showing call_01JD8X4K2M7QY5ZP3N6RWTB9HE")));
    QCOMPARE(shown.count(), 0);
    QCOMPARE(window.session()->call()->id, QStringLiteral("call_01JD8X4K2M7QY5ZP3N6RWTB9HE"));
    QCOMPARE(child<TranscriptPanel>(window, "transcriptPanel")->proxy()->rowCount(), 19);
}

void tst_MainWindow::openFileAddsRecentEntry()
{
    {
        MainWindow window;
        QVERIFY(window.openFile(TestCalls::examplePath()));
        QCOMPARE(window.session()->call()->id, QStringLiteral("id"));
        // The example's flags contradict its status: the summary says so.
        QVERIFY(child<CallHeader>(window, "callHeader")
                    ->warningText()
                    .contains(QStringLiteral("initializing")));
    }
    MainWindow window;
    auto *recent = child<QMenu>(window, "recentMenu");
    QVERIFY(recent->isEnabled());
    QCOMPARE(recent->actions().at(0)->text(), QStringLiteral("File example-response.json"));
    QSignalSpy shown(window.session(), &CallSession::callChanged);
    recent->actions().at(0)->trigger();
    QCOMPARE(shown.count(), 1);
    // Only call IDs and file paths are remembered, never call content.
    const QStringList stored = QSettings().value(QStringLiteral("recent/items")).toStringList();
    QCOMPARE(stored,
             QStringList{QStringLiteral("file:")
                         + QFileInfo(TestCalls::examplePath()).absoluteFilePath()});
}

void tst_MainWindow::droppingAFileOpensIt()
{
    MainWindow window;
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QMimeData mime;
    mime.setUrls({QUrl::fromLocalFile(TestCalls::examplePath())});
    QDragEnterEvent enter(QPoint(10, 10), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(&window, &enter);
    QVERIFY(enter.isAccepted());
    QSignalSpy shown(window.session(), &CallSession::callChanged);
    QDropEvent drop(QPointF(10, 10), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(&window, &drop);
    QCOMPARE(shown.count(), 1);
    QCOMPARE(window.session()->call()->id, QStringLiteral("id"));

    QMimeData garbage;
    garbage.setText(QStringLiteral("this is not / a call ?"));
    QDragEnterEvent refused(QPoint(10, 10), Qt::CopyAction, &garbage, Qt::LeftButton, Qt::NoModifier);
    refused.setAccepted(false);
    QApplication::sendEvent(&window, &refused);
    QVERIFY(!refused.isAccepted());
}

void tst_MainWindow::geometryAndSplittersRestored()
{
    QList<int> sizes;
    {
        MainWindow window;
        window.resize(1111, 777);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        auto *splitter = child<QSplitter>(window, "contentSplitter");
        splitter->setSizes({200, 480});
        sizes = splitter->sizes();
        window.close();
    }
    MainWindow window;
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QCOMPARE(window.size(), QSize(1111, 777));
    QCOMPARE(child<QSplitter>(window, "contentSplitter")->sizes(), sizes);
}

void tst_MainWindow::settingsKeyNeverInSettingsFile()
{
    MainWindow window;
    ApiKeyStore *keys = window.apiKeys();
    QTRY_VERIFY_WITH_TIMEOUT(!keys->isBusy(), 30000);
    const QString secret = QStringLiteral("sk_live_never_on_disk_123");
    {
        SettingsDialog dialog(keys, QUrl(QStringLiteral("https://www.getrevox.com/api")), 60);
        dialog.keyField()->setText(secret);
        dialog.timeoutField()->setValue(42);
        dialog.accept();
        QCOMPARE(dialog.result(), int(QDialog::Accepted));
        QTRY_VERIFY_WITH_TIMEOUT(!keys->isBusy(), 30000);
        qInfo("key location: %s", qPrintable(dialog.keyLocationText()));
        // Whatever the keychain answered, the dialog says where the key is.
        if (keys->source() == ApiKeyStore::Source::Keychain) {
            QCOMPARE(dialog.keyLocationText(),
                     QStringLiteral("The key is stored in the system keychain."));
        } else {
            QCOMPARE(keys->source(), ApiKeyStore::Source::Session);
            QVERIFY2(dialog.keyLocationText().contains(
                         QStringLiteral("kept only for this session")),
                     qPrintable(dialog.keyLocationText()));
        }
    }
    QCOMPARE(keys->key(), secret);
    QCOMPARE(window.session()->apiClient()->settings().apiKey, secret);

    QSettings settings;
    settings.setValue(QStringLiteral("api/timeoutSeconds"), 42);
    settings.sync();
    QFile file(settings.fileName());
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray stored = file.readAll();
    QVERIFY(stored.contains("42"));
    QVERIFY(!stored.contains(secret.toUtf8()));
    for (const QString &key : settings.allKeys())
        QVERIFY(!settings.value(key).toString().contains(secret));

    keys->setKey(QString());
    QTRY_VERIFY_WITH_TIMEOUT(!keys->isBusy(), 30000);
    QVERIFY(keys->key().isEmpty());

    // Plain HTTP to a remote host is refused before it is saved.
    SettingsDialog insecure(keys, QUrl(QStringLiteral("http://api.example.com")), 60);
    QVERIFY(!insecure.baseUrlProblem().isEmpty());
    insecure.baseUrlField()->setText(QStringLiteral("http://127.0.0.1:9/api"));
    QVERIFY(insecure.baseUrlProblem().isEmpty());
}

void tst_MainWindow::environmentKeyShownAsFromEnvironment()
{
    qputenv("REVOX_API_KEY", "sk_from_env_777");
    MainWindow window;
    qunsetenv("REVOX_API_KEY");
    ApiKeyStore *keys = window.apiKeys();
    QCOMPARE(keys->source(), ApiKeyStore::Source::Environment);
    QCOMPARE(keys->key(), QStringLiteral("sk_from_env_777"));
    QCOMPARE(window.session()->apiClient()->settings().apiKey, QStringLiteral("sk_from_env_777"));
    SettingsDialog dialog(keys, QUrl(QStringLiteral("https://www.getrevox.com/api")), 60);
    QVERIFY(!dialog.keyField()->isEnabled());
    QVERIFY(dialog.keyField()->text().isEmpty());
    QCOMPARE(dialog.keyField()->placeholderText(),
             QStringLiteral("from environment (REVOX_API_KEY)"));
    QTRY_VERIFY_WITH_TIMEOUT(!keys->isBusy(), 30000);
    QVERIFY(dialog.keyLocationText().contains(QStringLiteral("from the environment")));
}

void tst_MainWindow::settingsShortcutOpensDialog()
{
    MainWindow window;
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QString opened;
    QTimer::singleShot(0, this, [&opened] {
        QWidget *modal = QApplication::activeModalWidget();
        if (auto *dialog = qobject_cast<SettingsDialog *>(modal)) {
            opened = dialog->windowTitle();
            dialog->reject();
        }
    });
    QTest::keyClick(&window, Qt::Key_Comma, Qt::ControlModifier);
    QCOMPARE(opened, QStringLiteral("Settings"));
}

QTEST_MAIN(tst_MainWindow)
#include "tst_mainwindow.moc"
