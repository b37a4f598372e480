// The API key against a real Secret Service: scripts/test-session.sh starts a private D-Bus
// session with an unlocked gnome-keyring-daemon and says so in REVOX_TEST_SECRET_SERVICE. The
// same binary also runs with no usable bus (see CMakeLists.txt), where the Settings dialog must
// say in plain words that the key is kept for this session only.
#include "core/api/apiclient.h"
#include "fakerevoxserver.h"
#include "gui/settings/apikeystore.h"
#include "gui/settings/settingsdialog.h"
#include "gui/window/mainwindow.h"
#include "testpalettes.h"

#include <QApplication>
#include <QDialogButtonBox>
#include <QDir>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QProcess>
#include <QPushButton>
#include <QScopeGuard>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#include <functional>
#include <memory>

using namespace Revox;

namespace {

constexpr int KeychainMs = 30000;

// The keychain entry the app keeps in test mode (MainWindow's keychainService()).
const QString TestService = QStringLiteral(REVOX_APP_ID ".test");

bool expectsNoService();

bool realSecretService()
{
    return !expectsNoService()
           && qEnvironmentVariable("REVOX_TEST_SECRET_SERVICE") == QLatin1String("gnome-keyring");
}

bool expectsNoService()
{
    return qEnvironmentVariableIsSet("REVOX_TEST_NO_SECRET_SERVICE");
}

// What gnome-keyring itself holds for the app's entry, read with secret-tool as a user would,
// not through the app. QtKeychain's libsecret schema stores the service as "server" and the key
// name as "user".
QString keyringHolds()
{
    QProcess tool;
    tool.start(QStringLiteral("secret-tool"),
               {QStringLiteral("lookup"),
                QStringLiteral("server"),
                TestService,
                QStringLiteral("user"),
                QStringLiteral("api-key")});
    if (!tool.waitForFinished(10000))
        return QStringLiteral("<secret-tool did not finish>");
    return QString::fromUtf8(tool.readAllStandardOutput());
}

bool run(const QString &program, const QStringList &arguments, const QByteArray &input = {})
{
    QProcess process;
    process.start(program, arguments);
    process.write(input);
    process.closeWriteChannel();
    return process.waitForFinished(20000) && process.exitStatus() == QProcess::NormalExit
           && process.exitCode() == 0;
}

// Locks the keyring's default collection, as the desktop does after a while or on request.
bool lockKeyring()
{
    return run(QStringLiteral("dbus-send"),
               {QStringLiteral("--session"),
                QStringLiteral("--print-reply"),
                QStringLiteral("--dest=org.freedesktop.secrets"),
                QStringLiteral("/org/freedesktop/secrets"),
                QStringLiteral("org.freedesktop.Secret.Service.Lock"),
                QStringLiteral("array:objpath:/org/freedesktop/secrets/collection/login")});
}

// Unlocking asks the user for the password in a prompter window; here a replacement daemon
// started on the same keyring files with the password does it (scripts/test-session.sh).
bool unlockKeyring()
{
    const QString home = qEnvironmentVariable("REVOX_TEST_KEYRING_HOME");
    qputenv("XDG_DATA_HOME", QFile::encodeName(home + QStringLiteral("/data")));
    const QByteArray runtime = qgetenv("XDG_RUNTIME_DIR");
    qputenv("XDG_RUNTIME_DIR", QFile::encodeName(home + QStringLiteral("/runtime")));
    const bool unlocked = run(QStringLiteral("gnome-keyring-daemon"),
                              {QStringLiteral("--replace"),
                               QStringLiteral("--unlock"),
                               QStringLiteral("--daemonize"),
                               QStringLiteral("--components=secrets")},
                              qgetenv("REVOX_TEST_KEYRING_PASSWORD"));
    qunsetenv("XDG_DATA_HOME");
    qputenv("XDG_RUNTIME_DIR", runtime);
    return unlocked;
}

// The real executable's environment with folders of its own, so no window the user has open
// and no settings of theirs take part; the session bus (and so the keyring) is the suite's.
QProcessEnvironment privateAppEnvironment(const QTemporaryDir &home)
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    for (const char *folder : {"XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME"})
        env.insert(QLatin1String(folder), home.filePath(QLatin1String(folder)));
    const QString runtime = home.filePath(QStringLiteral("runtime"));
    QDir().mkpath(runtime);
    QFile::setPermissions(runtime, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
    env.insert(QStringLiteral("XDG_RUNTIME_DIR"), runtime);
    env.remove(QStringLiteral("REVOX_API_KEY"));
    return env;
}

// Opens Settings with its shortcut, as a user does, and hands the dialog to `use` while it is
// shown; `use` closes it.
void withSettingsDialog(MainWindow &window, const std::function<void(SettingsDialog *)> &use)
{
    // A closed dialog leaves no active window on the offscreen platform; a user clicks back.
    window.activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(&window));
    bool opened = false;
    QTimer::singleShot(0, &window, [&] {
        auto *dialog = qobject_cast<SettingsDialog *>(QApplication::activeModalWidget());
        if (!dialog)
            return;
        opened = true;
        use(dialog);
    });
    QTest::keyClick(&window, Qt::Key_Comma, Qt::ControlModifier);
    QVERIFY2(opened, "Ctrl+, did not open the Settings dialog");
}

void typeKeyAndAccept(SettingsDialog *dialog, const QString &key)
{
    QLineEdit *field = dialog->keyField();
    field->selectAll();
    if (key.isEmpty())
        QTest::keyClick(field, Qt::Key_Delete);
    else
        QTest::keyClicks(field, key);
    auto *buttons = dialog->findChild<QDialogButtonBox *>();
    QTest::mouseClick(buttons->button(QDialogButtonBox::Ok), Qt::LeftButton);
}

// The dialog in the light and the dark palette, for people to look at (build/artifacts/).
void saveScreenshots(QWidget *widget, const QString &name)
{
    const QString dir = QDir(QCoreApplication::applicationDirPath())
                            .filePath(QStringLiteral("../artifacts"));
    QDir().mkpath(dir);
    widget->grab().save(dir + QLatin1Char('/') + name + QStringLiteral("-light.png"));
    // Set on the dialog itself: children take it at once, where an application palette change
    // reaches them only through posted events.
    widget->setPalette(TestPalettes::dark());
    widget->grab().save(dir + QLatin1Char('/') + name + QStringLiteral("-dark.png"));
    widget->setPalette(QPalette());
}

} // namespace

class tst_Keychain : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void keySavedInSettingsIsReadBackAfterRestart();
    void keyRemovedInSettingsIsGone();
    void closingWindowsWhileReadIsPendingDoesNotCrash();
    void keySavedJustBeforeQuitIsKept();
    void appQuittingWhileItsKeyIsReadDoesNotCrash();
    void lockedKeyringSaysSessionOnlyInPlainWords();
    void callGivenAtStartupWaitsForTheStoredKey();
    void appStartedOnACallUsesTheStoredKey();
    void noServiceSaysSessionOnlyInPlainWords();
};

void tst_Keychain::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    qunsetenv("REVOX_API_KEY");
    if (expectsNoService())
        qInfo("Keychain: no usable session bus (DBUS_SESSION_BUS_ADDRESS=%s)",
              qPrintable(qEnvironmentVariable("DBUS_SESSION_BUS_ADDRESS", QStringLiteral("unset"))));
    else if (realSecretService())
        qInfo("Keychain: the real Secret Service, gnome-keyring-daemon on a private D-Bus session");
    else
        qInfo(
            "Keychain: no Secret Service was started for this run (REVOX_TEST_SECRET_SERVICE=%s): "
            "the real-keyring tests are skipped",
            qPrintable(qEnvironmentVariable("REVOX_TEST_SECRET_SERVICE", QStringLiteral("unset"))));
}

void tst_Keychain::keySavedInSettingsIsReadBackAfterRestart()
{
    if (!realSecretService())
        QSKIP("needs gnome-keyring on a private bus (scripts/test-session.sh)");
    const QString key = QStringLiteral("sk_test_saved_in_gnome_keyring_4711");
    {
        MainWindow window;
        window.resize(1024, 700);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QTRY_VERIFY_WITH_TIMEOUT(!window.apiKeys()->isBusy(), KeychainMs);
        withSettingsDialog(window, [&](SettingsDialog *dialog) { typeKeyAndAccept(dialog, key); });
        QTRY_VERIFY_WITH_TIMEOUT(!window.apiKeys()->isBusy(), KeychainMs);
        QCOMPARE(window.apiKeys()->source(), ApiKeyStore::Source::Keychain);
        QCOMPARE(window.session()->apiClient()->settings().apiKey, key);
    }
    QCOMPARE(keyringHolds(), key);

    // A new window has nothing but the keychain to read the key from.
    MainWindow restarted;
    restarted.resize(1024, 700);
    restarted.show();
    QVERIFY(QTest::qWaitForWindowExposed(&restarted));
    QTRY_VERIFY_WITH_TIMEOUT(!restarted.apiKeys()->isBusy(), KeychainMs);
    QCOMPARE(restarted.apiKeys()->key(), key);
    QCOMPARE(restarted.apiKeys()->source(), ApiKeyStore::Source::Keychain);
    QCOMPARE(restarted.session()->apiClient()->settings().apiKey, key);
    withSettingsDialog(restarted, [&](SettingsDialog *dialog) {
        QCOMPARE(dialog->keyField()->text(), key);
        QCOMPARE(dialog->keyLocationText(),
                 QStringLiteral("The key is stored in the system keychain."));
        saveScreenshots(dialog, QStringLiteral("settings-key-in-gnome-keyring"));
        dialog->reject();
    });
}

void tst_Keychain::keyRemovedInSettingsIsGone()
{
    if (!realSecretService())
        QSKIP("needs gnome-keyring on a private bus (scripts/test-session.sh)");
    {
        MainWindow window;
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QTRY_VERIFY_WITH_TIMEOUT(!window.apiKeys()->isBusy(), KeychainMs);
        withSettingsDialog(window, [&](SettingsDialog *dialog) {
            typeKeyAndAccept(dialog, QStringLiteral("sk_test_about_to_be_removed"));
        });
        QTRY_VERIFY_WITH_TIMEOUT(!window.apiKeys()->isBusy(), KeychainMs);
        QCOMPARE(keyringHolds(), QStringLiteral("sk_test_about_to_be_removed"));
        withSettingsDialog(window,
                           [&](SettingsDialog *dialog) { typeKeyAndAccept(dialog, QString()); });
        QTRY_VERIFY_WITH_TIMEOUT(!window.apiKeys()->isBusy(), KeychainMs);
        QVERIFY(window.apiKeys()->key().isEmpty());
        QCOMPARE(window.apiKeys()->source(), ApiKeyStore::Source::None);
    }
    QCOMPARE(keyringHolds(), QString());
    MainWindow restarted;
    QTRY_VERIFY_WITH_TIMEOUT(!restarted.apiKeys()->isBusy(), KeychainMs);
    QVERIFY(restarted.apiKeys()->key().isEmpty());
    QCOMPARE(restarted.apiKeys()->source(), ApiKeyStore::Source::None);
    QVERIFY(restarted.apiKeys()->isKeychainAvailable());
}

void tst_Keychain::closingWindowsWhileReadIsPendingDoesNotCrash()
{
    // Debian 12's QtKeychain frees nothing safely if a job dies before libsecret answers; every
    // window below is destroyed while its key is still being read.
    const QString key = QStringLiteral("sk_test_read_while_closing");
    if (realSecretService()) {
        ApiKeyStore store(TestService);
        store.setKey(key);
        QTRY_VERIFY_WITH_TIMEOUT(!store.isBusy(), KeychainMs);
    }
    int destroyedWhileReading = 0;
    for (int i = 0; i < 50; ++i) {
        auto window = std::make_unique<MainWindow>();
        window->show();
        if (window->apiKeys()->isBusy())
            ++destroyedWhileReading;
        if (i % 2)
            QCoreApplication::processEvents(); // let some lookups reach libsecret first
        window->close();
    }
    QCOMPARE(destroyedWhileReading, 50);
    QVERIFY(ApiKeyStore::waitForRunningJobs(KeychainMs));
    // The keychain still answers the next window.
    MainWindow after;
    QTRY_VERIFY_WITH_TIMEOUT(!after.apiKeys()->isBusy(), KeychainMs);
    if (realSecretService()) {
        QCOMPARE(after.apiKeys()->key(), key);
        after.apiKeys()->setKey(QString());
        QTRY_VERIFY_WITH_TIMEOUT(!after.apiKeys()->isBusy(), KeychainMs);
    }
}

void tst_Keychain::keySavedJustBeforeQuitIsKept()
{
    if (!realSecretService())
        QSKIP("needs gnome-keyring on a private bus (scripts/test-session.sh)");
    const QString key = QStringLiteral("sk_test_saved_then_quit");
    {
        MainWindow window;
        window.apiKeys()->setKey(key);
        QVERIFY(window.apiKeys()->isBusy());
        // The window goes away with its write still running, as when the user quits at once;
        // main() then waits for the keychain as this does.
    }
    QVERIFY(ApiKeyStore::waitForRunningJobs(KeychainMs));
    QCOMPARE(keyringHolds(), key);
    ApiKeyStore store(TestService);
    store.setKey(QString());
    QTRY_VERIFY_WITH_TIMEOUT(!store.isBusy(), KeychainMs);
}

void tst_Keychain::appQuittingWhileItsKeyIsReadDoesNotCrash()
{
    // The real executable, quit at its first paint: its keychain read is usually still on its
    // way (or, without a keyring, its failure). Private folders, so no window the user has open
    // and no settings of theirs take part; the key it reads is the app's own (not the tests').
    QTemporaryDir home;
    QProcessEnvironment env = privateAppEnvironment(home);
    env.insert(QStringLiteral("REVOX_EXIT_AFTER_FIRST_PAINT"), QStringLiteral("1"));
    for (int run = 0; run < 10; ++run) {
        QProcess app;
        app.setProcessEnvironment(env);
        app.start(QStringLiteral(REVOX_INSPECTOR_BIN), {QStringLiteral("--sample")});
        QVERIFY2(app.waitForFinished(60000), "the app did not quit at its first paint");
        QVERIFY2(app.exitStatus() == QProcess::NormalExit && app.exitCode() == 0,
                 qPrintable(QStringLiteral("run %1: exit %2 (%3)\n%4")
                                .arg(run)
                                .arg(app.exitCode())
                                .arg(app.exitStatus() == QProcess::CrashExit
                                         ? QStringLiteral("crashed")
                                         : QStringLiteral("exited"))
                                .arg(QString::fromLocal8Bit(app.readAllStandardError()))));
    }
}

void tst_Keychain::lockedKeyringSaysSessionOnlyInPlainWords()
{
    if (!qEnvironmentVariableIsSet("REVOX_TEST_LOCK_KEYRING"))
        QSKIP("runs as tst_keychain_locked, in a process of its own");
    if (!realSecretService() || qEnvironmentVariableIsEmpty("REVOX_TEST_KEYRING_HOME"))
        QSKIP("needs gnome-keyring on a private bus (scripts/test-session.sh)");
    const QString stored = QStringLiteral("sk_test_behind_a_locked_keyring");
    {
        ApiKeyStore store(TestService);
        store.setKey(stored);
        QTRY_VERIFY_WITH_TIMEOUT(!store.isBusy(), KeychainMs);
    }
    QVERIFY(lockKeyring());
    // Unlocked again whatever fails below, so the tests after this one find it open.
    auto unlockOnFailure = qScopeGuard([] { unlockKeyring(); });
    {
        MainWindow window;
        window.resize(1024, 700);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QTRY_VERIFY_WITH_TIMEOUT(!window.apiKeys()->isBusy(), KeychainMs);
        // A locked keyring hides its items: the read finds no key, and no prompter can ask for
        // the password here.
        QVERIFY(window.apiKeys()->key().isEmpty());
        withSettingsDialog(window, [&](SettingsDialog *dialog) {
            qInfo("Before saving, the dialog says: %s", qPrintable(dialog->keyLocationText()));
            typeKeyAndAccept(dialog, QStringLiteral("sk_test_typed_while_locked"));
        });
        QTRY_VERIFY_WITH_TIMEOUT(!window.apiKeys()->isBusy(), KeychainMs);
        QCOMPARE(window.apiKeys()->source(), ApiKeyStore::Source::Session);
        withSettingsDialog(window, [&](SettingsDialog *dialog) {
            qInfo("After saving, the dialog says: %s", qPrintable(dialog->keyLocationText()));
            QVERIFY2(dialog->keyLocationText().startsWith(
                         QStringLiteral("The key is kept only for this session, because the "
                                        "system keychain is locked or refused access.")),
                     qPrintable(dialog->keyLocationText()));
            saveScreenshots(dialog, QStringLiteral("settings-keyring-locked"));
            dialog->reject();
        });
    }
    unlockOnFailure.dismiss();
    QVERIFY(unlockKeyring());
    // The key stored before the lock is still there, and the one typed meanwhile never got in.
    // (Read and cleared by new processes: this one's keychain connection was to the old daemon.)
    QCOMPARE(keyringHolds(), stored);
    QVERIFY(run(QStringLiteral("secret-tool"),
                {QStringLiteral("clear"),
                 QStringLiteral("server"),
                 TestService,
                 QStringLiteral("user"),
                 QStringLiteral("api-key")}));
    QCOMPARE(keyringHolds(), QString());
}

void tst_Keychain::callGivenAtStartupWaitsForTheStoredKey()
{
    if (!realSecretService())
        QSKIP("needs gnome-keyring on a private bus (scripts/test-session.sh)");
    const QString key = QStringLiteral("sk_test_read_before_the_fetch");
    FakeRevoxServer server;
    QVERIFY(server.listen());
    server.setApiKey(key);
    {
        ApiKeyStore store(TestService);
        store.setKey(key);
        QTRY_VERIFY_WITH_TIMEOUT(!store.isBusy(), KeychainMs);
    }
    qputenv("REVOX_BASE_URL", server.baseUrl().toEncoded());
    const auto restore = qScopeGuard([] { qunsetenv("REVOX_BASE_URL"); });
    // As main() does with a call on the command line or a link: show, then fetch at once,
    // while the keychain is still being read.
    MainWindow window;
    window.show();
    QVERIFY(window.apiKeys()->isReadingStoredKey());
    QSignalSpy shown(window.session(), &CallSession::callChanged);
    window.fetchCall(QStringLiteral("sample"));
    QCOMPARE(window.findChild<QLabel *>(QStringLiteral("fetchStatusLabel"))->text(),
             QStringLiteral("Reading the API key from the keychain…"));
    QVERIFY(window.isFetching());
    QVERIFY(shown.wait(20000));
    QCOMPARE(server.requests().size(), 1);
    QCOMPARE(server.requests().at(0).header("authorization"), QByteArray("Bearer ") + key.toUtf8());
    window.apiKeys()->setKey(QString());
    QTRY_VERIFY_WITH_TIMEOUT(!window.apiKeys()->isBusy(), KeychainMs);
}

void tst_Keychain::appStartedOnACallUsesTheStoredKey()
{
    if (!realSecretService())
        QSKIP("needs gnome-keyring on a private bus (scripts/test-session.sh)");
    // The user saved the key in Settings and quit; now a link starts the app on a call. The
    // executable keeps its key under the app's own entry (not the tests'), here in the run's
    // private keyring.
    const QString key = QStringLiteral("sk_test_saved_then_started_on_a_call");
    ApiKeyStore appEntry(QStringLiteral(REVOX_APP_ID));
    appEntry.setKey(key);
    QTRY_VERIFY_WITH_TIMEOUT(!appEntry.isBusy(), KeychainMs);
    const auto forget = qScopeGuard([&appEntry] {
        appEntry.setKey(QString());
        ApiKeyStore::waitForRunningJobs(KeychainMs);
    });
    FakeRevoxServer server;
    QVERIFY(server.listen());
    server.setApiKey(key);
    QTemporaryDir home;
    QProcessEnvironment env = privateAppEnvironment(home);
    env.insert(QStringLiteral("REVOX_BASE_URL"), server.baseUrl().toString());
    QProcess app;
    app.setProcessEnvironment(env);
    app.start(QStringLiteral(REVOX_INSPECTOR_BIN),
              {QStringLiteral("revox-inspector://call/sample")});
    // The call first; its recording may follow from the same server.
    QTRY_VERIFY_WITH_TIMEOUT(!server.requests().isEmpty(), 30000);
    QCOMPARE(server.requests().at(0).path, QByteArray("/call/sample"));
    QCOMPARE(server.requests().at(0).header("authorization"), QByteArray("Bearer ") + key.toUtf8());
    app.kill();
    app.waitForFinished();
}

void tst_Keychain::noServiceSaysSessionOnlyInPlainWords()
{
    if (!expectsNoService())
        QSKIP("runs as tst_keychain_nobus, with no usable session bus");
    MainWindow window;
    window.resize(1024, 700);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QTRY_VERIFY_WITH_TIMEOUT(!window.apiKeys()->isBusy(), KeychainMs);
    QVERIFY(!window.apiKeys()->isKeychainAvailable());
    const QString key = QStringLiteral("sk_test_session_only");
    withSettingsDialog(window, [&](SettingsDialog *dialog) { typeKeyAndAccept(dialog, key); });
    QTRY_VERIFY_WITH_TIMEOUT(!window.apiKeys()->isBusy(), KeychainMs);
    QCOMPARE(window.apiKeys()->source(), ApiKeyStore::Source::Session);
    QCOMPARE(window.session()->apiClient()->settings().apiKey, key);
    withSettingsDialog(window, [&](SettingsDialog *dialog) {
        const QString text = dialog->keyLocationText();
        qInfo("The dialog says: %s", qPrintable(text));
        QVERIFY2(text.startsWith(QStringLiteral("The key is kept only for this session, because "
                                                "no system keychain answered")),
                 qPrintable(text));
        QVERIFY2(text.contains(QStringLiteral("forgotten when the app quits")), qPrintable(text));
        // None of the library's own words reach the user.
        for (const char *jargon :
             {"dbus", "D-Bus", "child process", "org.freedesktop", "Failed", "GDBus", "libsecret"})
            QVERIFY2(!text.contains(QLatin1String(jargon), Qt::CaseInsensitive), qPrintable(text));
        saveScreenshots(dialog, QStringLiteral("settings-no-keychain"));
        dialog->reject();
    });
}

QTEST_MAIN(tst_Keychain)
#include "tst_keychain.moc"
