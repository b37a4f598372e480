// What the window says when something is the user's to fix, driven as a user drives it: a fetch
// without a key or with a refused one offers the Settings from its bar, and saving a key there
// fetches the call; the empty page's advice follows where the key comes from; the Settings
// dialog shows its warnings whole.
#include "fakerevoxserver.h"
#include "gui/common/messagebar.h"
#include "gui/settings/apikeystore.h"
#include "gui/settings/settingsdialog.h"
#include "gui/window/mainwindow.h"
#include "testpalettes.h"
#include "windowtesthelpers.h"

#include <QApplication>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QStyle>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

using namespace Revox;
using WindowTest::child;

namespace {

const QString ServerKey = QStringLiteral("sk_test_BARS_0123456789");
const QString SampleId = QStringLiteral("call_01JD8X4K2M7QY5ZP3N6RWTB9HE");

// Runs `answer` on the Settings dialog once it is open (it runs its own event loop).
void whenSettingsOpen(const std::function<void(SettingsDialog *)> &answer)
{
    auto *poll = new QTimer;
    poll->setInterval(20);
    QObject::connect(poll, &QTimer::timeout, poll, [poll, answer] {
        for (QWidget *top : QApplication::topLevelWidgets()) {
            if (auto *dialog = qobject_cast<SettingsDialog *>(top); dialog && dialog->isVisible()) {
                poll->deleteLater();
                answer(dialog);
                return;
            }
        }
    });
    poll->start();
}

// The key store's keychain jobs finish before the next step reads the key.
void waitForKeys(MainWindow &window)
{
    QTRY_VERIFY_WITH_TIMEOUT(!window.apiKeys()->isBusy(), 30000);
}

} // namespace

class tst_WindowBars final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();
    void aFetchTheSettingsCanFixOffersThem_data();
    void aFetchTheSettingsCanFixOffersThem();
    void savingAKeyFromTheBarFetchesTheCall_data();
    void savingAKeyFromTheBarFetchesTheCall();
    void emptyPageFollowsTheKey();
    void settingsWarningsAreShownWhole();

private:
    std::unique_ptr<MainWindow> makeWindow();

    QTemporaryDir m_home;
    std::unique_ptr<FakeRevoxServer> m_server;
};

void tst_WindowBars::initTestCase()
{
    QVERIFY(m_home.isValid());
    WindowTest::useOwnSettings(m_home.filePath(QStringLiteral("settings")));
}

void tst_WindowBars::init()
{
    QSettings().clear();
    qunsetenv("REVOX_API_KEY");
    m_server = std::make_unique<FakeRevoxServer>();
    QVERIFY(m_server->listen());
    m_server->setApiKey(ServerKey);
    // The window's own client, as the app has it, pointed at the local server.
    qputenv("REVOX_BASE_URL", m_server->baseUrl().toString().toUtf8());
}

void tst_WindowBars::cleanup()
{
    QApplication::setPalette(QApplication::style()->standardPalette());
    qunsetenv("REVOX_API_KEY");
    qunsetenv("REVOX_BASE_URL");
    m_server.reset();
}

std::unique_ptr<MainWindow> tst_WindowBars::makeWindow()
{
    auto window = std::make_unique<MainWindow>();
    window->resize(1024, 700);
    window->show();
    return window;
}

void tst_WindowBars::aFetchTheSettingsCanFixOffersThem_data()
{
    QTest::addColumn<QString>("environmentKey");
    QTest::addColumn<QString>("reference");
    QTest::addColumn<bool>("offersSettings");
    QTest::newRow("no key") << QString() << QStringLiteral("sample") << true;
    QTest::newRow("refused key (401)")
        << QStringLiteral("sk_wrong_key_1234567890") << QStringLiteral("sample") << true;
    QTest::newRow("permission denied (403)") << ServerKey << QStringLiteral("scenario-403") << true;
    QTest::newRow("no such call (404)") << ServerKey << QStringLiteral("scenario-404") << false;
    QTest::newRow("conflict (409)") << ServerKey << QStringLiteral("scenario-409") << false;
}

void tst_WindowBars::aFetchTheSettingsCanFixOffersThem()
{
    QFETCH(QString, environmentKey);
    QFETCH(QString, reference);
    QFETCH(bool, offersSettings);
    if (!environmentKey.isEmpty())
        qputenv("REVOX_API_KEY", environmentKey.toUtf8());
    const auto window = makeWindow();
    waitForKeys(*window);
    if (environmentKey.isEmpty())
        window->apiKeys()->setKey(QString()); // whatever an earlier test left in the keychain
    waitForKeys(*window);

    QSignalSpy failed(window->session(), &CallSession::failed);
    window->fetchCall(reference);
    QVERIFY(failed.wait(20000));
    auto *bar = child<MessageBar>(*window, "messageBar");
    QVERIFY(!bar->text().isEmpty());
    QCOMPARE(bar->actionButton()->isVisible(), offersSettings);
    if (offersSettings)
        QCOMPARE(bar->actionButton()->text(), QStringLiteral("Open Settings…"));

    // A file that cannot be read afterwards is not the Settings' to fix.
    window->openFile(m_home.filePath(QStringLiteral("missing.json")));
    QVERIFY(bar->text().contains(QStringLiteral("missing.json")));
    QVERIFY(!bar->actionButton()->isVisible());
}

void tst_WindowBars::savingAKeyFromTheBarFetchesTheCall_data()
{
    QTest::addColumn<WindowTest::Look>("look");
    for (const WindowTest::Look &look : WindowTest::looks())
        QTest::newRow(qPrintable(look.tag())) << look;
}

void tst_WindowBars::savingAKeyFromTheBarFetchesTheCall()
{
    QFETCH(WindowTest::Look, look);
    QApplication::setPalette(look.dark ? TestPalettes::dark()
                                       : QApplication::style()->standardPalette());
    const auto window = makeWindow();
    window->resize(look.size);
    waitForKeys(*window);
    window->apiKeys()->setKey(QString());
    waitForKeys(*window);
    QSignalSpy failed(window->session(), &CallSession::failed);
    auto *field = child<QLineEdit>(*window, "callField");
    field->setFocus();
    QTest::keyClicks(field, QStringLiteral("sample"));
    QTest::keyClick(field, Qt::Key_Return);
    QVERIFY(failed.wait(20000));
    auto *bar = child<MessageBar>(*window, "messageBar");
    QVERIFY(bar->actionButton()->isVisible());
    QVERIFY(WindowTest::saveScreenshot(*window, QStringLiteral("flow-no-key-") + look.tag()));

    whenSettingsOpen([](SettingsDialog *dialog) {
        auto *key = dialog->findChild<QLineEdit *>();
        QVERIFY(key);
        key->setFocus();
        QTest::keyClicks(key, ServerKey);
        QTest::keyClick(dialog, Qt::Key_Return);
    });
    QSignalSpy shown(window->session(), &CallSession::callChanged);
    QTest::mouseClick(bar->actionButton(), Qt::LeftButton);
    QVERIFY(shown.wait(20000));
    QCOMPARE(window->session()->callId(), SampleId);
    QVERIFY(bar->text().isEmpty());
    QVERIFY(WindowTest::saveScreenshot(*window, QStringLiteral("flow-key-saved-") + look.tag()));
    // The call's request carried the saved key (the recording's, which may follow, never does).
    QByteArray authorization;
    for (const RecordedRequest &request : m_server->requests()) {
        if (request.path.startsWith("/call/"))
            authorization = request.header("authorization");
    }
    QCOMPARE(authorization, QByteArray("Bearer ") + ServerKey.toUtf8());
    window->apiKeys()->setKey(QString());
    waitForKeys(*window);
}

void tst_WindowBars::emptyPageFollowsTheKey()
{
    {
        const auto window = makeWindow();
        waitForKeys(*window);
        window->apiKeys()->setKey(QString());
        waitForKeys(*window);
        const QString text = child<QLabel>(*window, "emptyText")->text();
        QVERIFY2(text.contains(QStringLiteral("Add your API key")), qPrintable(text));
    }
    qputenv("REVOX_API_KEY", ServerKey.toUtf8());
    const auto window = makeWindow();
    const QString text = child<QLabel>(*window, "emptyText")->text();
    QVERIFY2(!text.contains(QStringLiteral("Add your API key")), qPrintable(text));
    QVERIFY2(text.contains(QStringLiteral("REVOX_API_KEY")), qPrintable(text));
}

void tst_WindowBars::settingsWarningsAreShownWhole()
{
    const auto window = makeWindow();
    waitForKeys(*window);
    SettingsDialog dialog(window->apiKeys(),
                          QUrl(QStringLiteral("https://api.revox.ai")),
                          30,
                          window.get());
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    auto *baseUrl = dialog.findChildren<QLineEdit *>().at(1);
    baseUrl->selectAll();
    QTest::keyClicks(baseUrl, QStringLiteral("http://calls.example.com/a/rather/long/path/api"));
    QVERIFY(!dialog.baseUrlProblem().isEmpty());
    QLabel *problem = nullptr;
    for (QLabel *label : dialog.findChildren<QLabel *>()) {
        if (label->isVisible() && label->text() == dialog.baseUrlProblem())
            problem = label;
    }
    QVERIFY(problem);
    QTest::qWait(50);
    // Every line of the warning is inside the label, and the label inside the dialog.
    QVERIFY2(problem->height() >= problem->heightForWidth(problem->width()),
             qPrintable(QStringLiteral("%1 < %2")
                            .arg(problem->height())
                            .arg(problem->heightForWidth(problem->width()))));
    QVERIFY(dialog.rect().contains(
        problem->geometry().translated(problem->parentWidget()->mapTo(&dialog, QPoint(0, 0)))));
    QVERIFY(!dialog.grab().isNull());
}

QTEST_MAIN(tst_WindowBars)
#include "tst_windowbars.moc"
