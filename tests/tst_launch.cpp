#include "app/headless.h"
#include "helptext.h"
#include "support/privatesession.h"

#include <QCommandLineParser>
#include <QDir>
#include <QFile>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QUrl>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

using namespace Revox;

// How the executable sorts its command line: a file to open or a call to fetch. The end-to-end
// rows run the real binary without a display, as a desktop launcher or a script would.
class tst_Launch final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void positional_data();
    void positional();
    void optionsSurviveBesideACall();
    void newWindowOption();
    void parsedBeforeTheApplication_data();
    void parsedBeforeTheApplication();
    void headlessCallReferencePointsToExport();
    void headlessMissingFileIsNotTakenForACall();
    void fifoIsRefusedWithoutWaiting_data();
    void fifoIsRefusedWithoutWaiting();
    void helpDescribesEveryOption();
    void headlessUsageErrorsExitWithTwo_data();
    void headlessUsageErrorsExitWithTwo();
    void printToAClosedStandardOutput();

private:
    static Launch parse(const QStringList &arguments);
    static QProcessEnvironment withoutDisplay();
    // No display, and private XDG folders: no settings, keychain or running window of the user's.
    QProcessEnvironment isolated() const;

    QTemporaryDir m_dir;
    QString m_file;
};

void tst_Launch::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_file = m_dir.filePath(QStringLiteral("saved response.json"));
    QFile file(m_file);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("{}");
    // A file whose name looks like a call ID: an existing file always wins.
    QFile idLike(m_dir.filePath(QStringLiteral("call_123")));
    QVERIFY(idLike.open(QIODevice::WriteOnly));
    QCOMPARE(::mkfifo(QFile::encodeName(m_dir.filePath(QStringLiteral("pipe.json"))).constData(),
                      0600),
             0);
    QVERIFY(QDir::setCurrent(m_dir.path()));
}

Launch tst_Launch::parse(const QStringList &arguments)
{
    QCommandLineParser parser;
    Launch::describe(parser);
    if (!parser.parse(QStringList{QStringLiteral("revox-inspector")} + arguments))
        qFatal("unexpected parse failure: %s", qPrintable(parser.errorText()));
    return Launch::fromParser(parser);
}

QProcessEnvironment tst_Launch::withoutDisplay()
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.remove(QStringLiteral("DISPLAY"));
    env.remove(QStringLiteral("WAYLAND_DISPLAY"));
    env.remove(QStringLiteral("QT_QPA_PLATFORM"));
    return env;
}

QProcessEnvironment tst_Launch::isolated() const
{
    // No Secret Service: the keychain answers at once instead of asking for a password.
    return TestSupport::privateSession(m_dir.filePath(QStringLiteral("home")),
                                       TestSupport::Display::None,
                                       TestSupport::SessionBus::None);
}

void tst_Launch::positional_data()
{
    QTest::addColumn<QString>("argument");
    QTest::addColumn<QString>("input");
    QTest::addColumn<QString>("callReference");

    const QString file = QDir(m_dir.path()).filePath(QStringLiteral("saved response.json"));
    QTest::newRow("nothing") << QString() << QString() << QString();
    QTest::newRow("empty argument") << QString() << QString() << QString();
    QTest::newRow("existing file") << file << file << QString();
    QTest::newRow("existing file as file:// URL")
        << QUrl::fromLocalFile(file).toString() << file << QString();
    QTest::newRow("existing file named like an ID")
        << QStringLiteral("call_123") << QStringLiteral("call_123") << QString();
    QTest::newRow("existing directory") << m_dir.path() << m_dir.path() << QString();
    QTest::newRow("missing .json file stays a file")
        << QStringLiteral("no-such-export.JSON") << QStringLiteral("no-such-export.JSON")
        << QString();
    QTest::newRow("bare ID") << QStringLiteral("6f1c2a7e-0d8b-4a52-9b1e-3c4d5e6f7a8b") << QString()
                             << QStringLiteral("6f1c2a7e-0d8b-4a52-9b1e-3c4d5e6f7a8b");
    QTest::newRow("desktop link") << QStringLiteral("revox-inspector://call/abc123") << QString()
                                  << QStringLiteral("revox-inspector://call/abc123");
    QTest::newRow("dashboard link")
        << QStringLiteral("https://www.getrevox.com/dashboard/call/abc123?tab=2") << QString()
        << QStringLiteral("https://www.getrevox.com/dashboard/call/abc123?tab=2");
    QTest::newRow("ID with stray quotes and spaces, kept for the parser")
        << QStringLiteral("  \"abc123\" ") << QString() << QStringLiteral("  \"abc123\" ");
    QTest::newRow("garbage is the parser's to reject")
        << QStringLiteral("<script>") << QString() << QStringLiteral("<script>");
}

void tst_Launch::positional()
{
    QFETCH(QString, argument);
    QFETCH(QString, input);
    QFETCH(QString, callReference);

    const QString row = QString::fromUtf8(QTest::currentDataTag());
    const Launch launch = parse(row == QLatin1String("nothing") ? QStringList()
                                                                : QStringList{argument});
    QCOMPARE(launch.input, input);
    QCOMPARE(launch.callReference, callReference);
    QVERIFY(!launch.openSample);
}

void tst_Launch::optionsSurviveBesideACall()
{
    const Launch launch = parse(
        {QStringLiteral("--sample"), QStringLiteral("revox-inspector://call/x1")});
    QVERIFY(launch.openSample);
    QCOMPARE(launch.callReference, QStringLiteral("revox-inspector://call/x1"));
    QVERIFY(launch.input.isEmpty());
}

void tst_Launch::newWindowOption()
{
    QVERIFY(!parse({QStringLiteral("revox-inspector://call/x1")}).newWindow);
    const Launch launch = parse({QStringLiteral("--new-window"), QStringLiteral("call_123")});
    QVERIFY(launch.newWindow);
    QCOMPARE(launch.input, QStringLiteral("call_123"));
    QCommandLineParser parser;
    Launch::describe(parser);
    QVERIFY(parser.helpText().contains(QLatin1String("--new-window")));
}

void tst_Launch::parsedBeforeTheApplication_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<bool>("parsedEarly");
    QTest::addColumn<QString>("input");
    QTest::addColumn<QString>("callReference");
    QTest::addColumn<bool>("openSample");
    QTest::addColumn<bool>("newWindow");

    QTest::newRow("nothing") << QStringList() << true << QString() << QString() << false << false;
    QTest::newRow("file") << QStringList{QStringLiteral("call_123")} << true
                          << QStringLiteral("call_123") << QString() << false << false;
    QTest::newRow("desktop link") << QStringList{QStringLiteral("revox-inspector://call/a")} << true
                                  << QString() << QStringLiteral("revox-inspector://call/a")
                                  << false << false;
    QTest::newRow("sample in a new window")
        << QStringList{QStringLiteral("--sample"), QStringLiteral("--new-window")} << true
        << QString() << QString() << true << true;
    // Left for the window's own parser, which reports it (or Qt, which consumes -platform).
    QTest::newRow("unknown option") << QStringList{QStringLiteral("--frobnicate")} << false
                                    << QString() << QString() << false << false;
    QTest::newRow("Qt's -platform option")
        << QStringList{QStringLiteral("-platform"), QStringLiteral("offscreen")} << false
        << QString() << QString() << false << false;
}

void tst_Launch::parsedBeforeTheApplication()
{
    QFETCH(QStringList, arguments);
    QFETCH(bool, parsedEarly);
    QFETCH(QString, input);
    QFETCH(QString, callReference);
    QFETCH(bool, openSample);
    QFETCH(bool, newWindow);

    QList<QByteArray> bytes{QByteArrayLiteral("revox-inspector")};
    for (const QString &argument : std::as_const(arguments))
        bytes.append(argument.toLocal8Bit());
    std::vector<char *> argv;
    for (QByteArray &argument : bytes)
        argv.push_back(argument.data());
    argv.push_back(nullptr);
    const Launch launch = Launch::fromArguments(int(bytes.size()), argv.data());
    QCOMPARE(launch.parsedEarly, parsedEarly);
    QCOMPARE(launch.input, input);
    QCOMPARE(launch.callReference, callReference);
    QCOMPARE(launch.openSample, openSample);
    QCOMPARE(launch.newWindow, newWindow);
}

void tst_Launch::headlessCallReferencePointsToExport()
{
    QProcess app;
    app.setProcessEnvironment(withoutDisplay());
    app.start(QStringLiteral(REVOX_APP_BINARY), {QStringLiteral("revox-inspector://call/abc123")});
    QVERIFY(app.waitForFinished(30000));
    QCOMPARE(app.exitStatus(), QProcess::NormalExit);
    QCOMPARE(app.exitCode(), 2);
    const QString err = QString::fromUtf8(app.readAllStandardError());
    QVERIFY2(err.contains(QLatin1String("revox-inspector export revox-inspector://call/abc123")),
             qPrintable(err));
    // Nothing on stdout: a script reading it must not mistake a message for call text.
    QCOMPARE(app.readAllStandardOutput(), QByteArray());
}

void tst_Launch::headlessMissingFileIsNotTakenForACall()
{
    QProcess app;
    app.setProcessEnvironment(withoutDisplay());
    app.start(QStringLiteral(REVOX_APP_BINARY),
              {QStringLiteral("--print"), QStringLiteral("no-such-export.json")});
    QVERIFY(app.waitForFinished(30000));
    QCOMPARE(app.exitCode(), 4); // as `export` exits for a missing file
    const QString err = QString::fromUtf8(app.readAllStandardError());
    QCOMPARE(err, QStringLiteral("Cannot open no-such-export.json: no such file.\n"));
}

void tst_Launch::fifoIsRefusedWithoutWaiting_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<bool>("window");
    QTest::addColumn<int>("exitCode");

    const QString fifo = QStringLiteral("pipe.json");
    QTest::newRow("export") << QStringList{QStringLiteral("export"), fifo} << false << 6;
    QTest::newRow("--print") << QStringList{QStringLiteral("--print"), fifo} << false << 6;
    // The window paints, shows the refusal in its message bar, and the first-paint probe, with
    // no call coming, ends it with status 1 at that paint.
    QTest::newRow("window") << QStringList{fifo} << true << 1;
}

// Issue 17: open() on a FIFO with no writer blocked every one of these for good.
void tst_Launch::fifoIsRefusedWithoutWaiting()
{
    QFETCH(QStringList, arguments);
    QFETCH(bool, window);
    QFETCH(int, exitCode);

    QProcessEnvironment env = isolated();
    if (window) {
        env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
        env.insert(QStringLiteral("REVOX_EXIT_AFTER_FIRST_PAINT"), QStringLiteral("1"));
    }
    QProcess app;
    app.setProcessEnvironment(env);
    app.setWorkingDirectory(m_dir.path());
    QSignalSpy finished(&app, &QProcess::finished);
    QVERIFY(finished.isValid());
    app.start(QStringLiteral(REVOX_APP_BINARY), arguments);
    const bool ended = finished.wait(15000);
    if (!ended) {
        app.kill();
        app.waitForFinished();
    }
    QVERIFY2(ended, "still running after 15 s: it is waiting on the FIFO");
    QCOMPARE(app.exitStatus(), QProcess::NormalExit);
    const QString err = QString::fromUtf8(app.readAllStandardError());
    QVERIFY2(app.exitCode() == exitCode, qPrintable(err));
    if (window) {
        const QByteArray out = app.readAllStandardOutput();
        QVERIFY2(out.startsWith("load-failed Cannot open pipe.json: it is not a regular file"), out);
        return;
    }
    QVERIFY2(err.contains(QLatin1String("Cannot open pipe.json: it is not a regular file: a FIFO "
                                        "(named pipe) cannot be a saved call response.")),
             qPrintable(err));
    QCOMPARE(app.readAllStandardOutput(), QByteArray());
}

void tst_Launch::helpDescribesEveryOption()
{
    QProcess app;
    app.setProcessEnvironment(withoutDisplay());
    app.start(QStringLiteral(REVOX_APP_BINARY), {QStringLiteral("--help")});
    QVERIFY(app.waitForFinished(30000));
    QCOMPARE(app.exitCode(), 0);
    const QString help = QString::fromUtf8(app.readAllStandardOutput());
    QVERIFY2(help.startsWith(QLatin1String("Usage: revox-inspector [options] [file|call]\n")),
             qPrintable(help));
    const QMap<QString, QString> listed = HelpText::options(help);
    // The app's options with their own descriptions, and Qt's --help and --version with Qt's.
    for (const QCommandLineOption &option : Launch::options()) {
        QVERIFY(!option.description().isEmpty());
        QCOMPARE(listed.value(option.names().constFirst()), option.description());
    }
    for (const char *name : {"help", "help-all", "version", "sample", "new-window", "print"})
        QVERIFY2(listed.contains(QLatin1String(name)), qPrintable(help));
    for (auto it = listed.cbegin(); it != listed.cend(); ++it)
        QVERIFY2(!it.value().isEmpty(), qPrintable(it.key() + QStringLiteral(" has no words")));
    // Generated from `export`'s parser, so no option of it goes missing here.
    QVERIFY(
        help.contains(QLatin1String("\n  revox-inspector export <call>... [--format <format>]")));
    QVERIFY(help.contains(QLatin1String("[--no-summary]")));
    QVERIFY(help.contains(QLatin1String("\n  6  not a call: ")));
    for (const QString &line : help.split(QLatin1Char('\n')))
        QVERIFY2(line.size() <= 80, qPrintable(line));
}

void tst_Launch::headlessUsageErrorsExitWithTwo_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("message");
    QTest::newRow("unknown option")
        << QStringList{QStringLiteral("--print"), QStringLiteral("--frobnicate")}
        << QStringLiteral("revox-inspector: Unknown option 'frobnicate'.\n"
                          "Try: revox-inspector --help\n");
    QTest::newRow("a call to fetch")
        << QStringList{QStringLiteral("--print"), QStringLiteral("call_abc")}
        << QStringLiteral("Showing the call call_abc needs a window. To get it as text without "
                          "one, run:\n  revox-inspector export call_abc\n");
}

// The status `export` gives a usage error, not QCommandLineParser's 1.
void tst_Launch::headlessUsageErrorsExitWithTwo()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, message);
    QProcess app;
    app.setProcessEnvironment(isolated());
    app.start(QStringLiteral(REVOX_APP_BINARY), arguments);
    QVERIFY(app.waitForFinished(30000));
    QCOMPARE(app.exitCode(), 2);
    QCOMPARE(QString::fromUtf8(app.readAllStandardError()), message);
    QCOMPARE(app.readAllStandardOutput(), QByteArray());
}

// As `export` to a closed standard output: status 7 and the reason, not death by SIGPIPE.
void tst_Launch::printToAClosedStandardOutput()
{
    int ends[2];
    QCOMPARE(::pipe2(ends, O_CLOEXEC), 0);
    ::close(ends[0]); // no reader, ever
    const int writeEnd = ends[1];
    QProcess app;
    app.setProcessEnvironment(isolated());
    app.setChildProcessModifier([writeEnd] { ::dup2(writeEnd, STDOUT_FILENO); });
    app.start(QStringLiteral(REVOX_APP_BINARY), {QStringLiteral("--print")});
    const bool ended = app.waitForFinished(30000);
    ::close(writeEnd);
    QVERIFY(ended);
    const QString err = QString::fromUtf8(app.readAllStandardError());
    QVERIFY2(app.exitStatus() == QProcess::NormalExit && app.exitCode() == 7, qPrintable(err));
    QCOMPARE(err,
             QStringLiteral("revox-inspector: standard output was closed before everything was "
                            "written (the program reading it ended)\n"));
}

QTEST_GUILESS_MAIN(tst_Launch)
#include "tst_launch.moc"
