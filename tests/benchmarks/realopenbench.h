#pragma once

#include "childbench.h"

#include <QJsonObject>
#include <QList>

namespace Revox::Bench {

// The user's path: the real app started on a call file (`revox-inspector --new-window FILE`),
// from process start to the end of the first paint that shows the call, with the library on;
// once with an empty library and once with the call already saved in it, against the floor of a
// bare Qt window's start plus a raw QJsonDocument parse of the same bytes. Alternately `runs`
// times each after one unmeasured warm-up.
QJsonObject runRealOpen(const StartupPrograms &programs, const QList<int> &sizes, int runs);

} // namespace Revox::Bench
