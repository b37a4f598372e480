#pragma once

#include <QHash>
#include <QProcessEnvironment>
#include <QString>
#include <QStringList>
#include <QTextStream>

// Running the app and the baseline programs as a user starts them, for the benchmarks that time
// whole processes.
namespace Revox::Bench {

QTextStream &out();

// A child's own settings, cache, data and runtime folders under `home`: no one's saved window
// state, library or running window changes what is measured.
QProcessEnvironment childEnvironment(const QString &home);

// The steady clock the app's first-paint probe prints, in nanoseconds.
qint64 monotonicNs();

// Runs `program` to its end (a failure ends the benchmark) and returns what it printed;
// `elapsed` gets the wall time in ms, `startedNs` the monotonic time it was started at.
QString runChild(const QString &program,
                 const QStringList &arguments,
                 const QProcessEnvironment &env,
                 double *elapsed = nullptr,
                 qint64 *startedNs = nullptr);

// A start of a program that prints the first-paint probe's lines (src/app/launchprobes.h).
struct PaintTiming
{
    double toPaint = 0; // ms from just before the start to the end of the first paint
    double toExit = 0;  // ms from just before the start to the exit
    int rows = -1;      // transcript rows on screen at that paint; -1 when no call was given
};

// Runs `program` with the probe's output expected (a failure ends the benchmark). When the app
// was given a call, a paint without transcript rows ends it too: the figure would not be the one
// it claims to be.
PaintTiming timeToFirstPaint(const QString &program,
                             const QStringList &arguments,
                             const QProcessEnvironment &env);

// The probes' "key value" lines.
QHash<QString, QString> probeValues(const QString &output);

} // namespace Revox::Bench
