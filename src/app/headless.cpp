#include "app/headless.h"

#include "app/console.h"
#include "app/exportcommandline.h"
#include "core/call/callfile.h"
#include "core/call/callparser.h"
#include "core/call/format.h"
#include "core/call/samplecall.h"
#include "core/cli/exitstatus.h"
#include "core/export/textreport.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QFileInfo>
#include <QUrl>

namespace Revox {

namespace {

QString detectMissingDisplay()
{
#if defined(Q_OS_UNIX) && !defined(Q_OS_MACOS)
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM") && qEnvironmentVariableIsEmpty("DISPLAY")
        && qEnvironmentVariableIsEmpty("WAYLAND_DISPLAY")) {
        return QStringLiteral("No display found (DISPLAY and WAYLAND_DISPLAY are unset), so the "
                              "call is printed as text instead of opening a window.");
    }
#endif
    return {};
}

// The call as text: its summary, notes on what it lacks, then every attempt's transcript.
QString report(const Call &call, const QStringList &warnings)
{
    QString text = TextReport::callSummary(call) + QStringLiteral("\n");
    for (const QString &warning : warnings)
        text += QStringLiteral("Note: %1\n").arg(warning);
    const int count = int(call.callAttempts.size());
    for (int i = 0; i < count; ++i) {
        const CallAttempt &attempt = call.callAttempts.at(i);
        // The API lists attempts most recent first; number them in the order they happened.
        text += QStringLiteral("\n== %1 ==\n\n")
                    .arg(TextReport::attemptHeader(attempt, count - i, count));
        text += TextReport::transcript(attempt) + QStringLiteral("\n");
    }
    return text;
}

// Standard output, or false with the reason said on stderr (`--print | head -c0`).
bool print(const QString &text)
{
    const QString error = Console::out(text.toUtf8());
    if (!error.isEmpty())
        Console::error(QStringLiteral("revox-inspector: %1").arg(error));
    return error.isEmpty();
}

} // namespace

Launch Launch::fromArguments(int argc, char *argv[])
{
    Launch launch;
    for (int i = 1; i < argc; ++i) {
        const QByteArray arg(argv[i]);
        if (arg == "-h" || arg == "--help" || arg == "--help-all" || arg == "-v"
            || arg == "--version")
            launch.wantsHelpOrVersion = true;
        else if (arg == "--print")
            launch.printAsText = true;
    }
    launch.noDisplayReason = detectMissingDisplay();

    // What to open, known before any application object exists so that a running window can be
    // asked to open it (SingleInstance). QCommandLineParser::parse needs no application.
    QStringList arguments;
    for (int i = 0; i < argc; ++i)
        arguments.append(QString::fromLocal8Bit(argv[i]));
    QCommandLineParser parser;
    describe(parser);
    if (parser.parse(arguments)) {
        const Launch parsed = fromParser(parser);
        launch.openSample = parsed.openSample;
        launch.newWindow = parsed.newWindow;
        launch.input = parsed.input;
        launch.callReference = parsed.callReference;
        launch.parsedEarly = true;
    }
    return launch;
}

QList<QCommandLineOption> Launch::options()
{
    return {
        {QStringLiteral("sample"),
         QStringLiteral("Open the bundled sample call (no API key needed).")},
        {QStringLiteral("new-window"),
         QStringLiteral("Open a window of its own even when one is open already. Without it, a "
                        "file or call is shown in the open window.")},
        {QStringLiteral("print"),
         QStringLiteral("Print the file (or the sample call) as plain text to stdout instead of "
                        "opening a window.")},
    };
}

void Launch::describe(QCommandLineParser &parser)
{
    parser.setApplicationDescription(
        Format::wrapped(QStringLiteral("Inspect Revox AI voice-agent calls: summary, attempts, "
                                       "transcript with tool calls, structured output, "
                                       "recording."),
                        ExportCommandLine::HelpWidth,
                        QString(),
                        0));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addOptions(options());
    parser.addPositionalArgument(
        QStringLiteral("file|call"),
        QStringLiteral("A saved GET /call/{id} response to open, or a call to fetch: its ID, a "
                       "link to it, or revox-inspector://call/<id>."),
        QStringLiteral("[file|call]"));
}

QString Launch::helpText(const QCommandLineParser &parser)
{
    const int width = ExportCommandLine::HelpWidth;
    QString text = parser.helpText();
    // Qt's first line names the executable by the path it was started with.
    text.replace(0,
                 text.indexOf(QLatin1Char('\n')),
                 QStringLiteral("Usage: revox-inspector [options] [file|call]"));
    return text + QStringLiteral("\nExport without a window (no display needed):\n")
           + ExportCommandLine::synopsis(width, QStringLiteral("  "), 6)
           + QStringLiteral("\n  Its options: revox-inspector export --help\n\n")
           + Format::wrapped(QStringLiteral("Exit status of --print, export, and a start that "
                                            "hands its file or call to the open window:"),
                             width,
                             QString(),
                             0)
           + QLatin1Char('\n') + ExitStatus::table(width);
}

Launch Launch::fromParser(const QCommandLineParser &parser)
{
    Launch launch;
    launch.openSample = parser.isSet(QStringLiteral("sample"));
    launch.printAsText = parser.isSet(QStringLiteral("print"));
    launch.newWindow = parser.isSet(QStringLiteral("new-window"));
    const QStringList positional = parser.positionalArguments();
    if (!positional.isEmpty())
        launch.setPositional(positional.constFirst());
    return launch;
}

void Launch::setPositional(const QString &argument)
{
    if (argument.isEmpty())
        return;
    // File managers and some launchers hand over file:// URLs.
    const QUrl url(argument);
    const QString path = url.isLocalFile() ? url.toLocalFile() : argument;
    // A .json name that does not exist is a mistyped file, not a call: "cannot open" is the
    // helpful answer, not "not a call ID".
    if (QFileInfo::exists(path) || path.endsWith(QLatin1String(".json"), Qt::CaseInsensitive))
        input = path;
    else
        callReference = argument;
}

int runHeadless(QCoreApplication &app, const Launch &launch)
{
    Console::ignoreBrokenPipe();
    QCommandLineParser parser;
    Launch::describe(parser);
    if (!parser.parse(app.arguments())) {
        Console::error(QStringLiteral("revox-inspector: %1\nTry: revox-inspector --help")
                           .arg(parser.errorText()));
        return ExitStatus::UsageError;
    }
    if (parser.isSet(QStringLiteral("help-all")))
        parser.process(app); // Qt's own options too; exits
    if (parser.isSet(QStringLiteral("help"))) {
        Console::out(Launch::helpText(parser).toUtf8());
        return ExitStatus::Success;
    }
    if (parser.isSet(QStringLiteral("version")))
        parser.showVersion(); // exits
    const Launch options = Launch::fromParser(parser);

    // Fetching needs the window (and its API client); the export subcommand is the headless way.
    if (!options.callReference.isEmpty()) {
        Console::error(QStringLiteral("Showing the call %1 needs a window. To get it as text "
                                      "without one, run:\n  revox-inspector export %1")
                           .arg(options.callReference));
        return ExitStatus::UsageError;
    }

    // Said first and on stdout, so the text below reads as its continuation.
    if (!launch.noDisplayReason.isEmpty() && !options.printAsText
        && !print(launch.noDisplayReason + QStringLiteral("\n\n")))
        return ExitStatus::OutputNotWritable;
    if (options.input.isEmpty()) {
        const CallParseResult parsed = CallParser::parse(SampleCall::json());
        if (!parsed.isValid()) {
            Console::error(QStringLiteral("the bundled sample call is not a call: %1")
                               .arg(parsed.error.message));
            return ExitStatus::InvalidCallData;
        }
        return print(report(*parsed.call, parsed.warnings)) ? ExitStatus::Success
                                                            : ExitStatus::OutputNotWritable;
    }
    // The window's, `export`'s and the hand-off's refusals, with the same exit status.
    const CallFile::Loaded file = CallFile::load(options.input);
    if (!file.isOk()) {
        Console::error(file.message);
        return ExitStatus::forFile(file.problem);
    }
    return print(report(*file.call, file.warnings)) ? ExitStatus::Success
                                                    : ExitStatus::OutputNotWritable;
}

} // namespace Revox
