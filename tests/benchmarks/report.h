#pragma once

#include <QJsonObject>
#include <QList>
#include <QString>

namespace Revox::Bench {

// The machine as the report names it: CPU model, cores, RAM, Qt version, load average.
QJsonObject machineInfo();
QString loadAverage();

// Combines the runs (each the JSON that `revox-bench run` writes) into docs/benchmarks.md:
// every figure is the median of the runs' medians, with the spread across runs as the noise;
// `notes` (Markdown, may be empty) is appended as it is.
QString markdownReport(const QList<QJsonObject> &runs, const QString &notes);

} // namespace Revox::Bench
