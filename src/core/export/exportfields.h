#pragma once

#include "core/call/calldata.h"

#include <QList>
#include <QString>

namespace Revox::ExportFields {

struct Field
{
    QString label;
    QString value;
};

// The call summary as label/value pairs, in the order every format shows them.
QList<Field> callSummary(const Call &call);
// "Agent", "Caller", or the raw role when this version does not know it.
QString speaker(const TranscriptEntry &turn);
QString toolName(const TranscriptEntry &turn);
// Tool arguments as text: objects as indented JSON, strings as sent (pretty-printed when JSON).
QString toolArguments(const TranscriptEntry &turn);
// True when `text` is a JSON object or array, so it can be shown as a JSON block.
bool isJson(const QString &text);
// Filesystem-safe: anything but letters, digits, '-', '_' and '.' becomes '_'; never empty, never
// starting with a dot, at most 100 characters.
QString safeFileStem(const QString &text);

} // namespace Revox::ExportFields
