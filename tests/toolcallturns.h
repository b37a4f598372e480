#pragma once

// Transcripts in every shape the API's schema allows for tool calls (docs: "Transcript turns and
// tool calls"), shared by the pairing, model, filter, export and screenshot tests.
#include "core/call/calldata.h"

#include <QJsonObject>
#include <QList>

namespace Revox::ToolCallTurns {

inline TranscriptEntry said(const QString &role, const QString &content)
{
    TranscriptEntry entry;
    entry.role = role;
    entry.content = content;
    return entry;
}

// An agent's turn that calls `name` while saying `words`.
inline TranscriptEntry callWhileSaying(const QString &words,
                                       const QString &name,
                                       const QJsonObject &arguments)
{
    TranscriptEntry entry = said(QStringLiteral("assistant"), words);
    entry.toolName = name;
    entry.toolArguments.setObject(arguments);
    return entry;
}

// A `tool` turn with `content` and nothing but a name and an error flag.
inline TranscriptEntry result(const QString &name, const QString &content, bool failed = false)
{
    TranscriptEntry entry = said(QStringLiteral("tool"), content);
    entry.toolName = name;
    entry.toolIsError = failed;
    return entry;
}

// The same with arguments of its own, sent as a JSON string.
inline TranscriptEntry resultWithArguments(const QString &name,
                                           const QString &arguments,
                                           const QString &content,
                                           bool failed = false)
{
    TranscriptEntry entry = result(name, content, failed);
    entry.toolArguments.kind = ToolArguments::Kind::String;
    entry.toolArguments.text = arguments;
    return entry;
}

inline const QString &checkWords()
{
    static const QString words = QStringLiteral("Let me check the calendar for Wednesday.");
    return words;
}

// The agent speaks while calling check_availability; the first result is a failure, the retry
// (with arguments of its own, as a JSON string) succeeds.
inline QList<TranscriptEntry> callFailureRetry()
{
    return {said(QStringLiteral("user"), QStringLiteral("Could we move it to Wednesday?")),
            callWhileSaying(checkWords(),
                            QStringLiteral("check_availability"),
                            QJsonObject{{QStringLiteral("date"), QStringLiteral("2025-11-19")},
                                        {QStringLiteral("practitioner"), QStringLiteral("pr_481")}}),
            result(QStringLiteral("check_availability"),
                   QStringLiteral("Timeout: the calendar did not answer within 5 s"),
                   true),
            resultWithArguments(QStringLiteral("check_availability"),
                                QStringLiteral("{\"date\":\"2025-11-19\",\"attempt\":2}"),
                                QStringLiteral("{\"slots\": [\"14:30\", \"16:15\"]}")),
            said(QStringLiteral("assistant"),
                 QStringLiteral("I have 2:30 p.m. or 4:15 p.m. Which works better?"))};
}

} // namespace Revox::ToolCallTurns
