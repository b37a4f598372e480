#include "app/exportcommandline.h"
#include "core/call/callparser.h"
#include "core/call/samplecall.h"
#include "core/export/redactor.h"
#include "fakerevoxserver.h"
#include "helptext.h"
#include "pdf/exportservice.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

#include <sys/stat.h>

using namespace Revox;

namespace {

const QString apiKey = QStringLiteral("sk_test_cli");

struct Run
{
    int exitCode = -1;
    QByteArray out;
    QString err;
};

} // namespace

class tst_ExportCli : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void helpAndVersionWithoutDisplay();
    void helpDescribesEveryOption();
    void oneFetchedCallToStdout();
    void savedFileToStdout();
    void optionsReachTheExport();
    void batchWithOneNotFound();
    void pdfWithoutDisplay();
    void everyFormatGoesThroughTheOneEntryPoint_data();
    void everyFormatGoesThroughTheOneEntryPoint();
    void outputFileIsReplaced();
    void exitStatuses_data();
    void exitStatuses();

private:
    // Runs revox-inspector with no display in its environment, keeping this event loop (and so
    // the in-process fake server) running meanwhile.
    Run run(const QStringList &arguments,
            const QProcessEnvironment &extra = {},
            const QStringList &unset = {});
    QByteArray sampleExport(const ExportOptions &options) const;

    FakeRevoxServer m_server;
    QTemporaryDir m_dir;
    QString m_savedCall;
};

void tst_ExportCli::initTestCase()
{
    QVERIFY(QFile::exists(QStringLiteral(REVOX_INSPECTOR_BIN)));
    QVERIFY(m_server.listen());
    m_server.setApiKey(apiKey);
    QVERIFY(m_dir.isValid());
    m_savedCall = m_dir.filePath(QStringLiteral("saved call.json"));
    QFile file(m_savedCall);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(SampleCall::json());
    QCOMPARE(::mkfifo(QFile::encodeName(m_dir.filePath(QStringLiteral("pipe.json"))).constData(),
                      0600),
             0);
    QVERIFY(QDir(m_dir.path()).mkdir(QStringLiteral("folder")));
}

void tst_ExportCli::init()
{
    m_server.clearRequests();
}

Run tst_ExportCli::run(const QStringList &arguments,
                       const QProcessEnvironment &extra,
                       const QStringList &unset)
{
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    for (const char *name :
         {"DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM", "REVOX_API_KEY", "REVOX_BASE_URL"})
        environment.remove(QString::fromLatin1(name));
    environment.insert(QStringLiteral("REVOX_BASE_URL"), m_server.baseUrl().toString());
    environment.insert(QStringLiteral("REVOX_API_KEY"), apiKey);
    for (const QString &name : extra.keys())
        environment.insert(name, extra.value(name));
    for (const QString &name : unset)
        environment.remove(name);

    QProcess process;
    process.setProcessEnvironment(environment);
    process.setWorkingDirectory(m_dir.path());
    QSignalSpy finished(&process, &QProcess::finished);
    process.start(QStringLiteral(REVOX_INSPECTOR_BIN),
                  QStringList{QStringLiteral("export")} + arguments);
    if (!process.waitForStarted() || !finished.wait(90000)) {
        process.kill();
        process.waitForFinished();
        return {};
    }
    Run result;
    result.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    result.out = process.readAllStandardOutput();
    result.err = QString::fromUtf8(process.readAllStandardError());
    return result;
}

QByteArray tst_ExportCli::sampleExport(const ExportOptions &options) const
{
    return ExportService::exportCall(*CallParser::parse(SampleCall::json()).call, options).data;
}

void tst_ExportCli::helpAndVersionWithoutDisplay()
{
    const Run help = run({QStringLiteral("--help")});
    QCOMPARE(help.exitCode, 0);
    QVERIFY(help.out.contains("--output-dir"));
    QVERIFY(help.out.contains("7  an output could not be written"));

    QProcess process;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.remove(QStringLiteral("DISPLAY"));
    environment.remove(QStringLiteral("WAYLAND_DISPLAY"));
    environment.remove(QStringLiteral("QT_QPA_PLATFORM"));
    process.setProcessEnvironment(environment);
    process.start(QStringLiteral(REVOX_INSPECTOR_BIN), {QStringLiteral("--help")});
    QVERIFY(process.waitForFinished(30000));
    QCOMPARE(process.exitCode(), 0);
    QVERIFY(process.readAllStandardOutput().contains("revox-inspector export <call>..."));
    process.start(QStringLiteral(REVOX_INSPECTOR_BIN), {QStringLiteral("--version")});
    QVERIFY(process.waitForFinished(30000));
    QCOMPARE(process.exitCode(), 0);
    QVERIFY(process.readAllStandardOutput().contains(REVOX_VERSION));
}

void tst_ExportCli::helpDescribesEveryOption()
{
    const Run help = run({QStringLiteral("--help")});
    QCOMPARE(help.exitCode, 0);
    const QString text = QString::fromUtf8(help.out);
    QVERIFY2(text.startsWith(QLatin1String("Usage: revox-inspector export <call>... [options]\n")),
             qPrintable(text));
    const QMap<QString, QString> listed = HelpText::options(text);
    QVERIFY2(!listed.isEmpty(), qPrintable(text));
    // Generated from the parser: every option it takes is listed, with its own description.
    for (const QCommandLineOption &option : ExportCommandLine::options()) {
        QVERIFY(!option.description().isEmpty());
        for (const QString &name : option.names()) {
            QVERIFY2(listed.contains(name), qPrintable(name));
            QCOMPARE(listed.value(name), option.description());
        }
    }
    for (auto it = listed.cbegin(); it != listed.cend(); ++it)
        QVERIFY2(!it.value().isEmpty(), qPrintable(it.key() + QStringLiteral(" has no words")));
    // --redact says what it replaces and, as plainly, what it leaves: names and addresses.
    QVERIFY2(listed.value(QStringLiteral("redact")).startsWith(Redactor::coverage()),
             qPrintable(listed.value(QStringLiteral("redact"))));
    QVERIFY(listed.value(QStringLiteral("redact")).contains(QLatin1String("[card redacted]")));
    // What options cannot say follows: examples and the exit statuses.
    QVERIFY(text.contains(QLatin1String("\nExamples:\n  revox-inspector export ")));
    QVERIFY(text.contains(QLatin1String("\nExit status:\n  0  success")));
    for (const QString &line : text.split(QLatin1Char('\n')))
        QVERIFY2(line.size() <= 80, qPrintable(line));
}

void tst_ExportCli::oneFetchedCallToStdout()
{
    ExportOptions options;
    options.format = ExportFormat::Markdown;
    const Run result = run(
        {QStringLiteral("sample"), QStringLiteral("--format"), QStringLiteral("md")});
    QCOMPARE(result.exitCode, 0);
    QCOMPARE(result.out, sampleExport(options));
    QVERIFY(result.err.contains(QLatin1String("fetching call sample")));
    QCOMPARE(m_server.requests().size(), 1);
    QCOMPARE(m_server.requests().constFirst().header("authorization"),
             QByteArray("Bearer ") + apiKey.toLatin1());
}

void tst_ExportCli::savedFileToStdout()
{
    const Run result = run({m_savedCall});
    QCOMPARE(result.exitCode, 0);
    QCOMPARE(result.out, sampleExport(ExportOptions()));
    QVERIFY(m_server.requests().isEmpty()); // a file is read, not fetched
}

void tst_ExportCli::optionsReachTheExport()
{
    ExportOptions options;
    options.format = ExportFormat::Csv;
    options.attempts = AttemptSelection::all();
    options.includeTools = false;
    options.redact = true;
    const Run result = run({m_savedCall,
                            QStringLiteral("--format=csv"),
                            QStringLiteral("--attempt"),
                            QStringLiteral("all"),
                            QStringLiteral("--no-tools"),
                            QStringLiteral("--redact")});
    QCOMPARE(result.exitCode, 0);
    QCOMPARE(result.out, sampleExport(options));
    QVERIFY(!result.out.contains("+33612345678"));

    options.format = ExportFormat::Json;
    options.attempts = AttemptSelection::number(2);
    options.includeTools = true;
    options.redact = false;
    const Run second = run({m_savedCall,
                            QStringLiteral("-f"),
                            QStringLiteral("json"),
                            QStringLiteral("-a"),
                            QStringLiteral("2")});
    QCOMPARE(second.exitCode, 0);
    QCOMPARE(second.out, sampleExport(options));
}

void tst_ExportCli::batchWithOneNotFound()
{
    const QString out = m_dir.filePath(QStringLiteral("batch/nested"));
    const Run result = run({QStringLiteral("sample"),
                            QStringLiteral("scenario-404"),
                            m_savedCall,
                            QStringLiteral("--output-dir"),
                            out,
                            QStringLiteral("--format"),
                            QStringLiteral("html"),
                            QStringLiteral("--attempt"),
                            QStringLiteral("all")});
    QCOMPARE(result.exitCode, 4);
    QVERIFY(result.out.isEmpty());
    QVERIFY2(result.err.contains(QLatin1String("[2/3] scenario-404: ")), qPrintable(result.err));
    QVERIFY(result.err.contains(QLatin1String("Exported 2 of 3 calls; 1 failed.")));
    // The call after the failure was still exported.
    const QStringList files = QDir(out).entryList(QDir::Files, QDir::Name);
    QCOMPARE(files,
             QStringList({QStringLiteral("call_01JD8X4K2M7QY5ZP3N6RWTB9HE-all-attempts-2.html"),
                          QStringLiteral("call_01JD8X4K2M7QY5ZP3N6RWTB9HE-all-attempts.html")}));
    // The saved file, exported third, is the second file with that call's name.
    QFile file(QDir(out).filePath(files.constFirst()));
    QVERIFY(file.open(QIODevice::ReadOnly));
    ExportOptions options;
    options.format = ExportFormat::Html;
    options.attempts = AttemptSelection::all();
    QCOMPARE(file.readAll(), sampleExport(options));
}

void tst_ExportCli::pdfWithoutDisplay()
{
    const QString path = m_dir.filePath(QStringLiteral("sample.pdf"));
    const Run result = run(
        {m_savedCall, QStringLiteral("--format"), QStringLiteral("pdf"), QStringLiteral("-o"), path});
    QCOMPARE(result.exitCode, 0);
    QVERIFY(result.out.isEmpty());
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QVERIFY(file.readAll().startsWith("%PDF-"));
}

void tst_ExportCli::everyFormatGoesThroughTheOneEntryPoint_data()
{
    QTest::addColumn<ExportFormat>("format");
    for (const ExportFormat format : ExportFormats::all())
        QTest::newRow(qPrintable(ExportFormats::extension(format))) << format;
}

// ExportService::exportCall, the dialog's entry point too, logs each export it writes: the
// command line's PDF comes that way like every other format, not through a path of its own.
void tst_ExportCli::everyFormatGoesThroughTheOneEntryPoint()
{
    QFETCH(ExportFormat, format);
    const QString name = ExportFormats::extension(format);
    const QString path = m_dir.filePath(QStringLiteral("entry.") + name);
    QProcessEnvironment logging;
    logging.insert(QStringLiteral("QT_LOGGING_RULES"), QStringLiteral("revox.export.debug=true"));
    const Run result
        = run({m_savedCall, QStringLiteral("--format"), name, QStringLiteral("-o"), path}, logging);
    QVERIFY2(result.exitCode == 0, qPrintable(result.err));
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray written = file.readAll();
    const QString line = QStringLiteral("ExportService wrote call_01JD8X4K2M7QY5ZP3N6RWTB9HE as "
                                        "%1 - %2 bytes")
                             .arg(name)
                             .arg(written.size());
    QVERIFY2(result.err.contains(line), qPrintable(result.err));
    if (format == ExportFormat::Pdf) {
        QVERIFY(written.startsWith("%PDF-")); // it carries its creation time: not byte-equal
    } else {
        ExportOptions options;
        options.format = format;
        QCOMPARE(written, sampleExport(options));
    }
}

void tst_ExportCli::outputFileIsReplaced()
{
    const QString path = m_dir.filePath(QStringLiteral("replace.txt"));
    QFile old(path);
    QVERIFY(old.open(QIODevice::WriteOnly));
    old.write(QByteArray(100000, 'x'));
    old.close();
    const Run result = run({m_savedCall, QStringLiteral("--output"), path});
    QCOMPARE(result.exitCode, 0);
    QVERIFY(result.out.isEmpty());
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QCOMPARE(file.readAll(), sampleExport(ExportOptions()));
    QCOMPARE(QDir(m_dir.path()).entryList({QStringLiteral("replace.txt*")}, QDir::Files).size(), 1);
}

void tst_ExportCli::exitStatuses_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QStringList>("unset");
    QTest::addColumn<QString>("baseUrl");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QString>("message");

    const QString saved = QStringLiteral("saved call.json");
    const QStringList none;
    QTest::newRow("0 ok") << QStringList{QStringLiteral("sample")} << none << QString() << 0
                          << QString();
    QTest::newRow("2 no call") << QStringList{} << none << QString() << 2
                               << QStringLiteral("at least one call");
    QTest::newRow("2 unknown option") << QStringList{saved, QStringLiteral("--fromat=md")} << none
                                      << QString() << 2 << QStringLiteral("Unknown option");
    QTest::newRow("2 unknown format")
        << QStringList{saved, QStringLiteral("--format"), QStringLiteral("docx")} << none
        << QString() << 2 << QStringLiteral("Unknown format");
    QTest::newRow("2 bad attempt")
        << QStringList{saved, QStringLiteral("--attempt"), QStringLiteral("0")} << none << QString()
        << 2 << QStringLiteral("--attempt");
    QTest::newRow("2 bad timeout")
        << QStringList{saved, QStringLiteral("--timeout"), QStringLiteral("soon")} << none
        << QString() << 2 << QStringLiteral("--timeout");
    QTest::newRow("2 several calls to stdout") << QStringList{saved, saved} << none << QString()
                                               << 2 << QStringLiteral("need --output-dir");
    QTest::newRow("2 output and output dir")
        << QStringList{saved,
                       QStringLiteral("-o"),
                       QStringLiteral("a"),
                       QStringLiteral("-d"),
                       QStringLiteral("b")}
        << none << QString() << 2 << QStringLiteral("not both");
    QTest::newRow("2 output would overwrite the input")
        << QStringList{saved, QStringLiteral("--format=json"), QStringLiteral("-o"), saved} << none
        << QString() << 2 << QStringLiteral("is the call being exported");
    QTest::newRow("2 bad reference")
        << QStringList{QStringLiteral("not a call id!")} << none << QString() << 2 << QString();
    QTest::newRow("2 plain http to a remote host")
        << QStringList{QStringLiteral("sample")} << none << QStringLiteral("http://example.com/api")
        << 2 << QString();
    QTest::newRow("3 401") << QStringList{QStringLiteral("scenario-401")} << none << QString() << 3
                           << QString();
    QTest::newRow("3 403") << QStringList{QStringLiteral("scenario-403")} << none << QString() << 3
                           << QString();
    QTest::newRow("3 no API key") << QStringList{QStringLiteral("sample")}
                                  << QStringList{QStringLiteral("REVOX_API_KEY")} << QString() << 3
                                  << QStringLiteral("REVOX_API_KEY");
    QTest::newRow("4 404") << QStringList{QStringLiteral("scenario-404")} << none << QString() << 4
                           << QString();
    QTest::newRow("4 missing file") << QStringList{QStringLiteral("missing.json")} << none
                                    << QString() << 4 << QStringLiteral("no such file");
    QTest::newRow("4 no such attempt")
        << QStringList{saved, QStringLiteral("--attempt"), QStringLiteral("9")} << none << QString()
        << 4 << QStringLiteral("no attempt 9");
    QTest::newRow("5 server error") << QStringList{QStringLiteral("scenario-always-500")} << none
                                    << QString() << 5 << QString();
    QTest::newRow("5 timeout") << QStringList{QStringLiteral("scenario-stall"),
                                              QStringLiteral("--timeout"),
                                              QStringLiteral("0.5")}
                               << none << QString() << 5 << QString();
    QTest::newRow("5 connection refused") << QStringList{QStringLiteral("sample")} << none
                                          << QStringLiteral("closed-port") << 5 << QString();
    QTest::newRow("6 HTML instead of JSON")
        << QStringList{QStringLiteral("scenario-html-200")} << none << QString() << 6 << QString();
    QTest::newRow("6 not a call file") << QStringList{QStringLiteral("not-a-call.json")} << none
                                       << QString() << 6 << QStringLiteral("is not a call");
    QTest::newRow("6 endless input file (/dev/zero)")
        << QStringList{QStringLiteral("/dev/zero")} << none << QString() << 6
        << QStringLiteral("not a regular file: a character device");
    QTest::newRow("6 FIFO with no writer")
        << QStringList{QStringLiteral("pipe.json")} << none << QString() << 6
        << QStringLiteral("not a regular file: a FIFO (named pipe) cannot be a saved call");
    QTest::newRow("6 directory written as a path")
        << QStringList{QStringLiteral("./folder")} << none << QString() << 6
        << QStringLiteral("it is a directory");
    QTest::newRow("7 output in a missing directory")
        << QStringList{saved, QStringLiteral("-o"), QStringLiteral("no/such/dir/out.txt")} << none
        << QString() << 7 << QStringLiteral("cannot write");
    QTest::newRow("7 output dir is a file")
        << QStringList{saved, QStringLiteral("-d"), saved} << none << QString() << 7
        << QStringLiteral("cannot create");
}

void tst_ExportCli::exitStatuses()
{
    QFETCH(QStringList, arguments);
    QFETCH(QStringList, unset);
    QFETCH(QString, baseUrl);
    QFETCH(int, exitCode);
    QFETCH(QString, message);

    QFile notACall(m_dir.filePath(QStringLiteral("not-a-call.json")));
    QVERIFY(notACall.open(QIODevice::WriteOnly));
    notACall.write("{\"error\": \"nope\"}");
    notACall.close();

    QProcessEnvironment extra;
    if (baseUrl == QLatin1String("closed-port")) {
        QTcpServer closed;
        QVERIFY(closed.listen(QHostAddress::LocalHost));
        baseUrl = QStringLiteral("http://127.0.0.1:%1").arg(closed.serverPort());
    }
    if (!baseUrl.isEmpty())
        extra.insert(QStringLiteral("REVOX_BASE_URL"), baseUrl);
    const Run result = run(arguments, extra, unset);
    QVERIFY2(result.exitCode == exitCode,
             qPrintable(QStringLiteral("exit %1, stderr: %2").arg(result.exitCode).arg(result.err)));
    if (exitCode != 0) {
        QVERIFY(result.out.isEmpty());
        QVERIFY(!result.err.trimmed().isEmpty());
        QVERIFY2(result.err.contains(message), qPrintable(result.err));
        QVERIFY(!result.err.contains(apiKey)); // the key never shows in messages
    } else {
        QVERIFY(!result.out.isEmpty());
    }
}

QTEST_GUILESS_MAIN(tst_ExportCli)
#include "tst_exportcli.moc"
