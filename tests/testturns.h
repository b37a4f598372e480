#pragma once

// Transcript turns built by hand, for tests that need a particular conversation.
#include "core/call/calldata.h"

namespace Revox::TestCalls {

inline TranscriptEntry turn(const QString &role, const QString &content)
{
    TranscriptEntry entry;
    entry.role = role;
    entry.content = content;
    return entry;
}

inline TranscriptEntry toolTurn(const QString &name,
                                const QString &arguments,
                                const QString &result,
                                bool failed)
{
    TranscriptEntry entry;
    entry.role = QStringLiteral("tool");
    entry.toolName = name;
    entry.toolArguments.kind = ToolArguments::Kind::String;
    entry.toolArguments.text = arguments;
    entry.content = result;
    entry.toolIsError = failed;
    return entry;
}

} // namespace Revox::TestCalls
