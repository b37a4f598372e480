#include "headless.h"

#include "callfile.h"
#include "callparser.h"
#include "samplecall.h"
#include "textreport.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QFileInfo>
#include <QTextStream>
#include <QUrl>

#include <cstdio>

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

void writeTo(FILE *stream, const QString &text)
{
    const QByteArray bytes = text.toUtf8();
    std::fwrite(bytes.constData(), 1, static_cast<size_t>(bytes.size()), stream);
    std::fflush(stream);
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

void Launch::describe(QCommandLineParser &parser)
{
    parser.setApplicationDescription(QStringLiteral(
        "Inspect Revox AI voice-agent calls: summary, attempts, "
        "transcript with tool calls, structured output, recording.\n\n"
        "Export without a window (no display needed):\n"
        "  revox-inspector export <call>... [--format txt|md|json|csv|html|pdf]\n"
        "      [--output FILE | --output-dir DIR] [--attempt latest|all|N] [--no-tools]\n"
        "      [--redact] [--timeout SECONDS]\n"
        "  See: revox-inspector export --help"));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addOption({QStringLiteral("sample"),
                      QStringLiteral("Open the bundled sample call (no API key needed).")});
    parser.addOption({QStringLiteral("new-window"),
                      QStringLiteral("Open a window of its own even when one is open already. "
                                     "Without it, a file or call is shown in the open window.")});
    parser.addOption({QStringLiteral("print"),
                      QStringLiteral("Print the call as plain text to stdout instead of "
                                     "opening a window.")});
    parser.addPositionalArgument(
        QStringLiteral("file|call"),
        QStringLiteral("A saved GET /call/{id} response to open, or a call to fetch: its ID, a "
                       "link to it, or revox-inspector://call/<id>."),
        QStringLiteral("[file|call]"));
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
    QCommandLineParser parser;
    Launch::describe(parser);
    parser.process(app); // exits for --help and --version
    const Launch options = Launch::fromParser(parser);

    // Fetching needs the window (and its API client); the export subcommand is the headless way.
    if (!options.callReference.isEmpty()) {
        writeTo(stderr,
                QStringLiteral("Showing the call %1 needs a window. To get it as text without "
                               "one, run:\n  revox-inspector export %1\n")
                    .arg(options.callReference));
        return 2;
    }

    // Said first and on stdout, so the text below reads as its continuation.
    if (!launch.noDisplayReason.isEmpty() && !options.printAsText)
        writeTo(stdout, launch.noDisplayReason + QStringLiteral("\n\n"));

    QByteArray body;
    QString source;
    if (options.input.isEmpty()) {
        body = SampleCall::json();
        source = QStringLiteral("the bundled sample call");
    } else {
        // The window's and `export`'s refusals, with `export`'s exit status for a bad input.
        const CallFile::Result file = CallFile::read(options.input);
        if (!file.isOk()) {
            writeTo(stderr, file.message + QLatin1Char('\n'));
            return CallFile::exitStatus(file.problem);
        }
        body = file.bytes;
        source = options.input;
    }

    const CallParseResult parsed = CallParser::parse(body);
    if (!parsed.isValid()) {
        writeTo(stderr, QStringLiteral("%1 is not a call: %2\n").arg(source, parsed.error.message));
        return 6;
    }
    const Call &call = *parsed.call;
    QString text = TextReport::callSummary(call) + QStringLiteral("\n");
    for (const QString &warning : parsed.warnings)
        text += QStringLiteral("Note: %1\n").arg(warning);
    const int count = int(call.callAttempts.size());
    for (int i = 0; i < count; ++i) {
        const CallAttempt &attempt = call.callAttempts.at(i);
        // The API lists attempts most recent first; number them in the order they happened.
        text += QStringLiteral("\n== %1 ==\n\n")
                    .arg(TextReport::attemptHeader(attempt, count - i, count));
        text += TextReport::transcript(attempt) + QStringLiteral("\n");
    }
    writeTo(stdout, text);
    return 0;
}

} // namespace Revox
