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

// `withTool`: the turn's tool fields are written (tools are included and it has some).
QJsonObject turnObject(const TranscriptEntry &turn, int index, bool withTool)
{
    QJsonObject object;
    object.insert(QStringLiteral("index"), index);
    object.insert(QStringLiteral("role"), orNull(turn.role));
    object.insert(QStringLiteral("content"), turn.content);
    if (!withTool) {
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

// An attempt's fields; its transcript is left to the caller (an empty array when it has one).
QJsonObject attemptFields(const ExportedAttempt &exported, const ExportDocument &document)
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
    object.insert(QStringLiteral("transcript"),
                  attempt.transcript ? QJsonValue(QJsonArray()) : QJsonValue(QJsonValue::Null));
    return object;
}

// Calls `add` with each turn of the attempt the document shows; false when cancelled on the way.
template<typename Add>
bool forEachTurnObject(const ExportedAttempt &exported,
                       const ExportDocument &document,
                       ExportProgress::Counter &turns,
                       Add add)
{
    if (!exported.attempt.transcript)
        return true;
    const QList<TranscriptEntry> &entries = *exported.attempt.transcript;
    const ToolCallPairing pairing(entries);
    for (int at = 0; at < entries.size(); ++at) {
        if (!turns.next())
            return false;
        // Without tools, a turn that spoke while calling one keeps its words, not its call.
        if (document.shows(pairing, at))
            add(turnObject(entries.at(at),
                           at + 1,
                           document.includeTools && entries.at(at).isToolCall()));
    }
    return true;
}

QJsonObject rootFields(const ExportDocument &document)
{
    QJsonObject root;
    root.insert(QStringLiteral("format"), QStringLiteral("revox-inspector-transcript"));
    root.insert(QStringLiteral("version"), JsonExporter::formatVersion);
    root.insert(QStringLiteral("redacted"), document.redacted);
    root.insert(QStringLiteral("includes_tool_calls"), document.includeTools);
    root.insert(QStringLiteral("call"), summary(document.call, document.includeSummary));
    root.insert(QStringLiteral("attempts"), QJsonArray());
    return root;
}

// QJsonDocument's indented text of `document` as it reads `depth` levels further down: every line
// after the first indented four more spaces a level (JSON text breaks lines only between values,
// never inside a string), without the final newline.
QByteArray indented(const QJsonDocument &document, int depth)
{
    QByteArray text = document.toJson(QJsonDocument::Indented);
    text.chop(1);
    if (depth > 0)
        text.replace('\n', QByteArray("\n") + QByteArray(4 * depth, ' '));
    return text;
}

// The elements of `array` as they read inside an array `depth` levels down, each line indented.
QByteArray elements(const QJsonArray &array, int depth)
{
    // "[", the elements on lines of their own, and the closing "]" indented like the array.
    const QByteArray text = indented(QJsonDocument(array), depth - 1);
    const qsizetype closing = 2 + 4 * (depth - 1);
    return text.mid(2, text.size() - 2 - closing);
}

// An object's text cut inside its empty array `key`, one of the object's keys `depth` levels down
// (QJsonDocument writes an empty array as `"key": [` and `]` on lines of their own): `before`
// ends with the line that opens the array, `after` starts with the line that closes it. A line
// starting with that many spaces and a quote is always one of the object's own keys, since no
// string holds a line break.
struct Cut
{
    QByteArray before;
    QByteArray after;
};

Cut cutAtArray(const QByteArray &object, const char *key, int depth)
{
    const QByteArray indent(4 * depth, ' ');
    const QByteArray opening = '\n' + indent + '"' + key + "\": [\n";
    const qsizetype at = object.indexOf(opening + indent + ']');
    Q_ASSERT(at >= 0);
    if (at < 0)
        return {object, {}};
    return {object.left(at + opening.size()), object.mid(at + opening.size())};
}

} // namespace

QJsonObject JsonExporter::toJson(const ExportDocument &document)
{
    QJsonObject root = rootFields(document);
    ExportProgress::Counter turns = ExportProgress().count(0);
    QJsonArray attempts;
    for (const ExportedAttempt &exported : document.attempts) {
        QJsonObject attempt = attemptFields(exported, document);
        if (exported.attempt.transcript) {
            QJsonArray transcript;
            forEachTurnObject(exported, document, turns, [&transcript](const QJsonObject &turn) {
                transcript.append(turn);
            });
            attempt.insert(QStringLiteral("transcript"), transcript);
        }
        attempts.append(attempt);
    }
    root.insert(QStringLiteral("attempts"), attempts);
    return root;
}

ExportResult JsonExporter::writeDocument(const ExportDocument &document,
                                         const ExportProgress &progress) const
{
    // The bytes of QJsonDocument(toJson(document)).toJson(), made a slice of turns at a time:
    // one call serializing 100,000 turns takes a second that could not be cancelled. Turns are
    // four levels down (the root, its attempts, an attempt, its transcript), attempts two. The
    // pieces are joined once at the end: growing 40 MB a slice at a time copied it over and over.
    constexpr int TurnsPerSlice = 500;
    ExportProgress::Counter turns = progress.count(document.turnCount());
    QByteArrayList out;
    const Cut root = cutAtArray(indented(QJsonDocument(rootFields(document)), 0) + '\n',
                                "attempts",
                                1);
    out.append(root.before);
    for (const ExportedAttempt &exported : document.attempts) {
        if (&exported != &document.attempts.constFirst())
            out.append(",\n");
        out.append(QByteArray(8, ' '));
        const QByteArray fields = indented(QJsonDocument(attemptFields(exported, document)), 2);
        if (!exported.attempt.transcript) { // "transcript": null
            out.append(fields);
            continue;
        }
        const Cut attempt = cutAtArray(fields, "transcript", 3);
        out.append(attempt.before);
        bool anyTurn = false;
        QJsonArray slice;
        const auto flush = [&out, &slice, &anyTurn] {
            if (slice.isEmpty())
                return;
            if (std::exchange(anyTurn, true))
                out.append(",\n");
            out.append(elements(slice, 4));
            slice = QJsonArray();
        };
        const bool written = forEachTurnObject(exported,
                                               document,
                                               turns,
                                               [&slice, &flush](const QJsonObject &turn) {
                                                   slice.append(turn);
                                                   if (slice.size() == TurnsPerSlice)
                                                       flush();
                                               });
        if (!written)
            return ExportResult::stopped();
        flush();
        if (anyTurn)
            out.append("\n");
        out.append(attempt.after);
    }
    if (!document.attempts.isEmpty())
        out.append("\n");
    out.append(root.after);
    return {out.join(), {}};
}

} // namespace Revox
