#pragma once

#include "childbench.h"

#include <QJsonObject>
#include <QList>

namespace Revox::Bench {

// The real app (`revox-inspector --new-window FILE`, library on and empty) under
// REVOX_HEARTBEAT=1, from start until the library has saved the call: the longest stall of its GUI
// thread (the open, which runs before the first paint, included; and from the first paint on) and
// its peak memory (VmHWM), against the empty app (`--new-window`, no call, to its first paint)
// started the same way; alternately `runs` times each after a warm-up of each.
QJsonObject runRealSave(const StartupPrograms &programs, const QList<int> &sizes, int runs);

} // namespace Revox::Bench
