// End to end: the real MainWindow fetching over real HTTP from an in-process FakeRevoxServer:
// typing an ID, failures in the message bar with the previous call kept, retries, cancelling,
// and rich-text injection that must not load anything.
#include "core/api/apiclient.h"
#include "core/call/samplecall.h"
#include "fakerevoxserver.h"
#include "gui/common/findbar.h"
#include "gui/common/messagebar.h"
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
#include <QFile>
#include <QJsonArray>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMimeData>
#include <QPlainTextEdit>
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

using namespace Revox;
using WindowTest::child;
using WindowTest::transcriptTexts;

namespace {

const QString ApiKey = QStringLiteral("sk_test_window_4242");

} // namespace

class tst_FetchFlow final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();

    void fetchByTypingAndEnter();
    void failuresShowInMessageBar_data();
    void failuresShowInMessageBar();
    void retryButtonFetchesAgain();
    void retryStatusWhileWaiting();
    void escapeCancels();
    void invalidReferenceSendsNothing();
    void callLinksAreFetched_data();
    void callLinksAreFetched();
    void droppedLinksAreFetched_data();
    void droppedLinksAreFetched();
    void droppedFileOpensAsAFile();
    void richTextInjectionLoadsNothing();

private:
    void fetchAndWait(MainWindow &window, const QString &id);

    QTemporaryDir m_settingsDir;
    std::unique_ptr<FakeRevoxServer> m_server;
    std::unique_ptr<ApiClient> m_client;
};

void tst_FetchFlow::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY(m_settingsDir.isValid());
    QSettings::setDefaultFormat(QSettings::IniFormat);
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_settingsDir.path());
    QCoreApplication::setOrganizationName(QStringLiteral("RevoxTests"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_fetchflow"));
    qunsetenv("REVOX_API_KEY");
    qunsetenv("REVOX_BASE_URL");
}

void tst_FetchFlow::init()
{
    QSettings().clear();
    m_server = std::make_unique<FakeRevoxServer>();
    QVERIFY(m_server->listen());
    m_server->setApiKey(ApiKey);
    m_client = std::make_unique<ApiClient>();
    m_client->setSettings(m_server->clientSettings(ApiKey, 20000));
}

void tst_FetchFlow::cleanup()
{
    m_client.reset();
    m_server.reset();
}

void tst_FetchFlow::fetchAndWait(MainWindow &window, const QString &id)
{
    QSignalSpy shown(window.session(), &CallSession::callChanged);
    window.fetchCall(id);
    QVERIFY(shown.wait(10000));
}

void tst_FetchFlow::fetchByTypingAndEnter()
{
    MainWindow window;
    window.session()->setApiClient(m_client.get());
    window.resize(1200, 800);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QSignalSpy shown(window.session(), &CallSession::callChanged);

    QTest::keyClick(&window, Qt::Key_L, Qt::ControlModifier);
    auto *field = child<QLineEdit>(window, "callField");
    QTRY_VERIFY(field->hasFocus());
    QTest::keyClicks(field, QStringLiteral("  sample "));
    QTest::keyClick(field, Qt::Key_Return);
    QVERIFY(window.isFetching());
    QVERIFY(child<QProgressBar>(window, "busyIndicator")->isVisible());
    QVERIFY(shown.wait(10000));
    QVERIFY(!window.isFetching());
    QVERIFY(!child<QProgressBar>(window, "busyIndicator")->isVisible());

    const QList<RecordedRequest> requests = m_server->requests();
    QCOMPARE(requests.size(), 1);
    QCOMPARE(requests.at(0).path, QByteArray("/call/sample"));
    QCOMPARE(requests.at(0).header("authorization"), QByteArray("Bearer ") + ApiKey.toUtf8());

    QCOMPARE(child<CallHeader>(window, "callHeader")->badge()->text(), QStringLiteral("Completed"));
    QCOMPARE(child<QTableView>(window, "attemptsView")->model()->rowCount(), 3);
    auto *panel = child<TranscriptPanel>(window, "transcriptPanel");
    QCOMPARE(panel->proxy()->rowCount(), 19);
    QVERIFY(transcriptTexts(window).contains(
        QStringLiteral("check_availability|{\n    \"practitioner\": \"Dr. Okafor\",\n"
                       "    \"slots\": [\n        \"14:30\",\n        \"16:15\"\n    ]\n}")));
    int failedCards = 0;
    for (int row = 0; row < panel->proxy()->rowCount(); ++row)
        failedCards += panel->proxy()->index(row, 0).data(TranscriptModel::IsErrorRole).toBool()
                           ? 1
                           : 0;
    QCOMPARE(failedCards, 1);
    QVERIFY(window.messageText().isEmpty());
    // Recorded for the recent menu as an ID, not as content.
    QVERIFY(QSettings()
                .value(QStringLiteral("recent/items"))
                .toStringList()
                .at(0)
                .startsWith(QStringLiteral("call:")));

    // Another attempt, then find in it.
    window.session()->selectAttempt(1);
    QCOMPARE(panel->proxy()->rowCount(), 1);
    window.session()->selectAttempt(0);
    QTest::keyClick(&window, Qt::Key_F, Qt::ControlModifier);
    QTest::keyClicks(panel->findBar()->lineEdit(), QStringLiteral("Okafor"));
    QCOMPARE(panel->findBar()->matchText(), QStringLiteral("1 of 4"));
}

void tst_FetchFlow::failuresShowInMessageBar_data()
{
    QTest::addColumn<QString>("id");
    QTest::addColumn<QString>("key");
    QTest::addColumn<QString>("messageContains");
    QTest::newRow("401-wrong-key")
        << QStringLiteral("sample") << QStringLiteral("sk_wrong") << QStringLiteral("(401)");
    QTest::newRow("401-scenario") << QStringLiteral("scenario-401") << ApiKey
                                  << QStringLiteral("(401)");
    QTest::newRow("404") << QStringLiteral("scenario-404") << ApiKey
                         << QStringLiteral("No call with ID scenario-404 (404)");
    QTest::newRow("html-200") << QStringLiteral("scenario-html-200") << ApiKey << QString();
    QTest::newRow("truncated") << QStringLiteral("scenario-truncated") << ApiKey << QString();
}

void tst_FetchFlow::failuresShowInMessageBar()
{
    QFETCH(QString, id);
    QFETCH(QString, key);
    QFETCH(QString, messageContains);
    MainWindow window;
    window.session()->setApiClient(m_client.get());
    window.show();
    fetchAndWait(window, QStringLiteral("sample"));
    const QString shownId = window.session()->call()->id;
    const QString title = window.windowTitle();

    ApiSettings settings = m_client->settings();
    settings.apiKey = key;
    m_client->setSettings(settings);
    QSignalSpy shown(window.session(), &CallSession::callChanged);
    window.fetchCall(id);
    QTRY_VERIFY_WITH_TIMEOUT(!window.isFetching(), 15000);
    QCOMPARE(shown.count(), 0);
    auto *bar = child<MessageBar>(window, "messageBar");
    QVERIFY(bar->isVisible());
    QCOMPARE(bar->tone(), Theme::Tone::Bad);
    QVERIFY(!window.messageText().isEmpty());
    QVERIFY2(window.messageText().contains(messageContains), qPrintable(window.messageText()));
    QVERIFY(window.messageText().contains(QStringLiteral("Still showing %1.").arg(shownId)));
    QVERIFY(bar->isRetryOffered());
    // The previous call stays on screen, whole.
    QCOMPARE(window.session()->call()->id, shownId);
    QCOMPARE(window.windowTitle(), title);
    QCOMPARE(child<TranscriptPanel>(window, "transcriptPanel")->proxy()->rowCount(), 19);
    QCOMPARE(child<CallHeader>(window, "callHeader")->badge()->text(), QStringLiteral("Completed"));
}

void tst_FetchFlow::retryButtonFetchesAgain()
{
    MainWindow window;
    window.session()->setApiClient(m_client.get());
    window.show();
    window.fetchCall(QStringLiteral("scenario-404"));
    QTRY_VERIFY_WITH_TIMEOUT(!window.isFetching(), 15000);
    auto *bar = child<MessageBar>(window, "messageBar");
    QVERIFY(bar->isRetryOffered());
    m_server->clearRequests();
    QTest::mouseClick(bar->retryButton(), Qt::LeftButton);
    QVERIFY(window.isFetching());
    QTRY_VERIFY_WITH_TIMEOUT(!window.isFetching(), 15000);
    QCOMPARE(m_server->requests().size(), 1);
    QCOMPARE(m_server->requests().at(0).path, QByteArray("/call/scenario-404"));
    QVERIFY(window.messageText().contains(QStringLiteral("(404)")));
}

void tst_FetchFlow::retryStatusWhileWaiting()
{
    MainWindow window;
    window.session()->setApiClient(m_client.get());
    window.show();
    QSignalSpy shown(window.session(), &CallSession::callChanged);
    window.fetchCall(QStringLiteral("scenario-500-then-ok"));
    auto *status = child<QLabel>(window, "fetchStatusLabel");
    QTRY_VERIFY_WITH_TIMEOUT(status->text().contains(QStringLiteral("(try 2 of 3)")), 10000);
    QVERIFY(status->text().contains(QStringLiteral("500")));
    QVERIFY(window.isFetching());
    QVERIFY(shown.wait(15000));
    QVERIFY(status->text().isEmpty());
    QVERIFY(window.messageText().isEmpty());
}

void tst_FetchFlow::escapeCancels()
{
    MainWindow window;
    window.session()->setApiClient(m_client.get());
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    window.openSampleCall();
    window.fetchCall(QStringLiteral("scenario-stall"));
    QVERIFY(window.isFetching());
    QTRY_VERIFY(!m_server->requests().isEmpty());
    QTest::keyClick(child<QLineEdit>(window, "callField"), Qt::Key_Escape);
    QVERIFY(!window.isFetching());
    QCOMPARE(child<QLabel>(window, "fetchStatusLabel")->text(), QStringLiteral("Cancelled."));
    QVERIFY(window.messageText().isEmpty());
    QCOMPARE(window.session()->call()->id, QStringLiteral("call_01JD8X4K2M7QY5ZP3N6RWTB9HE"));
    QVERIFY(child<QPushButton>(window, "fetchButton")->isEnabled());
}

void tst_FetchFlow::invalidReferenceSendsNothing()
{
    MainWindow window;
    window.session()->setApiClient(m_client.get());
    window.show();
    window.fetchCall(QStringLiteral("https://example.com/call/../../admin?x=1"));
    QVERIFY(!window.isFetching());
    QVERIFY(!window.messageText().isEmpty());
    QTest::qWait(100);
    QVERIFY(m_server->requests().isEmpty());
}

void tst_FetchFlow::richTextInjectionLoadsNothing()
{
    const QString pixel = QStringLiteral("%1/evil-pixel.png").arg(m_server->baseUrl().toString());
    const QString img = QStringLiteral("<img src=%1>").arg(pixel);
    const QString quoted = QStringLiteral("<img src=\"%1\"><b>bold</b>").arg(pixel);
    const QByteArray json = TestCalls::editedSample([&](QJsonObject &c) {
        c.insert(QStringLiteral("status"), img);
        c.insert(QStringLiteral("metadata"),
                 QJsonObject{{QStringLiteral("note"), quoted}, {img, img}});
        c.insert(QStringLiteral("campaign"),
                 QJsonObject{{QStringLiteral("id"), img}, {QStringLiteral("name"), quoted}});
        QJsonArray attempts = c.value(QStringLiteral("call_attempts")).toArray();
        QJsonObject attempt = attempts.at(0).toObject();
        attempt.insert(QStringLiteral("end_reason"), img);
        attempt.insert(QStringLiteral("result"), img);
        attempt.insert(QStringLiteral("structured_output"),
                       QJsonObject{{QStringLiteral("patient_name"), quoted}});
        attempt.insert(QStringLiteral("transcript"),
                       QJsonArray{QJsonObject{{QStringLiteral("role"), QStringLiteral("user")},
                                              {QStringLiteral("content"), quoted}},
                                  QJsonObject{{QStringLiteral("role"), QStringLiteral("tool")},
                                              {QStringLiteral("tool_name"), img},
                                              {QStringLiteral("tool_arguments"),
                                               QJsonObject{{QStringLiteral("html"), quoted}}},
                                              {QStringLiteral("content"), img},
                                              {QStringLiteral("tool_is_error"), true}},
                                  QJsonObject{{QStringLiteral("role"), img},
                                              {QStringLiteral("content"), img}}});
        attempts.replace(0, attempt);
        c.insert(QStringLiteral("call_attempts"), attempts);
    });
    m_server->addCall(QStringLiteral("inject"), json);

    MainWindow window;
    window.session()->setApiClient(m_client.get());
    window.resize(1300, 900);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    fetchAndWait(window, QStringLiteral("inject"));

    // Everything shows the characters as sent.
    auto *summary = child<CallHeader>(window, "callHeader");
    QCOMPARE(summary->badge()->text(), img);
    QVERIFY(summary->factTexts().contains(QStringLiteral("Campaign: ") + quoted));
    QVERIFY(transcriptTexts(window).contains(QLatin1Char('|') + quoted));
    QVERIFY(transcriptTexts(window).contains(img + QLatin1Char('|') + img));
    auto *structured = child<QTableView>(window, "structuredView");
    QCOMPARE(structured->model()->index(0, StructuredOutputModel::Value).data().toString(), quoted);

    // Render every tab, expand the tree and show tooltips: the places rich text could hide.
    auto *tabs = child<QTabWidget>(window, "tabs");
    auto *fields = child<SummaryPanel>(window, "summaryPanel");
    QTreeView *tree = fields->tree();
    tree->expandAll();
    for (int i = 0; i < tabs->count(); ++i) {
        tabs->setCurrentIndex(i);
        QVERIFY(!window.grab().isNull());
    }
    const QModelIndex meta = fields->model()->indexForKey(QStringLiteral("call.metadata.note"));
    QVERIFY(meta.isValid());
    const QString tip = meta.siblingAtColumn(SummaryModel::Value).data(Qt::ToolTipRole).toString();
    QVERIFY(!tip.contains(QStringLiteral("<img")));
    QToolTip::showText(window.mapToGlobal(QPoint(50, 50)), tip, &window);
    QToolTip::showText(window.mapToGlobal(QPoint(60, 60)),
                       child<QTableView>(window, "attemptsView")
                           ->model()
                           ->index(0, 9)
                           .data(Qt::ToolTipRole)
                           .toString(),
                       &window);
    QTest::qWait(500);
    QToolTip::hideText();

    for (const RecordedRequest &request : m_server->requests())
        QVERIFY2(!request.path.contains("evil"), request.path.constData());
    QCOMPARE(m_server->requests().size(), 1);
}

void tst_FetchFlow::callLinksAreFetched_data()
{
    QTest::addColumn<QString>("reference");
    QTest::newRow("bare-id") << QStringLiteral("sample");
    QTest::newRow("quoted-with-spaces") << QStringLiteral("  \"sample\" ");
    QTest::newRow("dashboard-link")
        << QStringLiteral("https://www.getrevox.com/dashboard/call/sample");
    QTest::newRow("app-link") << QStringLiteral("revox-inspector://call/sample");
}

void tst_FetchFlow::callLinksAreFetched()
{
    QFETCH(QString, reference);
    MainWindow window;
    window.session()->setApiClient(m_client.get());
    window.show();
    fetchAndWait(window, reference);
    QCOMPARE(m_server->requests().size(), 1);
    QCOMPARE(m_server->requests().at(0).path, QByteArray("/call/sample"));
    QVERIFY(window.session()->call() != nullptr);
}

void tst_FetchFlow::droppedLinksAreFetched_data()
{
    const QString dashboard = QStringLiteral("https://www.getrevox.com/dashboard/call/sample");
    QTest::addColumn<QList<QUrl>>("urls");
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("accepted");
    // What browsers put on a dragged link: the URL list, and the same link as plain text.
    QTest::newRow("browser-link") << QList<QUrl>{QUrl(dashboard)} << dashboard << true;
    QTest::newRow("uri-list-only") << QList<QUrl>{QUrl(dashboard)} << QString() << true;
    QTest::newRow("plain-text-link") << QList<QUrl>{} << dashboard << true;
    QTest::newRow("api-link") << QList<QUrl>{QUrl(
        QStringLiteral("https://www.getrevox.com/api/call/sample"))}
                              << QString() << true;
    QTest::newRow("app-link") << QList<QUrl>{QUrl(QStringLiteral("revox-inspector://call/sample"))}
                              << QString() << true;
    QTest::newRow("bare-id-text") << QList<QUrl>{} << QStringLiteral(" sample\n") << true;
    QTest::newRow("other-site") << QList<QUrl>{QUrl(QStringLiteral("https://example.com/"))}
                                << QStringLiteral("https://example.com/") << false;
    QTest::newRow("prose") << QList<QUrl>{} << QStringLiteral("call me maybe, later today")
                           << false;
    QTest::newRow("path-escape") << QList<QUrl>{}
                                 << QStringLiteral("https://www.getrevox.com/call/..%2f..%2fx")
                                 << false;
}

void tst_FetchFlow::droppedLinksAreFetched()
{
    QFETCH(QList<QUrl>, urls);
    QFETCH(QString, text);
    QFETCH(bool, accepted);
    MainWindow window;
    window.session()->setApiClient(m_client.get());
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QMimeData mime;
    if (!urls.isEmpty())
        mime.setUrls(urls);
    if (!text.isEmpty())
        mime.setText(text);
    const QPoint centre = window.rect().center();
    QDragEnterEvent enter(centre, Qt::CopyAction | Qt::LinkAction, &mime, Qt::LeftButton, {});
    QApplication::sendEvent(&window, &enter);
    QCOMPARE(enter.isAccepted(), accepted);
    if (!accepted) {
        QCOMPARE(m_server->requests().size(), 0);
        return;
    }
    QSignalSpy shown(window.session(), &CallSession::callChanged);
    QDropEvent drop(QPointF(centre), enter.dropAction(), &mime, Qt::LeftButton, {});
    QApplication::sendEvent(&window, &drop);
    QVERIFY(drop.isAccepted());
    QVERIFY(shown.wait(20000));
    QCOMPARE(m_server->requests().size(), 1);
    QCOMPARE(m_server->requests().at(0).path, QByteArray("/call/sample"));
    QCOMPARE(window.session()->call()->id, TestCalls::sample().id);
}

void tst_FetchFlow::droppedFileOpensAsAFile()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("saved call.json"));
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    QVERIFY(file.write(SampleCall::json()) > 0);
    file.close();
    MainWindow window;
    window.session()->setApiClient(m_client.get());
    window.show();
    QMimeData mime;
    mime.setUrls({QUrl::fromLocalFile(path)});
    const QPoint centre = window.rect().center();
    QDragEnterEvent enter(centre, Qt::CopyAction, &mime, Qt::LeftButton, {});
    QApplication::sendEvent(&window, &enter);
    QVERIFY(enter.isAccepted());
    QDropEvent drop(QPointF(centre), enter.dropAction(), &mime, Qt::LeftButton, {});
    QApplication::sendEvent(&window, &drop);
    QVERIFY(window.session()->call() != nullptr);
    QCOMPARE(window.session()->call()->id, TestCalls::sample().id);
    QCOMPARE(m_server->requests().size(), 0);
}

QTEST_MAIN(tst_FetchFlow)
#include "tst_fetchflow.moc"
