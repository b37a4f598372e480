#pragma once

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

} // namespace Revox::Bench
