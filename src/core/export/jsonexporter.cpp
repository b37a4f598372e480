#include "core/export/jsonexporter.h"

#include "core/call/format.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace Revox {

namespace {

// Text, a flag or an object as sent; null when absent.
template<typename T>
QJsonValue orNull(const std::optional<T> &value)
{
    return value ? QJsonValue(*value) : QJsonValue(QJsonValue::Null);
}

// Parsed times in ISO 8601 UTC with milliseconds; what the server sent when it could not be read;
// null when it sent nothing.
QJsonValue time(const Timestamp &stamp)
{
    switch (stamp.state()) {
    case Timestamp::State::Parsed:
        return stamp.utc().toString(Qt::ISODateWithMs);
    case Timestamp::State::Unparseable:
        return stamp.raw();
    case Timestamp::State::Missing:
    case Timestamp::State::Null:
        break;
    }
    return QJsonValue::Null;
}

// A campaign's or an assistant's `{id, name}`; null when the call has none.
template<typename Named>
QJsonValue idAndName(const std::optional<Named> &named)
{
    if (!named)
        return QJsonValue::Null;
    return QJsonObject{{QStringLiteral("id"), orNull(named->id)},
                       {QStringLiteral("name"), orNull(named->name)}};
}

QJsonObject summary(const Call &call, bool full)
{
    QJsonObject object;
    object.insert(QStringLiteral("id"), call.id);
    if (!full)
        return object;
    object.insert(QStringLiteral("status"), orNull(call.status));
    object.insert(QStringLiteral("direction"), orNull(call.direction));
    object.insert(QStringLiteral("from_phone_number"), orNull(call.fromPhoneNumber));
    object.insert(QStringLiteral("to_phone_number"), orNull(call.toPhoneNumber));
    object.insert(QStringLiteral("created_at"), time(call.createdAt));
    object.insert(QStringLiteral("scheduled_at"), time(call.scheduledAt));
    object.insert(QStringLiteral("attempt_count"), int(call.callAttempts.size()));
    object.insert(QStringLiteral("campaign"), idAndName(call.campaign));
    object.insert(QStringLiteral("assistant"), idAndName(call.assistant));
    object.insert(QStringLiteral("llm_model"),
                  call.llmModel.present ? QJsonValue(Format::llmModel(call.llmModel))
                                        : QJsonValue::Null);
    object.insert(QStringLiteral("metadata"), orNull(call.metadata));
    return object;
}

QJsonObject turnObject(const TranscriptEntry &turn, int index)
{
    QJsonObject object;
    object.insert(QStringLiteral("index"), index);
    object.insert(QStringLiteral("role"), orNull(turn.role));
    object.insert(QStringLiteral("content"), turn.content);
    if (!turn.isToolCall()) {
        object.insert(QStringLiteral("tool"), QJsonValue::Null);
        return object;
    }
    QJsonObject tool;
    tool.insert(QStringLiteral("name"), orNull(turn.toolName));
    switch (turn.toolArguments.kind) {
    case ToolArguments::Kind::Absent:
        tool.insert(QStringLiteral("arguments"), QJsonValue::Null);
        break;
    case ToolArguments::Kind::Object:
        tool.insert(QStringLiteral("arguments"), turn.toolArguments.object());
        break;
    case ToolArguments::Kind::String:
        tool.insert(QStringLiteral("arguments"), turn.toolArguments.text);
        break;
    }
    tool.insert(QStringLiteral("is_error"), orNull(turn.toolIsError));
    object.insert(QStringLiteral("tool"), tool);
    return object;
}

QJsonObject attemptObject(const ExportedAttempt &exported, const ExportDocument &document)
{
    const CallAttempt &attempt = exported.attempt;
    QJsonObject object;
    object.insert(QStringLiteral("number"), exported.number);
    object.insert(QStringLiteral("id"), attempt.id);
    if (document.includeSummary) {
        object.insert(QStringLiteral("status"), orNull(attempt.status));
        object.insert(QStringLiteral("result"), orNull(attempt.result));
        object.insert(QStringLiteral("dial_error"), orNull(attempt.dialError));
        object.insert(QStringLiteral("phone_number"), orNull(attempt.phoneNumber));
        object.insert(QStringLiteral("started_at"), time(attempt.startedAt));
        object.insert(QStringLiteral("answered_at"), time(attempt.answeredAt));
        object.insert(QStringLiteral("ended_at"), time(attempt.endedAt));
        object.insert(QStringLiteral("ended_by"), orNull(attempt.endedBy));
        object.insert(QStringLiteral("end_reason"), orNull(attempt.endReason));
        object.insert(QStringLiteral("has_recording"), attempt.recordingUrl.has_value());
        object.insert(QStringLiteral("structured_output"), orNull(attempt.structuredOutput));
    }
    if (!attempt.transcript) {
        object.insert(QStringLiteral("transcript"), QJsonValue::Null);
        return object;
    }
    QJsonArray turns;
    int index = 0;
    for (const TranscriptEntry &turn : *attempt.transcript) {
        ++index;
        if (!document.shows(turn))
            continue;
        turns.append(turnObject(turn, index));
    }
    object.insert(QStringLiteral("transcript"), turns);
    return object;
}

} // namespace

QJsonObject JsonExporter::toJson(const ExportDocument &document)
{
    QJsonObject root;
    root.insert(QStringLiteral("format"), QStringLiteral("revox-inspector-transcript"));
    root.insert(QStringLiteral("version"), formatVersion);
    root.insert(QStringLiteral("redacted"), document.redacted);
    root.insert(QStringLiteral("includes_tool_calls"), document.includeTools);
    root.insert(QStringLiteral("call"), summary(document.call, document.includeSummary));
    QJsonArray attempts;
    for (const ExportedAttempt &exported : document.attempts)
        attempts.append(attemptObject(exported, document));
    root.insert(QStringLiteral("attempts"), attempts);
    return root;
}

ExportResult JsonExporter::write(const ExportDocument &document) const
{
    return {QJsonDocument(toJson(document)).toJson(QJsonDocument::Indented), {}};
}

} // namespace Revox
