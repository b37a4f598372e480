#include "realopenbench.h"

#include "benchstats.h"
#include "callgenerator.h"
#include "childprocess.h"
#include "core/library/calllibrary.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonDocument>
#include <QTemporaryDir>

namespace Revox::Bench {

namespace {

// Where the app keeps its library under a child's data folder: main() names the organization
// "Revox" and the application "Revox Call Inspector".
QString libraryPathUnder(const QString &home)
{
    return home + QStringLiteral("/data/Revox/Revox Call Inspector/library.sqlite");
}

double rawParseMs(const QByteArray &bytes)
{
    QList<double> samples;
    for (int i = 0; i < 3; ++i) {
        QElapsedTimer timer;
        timer.start();
        const QJsonDocument document = QJsonDocument::fromJson(bytes);
        if (document.isNull())
            qFatal("the generated call is not JSON");
        samples.append(elapsedMs(timer));
    }
    return Stats::of(samples).median;
}

QString figures(const Stats &stats)
{
    return QStringLiteral("%1 ms (%2–%3)")
        .arg(stats.median, 0, 'f', 0)
        .arg(stats.min, 0, 'f', 0)
        .arg(stats.max, 0, 'f', 0);
}

} // namespace

QJsonObject runRealOpen(const StartupPrograms &programs, const QList<int> &sizes, int runs)
{
    QJsonObject result;
    for (const int turns : sizes) {
        QTemporaryDir dir;
        const QString call = dir.filePath(QStringLiteral("call.json"));
        const QByteArray bytes = generateCall(turns);
        QFile file(call);
        if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size() || !file.flush())
            qFatal("cannot write %s", qPrintable(call));
        file.close();

        // Two users: one whose library is empty (it is removed before each start), one who has
        // opened this call before, so the library holds it, fully indexed.
        const QString emptyHome = dir.filePath(QStringLiteral("empty"));
        const QString savedHome = dir.filePath(QStringLiteral("saved"));
        QProcessEnvironment emptyEnv = childEnvironment(emptyHome);
        QProcessEnvironment savedEnv = childEnvironment(savedHome);
        QProcessEnvironment minimalEnv = childEnvironment(dir.filePath(QStringLiteral("minimal")));
        for (QProcessEnvironment *env : {&emptyEnv, &savedEnv})
            env->insert(QStringLiteral("REVOX_EXIT_AFTER_FIRST_PAINT"), QStringLiteral("1"));
        {
            CallLibrary library;
            QDir().mkpath(QFileInfo(libraryPathUnder(savedHome)).absolutePath());
            if (!library.open(libraryPathUnder(savedHome))
                || !library.save(bytes, LibraryEntry::Source::File, call))
                qFatal("cannot prepare the library: %s", qPrintable(library.errorString()));
        }
        const QStringList openCall{QStringLiteral("--new-window"), call};
        const auto emptyLibrary = [&] {
            QDir(emptyHome + QStringLiteral("/data")).removeRecursively();
            return timeToFirstPaint(programs.app, openCall, emptyEnv);
        };
        // Warm the page cache (the binaries and the call) before anything is counted.
        emptyLibrary();
        timeToFirstPaint(programs.app, openCall, savedEnv);
        timeToFirstPaint(programs.minimal, {}, minimalEnv);

        QList<double> emptyPaint, emptyExit, savedPaint, savedExit, minimal;
        for (int i = 0; i < runs; ++i) {
            const PaintTiming empty = emptyLibrary();
            emptyPaint.append(empty.toPaint);
            emptyExit.append(empty.toExit);
            const PaintTiming saved = timeToFirstPaint(programs.app, openCall, savedEnv);
            savedPaint.append(saved.toPaint);
            savedExit.append(saved.toExit);
            minimal.append(timeToFirstPaint(programs.minimal, {}, minimalEnv).toPaint);
        }
        const double parse = rawParseMs(bytes);
        const Stats minimalStats = Stats::of(minimal);
        const double floor = minimalStats.median + parse;
        const Stats emptyStats = Stats::of(emptyPaint);
        const Stats savedStats = Stats::of(savedPaint);
        out() << QStringLiteral("real open %1 turns (%2 MiB): to first paint, library empty %3, "
                                "call already saved %4; to exit %5 / %6 ms; floor (bare window "
                                "%7 ms + raw parse %8 ms) %9 ms; ratios %10× / %11×; %12 runs")
                     .arg(turns)
                     .arg(double(bytes.size()) / (1024 * 1024), 0, 'f', 1)
                     .arg(figures(emptyStats), figures(savedStats))
                     .arg(Stats::of(emptyExit).median, 0, 'f', 0)
                     .arg(Stats::of(savedExit).median, 0, 'f', 0)
                     .arg(minimalStats.median, 0, 'f', 0)
                     .arg(parse, 0, 'f', 0)
                     .arg(floor, 0, 'f', 0)
                     .arg(emptyStats.median / floor, 0, 'f', 2)
                     .arg(savedStats.median / floor, 0, 'f', 2)
                     .arg(runs)
              << Qt::endl;
        result.insert(QString::number(turns),
                      QJsonObject{{QStringLiteral("emptyLibraryToPaint"), emptyStats.toJson()},
                                  {QStringLiteral("savedToPaint"), savedStats.toJson()},
                                  {QStringLiteral("emptyLibraryToExit"),
                                   Stats::of(emptyExit).toJson()},
                                  {QStringLiteral("savedToExit"), Stats::of(savedExit).toJson()},
                                  {QStringLiteral("minimalToPaint"), minimalStats.toJson()},
                                  {QStringLiteral("rawParseMs"), parse},
                                  {QStringLiteral("jsonBytes"), double(bytes.size())}});
    }
    return result;
}

} // namespace Revox::Bench
