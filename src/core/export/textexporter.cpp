#include "core/export/textexporter.h"

#include "core/call/format.h"
#include "core/export/textreport.h"

namespace Revox {

ExportResult TextExporter::writeDocument(const ExportDocument &document,
                                         const ExportProgress &progress) const
{
    ExportProgress::Counter turns = progress.count(document.turnCount());
    QString text;
    if (document.includeSummary)
        text += TextReport::callSummary(document.call) + QStringLiteral("\n\n");
    else
        text += QStringLiteral("Call %1\n\n").arg(document.call.id);
    if (document.attempts.isEmpty())
        text += QStringLiteral("(this call has no attempts yet)\n");
    for (const ExportedAttempt &exported : document.attempts) {
        text += QStringLiteral("== %1 ==\n\n")
                    .arg(TextReport::attemptHeader(exported.attempt,
                                                   exported.number,
                                                   exported.count));
        text += TextReport::transcript(exported.attempt, document.includeTools, &turns)
                + QStringLiteral("\n\n");
        if (turns.isCancelled())
            return ExportResult::stopped();
        if (document.includeSummary && exported.attempt.structuredOutput
            && !exported.attempt.structuredOutput->isEmpty()) {
            text += QStringLiteral("Structured output:\n");
            const QJsonObject &output = *exported.attempt.structuredOutput;
            for (auto it = output.begin(); it != output.end(); ++it)
                text += QStringLiteral("    %1: %2\n")
                            .arg(it.key(), Format::jsonValueText(it.value()));
            text += QLatin1Char('\n');
        }
    }
    // One newline at the end, as text files have.
    while (text.endsWith(QStringLiteral("\n\n")))
        text.chop(1);
    return {text.toUtf8(), {}};
}

} // namespace Revox
