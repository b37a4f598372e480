#include "realpathreport.h"

#include <QJsonValue>

namespace Revox::Bench {

namespace {

constexpr double StallTargetMs = 50;
constexpr double RealOpenTarget = 1.5;
constexpr double WebPeerTarget = 20;
constexpr double MemoryTarget = 3;
constexpr double StartupTarget = 2;
constexpr double HandOffTarget = 1;
constexpr double RawTabTargetMs = 100;

const QString RealPath = QStringLiteral("realPath");

QString kib(double value)
{
    return mib(value * 1024);
}

QString times(double ratio)
{
    return QStringLiteral("%1×").arg(ratio, 0, 'f', 2);
}

// The sizes a part of the real path was run at, from the first run (e.g. {"open"}).
QList<int> sizesOf(const Runs &runs, const QString &part)
{
    QList<int> sizes;
    const QJsonObject object = runs.first().value(RealPath).toObject().value(part).toObject();
    for (auto it = object.begin(); it != object.end(); ++it) {
        bool ok = false;
        const int turns = it.key().toInt(&ok);
        if (ok)
            sizes.append(turns);
    }
    std::sort(sizes.begin(), sizes.end());
    return sizes;
}

Combined real(const Runs &runs, const QStringList &path)
{
    return runs.at(QStringList{RealPath} + path);
}

struct OpenFigures
{
    Combined empty;
    Combined saved;
    Combined floor;
    double json = 0;
};

OpenFigures openAt(const Runs &runs, int turns)
{
    const QString key = QString::number(turns);
    OpenFigures figures;
    figures.empty = real(runs, {QStringLiteral("open"), key, QStringLiteral("emptyLibraryToPaint")});
    figures.saved = real(runs, {QStringLiteral("open"), key, QStringLiteral("savedToPaint")});
    const Combined minimal = real(runs,
                                  {QStringLiteral("open"), key, QStringLiteral("minimalToPaint")});
    const Combined parse = real(runs, {QStringLiteral("open"), key, QStringLiteral("rawParseMs")});
    figures.floor.present = minimal.present && parse.present;
    figures.floor.value = minimal.value + parse.value;
    figures.json = real(runs, {QStringLiteral("open"), key, QStringLiteral("jsonBytes")}).value;
    return figures;
}

struct SaveFigures
{
    Combined gap;
    Combined afterPaint;
    Combined peak;
    Combined emptyPeak;
    double json = 0;
    double aboveEmptyPerJson() const { return (peak.value - emptyPeak.value) * 1024 / json; }
};

SaveFigures saveAt(const Runs &runs, int turns)
{
    const QString key = QString::number(turns);
    return {real(runs, {QStringLiteral("save"), key, QStringLiteral("longestGapMs")}),
            real(runs, {QStringLiteral("save"), key, QStringLiteral("afterPaintMs")}),
            real(runs, {QStringLiteral("save"), key, QStringLiteral("peakKiB")}),
            real(runs, {QStringLiteral("save"), QStringLiteral("empty"), QStringLiteral("peakKiB")}),
            real(runs, {QStringLiteral("save"), key, QStringLiteral("jsonBytes")}).value};
}

// {figure key, what the user did, size key}
struct UiStall
{
    const char *key;
    QString what;
};

QList<UiStall> uiStalls(const Runs &runs)
{
    const QJsonObject ui
        = runs.first().value(RealPath).toObject().value(QStringLiteral("ui")).toObject();
    const QString turns = thousands(ui.value(QStringLiteral("turns")).toInt());
    const QString pdfTurns = thousands(ui.value(QStringLiteral("pdfTurns")).toInt());
    return {{"find", QStringLiteral("typing the rare word into find, %1 turns").arg(turns)},
            {"rawJsonTab", QStringLiteral("opening the Raw JSON tab, %1 turns").arg(turns)},
            {"pdfExport",
             QStringLiteral("PDF export of %1 turns from the export dialog").arg(pdfTurns)}};
}

QString webSkipped(const Runs &runs)
{
    return runs.first()
        .value(RealPath)
        .toObject()
        .value(QStringLiteral("web"))
        .toObject()
        .value(QStringLiteral("skipped"))
        .toString();
}

struct Versus
{
    Combined measured;
    Combined floor;
    double ratio() const { return measured.value / floor.value; }
    bool present() const { return measured.present && floor.present && floor.value > 0; }
};

Versus startup(const Runs &runs)
{
    return {runs.at({QStringLiteral("startup"), QStringLiteral("app")}),
            runs.at({QStringLiteral("startup"), QStringLiteral("minimalTextLinked")})};
}

Versus handOff(const Runs &runs)
{
    return {runs.at({QStringLiteral("handOff"), QStringLiteral("handOffToExit")}),
            runs.at({QStringLiteral("handOff"), QStringLiteral("minimalToPaint")})};
}

Versus webPeer(const Runs &runs, int turns)
{
    const QString key = QString::number(turns);
    return {real(runs, {QStringLiteral("web"), key, QStringLiteral("chromiumToExit")}),
            real(runs, {QStringLiteral("web"), key, QStringLiteral("appToPaint")})};
}

QString row(const QString &label, const QStringList &cells)
{
    return QStringLiteral("| %1 | %2 |\n").arg(label, cells.join(QStringLiteral(" | ")));
}

} // namespace

QString realPathSection(const Runs &runs)
{
    const QList<int> sizes = sizesOf(runs, QStringLiteral("open"));
    if (sizes.isEmpty())
        return {};
    QString md = QStringLiteral(
        "## Real path\n\nWhat a user of the real binary waits for: whole processes started as a "
        "user starts them (`revox-inspector --new-window FILE`, the library on), each beside its "
        "floor or peer measured alternately in the same run. See *How each figure is taken*.\n\n"
        "| Turns |");
    for (const int turns : sizes)
        md += QLatin1Char(' ') + thousands(turns) + QStringLiteral(" |");
    md += QStringLiteral("\n|---|") + QStringLiteral("---:|").repeated(sizes.size())
          + QLatin1Char('\n');

    QStringList json, empty, saved, floor, ratios, gaps, after, peaks, perJson;
    for (const int turns : sizes) {
        const OpenFigures open = openAt(runs, turns);
        const SaveFigures save = saveAt(runs, turns);
        json << mib(open.json);
        empty << cell(open.empty);
        saved << cell(open.saved);
        floor << cell(open.floor);
        ratios << (open.floor.present && open.empty.present && open.saved.present
                       ? QStringLiteral("%1 / %2").arg(times(open.empty.value / open.floor.value),
                                                       times(open.saved.value / open.floor.value))
                       : QStringLiteral("n/a"));
        gaps << cell(save.gap);
        after << cell(save.afterPaint);
        peaks << cell(save.peak, kib);
        perJson << (save.peak.present && save.emptyPeak.present ? times(save.aboveEmptyPerJson())
                                                                : QStringLiteral("n/a"));
    }
    md += row(QStringLiteral("JSON size"), json);
    md += row(QStringLiteral(
                  "Real open, library empty (start → first paint of the transcript rows)"),
              empty);
    md += row(QStringLiteral("Real open, call already saved"), saved);
    md += row(QStringLiteral("Floor: bare Qt window start → first paint + raw parse"), floor);
    md += row(QStringLiteral("Ratio to the floor, empty / saved (target ≤ 1.5× at 100,000)"),
              ratios);
    md += row(QStringLiteral("Longest GUI stall, open + library save (target ≤ 50 ms)"), gaps);
    md += row(QStringLiteral("… of it after the first paint (the window usable)"), after);
    md += row(QStringLiteral("Peak RSS until saved (VmHWM)"), peaks);
    md += row(QStringLiteral("Peak above the empty app ÷ JSON size (target ≤ 3×)"), perJson);
    const SaveFigures base = saveAt(runs, sizes.constFirst());
    md += QStringLiteral("\nThe empty app (`--new-window`, no call) peaks at %1.\n\n")
              .arg(cell(base.emptyPeak, kib));

    md += QStringLiteral("| Figure | Measured | Against | Ratio |\n|---|---:|---|---:|\n");
    for (const UiStall &stall : uiStalls(runs)) {
        const Combined gap = real(runs, {QStringLiteral("ui"), QLatin1String(stall.key)});
        md += QStringLiteral("| Longest GUI stall: %1 | %2 | target %3 | %4 |\n")
                  .arg(stall.what,
                       cell(gap),
                       ms(StallTargetMs),
                       gap.present ? times(gap.value / StallTargetMs) : QStringLiteral("n/a"));
    }
    const QString skipped = webSkipped(runs);
    if (!skipped.isEmpty())
        md += QStringLiteral("| Web peer (headless Chromium) | skipped: %1 | | |\n").arg(skipped);
    for (const int turns : sizesOf(runs, QStringLiteral("web"))) {
        const Versus web = webPeer(runs, turns);
        const Combined appExit = real(runs,
                                      {QStringLiteral("web"),
                                       QString::number(turns),
                                       QStringLiteral("appToExit")});
        if (web.present())
            md += QStringLiteral("| Web peer, %1 turns: headless Chromium start → exit | %2 | the "
                                 "app's real open: %3 to first paint (%4 to exit) | app %5 "
                                 "faster |\n")
                      .arg(thousands(turns),
                           cell(web.measured),
                           cell(web.floor),
                           cell(appExit),
                           QStringLiteral("%1×").arg(web.ratio(), 0, 'f', 1));
    }
    if (const Versus start = startup(runs); start.present())
        md += QStringLiteral("| Startup: `revox-inspector --sample` start → first paint | %1 | the "
                             "minimal program showing a line of text, linked as the app: %2 | "
                             "%3 |\n")
                  .arg(cell(start.measured), cell(start.floor), times(start.ratio()));
    if (const Versus hand = handOff(runs); hand.present())
        md += QStringLiteral("| Hand-off: a second `revox-inspector FILE` start → exit | %1 | a "
                             "bare Qt window start → first paint: %2 | %3 |\n")
                  .arg(cell(hand.measured), cell(hand.floor), times(hand.ratio()));
    return md + QLatin1Char('\n');
}

QString realPathTargets(const Runs &runs)
{
    QString md;
    const QList<int> sizes = sizesOf(runs, QStringLiteral("open"));
    if (sizes.contains(100000)) {
        const OpenFigures open = openAt(runs, 100000);
        for (const auto &[label, figure] : {std::pair{QStringLiteral("library empty"), open.empty},
                                            std::pair{QStringLiteral("call saved"), open.saved}}) {
            if (figure.present && open.floor.present)
                md += targetRow(QStringLiteral("Real open at 100,000 turns ≤ 1.5× the floor, %1")
                                    .arg(label),
                                QStringLiteral("%1 vs %2 = %3")
                                    .arg(ms(figure.value),
                                         ms(open.floor.value),
                                         times(figure.value / open.floor.value)),
                                figure.value / open.floor.value / RealOpenTarget);
        }
    }
    const QString skipped = webSkipped(runs);
    if (!skipped.isEmpty())
        md += QStringLiteral("| Web peer: the app ≥ 20× faster than headless Chromium | skipped: "
                             "%1 | n/a | |\n")
                  .arg(skipped);
    for (const int turns : sizesOf(runs, QStringLiteral("web"))) {
        if (const Versus web = webPeer(runs, turns); web.present())
            md += targetRow(QStringLiteral("Web peer at %1 turns: the app ≥ 20× faster than "
                                           "headless Chromium")
                                .arg(thousands(turns)),
                            QStringLiteral("Chromium %1, app %2 = %3× faster")
                                .arg(ms(web.measured.value), ms(web.floor.value))
                                .arg(web.ratio(), 0, 'f', 1),
                            WebPeerTarget / web.ratio());
    }
    for (const int turns : sizesOf(runs, QStringLiteral("save"))) {
        if (turns < 10000)
            continue;
        const SaveFigures save = saveAt(runs, turns);
        if (save.gap.present)
            md += targetRow(QStringLiteral("Longest GUI stall ≤ 50 ms: open + library save of "
                                           "%1 turns")
                                .arg(thousands(turns)),
                            QStringLiteral("%1 (after the first paint: %2)")
                                .arg(ms(save.gap.value), ms(save.afterPaint.value)),
                            save.gap.value / StallTargetMs);
    }
    for (const UiStall &stall : uiStalls(runs)) {
        if (const Combined gap = real(runs, {QStringLiteral("ui"), QLatin1String(stall.key)});
            gap.present)
            md += targetRow(QStringLiteral("Longest GUI stall ≤ 50 ms: %1").arg(stall.what),
                            ms(gap.value),
                            gap.value / StallTargetMs);
    }
    if (const Combined raw = runs.size(100000, QStringLiteral("rawTab")); raw.present)
        md += targetRow(QStringLiteral("Open the Raw JSON tab at 100,000 turns ≤ 100 ms"),
                        ms(raw.value),
                        raw.value / RawTabTargetMs);
    if (sizes.contains(100000)) {
        const SaveFigures save = saveAt(runs, 100000);
        if (save.peak.present && save.emptyPeak.present)
            md += targetRow(QStringLiteral("Peak memory of the real app at 100,000 turns ≤ 3× the "
                                           "JSON above the empty app"),
                            QStringLiteral("%1 above the empty app's %2 for %3 of JSON = %4")
                                .arg(kib(save.peak.value - save.emptyPeak.value),
                                     kib(save.emptyPeak.value),
                                     mib(save.json),
                                     times(save.aboveEmptyPerJson())),
                            save.aboveEmptyPerJson() / MemoryTarget);
    }
    if (const Versus start = startup(runs); start.present())
        md += targetRow(QStringLiteral("Startup ≤ 2× the minimal program showing a line of text, "
                                       "linked as the app"),
                        QStringLiteral("%1 vs %2 = %3")
                            .arg(ms(start.measured.value),
                                 ms(start.floor.value),
                                 times(start.ratio())),
                        start.ratio() / StartupTarget);
    if (const Versus hand = handOff(runs); hand.present())
        md += targetRow(QStringLiteral("Hand-off ≤ 1× a bare Qt window's start"),
                        QStringLiteral("%1 vs %2 = %3")
                            .arg(ms(hand.measured.value), ms(hand.floor.value), times(hand.ratio())),
                        hand.ratio() / HandOffTarget);
    return md;
}

} // namespace Revox::Bench
