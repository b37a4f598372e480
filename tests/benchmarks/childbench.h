#pragma once

#include <QJsonObject>
#include <QString>

namespace Revox::Bench {

// Peak memory, each figure from a fresh process so one size's peak never hides another's.
// `self` is this benchmark's executable, re-run with `memory-child`.
QJsonObject runMemory(const QString &self, const QList<int> &sizes);
// In the child: shows the window (with the call saved at `path`, none when empty), paints it,
// lets the transcript's layout finish and prints VmHWM and VmRSS in KiB.
int memoryChild(const QString &path);

struct StartupPrograms
{
    QString app;
    QString minimal;       // revox-bench-minimal
    QString minimalLinked; // the same, linked against the app's libraries
};

// Process start to first paint: the app on its sample call against the minimal Qt program (an
// empty window), and the floors under any window showing a call (the minimal program with one
// line of text, and that linked as the app is), run alternately `runs` times each after one
// unmeasured warm-up of each.
QJsonObject runStartup(const StartupPrograms &programs, int runs);

// The single-instance hand-off: with the app open, a second `revox-inspector FILE` from process
// start to its exit (the file then shows in the open window), against the minimal Qt program's
// start to first paint and, for scale, the app opening the same file in a window of its own
// (--new-window) to first paint; alternately `runs` times each after one unmeasured warm-up.
QJsonObject runHandOff(const StartupPrograms &programs, int runs);

} // namespace Revox::Bench
