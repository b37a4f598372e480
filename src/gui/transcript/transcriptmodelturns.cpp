#include "gui/transcript/transcriptmodel.h"

#include "core/call/enumtext.h"

// The words of one row as TranscriptModel reports them, from the turn and its place in the
// pairing (ToolCallPairing): who speaks, what is copied, what the card's status says.

namespace Revox {

TranscriptModel::Speaker TranscriptModel::speakerOf(int row) const
{
    // Who speaks in the bubble; a row with no speech is a tool's card alone.
    if (!m_pairing.hasSpeech(row))
        return Speaker::Tool;
    const TranscriptEntry &turn = m_turns.at(row);
    if (turn.role == QStringLiteral("assistant"))
        return Speaker::Agent;
    if (turn.role == QStringLiteral("user"))
        return Speaker::Caller;
    return Speaker::Other;
}

QString TranscriptModel::speechCopyText(int row) const
{
    if (!m_pairing.hasSpeech(row))
        return {};
    const TranscriptEntry &turn = m_turns.at(row);
    const QString speaker = turn.role ? EnumText::label(EnumField::Role, *turn.role)
                                      : tr("(no role)");
    return QStringLiteral("%1: %2").arg(speaker, turn.content);
}

QString TranscriptModel::copyText(int row) const
{
    if (!m_pairing.hasToolCard(row))
        return speechCopyText(row);
    const TranscriptEntry &turn = m_turns.at(row);
    QString text = m_pairing.hasSpeech(row) ? speechCopyText(row) + QLatin1Char('\n') : QString();
    const QString headline = m_pairing.headline(row);
    const bool failed = shownAsFailed(row);
    text += QStringLiteral("[tool] %1%2%3")
                .arg(turn.toolName.value_or(tr("(unnamed tool)")),
                     headline.isEmpty() ? QString() : QStringLiteral(" — ") + headline,
                     failed ? tr(" — FAILED") : QString());
    if (!m_arguments.at(row).isEmpty())
        text += QStringLiteral("\narguments:\n") + m_arguments.at(row);
    // Only a tool's result is ever written under "result:"; a call's speech is above.
    if (m_pairing.hasResult(row) && !turn.content.isEmpty())
        text += (turn.isToolError() ? QStringLiteral("\nerror:\n") : QStringLiteral("\nresult:\n"))
                + turn.content;
    const QString note = m_pairing.note(row);
    if (!note.isEmpty())
        text += QStringLiteral("\n(%1)").arg(note);
    return text;
}

bool TranscriptModel::shownAsFailed(int row) const
{
    if (m_pairing.kind(row) == ToolCallPairing::Kind::SpeechWithCall)
        return m_pairing.callFailed(row);
    return m_pairing.hasResult(row) && m_turns.at(row).isToolError();
}

QVariant TranscriptModel::errorFlag(int row) const
{
    const TranscriptEntry &turn = m_turns.at(row);
    if (m_pairing.kind(row) == ToolCallPairing::Kind::SpeechWithCall) {
        // The call's outcome: its last result's flag, or its own when no result came.
        const QList<int> results = m_pairing.resultTurns(row);
        const TranscriptEntry &last = results.isEmpty() ? turn : m_turns.at(results.constLast());
        return last.toolIsError ? QVariant(*last.toolIsError) : QVariant();
    }
    if (!m_pairing.hasResult(row))
        return {};
    return turn.toolIsError ? QVariant(*turn.toolIsError) : QVariant();
}

} // namespace Revox
