#include "core/export/exportdocument.h"

#include "core/export/exportfields.h"
#include "core/export/redactor.h"

namespace Revox {

ExportedTranscript ExportDocument::transcript(const CallAttempt &attempt) const
{
    ExportedTranscript shown;
    if (!attempt.transcript) {
        shown.note = QStringLiteral("No transcript for this attempt.");
        return shown;
    }
    for (const TranscriptEntry &entry : *attempt.transcript) {
        if (!shows(entry))
            continue;
        ExportedTurn turn;
        turn.isToolCall = entry.isToolCall();
        turn.role = entry.role.value_or(QString());
        turn.content = entry.content;
        if (turn.isToolCall) {
            turn.toolName = ExportFields::toolName(entry);
            turn.arguments = ExportFields::toolArguments(entry);
            turn.failed = entry.isToolError();
            turn.resultLabel = turn.failed ? QStringLiteral("Error") : QStringLiteral("Result");
        } else {
            turn.speaker = ExportFields::speaker(entry);
        }
        shown.turns.append(turn);
    }
    if (shown.turns.isEmpty())
        shown.note = QStringLiteral("Empty transcript.");
    return shown;
}

QList<int> ExportDocument::selectedNumbers(const Call &call, const AttemptSelection &selection)
{
    const int count = int(call.callAttempts.size());
    switch (selection.kind()) {
    case AttemptSelection::Kind::Latest:
        return count > 0 ? QList<int>{count} : QList<int>{};
    case AttemptSelection::Kind::All: {
        QList<int> numbers;
        for (int number = 1; number <= count; ++number)
            numbers.append(number);
        return numbers;
    }
    case AttemptSelection::Kind::Number:
        if (selection.attemptNumber() >= 1 && selection.attemptNumber() <= count)
            return {selection.attemptNumber()};
        return {};
    }
    return {};
}

ExportDocument ExportDocument::build(const Call &call, const ExportOptions &options, QString *error)
{
    ExportDocument document;
    document.call = options.redact ? Redactor::redact(call) : call;
    document.call.otherFields = QJsonObject(); // never exported: it would bypass the options
    document.includeTools = options.includeTools;
    document.includeSummary = options.includeSummary;
    document.redacted = options.redact;

    const int count = int(call.callAttempts.size());
    const QList<int> numbers = selectedNumbers(call, options.attempts);
    if (error) {
        error->clear();
        if (options.attempts.kind() == AttemptSelection::Kind::Number && numbers.isEmpty()) {
            *error = count == 0
                         ? QStringLiteral("Call %1 has no attempts, so there is no attempt %2.")
                               .arg(call.id, QString::number(options.attempts.attemptNumber()))
                         : QStringLiteral("Call %1 has attempts 1 to %2; there is no attempt %3.")
                               .arg(call.id,
                                    QString::number(count),
                                    QString::number(options.attempts.attemptNumber()));
        }
    }
    for (const int number : numbers) {
        // The API lists attempts most recent first.
        const int index = count - number;
        document.attempts.append({number, count, document.call.callAttempts.at(index)});
    }
    return document;
}

} // namespace Revox
