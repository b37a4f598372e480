#pragma once

#include "core/call/calldata.h"

#include <QString>

namespace Revox::TranscriptClipboard {

// The Markdown "Copy transcript as Markdown" puts on the clipboard: the same as exporting the
// selected attempt (`attemptIndex` into call.callAttempts, -1 for the latest) to Markdown with the
// dialog's defaults.
QString markdown(const Call &call, int attemptIndex);
void copyAsMarkdown(const Call &call, int attemptIndex);

} // namespace Revox::TranscriptClipboard
