// The API key never leaves memory except in the Authorization header to the API: after sessions
// with a key (typed into Settings, or from REVOX_API_KEY) and every log category at debug level,
// the key is in no file the app wrote under its own HOME/XDG directories, in no export and in no
// log line. Three sessions: the main window in this process (key typed into the Settings dialog,
// fetch, export), and the real executable as a command-line export and as a window.
#include "core/api/apiclient.h"
#include "fakerevoxserver.h"
#include "gui/export/exportdialog.h"
#include "gui/settings/apikeystore.h"
#include "gui/settings/settingsdialog.h"
#include "gui/window/mainwindow.h"
#include "media/recordingsession.h"
#include "support/privatesession.h"

#include <QApplication>
#include <QDirIterator>
#include <QLineEdit>
#include <QLoggingCategory>
#include <QProcess>
#include <QRandomGenerator>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <sys/stat.h>

using namespace Revox;

namespace {

QStringList g_logLines;
QtMessageHandler g_previousHandler = nullptr;

void captureMessage(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    g_logLines.append(QString::fromLatin1(context.category ? context.category : "default")
                      + QLatin1String(": ") + message);
    // Warnings, and this test's own qInfo() figures, still reach the test log.
    const bool fromThisTest = !context.category || qstrcmp(context.category, "default") == 0;
    if (g_previousHandler && type != QtDebugMsg && (type != QtInfoMsg || fromThisTest))
        g_previousHandler(type, context, message);
}

// Every way the key could sit in a file: as typed, as UTF-16 (QString dumps), base64 (a
// serialized QByteArray or a Basic header) and percent-encoded.
QList<QByteArray> encodings(const QString &key)
{
    const QByteArray utf8 = key.toUtf8();
    return {utf8,
            QByteArray(reinterpret_cast<const char *>(key.utf16()), key.size() * 2),
            utf8.toBase64(),
            QByteArray("Bearer ").append(utf8).toBase64(),
            QUrl::toPercentEncoding(key)};
}

// Files under `root` that contain the key; `scanned` gets every file looked at.
QStringList filesContaining(const QString &root, const QString &key, QStringList *scanned)
{
    QStringList found;
    QDirIterator it(root,
                    QDir::Files | QDir::Hidden | QDir::System | QDir::NoDotAndDotDot,
                    QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString path = it.next();
        // The single-instance socket holds nothing at rest: there is no content to scan.
        struct stat status;
        if (::lstat(QFile::encodeName(path).constData(), &status) == 0 && S_ISSOCK(status.st_mode))
            continue;
        scanned->append(path);
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly)) {
            found.append(path + QStringLiteral(" (unreadable)"));
            continue;
        }
        const QByteArray bytes = file.readAll();
        for (const QByteArray &form : encodings(key)) {
            if (bytes.contains(form)) {
                found.append(path);
                break;
            }
        }
    }
    return found;
}

QStringList linesContaining(const QStringList &lines, const QString &key)
{
    QStringList found;
    for (const QString &line : lines) {
        for (const QByteArray &form : encodings(key)) {
            if (line.contains(QString::fromLatin1(form))) {
                found.append(line);
                break;
            }
        }
    }
    return found;
}

QString newKey()
{
    return QStringLiteral("sk_test_SECRET_%1")
        .arg(QRandomGenerator::global()->generate64(), 16, 16, QLatin1Char('0'));
}

} // namespace

class tst_Secrets final : public QObject
{
    Q_OBJECT

public:
    explicit tst_Secrets(const QString &home)
        : m_home(home)
    {}

private slots:
    void initTestCase();
    void keyTypedIntoSettingsIsNowhere();
    void environmentKeyNotInCommandLineExports();
    void environmentKeyNotInWindowSession();

private:
    QProcessEnvironment childEnvironment(const QString &home, const QString &key) const;
    void verifyNothingHolds(const QString &key,
                            const QStringList &roots,
                            const QStringList &logLines,
                            int expectedFilesAtLeast);

    void verifyRecordingHostGotNoKey(int atLeast);

    QString m_home;
    FakeRevoxServer m_server;
};

void tst_Secrets::initTestCase()
{
    QVERIFY(QFile::exists(QStringLiteral(REVOX_INSPECTOR_BIN)));
    QVERIFY(m_server.listen());
    QVERIFY(QLoggingCategory("revox.api").isDebugEnabled());
    // QTest::qExec installed its own handler over the one main() set: capture in front of it.
    g_previousHandler = qInstallMessageHandler(captureMessage);
}

QProcessEnvironment tst_Secrets::childEnvironment(const QString &home, const QString &key) const
{
    // The suite's bus stays: the child's keychain lookups are part of what is scanned.
    QProcessEnvironment environment = TestSupport::privateSession(home,
                                                                  TestSupport::Display::Offscreen,
                                                                  TestSupport::SessionBus::Inherited);
    environment.insert(QStringLiteral("REVOX_API_KEY"), key);
    environment.insert(QStringLiteral("REVOX_BASE_URL"), m_server.baseUrl().toString());
    environment.insert(QStringLiteral("QT_LOGGING_RULES"), QStringLiteral("*.debug=true"));
    environment.insert(QStringLiteral("QT_MESSAGE_PATTERN"),
                       QStringLiteral("%{category}: %{message}"));
    return environment;
}

void tst_Secrets::verifyNothingHolds(const QString &key,
                                     const QStringList &roots,
                                     const QStringList &logLines,
                                     int expectedFilesAtLeast)
{
    QStringList scanned;
    QStringList leaks;
    for (const QString &root : roots)
        leaks += filesContaining(root, key, &scanned);
    QVERIFY2(leaks.isEmpty(), qPrintable(leaks.join(QLatin1Char('\n'))));
    // The scan saw what the session wrote (settings, exports): an empty scan proves nothing.
    QVERIFY2(scanned.size() >= expectedFilesAtLeast, qPrintable(scanned.join(QLatin1Char('\n'))));
    const QStringList leakedLines = linesContaining(logLines, key);
    QVERIFY2(leakedLines.isEmpty(), qPrintable(leakedLines.join(QLatin1Char('\n'))));
    // Debug logging was really on: the client said what it requested.
    QVERIFY2(!logLines.filter(QStringLiteral("revox.api: GET")).isEmpty(),
             qPrintable(logLines.join(QLatin1Char('\n'))));
    qInfo("%lld files and %lld log lines free of the key",
          qint64(scanned.size()),
          qint64(logLines.size()));
}

void tst_Secrets::verifyRecordingHostGotNoKey(int atLeast)
{
    int recordings = 0;
    for (const RecordedRequest &request : m_server.requests()) {
        if (!request.path.startsWith("/recordings/"))
            continue;
        ++recordings;
        QVERIFY2(!request.hasHeader("authorization") && !request.hasHeader("cookie"),
                 request.path.constData());
    }
    QVERIFY(recordings >= atLeast);
}

void tst_Secrets::keyTypedIntoSettingsIsNowhere()
{
    const QString key = newKey();
    m_server.setApiKey(key);
    m_server.clearRequests();
    g_logLines.clear();
    qputenv("REVOX_BASE_URL", m_server.baseUrl().toEncoded());
    const QString exported = m_home + QStringLiteral("/Documents/typed-key-export.html");
    QVERIFY(QDir().mkpath(m_home + QStringLiteral("/Documents")));
    const QString recording = m_home + QStringLiteral("/Downloads/typed-key-recording.ogg");
    QVERIFY(QDir().mkpath(m_home + QStringLiteral("/Downloads")));
    {
        MainWindow window;
        window.show();
        ApiKeyStore *keys = window.apiKeys();
        QTRY_VERIFY_WITH_TIMEOUT(!keys->isBusy(), 30000);
        {
            SettingsDialog dialog(keys, m_server.baseUrl(), 60);
            dialog.keyField()->setText(key);
            dialog.accept();
            QTRY_VERIFY_WITH_TIMEOUT(!keys->isBusy(), 30000);
        }
        QCOMPARE(window.session()->apiClient()->settings().apiKey, key);

        QSignalSpy shown(window.session(), &CallSession::callChanged);
        window.fetchCall(QStringLiteral("sample"));
        QVERIFY(shown.wait(20000));
        const QList<RecordedRequest> requests = m_server.requests();
        QCOMPARE(requests.at(0).path, QByteArray("/call/sample"));
        QCOMPARE(requests.at(0).header("authorization"), QByteArray("Bearer ") + key.toUtf8());

        // Save the attempt's recording: streamed from the fake server's /recordings/, which
        // stands for the third-party recording host.
        auto *recordingSession = window.findChild<RecordingSession *>();
        QVERIFY(recordingSession);
        QSignalSpy saved(recordingSession, &RecordingSession::saveFinished);
        recordingSession->saveCopyTo(recording);
        QVERIFY(saved.wait(20000));
        QVERIFY2(saved.first().first().toBool(), qPrintable(saved.first().at(1).toString()));
        verifyRecordingHostGotNoKey(1);

        ExportDialog dialog(*window.session()->call(), window.session()->selectedAttempt(), &window);
        dialog.setFormat(ExportFormat::Html);
        dialog.setFilePath(exported);
        QSignalSpy written(&dialog, &ExportDialog::exported);
        QVERIFY(dialog.startExport());
        QVERIFY2(written.wait(20000), qPrintable(dialog.errorText()));
        window.close();
    }
    qunsetenv("REVOX_BASE_URL");
    QSettings().sync();
    QVERIFY(QFile::exists(exported));
    QVERIFY(QFile::exists(recording));
    QVERIFY(QFile::exists(QSettings().fileName()));
    QVERIFY2(QSettings().fileName().startsWith(m_home), qPrintable(QSettings().fileName()));
    verifyNothingHolds(key, {m_home}, g_logLines, 3);
}

void tst_Secrets::environmentKeyNotInCommandLineExports()
{
    const QString key = newKey();
    m_server.setApiKey(key);
    m_server.clearRequests();
    QTemporaryDir home;
    QVERIFY(home.isValid());
    const QString outputs = home.filePath(QStringLiteral("exports"));

    QStringList logLines;
    const QStringList formats = {QStringLiteral("txt"),
                                 QStringLiteral("md"),
                                 QStringLiteral("json"),
                                 QStringLiteral("csv"),
                                 QStringLiteral("html"),
                                 QStringLiteral("pdf")};
    for (const QString &format : formats) {
        QProcess process;
        process.setProcessEnvironment(childEnvironment(home.path(), key));
        QSignalSpy finished(&process, &QProcess::finished);
        // One export to a directory, the text ones to standard output as well.
        process.start(QStringLiteral(REVOX_INSPECTOR_BIN),
                      {QStringLiteral("export"),
                       QStringLiteral("sample"),
                       QStringLiteral("--format"),
                       format,
                       QStringLiteral("--attempt"),
                       QStringLiteral("all"),
                       QStringLiteral("--output-dir"),
                       outputs});
        QVERIFY(finished.wait(90000));
        QCOMPARE(process.exitCode(), 0);
        logLines += QString::fromUtf8(process.readAllStandardError()).split(QLatin1Char('\n'));
        if (format == QLatin1String("pdf"))
            continue;
        process.start(QStringLiteral(REVOX_INSPECTOR_BIN),
                      {QStringLiteral("export"),
                       QStringLiteral("sample"),
                       QStringLiteral("--format"),
                       format});
        QVERIFY(finished.wait(90000));
        QCOMPARE(process.exitCode(), 0);
        const QByteArray out = process.readAllStandardOutput();
        QVERIFY(!out.isEmpty());
        logLines += QString::fromUtf8(out).split(QLatin1Char('\n'));
        logLines += QString::fromUtf8(process.readAllStandardError()).split(QLatin1Char('\n'));
    }
    QCOMPARE(m_server.requests().size(), formats.size() * 2 - 1);
    for (const RecordedRequest &request : m_server.requests())
        QCOMPARE(request.header("authorization"), QByteArray("Bearer ") + key.toUtf8());
    QCOMPARE(QDir(outputs).entryList(QDir::Files).size(), formats.size());
    verifyNothingHolds(key, {home.path()}, logLines, int(formats.size()));
}

void tst_Secrets::environmentKeyNotInWindowSession()
{
    const QString key = newKey();
    m_server.setApiKey(key);
    m_server.clearRequests();
    QTemporaryDir home;
    QVERIFY(home.isValid());

    QProcess process;
    process.setProcessEnvironment(childEnvironment(home.path(), key));
    process.start(QStringLiteral(REVOX_INSPECTOR_BIN),
                  {QStringLiteral("revox-inspector://call/sample")});
    QVERIFY(process.waitForStarted());
    QByteArray err;
    // The window logs the finished request once the call is shown.
    QTRY_VERIFY_WITH_TIMEOUT((err += process.readAllStandardError()).contains("finished: 0"), 60000);
    QCOMPARE(m_server.requests().at(0).path, QByteArray("/call/sample"));
    QCOMPARE(m_server.requests().at(0).header("authorization"),
             QByteArray("Bearer ") + key.toUtf8());
    // Showing the call adds it to the recent calls in the settings file and saves it in the call
    // library: wait for both writes.
    const QString config = home.filePath(QStringLiteral("XDG_CONFIG_HOME"));
    QTRY_VERIFY_WITH_TIMEOUT(QDirIterator(config, QDir::Files, QDirIterator::Subdirectories)
                                 .hasNext(),
                             30000);
    const QString data = home.filePath(QStringLiteral("XDG_DATA_HOME"));
    const auto libraryExists = [&data] {
        return QDirIterator(data,
                            {QStringLiteral("library.sqlite")},
                            QDir::Files,
                            QDirIterator::Subdirectories)
            .hasNext();
    };
    QTRY_VERIFY_WITH_TIMEOUT(libraryExists(), 30000);
    verifyRecordingHostGotNoKey(0);
    process.terminate();
    QVERIFY(process.waitForFinished(30000));
    err += process.readAllStandardError();
    QStringList logLines = QString::fromUtf8(err).split(QLatin1Char('\n'));
    logLines += QString::fromUtf8(process.readAllStandardOutput()).split(QLatin1Char('\n'));
    // The settings and the library were written under this HOME: there are files to scan.
    verifyNothingHolds(key, {home.path()}, logLines, 2);
}

int main(int argc, char *argv[])
{
    // A HOME of its own before Qt reads any path, and every category at debug level (the
    // environment wins over QLoggingCategory::setFilterRules, so set it there).
    QTemporaryDir home;
    if (!home.isValid())
        return 1;
    qputenv("HOME", home.path().toUtf8());
    for (const char *name : {"XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME"})
        qputenv(name, (home.path() + QLatin1Char('/') + QString::fromLatin1(name)).toUtf8());
    qputenv("QT_LOGGING_RULES", "*.debug=true");
    qunsetenv("REVOX_API_KEY");
    qunsetenv("REVOX_BASE_URL");
    // Qt's own start-up lines go to the capture too (debug lines stay there).
    qInstallMessageHandler(captureMessage);
    // Test mode: paths stay under HOME (~/.qttest) and the keychain entry is the ".test" one, so
    // a real keychain on a developer's machine is never touched.
    QStandardPaths::setTestModeEnabled(true);
    QApplication app(argc, argv);
    QCoreApplication::setOrganizationName(QStringLiteral("Revox"));
    QCoreApplication::setApplicationName(QStringLiteral("Revox Call Inspector"));
    tst_Secrets test(home.path());
    const int status = QTest::qExec(&test, argc, argv);
    // Qt still logs while unloading at exit, after g_logLines is gone (ASan: heap-use-after-free).
    qInstallMessageHandler(nullptr);
    return status;
}

#include "tst_secrets.moc"
