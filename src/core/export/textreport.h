#pragma once

#include "core/call/calldata.h"

#include <QString>

namespace Revox::TextReport {

// A person-readable plain-text rendering, for a terminal without a display and for TXT export.
QString callSummary(const Call &call);
QString attemptHeader(const CallAttempt &attempt, int number, int count);
QString transcript(const CallAttempt &attempt, bool includeTools = true);

} // namespace Revox::TextReport
