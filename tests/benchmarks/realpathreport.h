#pragma once

#include "reportruns.h"

#include <QString>

namespace Revox::Bench {

// The report's "Real path" section: the real binary's open, save, stalls and memory, the web
// peer, startup and the hand-off, each beside its floor or peer from the same runs.
QString realPathSection(const Runs &runs);

// The Targets table's rows for them (issue 19).
QString realPathTargets(const Runs &runs);

} // namespace Revox::Bench
