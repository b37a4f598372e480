#include "core/call/toolcallpairing.h"

#include <QCoreApplication>
#include <QHash>
#include <QStringList>

namespace Revox {

namespace {

constexpr char Context[] = "Revox::ToolCallPairing";

QString text(const char *source, ToolCallPairing::Language language)
{
    return language == ToolCallPairing::Language::Translated
               ? QCoreApplication::translate(Context, source)
               : QString::fromUtf8(source);
}

// "7", "7 and 9", "7, 9 and 11"
QString turnList(const QList<int> &turns, ToolCallPairing::Language language)
{
    QStringList numbers;
    for (const int turn : turns)
        numbers.append(QString::number(turn + 1));
    if (numbers.size() < 2)
        return numbers.join(QString());
    const QString last = numbers.takeLast();
    return text(QT_TRANSLATE_NOOP("Revox::ToolCallPairing", "%1 and %2"), language)
        .arg(numbers.join(QStringLiteral(", ")), last);
}

} // namespace

ToolCallPairing::ToolCallPairing(const QList<TranscriptEntry> &turns)
{
    const qsizetype count = turns.size();
    m_kinds.resize(count);
    m_callIndex.fill(-1, count);
    m_resultNumber.fill(0, count);
    m_flags.fill(0, count);
    // The latest call each tool name made by speaking: later results of that name are its.
    QHash<QString, int> open;
    const QString toolRole = QStringLiteral("tool");
    for (int i = 0; i < count; ++i) {
        const TranscriptEntry &turn = turns.at(i);
        const bool toolFields = turn.toolName.has_value() || turn.toolArguments.isPresent();
        const bool isToolRole = turn.role ? *turn.role == toolRole : toolFields;
        const bool named = turn.toolName && !turn.toolName->isEmpty();
        Kind kind = Kind::Speech;
        if (!isToolRole) {
            if (toolFields) {
                kind = Kind::SpeechWithCall;
                m_callIndex[i] = int(m_calls.size());
                m_calls.append(Call{i});
                if (named)
                    open.insert(*turn.toolName, m_callIndex.at(i));
            }
        } else if (const auto it = named ? open.constFind(*turn.toolName) : open.cend();
                   it != open.cend()) {
            kind = Kind::Result;
            Call &call = m_calls[*it];
            m_callIndex[i] = *it;
            m_resultNumber[i] = ++call.resultCount;
            if (call.resultCount > 1 && call.lastResultFailed)
                m_flags[i] |= RetryAfterFailure;
            call.lastResultFailed = turn.isToolError();
        } else if (turn.toolArguments.isPresent()) {
            kind = Kind::StandaloneCall;
            m_callIndex[i] = int(m_calls.size());
            m_calls.append(Call{i});
        } else {
            kind = Kind::OrphanResult;
        }
        m_kinds[i] = quint8(kind);
    }

    // Each call's results side by side, in turn order.
    int next = 0;
    for (Call &call : m_calls) {
        call.firstResult = next;
        next += call.resultCount;
        // A call whose results are not in the transcript says itself whether it failed.
        call.failed = call.resultCount > 0 ? call.lastResultFailed
                                           : turns.at(call.turn).isToolError();
        m_failed += call.failed ? 1 : 0;
    }
    m_resultTurns.resize(next);
    for (int i = 0; i < count; ++i) {
        const int index = m_callIndex.at(i);
        if (kind(i) == Kind::Result)
            m_resultTurns[m_calls.at(index).firstResult + m_resultNumber.at(i) - 1] = i;
        const bool failed = index >= 0 ? m_calls.at(index).failed
                                       : kind(i) == Kind::OrphanResult && turns.at(i).isToolError();
        if (failed)
            m_flags[i] |= CallFailed;
        if (kind(i) == Kind::OrphanResult) {
            ++m_orphans;
            m_failed += failed ? 1 : 0;
        }
    }
    m_toolCalls = int(m_calls.size()) + m_orphans;
}

bool ToolCallPairing::hasSpeech(int turn) const
{
    const Kind k = kind(turn);
    return k == Kind::Speech || k == Kind::SpeechWithCall;
}

bool ToolCallPairing::hasResult(int turn) const
{
    const Kind k = kind(turn);
    return k == Kind::Result || k == Kind::OrphanResult || k == Kind::StandaloneCall;
}

int ToolCallPairing::callTurn(int turn) const
{
    const int index = callIndex(turn);
    return index >= 0 ? m_calls.at(index).turn : -1;
}

int ToolCallPairing::resultCount(int turn) const
{
    const Kind k = kind(turn);
    if (k != Kind::Result && k != Kind::SpeechWithCall)
        return 0;
    return m_calls.at(callIndex(turn)).resultCount;
}

QList<int> ToolCallPairing::resultTurns(int turn) const
{
    if (kind(turn) != Kind::SpeechWithCall)
        return {};
    const Call &call = m_calls.at(callIndex(turn));
    return m_resultTurns.mid(call.firstResult, call.resultCount);
}

QString ToolCallPairing::headline(int turn, Language language) const
{
    switch (kind(turn)) {
    case Kind::Result: {
        const int count = resultCount(turn);
        QString line = count == 1
                           ? text(QT_TRANSLATE_NOOP("Revox::ToolCallPairing", "result"), language)
                           : text(QT_TRANSLATE_NOOP("Revox::ToolCallPairing", "result %1 of %2"),
                                  language)
                                 .arg(resultNumber(turn))
                                 .arg(count);
        if (isRetryAfterFailure(turn))
            line += text(QT_TRANSLATE_NOOP("Revox::ToolCallPairing", ", retry after a failure"),
                         language);
        return line;
    }
    case Kind::OrphanResult:
        return text(QT_TRANSLATE_NOOP("Revox::ToolCallPairing", "result without its call"),
                    language);
    case Kind::Speech:
    case Kind::SpeechWithCall:
    case Kind::StandaloneCall:
        break;
    }
    return {};
}

QString ToolCallPairing::note(int turn, Language language) const
{
    switch (kind(turn)) {
    case Kind::SpeechWithCall: {
        const QList<int> results = resultTurns(turn);
        if (results.isEmpty())
            return text(QT_TRANSLATE_NOOP("Revox::ToolCallPairing", "No result in the transcript"),
                        language);
        return (results.size() == 1
                    ? text(QT_TRANSLATE_NOOP("Revox::ToolCallPairing", "Result in turn %1"),
                           language)
                    : text(QT_TRANSLATE_NOOP("Revox::ToolCallPairing", "Results in turns %1"),
                           language))
            .arg(turnList(results, language));
    }
    case Kind::Result:
        return text(QT_TRANSLATE_NOOP("Revox::ToolCallPairing", "Call in turn %1"), language)
            .arg(callTurn(turn) + 1);
    case Kind::OrphanResult:
        return text(QT_TRANSLATE_NOOP("Revox::ToolCallPairing", "Its call is not in the transcript"),
                    language);
    case Kind::Speech:
    case Kind::StandaloneCall:
        break;
    }
    return {};
}

} // namespace Revox
