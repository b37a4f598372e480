#include "childprocess.h"

#include "benchstats.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>

#include <chrono>

namespace Revox::Bench {

QTextStream &out()
{
    static QTextStream stream(stdout);
    return stream;
}

// Children get their own settings and cache folders: no one's saved window state or recent calls
// changes what is measured, and the benchmark never writes into them.
QProcessEnvironment childEnvironment(const QString &home)
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    // The bench's own platform (offscreen unless QT_QPA_PLATFORM says otherwise, e.g. xcb under
    // Xvfb, where starting a window costs what it costs on a desktop).
    env.insert(QStringLiteral("QT_QPA_PLATFORM"),
               qEnvironmentVariable("QT_QPA_PLATFORM", QStringLiteral("offscreen")));
    env.insert(QStringLiteral("XDG_CONFIG_HOME"), home + QStringLiteral("/config"));
    env.insert(QStringLiteral("XDG_CACHE_HOME"), home + QStringLiteral("/cache"));
    env.insert(QStringLiteral("XDG_DATA_HOME"), home + QStringLiteral("/data"));
    // A runtime folder of their own too: a started app must neither hand its call to a window the
    // user has open nor serve the next benchmark's starts. 0700, as the app requires.
    QDir().mkpath(home + QStringLiteral("/runtime"));
    QFile::setPermissions(home + QStringLiteral("/runtime"),
                          QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
    env.insert(QStringLiteral("XDG_RUNTIME_DIR"), home + QStringLiteral("/runtime"));
    env.insert(QStringLiteral("QT_LOGGING_RULES"), QStringLiteral("*.debug=false"));
    return env;
}

qint64 monotonicNs()
{
    return std::chrono::duration_cast<std::chrono::nanoseconds>(
               std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

QString runChild(const QString &program,
                 const QStringList &arguments,
                 const QProcessEnvironment &env,
                 double *elapsed,
                 qint64 *startedNs)
{
    QProcess process;
    process.setProcessEnvironment(env);
    QElapsedTimer timer;
    timer.start();
    if (startedNs)
        *startedNs = monotonicNs();
    process.start(program, arguments);
    if (!process.waitForFinished(600000) || process.exitStatus() != QProcess::NormalExit
        || process.exitCode() != 0)
        qFatal("%s %s failed: %s\n%s",
               qPrintable(program),
               qPrintable(arguments.join(QLatin1Char(' '))),
               qPrintable(process.errorString()),
               process.readAllStandardError().constData());
    if (elapsed)
        *elapsed = elapsedMs(timer);
    return QString::fromUtf8(process.readAllStandardOutput());
}

QHash<QString, QString> probeValues(const QString &output)
{
    QHash<QString, QString> values;
    for (const QString &line : output.split(QLatin1Char('\n'))) {
        const qsizetype space = line.indexOf(QLatin1Char(' '));
        if (space > 0)
            values.insert(line.left(space), line.mid(space + 1).trimmed());
    }
    return values;
}

PaintTiming timeToFirstPaint(const QString &program,
                             const QStringList &arguments,
                             const QProcessEnvironment &env)
{
    PaintTiming timing;
    qint64 started = 0;
    const QString output = runChild(program, arguments, env, &timing.toExit, &started);
    const QHash<QString, QString> values = probeValues(output);
    bool ok = false;
    const qint64 paintNs = values.value(QStringLiteral("first-paint-ns")).toLongLong(&ok);
    if (!ok)
        qFatal("%s printed no first-paint time: %s", qPrintable(program), qPrintable(output));
    timing.toPaint = double(paintNs - started) / 1e6;
    if (values.contains(QStringLiteral("first-paint-call"))) {
        timing.rows = values.value(QStringLiteral("first-paint-rows")).toInt();
        if (timing.rows <= 0)
            qFatal("%s painted %s without transcript rows",
                   qPrintable(program),
                   qPrintable(values.value(QStringLiteral("first-paint-call"))));
    }
    return timing;
}

} // namespace Revox::Bench
