#pragma once

#include "core/call/calldata.h"

#include <QList>
#include <QString>

namespace Revox {

// What each turn of one transcript is once its tool calls are paired with their results. The
// API's schema allows tool fields on any role and does not say how a call and its result are
// linked, so it is decided here, once, and the transcript view, its counts and filter, and every
// export read the same answer:
//
// - A turn's role says what its content is. A `tool` turn's content is a tool's result; any other
//   role's content is what that speaker said, even when the turn also carries tool fields (the
//   agent says "Let me check the calendar" while calling check_availability). Such a turn is
//   SpeechWithCall: the words, and a call whose results come later. A turn with tool fields and
//   no role at all has no speaker to give words to: it is read as a `tool` turn.
// - A later `tool` turn whose tool_name is that of an earlier SpeechWithCall call is a Result of
//   the latest such call (result k of n: a failure, then a retry), whatever else it carries.
// - A `tool` turn with arguments and no such earlier call is a StandaloneCall: the call and its
//   result in one entry, the shape most transcripts have.
// - A `tool` turn with neither is an OrphanResult: a result whose call is not in the transcript.
//   None is invented for it.
// Names pair only when both turns have one and they are equal: a turn without a tool name cannot
// be shown to belong to any call.
//
// Building it is one pass over the turns plus one over the calls (O(n)); the lists are implicitly
// shared, so a copy for a worker costs nothing.
class ToolCallPairing
{
public:
    enum class Kind : quint8 { Speech, SpeechWithCall, Result, OrphanResult, StandaloneCall };

    ToolCallPairing() = default;
    explicit ToolCallPairing(const QList<TranscriptEntry> &turns);

    int turnCount() const { return int(m_kinds.size()); }
    Kind kind(int turn) const { return Kind(m_kinds.at(turn)); }
    // Whether the turn shows something said (a bubble), and whether it shows a tool card.
    bool hasSpeech(int turn) const;
    bool hasToolCard(int turn) const { return kind(turn) != Kind::Speech; }
    // Whether the tool content of the turn is a result (pretty-printed, under "Result"/"Error").
    bool hasResult(int turn) const;

    // The turn that made the call this turn belongs to: itself for a call, the calling turn for a
    // Result; -1 for speech and for an OrphanResult.
    int callTurn(int turn) const;
    // Result: which of its call's results it is (1-based) and how many there are.
    int resultNumber(int turn) const { return m_resultNumber.at(turn); }
    // Result and SpeechWithCall: how many results the call has; 0 for other kinds.
    int resultCount(int turn) const;
    // SpeechWithCall: the turns holding its results, in order (empty: none in the transcript);
    // empty for other kinds (a StandaloneCall's result is its own content).
    QList<int> resultTurns(int turn) const;
    // Whether the result before this one (of the same call) failed: this one is a retry.
    bool isRetryAfterFailure(int turn) const { return m_flags.at(turn) & RetryAfterFailure; }

    // Whether the tool call this turn is part of failed: its last result failed (a call with no
    // result: its own turn's tool_is_error). False for speech.
    bool callFailed(int turn) const { return m_flags.at(turn) & CallFailed; }

    // The counts the transcript header shows. A call and all its results count as one tool call;
    // a result whose call is not in the transcript counts as one too (a tool did run). Failed:
    // those whose last result failed.
    int toolCallCount() const { return m_toolCalls; }
    int failedCount() const { return m_failed; }
    int orphanCount() const { return m_orphans; }

    // Words for the pairing, the same in the view and every export: translated for the app
    // (context "Revox::ToolCallPairing"), English as written in exports, which are files for
    // others and never translated.
    enum class Language { Translated, English };
    // After the tool's name in a Result's or an OrphanResult's header: "result 2 of 2 · retry
    // after a failure", "result", "result without its call"; empty for other kinds.
    QString headline(int turn, Language language = Language::Translated) const;
    // "Result in turn 7", "Results in turns 7 and 9", "No result in the transcript", "Call in turn
    // 5", "Its call is not in the transcript"; empty for speech and a StandaloneCall.
    QString note(int turn, Language language = Language::Translated) const;

private:
    struct Call
    {
        int turn = -1;
        int firstResult = 0; // into m_resultTurns
        int resultCount = 0;
        bool failed = false;
        bool lastResultFailed = false; // while pairing
    };
    enum Flag : quint8 { RetryAfterFailure = 1, CallFailed = 2 };
    int callIndex(int turn) const { return m_callIndex.at(turn); }

    QList<quint8> m_kinds;
    QList<int> m_callIndex;    // into m_calls; -1 for speech and orphans
    QList<int> m_resultNumber; // 1-based for a Result, else 0
    QList<Call> m_calls;
    QList<int> m_resultTurns; // the results of each call, grouped by call in call order
    QList<quint8> m_flags;    // per turn: Flag bits
    int m_toolCalls = 0;
    int m_failed = 0;
    int m_orphans = 0;
};

} // namespace Revox
