#include "report.h"

#include "realpathreport.h"
#include "reportruns.h"

#include <QDateTime>
#include <QFile>
#include <QJsonArray>
#include <QLocale>
#include <QRegularExpression>
#include <QStringList>
#include <QSysInfo>
#include <QThread>

#include <algorithm>
#include <optional>

namespace Revox::Bench {

namespace {

QString readProc(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? QString::fromLatin1(file.readAll()) : QString();
}

} // namespace

QString loadAverage()
{
    return readProc(QStringLiteral("/proc/loadavg")).section(QLatin1Char(' '), 0, 2);
}

QJsonObject machineInfo()
{
    const QString cpuinfo = readProc(QStringLiteral("/proc/cpuinfo"));
    const QRegularExpressionMatch cpu = QRegularExpression(QStringLiteral(
                                                               "^model name\\s*:\\s*(.+)$"),
                                                           QRegularExpression::MultilineOption)
                                            .match(cpuinfo);
    const QRegularExpressionMatch ram = QRegularExpression(QStringLiteral(
                                                               "^MemTotal:\\s+(\\d+) kB"),
                                                           QRegularExpression::MultilineOption)
                                            .match(readProc(QStringLiteral("/proc/meminfo")));
    return {
        {QStringLiteral("cpu"),
         cpu.hasMatch() ? cpu.captured(1).trimmed() : QSysInfo::currentCpuArchitecture()},
        {QStringLiteral("cores"), QThread::idealThreadCount()},
        {QStringLiteral("ramKiB"), ram.hasMatch() ? ram.captured(1).toDouble() : 0.0},
        {QStringLiteral("os"), QSysInfo::prettyProductName()},
        {QStringLiteral("qt"), QString::fromLatin1(qVersion())},
        {QStringLiteral("build"), QStringLiteral(REVOX_BUILD_TYPE)},
    };
}

QString markdownReport(const QList<QJsonObject> &runList, const QString &notes)
{
    const Runs runs(runList);
    const QJsonObject machine = runs.first().value(QStringLiteral("machine")).toObject();
    QStringList loads;
    for (const QJsonObject &run : runList)
        loads.append(
            QStringLiteral("%1 → %2").arg(run.value(QStringLiteral("loadBefore")).toString(),
                                          run.value(QStringLiteral("loadAfter")).toString()));
    const QList<int> sizes = runs.sizes();

    QString md;
    md += QStringLiteral("# Benchmarks\n\n");
    // Runs written before the build type was recorded came from the script's Release build.
    const QString build = machine.value(QStringLiteral("build")).toString(QStringLiteral("Release"));
    md += QStringLiteral("Written by `revox-bench report` from `revox-bench run` (%1 build, "
                         "`QT_QPA_PLATFORM=offscreen`; `scripts/run-benchmarks.sh` does both "
                         "with a Release build); do not ")
              .arg(build);
    md += QStringLiteral(""
                         "edit by hand: hand-written notes live in `docs/benchmark-notes.md` and "
                         "are appended below. "
                         "Each figure is the median of %1 runs of `revox-bench run`, each run "
                         "itself the median of "
                         "several repetitions; *spread* is how far apart the runs' medians were "
                         "(max − min, as a "
                         "share of the median), i.e. how noisy the machine was.\n\n")
              .arg(runs.count());
    md += QStringLiteral("- Machine: %1, %2 cores (`nproc`), %3 GiB RAM, %4\n")
              .arg(machine.value(QStringLiteral("cpu")).toString())
              .arg(machine.value(QStringLiteral("cores")).toInt())
              .arg(machine.value(QStringLiteral("ramKiB")).toDouble() / (1024 * 1024), 0, 'f', 1)
              .arg(machine.value(QStringLiteral("os")).toString());
    md += QStringLiteral("- Qt %1; date %2\n")
              .arg(machine.value(QStringLiteral("qt")).toString(),
                   runs.first().value(QStringLiteral("date")).toString());
    md += QStringLiteral("- Load average (1/5/15 min) before → after each run: %1 (a virtual "
                         "machine; about 1 is the benchmark itself, more means other work ran "
                         "beside it)\n\n")
              .arg(loads.join(QStringLiteral("; ")));

    md += QStringLiteral("## Figures\n\n| Turns |");
    for (const int turns : sizes)
        md += QLatin1Char(' ') + thousands(turns) + QStringLiteral(" |");
    md += QStringLiteral(" Spread (worst) |\n|---|");
    for (int i = 0; i < sizes.size(); ++i)
        md += QStringLiteral("---:|");
    md += QStringLiteral("---:|\n");

    struct Row
    {
        QString label;
        QString metric;
        QString (*format)(double);
    };
    const QList<Row> rows{
        {QStringLiteral("JSON size"), QStringLiteral("jsonBytes"), mib},
        {QStringLiteral("Raw parse (`QJsonDocument::fromJson`, the floor)"),
         QStringLiteral("rawParse"),
         ms},
        {QStringLiteral("Load (bytes → Call → all models)"), QStringLiteral("load"), ms},
        {QStringLiteral("First screen (load + window laid out and painted)"),
         QStringLiteral("firstScreen"),
         ms},
        {QStringLiteral("Every row measured (batched layout done)"),
         QStringLiteral("fullLayout"),
         ms},
        {QStringLiteral("Scroll top → end + paint"), QStringLiteral("scrollToEnd"), ms},
        {QStringLiteral("Find (1% of turns): count + first highlight"), QStringLiteral("find"), ms},
        {QStringLiteral("Open the Raw JSON tab (its first rows painted)"),
         QStringLiteral("rawTab"),
         ms},
        {QStringLiteral("Export txt"), QStringLiteral("export.txt"), ms},
        {QStringLiteral("Export md"), QStringLiteral("export.md"), ms},
        {QStringLiteral("Export json"), QStringLiteral("export.json"), ms},
        {QStringLiteral("Export csv"), QStringLiteral("export.csv"), ms},
        {QStringLiteral("Export html"), QStringLiteral("export.html"), ms},
        {QStringLiteral("Export pdf (to a temp file)"), QStringLiteral("export.pdf"), ms},
    };
    for (const Row &row : rows) {
        md += QStringLiteral("| ") + row.label + QStringLiteral(" |");
        double worst = 0;
        for (const int turns : sizes) {
            const Combined figure = runs.size(turns, row.metric);
            worst = std::max(worst, figure.spreadPercent);
            md += QLatin1Char(' ') + cell(figure, row.format) + QStringLiteral(" |");
        }
        md += QLatin1Char(' ') + spreadNote(worst) + QStringLiteral(" |\n");
    }
    // Peak memory, from fresh processes.
    const Combined emptyHwm = runs.at(
        {QStringLiteral("memory"), QStringLiteral("empty"), QStringLiteral("hwmKiB")});
    md += QStringLiteral("| Peak RSS with the call shown (VmHWM) |");
    for (const int turns : sizes)
        md += QLatin1Char(' ')
              + cell(runs.at({QStringLiteral("memory"),
                              QString::number(turns),
                              QStringLiteral("hwmKiB")}),
                     [](double kib) { return mib(kib * 1024); })
              + QStringLiteral(" |");
    md += QStringLiteral(" |\n| Peak RSS above the empty window ÷ JSON size |");
    for (const int turns : sizes) {
        const Combined hwm = runs.at(
            {QStringLiteral("memory"), QString::number(turns), QStringLiteral("hwmKiB")});
        const Combined json = runs.size(turns, QStringLiteral("jsonBytes"));
        md += hwm.present && json.present
                  ? QStringLiteral(" %1× |").arg((hwm.value - emptyHwm.value) * 1024 / json.value,
                                                 0,
                                                 'f',
                                                 2)
                  : QStringLiteral(" n/a |");
    }
    md += QStringLiteral(" |\n\n");
    const auto startup = [&runs](const char *key) {
        return runs.at({QStringLiteral("startup"), QLatin1String(key)});
    };
    md += QStringLiteral("Empty window's peak RSS: %1. Startup (process start → first paint, "
                         "median of the runs' medians): app on the sample call %2, minimal Qt "
                         "Widgets program %3; the floors under any window that shows a call, "
                         "measured alternately with them: the minimal program with one line of "
                         "text %4, and that program linked against the app's libraries %5.\n\n")
              .arg(cell(emptyHwm, [](double kib) { return mib(kib * 1024); }),
                   cell(startup("app")),
                   cell(startup("minimal")),
                   cell(startup("minimalText")),
                   cell(startup("minimalTextLinked")));

    md += realPathSection(runs);

    // Targets.
    md += QStringLiteral(
        "## Targets\n\n| Target | Where we stand | Ratio to target | |\n|---|---|---:|:-:|\n");
    const auto target = [&md](const QString &what, const QString &stand, double ratio) {
        md += targetRow(what, stand, ratio);
    };
    const auto sizeFigure = [&runs](int turns, const char *metric) {
        return runs.size(turns, QLatin1String(metric));
    };
    for (const int turns : {10000, 100000}) {
        const Combined first = sizeFigure(turns, "firstScreen");
        const Combined raw = sizeFigure(turns, "rawParse");
        if (first.present && raw.present)
            target(QStringLiteral("First screen ≤ 2× raw parse at %1 turns").arg(thousands(turns)),
                   QStringLiteral("%1 = %2× the parse (%3)")
                       .arg(ms(first.value))
                       .arg(first.value / raw.value, 0, 'f', 2)
                       .arg(ms(raw.value)),
                   first.value / raw.value / 2);
    }
    {
        const Combined big = sizeFigure(100000, "firstScreen");
        const Combined small = sizeFigure(10000, "firstScreen");
        if (big.present && small.present)
            target(QStringLiteral("Linear growth: first screen at 100,000 ≤ 11× at 10,000"),
                   QStringLiteral("%1×").arg(big.value / small.value, 0, 'f', 2),
                   big.value / small.value / 11);
    }
    if (const Combined scroll = sizeFigure(100000, "scrollToEnd"); scroll.present)
        target(QStringLiteral("Scroll to end + paint at 100,000 turns < 50 ms"),
               ms(scroll.value),
               scroll.value / 50);
    if (const Combined find = sizeFigure(100000, "find"); find.present)
        target(QStringLiteral("Find at 100,000 turns < 100 ms"), ms(find.value), find.value / 100);
    for (const char *format : {"txt", "md", "json", "csv", "html"}) {
        const Combined figure = runs.size(10000, QStringLiteral("export.") + QLatin1String(format));
        if (figure.present)
            target(QStringLiteral("Export %1 of 10,000 turns < 150 ms").arg(QLatin1String(format)),
                   ms(figure.value),
                   figure.value / 150);
    }
    if (const Combined pdf = sizeFigure(10000, "export.pdf"); pdf.present)
        target(QStringLiteral("Export pdf of 10,000 turns < 5 s"), ms(pdf.value), pdf.value / 5000);
    {
        const Combined hwm = runs.at(
            {QStringLiteral("memory"), QStringLiteral("100000"), QStringLiteral("hwmKiB")});
        const Combined json = sizeFigure(100000, "jsonBytes");
        if (hwm.present && json.present && emptyHwm.present) {
            const double ratio = (hwm.value - emptyHwm.value) * 1024 / json.value;
            target(QStringLiteral("Peak RSS at 100,000 turns ≤ 3× the JSON above the empty "
                                  "window (in-process window, no library)"),
                   QStringLiteral("%1 above the empty window for %2 of JSON = %3×")
                       .arg(mib((hwm.value - emptyHwm.value) * 1024), mib(json.value))
                       .arg(ratio, 0, 'f', 2),
                   ratio / 3);
        }
    }
    md += realPathTargets(runs);
    const Combined minimal = startup("minimal");
    md += QStringLiteral("\nA ratio ≤ 1.00 meets the target. The targets are from issues 9 and "
                         "19 (issue 19: the real binary's figures, and startup measured against "
                         "the minimal program showing a line of text linked as the app is, "
                         "instead of 1.5× an empty window); the benchmarks report, they never "
                         "fail a build.\n");
    const Combined text = startup("minimalText");
    const Combined linked = startup("minimalTextLinked");
    if (minimal.present && text.present && linked.present) {
        md += QStringLiteral("\nThe startup target's floor, from the same runs: the minimal "
                             "program showing one line of text reaches its first paint in %1 "
                             "(%2× the empty window), and linked against the app's libraries in "
                             "%3 (%4×).\n")
                  .arg(ms(text.value))
                  .arg(text.value / minimal.value, 0, 'f', 2)
                  .arg(ms(linked.value))
                  .arg(linked.value / minimal.value, 0, 'f', 2);
    }
    const auto handOffFigure = [&runs](const char *key) {
        return runs.at({QStringLiteral("handOff"), QLatin1String(key)});
    };
    const Combined handOff = handOffFigure("handOffToExit");
    const Combined handOffMinimal = handOffFigure("minimalToPaint");
    const Combined ownWindow = handOffFigure("appNewWindowToPaint");
    if (handOff.present && handOffMinimal.present && ownWindow.present) {
        md += QStringLiteral("\nWith the app open, a second `revox-inspector FILE` hands the file "
                             "to the open window and exits in %1 (process start → exit), against "
                             "%2 for the minimal Qt program's start → first paint: %3× (spread "
                             "%4 / %5). Opening the file in a window of its own (`--new-window`) "
                             "takes %6 to first paint, from the same alternating runs.\n")
                  .arg(ms(handOff.value), ms(handOffMinimal.value))
                  .arg(handOff.value / handOffMinimal.value, 0, 'f', 2)
                  .arg(spreadNote(handOff.spreadPercent),
                       spreadNote(handOffMinimal.spreadPercent),
                       ms(ownWindow.value));
    }
    if (!notes.trimmed().isEmpty())
        md += QLatin1Char('\n') + notes.trimmed() + QLatin1Char('\n');
    return md;
}

} // namespace Revox::Bench
