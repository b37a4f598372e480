#include "exportcommand.h"

#include "apiclient.h"
#include "apisettings.h"
#include "callfile.h"
#include "callparser.h"
#include "callreference.h"
#include "exporter.h"
#include "exportservice.h"
#include "safefilewriter.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QEventLoop>
#include <QFileInfo>
#include <QGuiApplication>

#include <cerrno>
#include <csignal>
#include <cstdio>

namespace Revox {

namespace {

void writeError(const QString &text)
{
    const QByteArray bytes = text.toUtf8() + '\n';
    std::fwrite(bytes.constData(), 1, size_t(bytes.size()), stderr);
    std::fflush(stderr);
}

// Empty on success, else why standard output took less than everything.
QString writeStdout(const QByteArray &bytes)
{
    errno = 0;
    const size_t written = std::fwrite(bytes.constData(), 1, size_t(bytes.size()), stdout);
    if (written == size_t(bytes.size()) && std::fflush(stdout) == 0 && !std::ferror(stdout))
        return {};
    const int errorNumber = errno;
    if (errorNumber == EPIPE)
        return QStringLiteral("standard output was closed before the export was written (the "
                              "program reading it ended)");
    return QStringLiteral("could not write to standard output: %1")
        .arg(SafeFileWriter::describe(errorNumber, QFileDevice::WriteError, {}).text());
}

QString humanSize(qint64 bytes)
{
    return bytes < 10 * 1024 ? QStringLiteral("%1 bytes").arg(bytes)
                             : QStringLiteral("%1 KiB").arg((bytes + 512) / 1024);
}

struct Loaded
{
    std::optional<Call> call;
    int status = ExportCommand::Success;
    QString message;
};

Loaded loadFile(const QString &path)
{
    // The window's and `--print`'s refusals: a FIFO or a device is refused, never waited on.
    const CallFile::Result file = CallFile::read(path);
    if (!file.isOk())
        return {std::nullopt, CallFile::exitStatus(file.problem), file.message};
    const CallParseResult parsed = CallParser::parse(file.bytes);
    if (!parsed.isValid())
        return {std::nullopt,
                ExportCommand::InvalidCallData,
                QStringLiteral("%1 is not a call: %2").arg(path, parsed.error.message)};
    return {parsed.call, ExportCommand::Success, {}};
}

Loaded fetch(const QString &reference, std::optional<int> timeoutMs, const QString &progressPrefix)
{
    ApiClient client;
    ApiSettings settings = ApiSettings::fromEnvironment();
    if (timeoutMs)
        settings.timeoutMs = *timeoutMs;
    client.setSettings(settings);

    QEventLoop loop;
    FetchResult result;
    QObject::connect(&client, &ApiClient::finished, &loop, [&](quint64, const FetchResult &finished) {
        result = finished;
        loop.quit();
    });
    QObject::connect(&client,
                     &ApiClient::retryScheduled,
                     &loop,
                     [&](quint64, int, int, int, const QString &reason) {
                         writeError(progressPrefix + reason);
                     });
    client.fetchCall(reference);
    loop.exec();
    if (result.isOk())
        return {result.call, ExportCommand::Success, {}};
    return {std::nullopt, ExportCommand::exitStatusFor(result), result.message};
}

bool looksLikeAPath(const QString &input)
{
    return input.endsWith(QLatin1String(".json"), Qt::CaseInsensitive)
           || input.startsWith(QLatin1Char('.'))
           || (input.contains(QLatin1Char('/')) && !input.contains(QLatin1String("://")));
}

} // namespace

bool ExportCommand::isRequested(int argc, char *argv[])
{
    return argc > 1 && qstrcmp(argv[1], "export") == 0;
}

bool ExportCommand::wantsPdf(int argc, char *argv[])
{
    for (int i = 2; i < argc; ++i) {
        const QString arg = QString::fromLocal8Bit(argv[i]);
        QString value;
        if ((arg == QLatin1String("--format") || arg == QLatin1String("-f")) && i + 1 < argc)
            value = QString::fromLocal8Bit(argv[i + 1]);
        else if (arg.startsWith(QLatin1String("--format=")))
            value = arg.mid(9);
        if (ExportFormats::fromName(value) == ExportFormat::Pdf)
            return true;
    }
    return false;
}

int ExportCommand::main(int argc, char *argv[])
{
#ifdef SIGPIPE
    // A reader that went away (`export … | head -c0`) is a write error with exit status 7 and a
    // message, not death by a signal whose status (141) scripts are not told about.
    std::signal(SIGPIPE, SIG_IGN);
#endif
    if (!wantsPdf(argc, argv)) {
        QCoreApplication app(argc, argv);
        return run(app.arguments().mid(2));
    }
    // PDF needs fonts and a paint engine, not a screen: a command line never opens a window, so
    // it uses the offscreen platform unless told otherwise.
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QGuiApplication app(argc, argv);
    return run(app.arguments().mid(2));
}

QString ExportCommand::helpText()
{
    return QStringLiteral(
        "Usage: revox-inspector export <call>... [options]\n"
        "\n"
        "Exports calls without opening a window (no display needed).\n"
        "<call> is a saved GET /call/{id} response (a .json file) or anything the app's call "
        "field\n"
        "accepts: a call ID, a dashboard or API URL, revox-inspector://call/<id>. Calls are "
        "fetched\n"
        "with REVOX_API_KEY from REVOX_BASE_URL (default https://www.getrevox.com/api), with the\n"
        "app's retries and timeouts.\n"
        "\n"
        "Options:\n"
        "  -f, --format <fmt>      txt (default), md, json, csv, html or pdf\n"
        "  -o, --output <file>     write to this file (one call only); default: stdout\n"
        "  -d, --output-dir <dir>  write one <call-id>-<attempt>.<ext> per call here (created if\n"
        "                          missing); required for several calls\n"
        "  -a, --attempt <which>   latest (default), all, or a number: 1 is the first attempt "
        "dialled\n"
        "      --no-tools          leave tool calls out\n"
        "      --no-summary        leave the call summary header out\n"
        "      --redact            replace phone numbers and e-mail addresses\n"
        "      --timeout <s>       seconds to wait for each try of a request (default 60)\n"
        "  -h, --help              show this help\n"
        "\n"
        "Files are replaced atomically. Progress and errors go to stderr. With several calls each\n"
        "is exported in turn, past failures; the exit status is that of the first failure:\n"
        "  0  every call was exported\n"
        "  2  usage error (bad option, bad call reference, several calls without --output-dir)\n"
        "  3  authentication failed (401/403, or no REVOX_API_KEY)\n"
        "  4  a call, file or requested attempt was not found\n"
        "  5  network, timeout or server error\n"
        "  6  the data was not a valid call, or the file cannot be one: not a regular file\n"
        "     (a FIFO, socket, device or directory), unreadable, or over 64 MB\n"
        "  7  an output could not be written\n");
}

std::optional<ExportCommand::Settings> ExportCommand::parse(const QStringList &arguments,
                                                            QString *error,
                                                            bool *helpRequested)
{
    QCommandLineParser parser;
    const QCommandLineOption help({QStringLiteral("h"), QStringLiteral("help")}, QString());
    const QCommandLineOption format({QStringLiteral("f"), QStringLiteral("format")},
                                    QString(),
                                    QStringLiteral("fmt"));
    const QCommandLineOption output({QStringLiteral("o"), QStringLiteral("output")},
                                    QString(),
                                    QStringLiteral("file"));
    const QCommandLineOption outputDir({QStringLiteral("d"), QStringLiteral("output-dir")},
                                       QString(),
                                       QStringLiteral("dir"));
    const QCommandLineOption attempt({QStringLiteral("a"), QStringLiteral("attempt")},
                                     QString(),
                                     QStringLiteral("which"));
    const QCommandLineOption noTools(QStringLiteral("no-tools"), QString());
    const QCommandLineOption noSummary(QStringLiteral("no-summary"), QString());
    const QCommandLineOption redact(QStringLiteral("redact"), QString());
    const QCommandLineOption timeout(QStringLiteral("timeout"),
                                     QString(),
                                     QStringLiteral("seconds"));
    parser.addOptions(
        {help, format, output, outputDir, attempt, noTools, noSummary, redact, timeout});
    // QCommandLineParser skips the first argument as the program name.
    if (!parser.parse(QStringList{QStringLiteral("export")} + arguments)) {
        *error = parser.errorText();
        return std::nullopt;
    }
    *helpRequested = parser.isSet(help);
    if (*helpRequested)
        return std::nullopt;

    Settings settings;
    settings.calls = parser.positionalArguments();
    if (settings.calls.isEmpty()) {
        *error = QStringLiteral("Name at least one call to export.");
        return std::nullopt;
    }
    if (parser.isSet(format)) {
        const auto chosen = ExportFormats::fromName(parser.value(format));
        if (!chosen) {
            *error = QStringLiteral("Unknown format \"%1\": use txt, md, json, csv, html or pdf.")
                         .arg(parser.value(format));
            return std::nullopt;
        }
        settings.options.format = *chosen;
    }
    if (parser.isSet(attempt)) {
        const auto chosen = AttemptSelection::fromString(parser.value(attempt));
        if (!chosen) {
            *error = QStringLiteral("--attempt takes latest, all or a number from 1, not \"%1\".")
                         .arg(parser.value(attempt));
            return std::nullopt;
        }
        settings.options.attempts = *chosen;
    }
    if (parser.isSet(timeout)) {
        bool ok = false;
        const double seconds = parser.value(timeout).toDouble(&ok);
        if (!ok || seconds <= 0 || seconds > 3600) {
            *error = QStringLiteral(
                         "--timeout takes a number of seconds from 0 to 3600, not \"%1\".")
                         .arg(parser.value(timeout));
            return std::nullopt;
        }
        settings.timeoutMs = int(seconds * 1000);
    }
    settings.options.includeTools = !parser.isSet(noTools);
    settings.options.includeSummary = !parser.isSet(noSummary);
    settings.options.redact = parser.isSet(redact);
    settings.outputFile = parser.value(output);
    settings.outputDir = parser.value(outputDir);
    if (parser.isSet(output) && parser.isSet(outputDir)) {
        *error = QStringLiteral("Use --output or --output-dir, not both.");
        return std::nullopt;
    }
    if ((parser.isSet(output) && settings.outputFile.isEmpty())
        || (parser.isSet(outputDir) && settings.outputDir.isEmpty())) {
        *error = QStringLiteral("--output and --output-dir need a path.");
        return std::nullopt;
    }
    if (!settings.outputFile.isEmpty()) {
        const QFileInfo target(settings.outputFile);
        for (const QString &call : std::as_const(settings.calls)) {
            if (target.exists() && QFileInfo(call).exists()
                && QFileInfo(call).canonicalFilePath() == target.canonicalFilePath()) {
                *error = QStringLiteral(
                             "--output %1 is the call being exported; choose another file.")
                             .arg(settings.outputFile);
                return std::nullopt;
            }
        }
    }
    if (settings.calls.size() > 1 && settings.outputDir.isEmpty()) {
        *error = QStringLiteral("%1 calls need --output-dir: one file is written per call.")
                     .arg(settings.calls.size());
        return std::nullopt;
    }
    return settings;
}

int ExportCommand::exitStatusFor(const FetchResult &result)
{
    using Status = FetchResult::Status;
    switch (result.status) {
    case Status::Ok:
        return Success;
    case Status::InvalidReference:
    case Status::InsecureBaseUrl:
        return UsageError;
    case Status::MissingApiKey:
    case Status::Unauthorized:
    case Status::Forbidden:
        return AuthenticationFailed;
    case Status::NotFound:
        return NotFound;
    case Status::TooLarge:
    case Status::InvalidResponse:
        return InvalidCallData;
    case Status::BadRequest:
    case Status::Conflict:
    case Status::Unprocessable:
    case Status::RateLimited:
    case Status::ServerError:
    case Status::OtherHttpError:
    case Status::ConnectionError:
    case Status::Timeout:
    case Status::TlsError:
    case Status::Cancelled:
        return NetworkOrServerError;
    }
    return NetworkOrServerError;
}

ExportCommand::Outcome ExportCommand::exportOne(
    const Settings &settings, const QString &input, int number, int count, QSet<QString> *written)
{
    const QString prefix = count > 1
                               ? QStringLiteral("[%1/%2] %3: ")
                                     .arg(QString::number(number), QString::number(count), input)
                               : QStringLiteral("%1: ").arg(input);
    Loaded loaded;
    // Anything on disk but a directory, and anything written like a path, is a file: CallFile
    // refuses what is missing or cannot be a call (a FIFO, a device) instead of taking it for a
    // call ID. A bare word naming a directory is still a call ID.
    const QFileInfo info(input);
    if ((info.exists() && !info.isDir()) || looksLikeAPath(input)) {
        loaded = loadFile(input);
    } else {
        const CallReference reference = CallReference::parse(input);
        if (reference.isValid()) {
            writeError(prefix + QStringLiteral("fetching call %1…").arg(reference.id));
            loaded = fetch(input, settings.timeoutMs, prefix);
        } else {
            loaded = {std::nullopt, UsageError, reference.error};
        }
    }
    if (!loaded.call)
        return {loaded.status, prefix + loaded.message};

    const ExportResult exported = ExportService::exportCall(*loaded.call, settings.options);
    if (!exported.isOk())
        return {NotFound, prefix + exported.error};

    if (settings.outputFile.isEmpty() && settings.outputDir.isEmpty()) {
        const QString stdoutError = writeStdout(exported.data);
        if (!stdoutError.isEmpty())
            return {OutputNotWritable, prefix + stdoutError};
        return {Success, {}};
    }
    QString path = settings.outputFile;
    if (path.isEmpty()) {
        if (!QDir().mkpath(settings.outputDir))
            return {OutputNotWritable,
                    prefix
                        + QStringLiteral("cannot create the directory %1").arg(settings.outputDir)};
        const QString name = Exporter::suggestedFileName(*loaded.call, settings.options);
        path = QDir(settings.outputDir).filePath(name);
        // The same call named twice (by ID and by a saved file) gets a second file, not a loss.
        const QFileInfo info(name);
        for (int copy = 2; written->contains(QFileInfo(path).absoluteFilePath()); ++copy) {
            path = QDir(settings.outputDir)
                       .filePath(
                           QStringLiteral("%1-%2.%3")
                               .arg(info.completeBaseName(), QString::number(copy), info.suffix()));
        }
    }
    written->insert(QFileInfo(path).absoluteFilePath());
    const FileWriteError error = SafeFileWriter::writeFile(path, exported.data);
    if (!error.isOk()) {
        return {OutputNotWritable,
                prefix
                    + QStringLiteral("cannot write %1: %2")
                          .arg(QDir::toNativeSeparators(path), error.text())};
    }
    writeError(prefix
               + QStringLiteral("wrote %1 (%2)")
                     .arg(QDir::toNativeSeparators(path), humanSize(exported.data.size())));
    return {Success, {}};
}

int ExportCommand::run(const QStringList &arguments)
{
    QString error;
    bool helpRequested = false;
    const std::optional<Settings> settings = parse(arguments, &error, &helpRequested);
    if (helpRequested) {
        writeStdout(helpText().toUtf8());
        return Success;
    }
    if (!settings) {
        writeError(QStringLiteral("revox-inspector export: %1\nTry: revox-inspector export --help")
                       .arg(error));
        return UsageError;
    }

    int status = Success;
    int failures = 0;
    const int count = int(settings->calls.size());
    QSet<QString> written;
    for (int i = 0; i < count; ++i) {
        const Outcome outcome = exportOne(*settings, settings->calls.at(i), i + 1, count, &written);
        if (outcome.status == Success)
            continue;
        ++failures;
        writeError(outcome.message);
        if (status == Success)
            status = outcome.status;
    }
    if (count > 1) {
        writeError(failures == 0 ? QStringLiteral("Exported all %1 calls.").arg(count)
                                 : QStringLiteral("Exported %1 of %2 calls; %3 failed.")
                                       .arg(QString::number(count - failures),
                                            QString::number(count),
                                            QString::number(failures)));
    }
    return status;
}

} // namespace Revox
