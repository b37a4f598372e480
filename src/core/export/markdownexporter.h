#pragma once

#include "core/export/exportdocument.h"

#include <QString>

namespace Revox {

// A summary list, one paragraph per turn with the speaker in bold, tool calls as fenced blocks.
// Text from the API is escaped so that it reads as sent and cannot start a heading, list, link,
// HTML tag or code block of its own.
class MarkdownExporter final : public FormatWriter
{
public:
    // Inline text: Markdown's punctuation backslash-escaped, block markers at line starts
    // neutralized, line breaks kept as hard breaks.
    static QString escape(const QString &text);
    // A fenced block longer than any backtick or tilde run inside `content`.
    static QString fence(const QString &content, const QString &info);

private:
    ExportResult writeDocument(const ExportDocument &document,
                               const ExportProgress &progress) const override;
};

} // namespace Revox
