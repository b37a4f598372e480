#include "app/exportcommand.h"

#include "app/console.h"
#include "core/api/apiclient.h"
#include "core/api/apisettings.h"
#include "core/api/callreference.h"
#include "core/call/callfile.h"
#include "core/cli/exitstatus.h"
#include "core/common/safefilewriter.h"
#include "core/export/exporter.h"
#include "pdf/exportservice.h"

#include <QCoreApplication>
#include <QDir>
#include <QEventLoop>
#include <QFileInfo>
#include <QGuiApplication>

namespace Revox {

namespace {

QString humanSize(qint64 bytes)
{
    return bytes < 10 * 1024 ? QStringLiteral("%1 bytes").arg(bytes)
                             : QStringLiteral("%1 KiB").arg((bytes + 512) / 1024);
}

struct Loaded
{
    std::optional<Call> call;
    int status = ExitStatus::Success;
    QString message;
};

Loaded loadFile(const QString &path)
{
    // The window's, `--print`'s and the hand-off's refusals, in the same words.
    CallFile::Loaded file = CallFile::load(path);
    if (!file.isOk())
        return {std::nullopt, ExitStatus::forFile(file.problem), file.message};
    return {std::move(file.call), ExitStatus::Success, {}};
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
    // finished() never comes before fetchCall() returns, so connecting afterwards is safe.
    FetchJob *job = client.fetchCall(reference);
    QObject::connect(job, &FetchJob::finished, &loop, [&](const FetchResult &finished) {
        result = finished;
        loop.quit();
    });
    QObject::connect(job,
                     &FetchJob::retryScheduled,
                     &loop,
                     [&](int, int, int, const QString &reason) {
                         Console::error(progressPrefix + reason);
                     });
    loop.exec();
    if (result.isOk())
        return {result.call, ExitStatus::Success, {}};
    return {std::nullopt, ExitStatus::forFetch(result), result.message};
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

int ExportCommand::main(int argc, char *argv[])
{
    Console::ignoreBrokenPipe();
    QStringList arguments;
    for (int i = 2; i < argc; ++i)
        arguments.append(QString::fromLocal8Bit(argv[i]));
    if (!ExportCommandLine::wantsPdf(arguments)) {
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

ExportCommand::Outcome ExportCommand::exportOne(const ExportCommandLine::Settings &settings,
                                                const QString &input,
                                                int number,
                                                int count,
                                                QSet<QString> *written)
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
            Console::error(prefix + QStringLiteral("fetching call %1…").arg(reference.id));
            loaded = fetch(input, settings.timeoutMs, prefix);
        } else {
            loaded = {std::nullopt, ExitStatus::UsageError, reference.error};
        }
    }
    if (!loaded.call)
        return {loaded.status, prefix + loaded.message};

    // The one entry point for every format, PDF included: the dialog's too.
    const ExportResult exported = ExportService::exportCall(*loaded.call, settings.options);
    if (!exported.isOk())
        return {ExitStatus::NotFound, prefix + exported.error};

    if (settings.outputFile.isEmpty() && settings.outputDir.isEmpty()) {
        const QString stdoutError = Console::out(exported.data);
        if (!stdoutError.isEmpty())
            return {ExitStatus::OutputNotWritable, prefix + stdoutError};
        return {ExitStatus::Success, {}};
    }
    QString path = settings.outputFile;
    if (path.isEmpty()) {
        if (!QDir().mkpath(settings.outputDir))
            return {ExitStatus::OutputNotWritable,
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
        return {ExitStatus::OutputNotWritable,
                prefix
                    + QStringLiteral("cannot write %1: %2")
                          .arg(QDir::toNativeSeparators(path), error.text())};
    }
    Console::error(prefix
                   + QStringLiteral("wrote %1 (%2)")
                         .arg(QDir::toNativeSeparators(path), humanSize(exported.data.size())));
    return {ExitStatus::Success, {}};
}

int ExportCommand::run(const QStringList &arguments)
{
    const ExportCommandLine::Parsed parsed = ExportCommandLine::parse(arguments);
    if (parsed.helpRequested) {
        Console::out(ExportCommandLine::helpText().toUtf8());
        return ExitStatus::Success;
    }
    if (!parsed.settings) {
        Console::error(
            QStringLiteral("revox-inspector export: %1\nTry: revox-inspector export --help")
                .arg(parsed.error));
        return ExitStatus::UsageError;
    }
    const ExportCommandLine::Settings &settings = *parsed.settings;

    int status = ExitStatus::Success;
    int failures = 0;
    const int count = int(settings.calls.size());
    QSet<QString> written;
    for (int i = 0; i < count; ++i) {
        const Outcome outcome = exportOne(settings, settings.calls.at(i), i + 1, count, &written);
        if (outcome.status == ExitStatus::Success)
            continue;
        ++failures;
        Console::error(outcome.message);
        if (status == ExitStatus::Success)
            status = outcome.status;
    }
    if (count > 1) {
        Console::error(failures == 0 ? QStringLiteral("Exported all %1 calls.").arg(count)
                                     : QStringLiteral("Exported %1 of %2 calls; %3 failed.")
                                           .arg(QString::number(count - failures),
                                                QString::number(count),
                                                QString::number(failures)));
    }
    return status;
}

} // namespace Revox
