#pragma once

#include "core/call/calldata.h"

#include <QString>

#include <optional>

namespace Revox::Format {

// "2025-03-04 10:22:11" in local time; "unknown" when the server sent something unreadable;
// "—" when it sent nothing.
QString localTime(const Timestamp &stamp);
// "2025-03-04 10:22:11.000 UTC", or the same words as localTime() for missing/unknown values.
QString utcTime(const Timestamp &stamp);
// "1 h 02 min", "3 min 05 s", "42 s", "0.4 s".
QString duration(qint64 milliseconds);
QString optionalText(const std::optional<QString> &text);
QString yesNo(const std::optional<bool> &value);
QString number(double value);
// `text` in lines of at most `width` columns, broken at spaces, for a command line's help: the
// first line starts with `prefix`, the others with `indent` spaces. A longer word stays whole.
QString wrapped(const QString &text, int width, const QString &prefix, int indent);

// Objects as indented JSON; strings that hold JSON pretty-printed too; other strings as-is.
QString toolArguments(const ToolArguments &arguments);
QString json(const QJsonObject &object);
// A JSON value on one line: strings without quotes, everything else as compact JSON.
QString jsonValueText(const QJsonValue &value);

std::optional<qint64> timeToAnswerMs(const CallAttempt &attempt);
std::optional<qint64> talkDurationMs(const CallAttempt &attempt);

// "gpt-4.1 (dedicated instance)", "openai/gpt-4.1 via nebius (OpenRouter)", or the raw JSON.
QString llmModel(const LlmModel &model);

} // namespace Revox::Format
