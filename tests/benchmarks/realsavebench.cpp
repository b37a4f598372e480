#include "realsavebench.h"

#include "benchstats.h"
#include "callgenerator.h"
#include "childprocess.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>

namespace Revox::Bench {

namespace {

struct Figures
{
    QList<double> longestGapMs;
    QList<double> afterPaintMs;
    QList<double> peakKiB;
};

void heartbeat(const QString &program,
               const QStringList &arguments,
               const QProcessEnvironment &env,
               const QString &home,
               Figures *figures)
{
    // Every start finds an empty library, as a user opening the call for the first time.
    QDir(home + QStringLiteral("/data")).removeRecursively();
    const QHash<QString, QString> values = probeValues(runChild(program, arguments, env));
    bool gapOk = false;
    bool afterOk = false;
    bool peakOk = false;
    const double gap = values.value(QStringLiteral("longest-gap-ms")).toDouble(&gapOk);
    const double after = values.value(QStringLiteral("longest-gap-after-paint-ms"))
                             .toDouble(&afterOk);
    const double peak = values.value(QStringLiteral("peak-rss-kib")).toDouble(&peakOk);
    if (!gapOk || !afterOk || !peakOk)
        qFatal("%s printed no heartbeat figures", qPrintable(program));
    if (figures) {
        figures->longestGapMs.append(gap);
        figures->afterPaintMs.append(after);
        figures->peakKiB.append(peak);
    }
}

QString mib(double kib)
{
    return QStringLiteral("%1 MiB").arg(kib / 1024, 0, 'f', 1);
}

} // namespace

QJsonObject runRealSave(const StartupPrograms &programs, const QList<int> &sizes, int runs)
{
    QTemporaryDir dir;
    const QString home = dir.filePath(QStringLiteral("home"));
    QProcessEnvironment env = childEnvironment(home);
    env.insert(QStringLiteral("REVOX_HEARTBEAT"), QStringLiteral("1"));
    QList<QString> files;
    QList<qint64> jsonBytes;
    for (const int turns : sizes) {
        const QString path = dir.filePath(QStringLiteral("call-%1.json").arg(turns));
        const QByteArray bytes = generateCall(turns);
        QFile file(path);
        if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size())
            qFatal("cannot write %s", qPrintable(path));
        files.append(path);
        jsonBytes.append(bytes.size());
    }
    const QStringList emptyApp{QStringLiteral("--new-window")};
    const auto withCall = [](const QString &file) {
        return QStringList{QStringLiteral("--new-window"), file};
    };
    heartbeat(programs.app, emptyApp, env, home, nullptr);
    for (const QString &file : std::as_const(files))
        heartbeat(programs.app, withCall(file), env, home, nullptr);

    Figures empty;
    QList<Figures> bySize(sizes.size());
    for (int i = 0; i < runs; ++i) {
        heartbeat(programs.app, emptyApp, env, home, &empty);
        for (qsizetype s = 0; s < sizes.size(); ++s)
            heartbeat(programs.app, withCall(files.at(s)), env, home, &bySize[s]);
    }

    const Stats emptyPeak = Stats::of(empty.peakKiB);
    QJsonObject result{
        {QStringLiteral("empty"), QJsonObject{{QStringLiteral("peakKiB"), emptyPeak.toJson()}}}};
    out() << QStringLiteral("real save  empty app (--new-window, no call) peak RSS %1")
                 .arg(mib(emptyPeak.median))
          << Qt::endl;
    for (qsizetype s = 0; s < sizes.size(); ++s) {
        const Stats gap = Stats::of(bySize.at(s).longestGapMs);
        const Stats after = Stats::of(bySize.at(s).afterPaintMs);
        const Stats peak = Stats::of(bySize.at(s).peakKiB);
        const double json = double(jsonBytes.at(s));
        out() << QStringLiteral("real save %1 turns (%2 MiB): longest GUI stall %3 ms (%4–%5), of "
                                "which after the first paint %6 ms; peak RSS %7, %8 above the "
                                "empty app = %9× the JSON; %10 runs")
                     .arg(sizes.at(s))
                     .arg(json / (1024 * 1024), 0, 'f', 1)
                     .arg(gap.median, 0, 'f', 0)
                     .arg(gap.min, 0, 'f', 0)
                     .arg(gap.max, 0, 'f', 0)
                     .arg(after.median, 0, 'f', 0)
                     .arg(mib(peak.median), mib(peak.median - emptyPeak.median))
                     .arg((peak.median - emptyPeak.median) * 1024 / json, 0, 'f', 2)
                     .arg(runs)
              << Qt::endl;
        result.insert(QString::number(sizes.at(s)),
                      QJsonObject{{QStringLiteral("longestGapMs"), gap.toJson()},
                                  {QStringLiteral("afterPaintMs"), after.toJson()},
                                  {QStringLiteral("peakKiB"), peak.toJson()},
                                  {QStringLiteral("jsonBytes"), json}});
    }
    return result;
}

} // namespace Revox::Bench
