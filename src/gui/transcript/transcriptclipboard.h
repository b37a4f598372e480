#pragma once

#include "core/call/calldata.h"
#include "core/export/exportprogress.h"

#include <QString>

namespace Revox::TranscriptClipboard {

// The Markdown "Copy transcript as Markdown" puts on the clipboard: the same as exporting the
// selected attempt (`attemptIndex` into call.callAttempts, -1 for the latest) to Markdown with the
// dialog's defaults. Empty when `progress` is cancelled.
QString markdown(const Call &call, int attemptIndex, const ExportProgress &progress = {});
void copyAsMarkdown(const Call &call, int attemptIndex);

} // namespace Revox::TranscriptClipboard
