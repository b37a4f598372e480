#include "core/export/exportdocument.h"

#include "core/export/exportfields.h"
#include "core/export/redactor.h"

namespace Revox {

ExportedTurn ExportDocument::turn(const QList<TranscriptEntry> &turns,
                                  const ToolCallPairing &pairing,
                                  int index) const
{
    const TranscriptEntry &entry = turns.at(index);
    constexpr auto English = ToolCallPairing::Language::English;
    ExportedTurn turn;
    turn.kind = pairing.kind(index);
    turn.number = index + 1;
    turn.role = entry.role.value_or(QString());
    turn.hasSpeech = pairing.hasSpeech(index);
    if (turn.hasSpeech) {
        turn.speaker = ExportFields::speaker(entry);
        turn.speech = entry.content;
    }
    turn.isToolCall = includeTools && pairing.hasToolCard(index);
    if (!turn.isToolCall)
        return turn;
    turn.toolName = ExportFields::toolName(entry);
    turn.headline = pairing.headline(index, English);
    turn.note = pairing.note(index, English);
    turn.arguments = ExportFields::toolArguments(entry);
    turn.hasResult = pairing.hasResult(index);
    // A call made while speaking failed when its last result did; a result, when it did.
    turn.failed = turn.hasResult ? entry.isToolError() : pairing.callFailed(index);
    turn.resultLabel = turn.failed ? QStringLiteral("Error") : QStringLiteral("Result");
    if (turn.hasResult)
        turn.content = entry.content;
    return turn;
}

QString ExportDocument::note(const CallAttempt &attempt) const
{
    if (!attempt.transcript)
        return QStringLiteral("No transcript for this attempt.");
    const ToolCallPairing pairing(*attempt.transcript);
    for (int index = 0; index < pairing.turnCount(); ++index) {
        if (shows(pairing, index))
            return {};
    }
    return QStringLiteral("Empty transcript.");
}

bool ExportDocument::forEachTurn(const CallAttempt &attempt,
                                 ExportProgress::Counter &turns,
                                 const std::function<void(const ExportedTurn &)> &write) const
{
    if (!attempt.transcript)
        return !turns.isCancelled();
    const QList<TranscriptEntry> &entries = *attempt.transcript;
    const ToolCallPairing pairing(entries);
    for (int index = 0; index < entries.size(); ++index) {
        if (!turns.next())
            return false;
        if (shows(pairing, index))
            write(turn(entries, pairing, index));
    }
    return true;
}

qint64 ExportDocument::turnCount() const
{
    qint64 count = 0;
    for (const ExportedAttempt &exported : attempts)
        count += exported.attempt.transcript ? exported.attempt.transcript->size() : 0;
    return count;
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

ExportDocument ExportDocument::build(const Call &call,
                                     const ExportOptions &options,
                                     QString *error,
                                     const ExportProgress &progress)
{
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

    ExportDocument document;
    document.includeTools = options.includeTools;
    document.includeSummary = options.includeSummary;
    document.redacted = options.redact;
    Call fields = call;
    fields.callAttempts.clear();
    fields.lastCallAttempt.reset();
    fields.otherFields = QJsonObject(); // never exported: it would bypass the options
    document.call = options.redact ? Redactor::redact(fields) : fields;

    qint64 turns = 0;
    for (const int number : numbers) {
        // The API lists attempts most recent first.
        const CallAttempt &attempt = call.callAttempts.at(count - number);
        turns += attempt.transcript ? attempt.transcript->size() : 0;
    }
    ExportProgress::Counter redacted = progress.count(turns);
    document.call.callAttempts.resize(count);
    for (const int number : numbers) {
        const int index = count - number;
        const CallAttempt &attempt = call.callAttempts.at(index);
        document.call.callAttempts[index] = options.redact ? Redactor::redact(attempt, &redacted)
                                                           : attempt;
        if (redacted.isCancelled())
            return {};
        document.attempts.append({number, count, document.call.callAttempts.at(index)});
    }
    return document;
}

ExportResult ExportResult::stopped()
{
    return {{}, QStringLiteral("The export was cancelled."), true};
}

} // namespace Revox
