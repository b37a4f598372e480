// revox-bench: how fast a call loads, renders, scrolls, exports and starts, with the baselines
// (raw JSON parse, a minimal Qt program) measured in the same run so ratios hold on a busy
// machine. It prints figures and never fails on them; scripts/run-benchmarks.sh runs it and
// writes docs/benchmarks.md.
//
//   revox-bench run [--sizes 100,1000,10000,100000] [--repeat N] [--pdf-max N]
//                   [--startup-runs N] [--real-sizes 1000,10000,100000] [--real-runs N]
//                   [--web-sizes 20000,100000|none] [--web-runs N] [--json FILE]
//   revox-bench report --notes NOTES.md --out docs/benchmarks.md RUN.json...
//   revox-bench memory-child [CALL.json]     (internal: one fresh process per memory figure)
//   revox-bench first-screen [--turns N] [--repeat N]      (only the first screen, for profiling)
//   revox-bench pdf [--turns N] [--repeat N] [--out FILE]   (only the PDF export, for profiling)
//   revox-bench startup [--runs N]           (only the startup figure, for profiling)
//   revox-bench handoff [--runs N]           (only the single-instance hand-off figure)
//   revox-bench real-open [--sizes 1000,10000,100000] [--runs N]
//                                            (the real app on a call file, library on)
//   revox-bench real-save [--sizes 1000,10000,100000] [--runs N]
//                                            (the real app until the library saved the call:
//                                            longest GUI stall, peak memory)
//   revox-bench ui-stall [--turns N] [--pdf-turns N] [--runs N]
//                                            (longest GUI stall: find, Raw JSON tab, PDF export)
//   revox-bench web-peer [--sizes 20000,100000] [--runs N]
//                                            (headless Chromium on the transcript as a web page)
//   revox-bench generate TURNS FILE          (the generated call, to profile a figure by hand;
//                                            FILE.html: the web peer's page of it)
#include "benchapplication.h"
#include "callgenerator.h"
#include "childbench.h"
#include "realopenbench.h"
#include "realsavebench.h"
#include "report.h"
#include "sizebench.h"
#include "stallbench.h"
#include "webpeerbench.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDateTime>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSaveFile>
#include <QStandardPaths>
#include <QTextStream>

#include <algorithm>
#include <optional>

using namespace Revox::Bench;

namespace {

int fail(const QString &message)
{
    QTextStream(stderr) << "revox-bench: " << message << Qt::endl;
    return 2;
}

StartupPrograms startupPrograms()
{
    return {QStringLiteral(REVOX_APP_BINARY),
            QStringLiteral(REVOX_MINIMAL_BINARY),
            QStringLiteral(REVOX_MINIMAL_LINKED_BINARY)};
}

// Larger calls take seconds per repetition; fewer repetitions keep a full run in minutes.
int repeatFor(int turns, int requested)
{
    if (requested > 0)
        return requested;
    if (turns <= 1000)
        return 15;
    if (turns <= 10000)
        return 7;
    return 3;
}

// A comma-separated list of turn counts; "none" or "" is the empty list.
std::optional<QList<int>> sizeList(const QString &text, int least)
{
    QList<int> sizes;
    if (text.trimmed().isEmpty() || text.trimmed() == QLatin1String("none"))
        return sizes;
    for (const QString &size : text.split(QLatin1Char(','))) {
        bool ok = false;
        const int turns = size.trimmed().toInt(&ok);
        if (!ok || turns < least)
            return std::nullopt;
        sizes.append(turns);
    }
    return sizes;
}

// What a user of the real app waits for: the real open, the save with its stall and memory, the
// stalls of find, the Raw JSON tab and a PDF export, and the web peer.
QJsonObject runRealPath(const QList<int> &sizes, int runs, const QList<int> &webSizes, int webRuns)
{
    QJsonObject realPath;
    if (sizes.isEmpty())
        return realPath;
    realPath.insert(QStringLiteral("open"), runRealOpen(startupPrograms(), sizes, runs));
    realPath.insert(QStringLiteral("save"), runRealSave(startupPrograms(), sizes, runs));
    const int largest = *std::max_element(sizes.cbegin(), sizes.cend());
    realPath.insert(QStringLiteral("ui"),
                    runUiStalls({largest, std::min(10000, largest), std::min(3, runs)}));
    realPath.insert(QStringLiteral("web"),
                    webSizes.isEmpty()
                        ? QJsonObject{{QStringLiteral("skipped"), QStringLiteral("not asked for")}}
                        : runWebPeer(startupPrograms(), webSizes, webRuns));
    return realPath;
}

int run(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.addOption({QStringLiteral("sizes"),
                      QStringLiteral("Turn counts."),
                      QStringLiteral("list"),
                      QStringLiteral("100,1000,10000,100000")});
    parser.addOption({QStringLiteral("repeat"),
                      QStringLiteral("Repetitions per figure (0: by size)."),
                      QStringLiteral("n"),
                      QStringLiteral("0")});
    parser.addOption({QStringLiteral("pdf-max"),
                      QStringLiteral("Largest size exported as PDF."),
                      QStringLiteral("turns"),
                      QStringLiteral("10000")});
    parser.addOption({QStringLiteral("startup-runs"),
                      QStringLiteral("Startup runs of each program."),
                      QStringLiteral("n"),
                      QStringLiteral("15")});
    parser.addOption({QStringLiteral("real-sizes"),
                      QStringLiteral("Turn counts for the real app (none: skip the real path)."),
                      QStringLiteral("list"),
                      QStringLiteral("1000,10000,100000")});
    parser.addOption({QStringLiteral("real-runs"),
                      QStringLiteral("Starts of the real app of each kind per size."),
                      QStringLiteral("n"),
                      QStringLiteral("5")});
    parser.addOption({QStringLiteral("web-sizes"),
                      QStringLiteral("Turn counts for the web peer (none: skip it)."),
                      QStringLiteral("list"),
                      QStringLiteral("20000,100000")});
    parser.addOption({QStringLiteral("web-runs"),
                      QStringLiteral("Renders by Chromium per size."),
                      QStringLiteral("n"),
                      QStringLiteral("3")});
    parser.addOption({QStringLiteral("json"),
                      QStringLiteral("Write the figures to this file."),
                      QStringLiteral("file")});
    parser.process(arguments);
    const std::optional<QList<int>> realSizes = sizeList(parser.value(QStringLiteral("real-sizes")),
                                                         100);
    const std::optional<QList<int>> webSizes = sizeList(parser.value(QStringLiteral("web-sizes")),
                                                        100);
    if (!realSizes || !webSizes)
        return fail(
            QStringLiteral("--real-sizes and --web-sizes take turn counts of at least 100"));

    QList<int> sizes;
    for (const QString &size : parser.value(QStringLiteral("sizes")).split(QLatin1Char(','))) {
        bool ok = false;
        const int turns = size.trimmed().toInt(&ok);
        if (!ok || turns < 100)
            return fail(QStringLiteral("--sizes takes turn counts of at least 100: %1").arg(size));
        sizes.append(turns);
    }
    const int repeat = parser.value(QStringLiteral("repeat")).toInt();
    const int pdfMax = parser.value(QStringLiteral("pdf-max")).toInt();

    QJsonObject result{{QStringLiteral("machine"), machineInfo()},
                       {QStringLiteral("date"),
                        QDateTime::currentDateTimeUtc().toString(Qt::ISODate)},
                       {QStringLiteral("loadBefore"), loadAverage()}};
    QJsonArray sizeFigures;
    for (const int turns : sizes)
        sizeFigures.append(runSize({turns, repeatFor(turns, repeat), turns <= pdfMax}));
    result.insert(QStringLiteral("sizes"), sizeFigures);
    result.insert(QStringLiteral("memory"),
                  runMemory(QCoreApplication::applicationFilePath(), sizes));
    result.insert(QStringLiteral("startup"),
                  runStartup(startupPrograms(),
                             parser.value(QStringLiteral("startup-runs")).toInt()));
    result.insert(QStringLiteral("handOff"),
                  runHandOff(startupPrograms(),
                             parser.value(QStringLiteral("startup-runs")).toInt()));
    result.insert(QStringLiteral("realPath"),
                  runRealPath(*realSizes,
                              std::max(1, parser.value(QStringLiteral("real-runs")).toInt()),
                              *webSizes,
                              std::max(1, parser.value(QStringLiteral("web-runs")).toInt())));
    result.insert(QStringLiteral("loadAfter"), loadAverage());

    const QString path = parser.value(QStringLiteral("json"));
    if (!path.isEmpty()) {
        QSaveFile file(path);
        if (!file.open(QIODevice::WriteOnly)
            || !file.write(QJsonDocument(result).toJson(QJsonDocument::Indented)) || !file.commit())
            return fail(QStringLiteral("cannot write %1: %2").arg(path, file.errorString()));
    }
    return 0;
}

// The options of the commands that take one figure on its own, to profile it (e.g. under
// callgrind) without the whole run around it.
void addFigureOptions(QCommandLineParser &parser)
{
    parser.addOption({QStringLiteral("turns"),
                      QStringLiteral("Turns in the generated call."),
                      QStringLiteral("n"),
                      QStringLiteral("10000")});
    parser.addOption({QStringLiteral("repeat"),
                      QStringLiteral("Repetitions."),
                      QStringLiteral("n"),
                      QStringLiteral("1")});
}

int repeatOption(const QCommandLineParser &parser)
{
    return std::max(1, parser.value(QStringLiteral("repeat")).toInt());
}

int pdf(const QStringList &arguments)
{
    QCommandLineParser parser;
    addFigureOptions(parser);
    parser.addOption(
        {QStringLiteral("out"), QStringLiteral("Also write the PDF here."), QStringLiteral("file")});
    parser.process(arguments);
    const int turns = parser.value(QStringLiteral("turns")).toInt();
    if (turns < 1)
        return fail(QStringLiteral("--turns takes a positive number"));
    const Stats stats = runPdfExport(turns,
                                     repeatOption(parser),
                                     parser.value(QStringLiteral("out")));
    Q_UNUSED(stats)
    // The document's layout is the export's memory: say what the peak was.
    QFile status(QStringLiteral("/proc/self/status"));
    if (status.open(QIODevice::ReadOnly)) {
        for (const QByteArray &line : status.readAll().split('\n')) {
            if (line.startsWith("VmHWM"))
                QTextStream(stdout) << "peak RSS " << line.mid(6).trimmed() << Qt::endl;
        }
    }
    return 0;
}

int firstScreen(const QStringList &arguments)
{
    QCommandLineParser parser;
    addFigureOptions(parser);
    parser.process(arguments);
    const int turns = parser.value(QStringLiteral("turns")).toInt();
    if (turns < 100)
        return fail(QStringLiteral("--turns takes a number of at least 100"));
    runFirstScreen(turns, repeatOption(parser));
    return 0;
}

// The --runs option of the subcommands that start programs: how many starts of each.
int runsOption(const QStringList &arguments, const QString &description)
{
    QCommandLineParser parser;
    parser.addOption(
        {QStringLiteral("runs"), description, QStringLiteral("n"), QStringLiteral("15")});
    parser.process(arguments);
    return std::max(1, parser.value(QStringLiteral("runs")).toInt());
}

int startup(const QStringList &arguments)
{
    runStartup(startupPrograms(),
               runsOption(arguments, QStringLiteral("Startup runs of each program.")));
    return 0;
}

// The --sizes and --runs options of the commands that start the real app on generated calls.
std::optional<std::pair<QList<int>, int>> sizesAndRuns(const QStringList &arguments,
                                                       const QString &defaultSizes,
                                                       const QString &defaultRuns)
{
    QCommandLineParser parser;
    parser.addOption({QStringLiteral("sizes"),
                      QStringLiteral("Turn counts."),
                      QStringLiteral("list"),
                      defaultSizes});
    parser.addOption({QStringLiteral("runs"),
                      QStringLiteral("Starts of each kind per size."),
                      QStringLiteral("n"),
                      defaultRuns});
    parser.process(arguments);
    const std::optional<QList<int>> sizes = sizeList(parser.value(QStringLiteral("sizes")), 100);
    if (!sizes || sizes->isEmpty())
        return std::nullopt;
    return std::pair{*sizes, std::max(1, parser.value(QStringLiteral("runs")).toInt())};
}

int realOpen(const QStringList &arguments)
{
    const auto options = sizesAndRuns(arguments,
                                      QStringLiteral("1000,10000,100000"),
                                      QStringLiteral("5"));
    if (!options)
        return fail(QStringLiteral("--sizes takes turn counts of at least 100"));
    runRealOpen(startupPrograms(), options->first, options->second);
    return 0;
}

int realSave(const QStringList &arguments)
{
    const auto options = sizesAndRuns(arguments,
                                      QStringLiteral("1000,10000,100000"),
                                      QStringLiteral("5"));
    if (!options)
        return fail(QStringLiteral("--sizes takes turn counts of at least 100"));
    runRealSave(startupPrograms(), options->first, options->second);
    return 0;
}

int webPeer(const QStringList &arguments)
{
    const auto options = sizesAndRuns(arguments,
                                      QStringLiteral("20000,100000"),
                                      QStringLiteral("3"));
    if (!options)
        return fail(QStringLiteral("--sizes takes turn counts of at least 100"));
    runWebPeer(startupPrograms(), options->first, options->second);
    return 0;
}

int uiStall(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.addOption({QStringLiteral("turns"),
                      QStringLiteral("Turns for find and the Raw JSON tab."),
                      QStringLiteral("n"),
                      QStringLiteral("100000")});
    parser.addOption({QStringLiteral("pdf-turns"),
                      QStringLiteral("Turns exported as PDF."),
                      QStringLiteral("n"),
                      QStringLiteral("10000")});
    parser.addOption({QStringLiteral("runs"),
                      QStringLiteral("Runs of each."),
                      QStringLiteral("n"),
                      QStringLiteral("3")});
    parser.process(arguments);
    const int turns = parser.value(QStringLiteral("turns")).toInt();
    const int pdfTurns = parser.value(QStringLiteral("pdf-turns")).toInt();
    if (turns < 100 || pdfTurns < 100)
        return fail(QStringLiteral("--turns and --pdf-turns take numbers of at least 100"));
    runUiStalls({turns, pdfTurns, std::max(1, parser.value(QStringLiteral("runs")).toInt())});
    return 0;
}

int handOff(const QStringList &arguments)
{
    runHandOff(startupPrograms(),
               runsOption(arguments, QStringLiteral("Hand-offs, and minimal program starts.")));
    return 0;
}

int report(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.addOption({QStringLiteral("notes"),
                      QStringLiteral("Markdown appended as it is."),
                      QStringLiteral("file")});
    parser.addOption(
        {QStringLiteral("out"), QStringLiteral("The Markdown report."), QStringLiteral("file")});
    parser.addPositionalArgument(QStringLiteral("runs"),
                                 QStringLiteral("JSON files of `run --json`."));
    parser.process(arguments);
    QList<QJsonObject> runs;
    for (const QString &path : parser.positionalArguments()) {
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly))
            return fail(QStringLiteral("cannot read %1: %2").arg(path, file.errorString()));
        const QJsonDocument doc = QJsonDocument::fromJson(file.readAll());
        if (!doc.isObject())
            return fail(QStringLiteral("%1 is not a run's figures").arg(path));
        runs.append(doc.object());
    }
    if (runs.isEmpty())
        return fail(QStringLiteral("report needs at least one run's JSON"));
    QString notes;
    if (parser.isSet(QStringLiteral("notes"))) {
        QFile file(parser.value(QStringLiteral("notes")));
        if (file.open(QIODevice::ReadOnly))
            notes = QString::fromUtf8(file.readAll());
    }
    QSaveFile out(parser.value(QStringLiteral("out")));
    if (!out.open(QIODevice::WriteOnly) || !out.write(markdownReport(runs, notes).toUtf8())
        || !out.commit())
        return fail(QStringLiteral("cannot write %1: %2").arg(out.fileName(), out.errorString()));
    return 0;
}

int generate(const QStringList &arguments)
{
    bool ok = false;
    const int turns = arguments.value(1).toInt(&ok);
    if (!ok || turns < 1 || arguments.size() != 3)
        return fail(QStringLiteral("usage: revox-bench generate TURNS FILE"));
    // FILE.html: the web peer's page of that call, to look at or time by hand.
    const QByteArray call = generateCall(turns);
    const QByteArray bytes = arguments.at(2).endsWith(QLatin1String(".html")) ? transcriptPage(call)
                                                                              : call;
    QSaveFile file(arguments.at(2));
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) < 0 || !file.commit())
        return fail(QStringLiteral("cannot write %1: %2").arg(arguments.at(2), file.errorString()));
    return 0;
}

} // namespace

int main(int argc, char *argv[])
{
    // Benchmarks never read or write anyone's settings, recent calls or keychain entries.
    QStandardPaths::setTestModeEnabled(true);
    qputenv("QT_QPA_PLATFORM",
            qgetenv("QT_QPA_PLATFORM").isEmpty() ? "offscreen" : qgetenv("QT_QPA_PLATFORM"));
    BenchApplication app(argc, argv);
    QStringList arguments = QCoreApplication::arguments();
    const QString command = arguments.value(1);
    arguments.removeAt(1);
    if (command == QLatin1String("run"))
        return run(arguments);
    if (command == QLatin1String("report"))
        return report(arguments);
    if (command == QLatin1String("memory-child"))
        return memoryChild(arguments.value(1));
    if (command == QLatin1String("pdf"))
        return pdf(arguments);
    if (command == QLatin1String("first-screen"))
        return firstScreen(arguments);
    if (command == QLatin1String("startup"))
        return startup(arguments);
    if (command == QLatin1String("handoff"))
        return handOff(arguments);
    if (command == QLatin1String("real-open"))
        return realOpen(arguments);
    if (command == QLatin1String("real-save"))
        return realSave(arguments);
    if (command == QLatin1String("ui-stall"))
        return uiStall(arguments);
    if (command == QLatin1String("web-peer"))
        return webPeer(arguments);
    if (command == QLatin1String("generate"))
        return generate(arguments);
    return fail(QStringLiteral(
        "usage: revox-bench run|report|first-screen|pdf|startup|handoff|real-open|real-save|"
        "ui-stall|web-peer|generate|memory-child [options]"));
}
