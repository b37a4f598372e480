#include "core/export/textreport.h"

#include "core/call/enumtext.h"
#include "core/call/format.h"
#include "core/call/toolcallpairing.h"
#include "core/export/exportfields.h"

#include <QStringList>

namespace Revox::TextReport {

namespace {

void addLine(QStringList &lines, const QString &label, const QString &value)
{
    // Not .arg().arg(): a "%1" inside a metadata key would swallow the value.
    lines.append(label.leftJustified(18) + QStringLiteral(": ") + value);
}

QString indent(const QString &text, const QString &prefix)
{
    QStringList lines = text.split(QLatin1Char('\n'));
    for (QString &line : lines)
        line.prepend(prefix);
    return lines.join(QLatin1Char('\n'));
}

} // namespace

QString callSummary(const Call &call)
{
    QStringList lines;
    for (const ExportFields::Field &field : ExportFields::callSummary(call))
        addLine(lines, field.label, field.value);
    return lines.join(QLatin1Char('\n'));
}

QString attemptHeader(const CallAttempt &attempt, int number, int count)
{
    QStringList parts;
    parts.append(QStringLiteral("Attempt %1 of %2").arg(number).arg(count));
    parts.append(Format::utcTime(attempt.startedAt));
    parts.append(Format::optionalText(attempt.phoneNumber));
    parts.append(EnumText::label(EnumField::AttemptStatus, attempt.status));
    if (attempt.result)
        parts.append(EnumText::label(EnumField::AttemptResult, *attempt.result));
    if (attempt.dialError)
        parts.append(QStringLiteral("dial error: %1")
                         .arg(EnumText::label(EnumField::DialError, *attempt.dialError)));
    if (const auto talk = Format::talkDurationMs(attempt))
        parts.append(QStringLiteral("talked %1").arg(Format::duration(*talk)));
    if (attempt.endedBy)
        parts.append(QStringLiteral("ended by %1")
                         .arg(EnumText::label(EnumField::EndedBy, *attempt.endedBy)));
    if (attempt.endReason)
        parts.append(QStringLiteral("(%1)").arg(*attempt.endReason));
    return parts.join(QStringLiteral(" · "));
}

QString transcript(const CallAttempt &attempt, bool includeTools, ExportProgress::Counter *turns)
{
    if (!attempt.transcript)
        return QStringLiteral("(no transcript for this attempt)");
    const QList<TranscriptEntry> &entries = *attempt.transcript;
    // Paired once: a turn that spoke while calling a tool gives its words as speech and its call
    // as a card; only a tool's result is ever written under "result:".
    const ToolCallPairing pairing(entries);
    constexpr auto English = ToolCallPairing::Language::English;
    QStringList paragraphs;
    for (int index = 0; index < entries.size(); ++index) {
        if (turns && !turns->next())
            break;
        const TranscriptEntry &turn = entries.at(index);
        if (pairing.hasSpeech(index)) {
            const QString speaker = turn.role ? EnumText::label(EnumField::Role, *turn.role)
                                              : QStringLiteral("(no role)");
            paragraphs.append(QStringLiteral("%1: %2").arg(speaker, turn.content));
        }
        if (!includeTools || !pairing.hasToolCard(index))
            continue;
        const bool hasResult = pairing.hasResult(index);
        const bool failed = hasResult ? turn.isToolError() : pairing.callFailed(index);
        const QString headline = pairing.headline(index, English);
        QStringList block;
        block.append(QStringLiteral("[tool] %1%2%3")
                         .arg(turn.toolName.value_or(QStringLiteral("(unnamed tool)")),
                              headline.isEmpty() ? QString() : QStringLiteral(" — ") + headline,
                              failed ? QStringLiteral(" — FAILED") : QString()));
        const QString note = pairing.note(index, English);
        if (!note.isEmpty())
            block.append(QStringLiteral("    (%1)").arg(note));
        const QString args = Format::toolArguments(turn.toolArguments);
        if (!args.isEmpty())
            block.append(QStringLiteral("    arguments:\n")
                         + indent(args, QStringLiteral("      ")));
        if (hasResult && !turn.content.isEmpty()) {
            block.append((turn.isToolError() ? QStringLiteral("    error:\n")
                                             : QStringLiteral("    result:\n"))
                         + indent(turn.content, QStringLiteral("      ")));
        }
        paragraphs.append(block.join(QLatin1Char('\n')));
    }
    if (paragraphs.isEmpty())
        return QStringLiteral("(empty transcript)");
    return paragraphs.join(QStringLiteral("\n\n"));
}

} // namespace Revox::TextReport
