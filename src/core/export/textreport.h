#pragma once

#include "core/call/calldata.h"
#include "core/export/exportprogress.h"

#include <QString>

namespace Revox::TextReport {

// A person-readable plain-text rendering, for a terminal without a display and for TXT export.
QString callSummary(const Call &call);
QString attemptHeader(const CallAttempt &attempt, int number, int count);
// Counts each turn on `turns`, when given, and stops part-way when the export is cancelled.
QString transcript(const CallAttempt &attempt,
                   bool includeTools = true,
                   ExportProgress::Counter *turns = nullptr);

} // namespace Revox::TextReport
