#include "app/exportcommandline.h"

#include "core/call/format.h"
#include "core/cli/exitstatus.h"
#include "core/export/redactor.h"

#include <QCommandLineParser>
#include <QFileInfo>

namespace Revox::ExportCommandLine {

namespace {

const QString Help = QStringLiteral("help");
const QString Format = QStringLiteral("format");
const QString Output = QStringLiteral("output");
const QString OutputDir = QStringLiteral("output-dir");
const QString Attempt = QStringLiteral("attempt");
const QString NoTools = QStringLiteral("no-tools");
const QString NoSummary = QStringLiteral("no-summary");
const QString Redact = QStringLiteral("redact");
const QString Timeout = QStringLiteral("timeout");

QString formatNames()
{
    QStringList names;
    for (const ExportFormat format : ExportFormats::all())
        names.append(ExportFormats::extension(format));
    const QString last = names.takeLast();
    return names.join(QStringLiteral(", ")) + QStringLiteral(" or ") + last;
}

// QCommandLineParser skips the first argument as the program name.
bool parseInto(QCommandLineParser &parser, const QStringList &arguments)
{
    describe(parser);
    return parser.parse(QStringList{QStringLiteral("export")} + arguments);
}

// The checks QCommandLineParser cannot make; empty when the settings are usable.
QString complete(const QCommandLineParser &parser, Settings &settings)
{
    settings.calls = parser.positionalArguments();
    if (settings.calls.isEmpty())
        return QStringLiteral("Name at least one call to export.");
    if (parser.isSet(Format)) {
        const auto chosen = ExportFormats::fromName(parser.value(Format));
        if (!chosen)
            return QStringLiteral("Unknown format \"%1\": use %2.")
                .arg(parser.value(Format), formatNames());
        settings.options.format = *chosen;
    }
    if (parser.isSet(Attempt)) {
        const auto chosen = AttemptSelection::fromString(parser.value(Attempt));
        if (!chosen)
            return QStringLiteral("--attempt takes latest, all or a number from 1, not \"%1\".")
                .arg(parser.value(Attempt));
        settings.options.attempts = *chosen;
    }
    if (parser.isSet(Timeout)) {
        bool ok = false;
        const double seconds = parser.value(Timeout).toDouble(&ok);
        if (!ok || seconds <= 0 || seconds > 3600)
            return QStringLiteral("--timeout takes a number of seconds from 0 to 3600, not \"%1\".")
                .arg(parser.value(Timeout));
        settings.timeoutMs = int(seconds * 1000);
    }
    settings.options.includeTools = !parser.isSet(NoTools);
    settings.options.includeSummary = !parser.isSet(NoSummary);
    settings.options.redact = parser.isSet(Redact);
    settings.outputFile = parser.value(Output);
    settings.outputDir = parser.value(OutputDir);
    if (parser.isSet(Output) && parser.isSet(OutputDir))
        return QStringLiteral("Use --output or --output-dir, not both.");
    if ((parser.isSet(Output) && settings.outputFile.isEmpty())
        || (parser.isSet(OutputDir) && settings.outputDir.isEmpty()))
        return QStringLiteral("--output and --output-dir need a path.");
    if (!settings.outputFile.isEmpty()) {
        const QFileInfo target(settings.outputFile);
        for (const QString &call : std::as_const(settings.calls)) {
            if (target.exists() && QFileInfo(call).exists()
                && QFileInfo(call).canonicalFilePath() == target.canonicalFilePath())
                return QStringLiteral(
                           "--output %1 is the call being exported; choose another file.")
                    .arg(settings.outputFile);
        }
    }
    if (settings.calls.size() > 1 && settings.outputDir.isEmpty())
        return QStringLiteral("%1 calls need --output-dir: one file is written per call.")
            .arg(settings.calls.size());
    return {};
}

} // namespace

QList<QCommandLineOption> options()
{
    return {
        {{QStringLiteral("f"), Format},
         QStringLiteral("The format: %1. Default: txt.").arg(formatNames()),
         QStringLiteral("format")},
        {{QStringLiteral("o"), Output},
         QStringLiteral("Write the export to <file>, replaced atomically (one call only). "
                        "Default: standard output."),
         QStringLiteral("file")},
        {{QStringLiteral("d"), OutputDir},
         QStringLiteral("Write one <call-id>-attempt<N>.<ext> per call into <dir>, created if "
                        "missing (a -2 suffix when two calls share a name). Needed for several "
                        "calls."),
         QStringLiteral("dir")},
        {{QStringLiteral("a"), Attempt},
         QStringLiteral("latest (the default), all, or a number: 1 is the first attempt dialled."),
         QStringLiteral("which")},
        {NoTools, QStringLiteral("Leave the agent's tool calls out.")},
        {NoSummary, QStringLiteral("Leave the call summary header out.")},
        // The dialog's redaction note says the same: what is replaced, and what is not.
        {Redact,
         Redactor::coverage()
             + QStringLiteral(" Each is replaced everywhere by a marker: [phone redacted], "
                              "[e-mail redacted], [card redacted], [IBAN redacted].")},
        {Timeout,
         QStringLiteral("Seconds to wait for each try of a request (default 60; failed tries are "
                        "retried)."),
         QStringLiteral("seconds")},
        {{QStringLiteral("h"), Help}, QStringLiteral("Show this help and exit.")},
    };
}

void describe(QCommandLineParser &parser)
{
    // Qt wraps the options' descriptions, not this one.
    parser.setApplicationDescription(
        Format::wrapped(QStringLiteral("Exports calls without opening a window (no display "
                                       "needed). Calls are fetched with REVOX_API_KEY from "
                                       "REVOX_BASE_URL (default https://www.getrevox.com/api), "
                                       "with the app's retries and time limits."),
                        HelpWidth,
                        QString(),
                        0));
    parser.addOptions(options());
    parser.addPositionalArgument(
        QStringLiteral("call"),
        QStringLiteral("A saved GET /call/{id} response (a .json file), or anything the app's "
                       "call field accepts: a call ID, a dashboard or API link, "
                       "revox-inspector://call/<id>."),
        QStringLiteral("<call>..."));
}

Parsed parse(const QStringList &arguments)
{
    QCommandLineParser parser;
    if (!parseInto(parser, arguments))
        return {std::nullopt, false, parser.errorText()};
    if (parser.isSet(Help))
        return {std::nullopt, true, {}};
    Settings settings;
    const QString error = complete(parser, settings);
    if (!error.isEmpty())
        return {std::nullopt, false, error};
    return {settings, false, {}};
}

bool wantsPdf(const QStringList &arguments)
{
    QCommandLineParser parser;
    return parseInto(parser, arguments)
           && ExportFormats::fromName(parser.value(Format)) == ExportFormat::Pdf;
}

QString helpText()
{
    QCommandLineParser parser;
    describe(parser);
    QString text = parser.helpText();
    // Qt's first line names the executable as it was started, without the subcommand.
    text.replace(0,
                 text.indexOf(QLatin1Char('\n')),
                 QStringLiteral("Usage: revox-inspector export <call>... [options]"));
    const QString behaviour = QStringLiteral(
        "With one call and no --output the export goes to standard output. Files are replaced "
        "atomically: a failed write leaves the old file as it was. Progress and errors go to "
        "standard error. With several calls each is exported in turn, past failures, and the "
        "exit status is that of the first failure.");
    return text + QLatin1Char('\n') + Format::wrapped(behaviour, HelpWidth, QString(), 0)
           + QStringLiteral(
               "\n\nExamples:\n"
               "  revox-inspector export call_01JD8X4K2M7QY5ZP3N6RWTB9HE --format md > call.md\n"
               "  revox-inspector export saved.json --attempt all --format pdf -o call.pdf\n"
               "  revox-inspector export $(cat ids.txt) --format csv --redact -d exports/\n"
               "\nExit status:\n")
           + ExitStatus::table(HelpWidth);
}

QString synopsis(int width, const QString &prefix, int indent)
{
    QStringList words{QStringLiteral("revox-inspector export <call>...")};
    for (const QCommandLineOption &option : options()) {
        const QString name = option.names().constLast();
        if (name == Help)
            continue;
        // One word each, so that no line breaks inside an option and its value.
        words.append(option.valueName().isEmpty()
                         ? QStringLiteral("[--%1]").arg(name)
                         : QStringLiteral("[--%1\u00a0<%2>]").arg(name, option.valueName()));
    }
    return Format::wrapped(words.join(QLatin1Char(' ')), width, prefix, indent)
        .replace(QChar(0x00a0), QLatin1Char(' '));
}

} // namespace Revox::ExportCommandLine
