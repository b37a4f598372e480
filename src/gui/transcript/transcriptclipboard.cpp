#include "gui/transcript/transcriptclipboard.h"

#include "pdf/exportservice.h"

#include <QClipboard>
#include <QGuiApplication>

namespace Revox::TranscriptClipboard {

QString markdown(const Call &call, int attemptIndex, const ExportProgress &progress)
{
    ExportOptions options;
    options.format = ExportFormat::Markdown;
    const int count = int(call.callAttempts.size());
    options.attempts = attemptIndex >= 0 && attemptIndex < count
                           ? AttemptSelection::fromIndex(attemptIndex, count)
                           : AttemptSelection::latest();
    return QString::fromUtf8(ExportService::exportCall(call, options, progress).data);
}

void copyAsMarkdown(const Call &call, int attemptIndex)
{
    QGuiApplication::clipboard()->setText(markdown(call, attemptIndex));
}

} // namespace Revox::TranscriptClipboard
