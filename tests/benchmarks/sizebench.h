#pragma once

#include "benchstats.h"

#include <QJsonObject>

namespace Revox::Bench {

struct SizeOptions
{
    int turns = 100;
    int repeat = 5;
    bool pdf = true;
};

// Everything measured in-process for one generated call: raw parse, load, first screen, full
// layout, scroll, find and the exports. Needs a QApplication. Returns figures in milliseconds
// ({"median", "min", "runs"} per measurement) plus the JSON size and sanity counts.
QJsonObject runSize(const SizeOptions &options);

// The first screen alone, as runSize() takes it, `repeat` times.
Stats runFirstScreen(int turns, int repeat);

// The PDF export alone, as runSize() takes it (latest attempt, summary and tool calls, to
// memory), `repeat` times; the PDF is also written to `path` when one is given.
Stats runPdfExport(int turns, int repeat, const QString &path);

} // namespace Revox::Bench
