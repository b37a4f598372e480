#pragma once

#include "core/call/calldata.h"

#include <QList>
#include <QPair>
#include <QString>

#include <optional>

namespace Revox::LibrarySearch {

// One row of the full-text index: a transcript turn, or the searchable text of a call or an
// attempt that is not part of any turn (numbers, metadata, campaign, structured output).
struct Document
{
    std::optional<QString> attemptId; // nullopt for the call-level row
    int turnIndex = -1;               // -1 for call- and attempt-level rows
    QString role;                     // the turn's role, "call" or "attempt" otherwise
    QString content;
    QString toolName;
    QString toolArguments;
};

QList<Document> documents(const Call &call);

// Text as it goes into the index. SQLite's unicode61 tokenizer only splits on spaces and
// punctuation, so Chinese and Japanese sentences would be one long token and "予約" would never
// match inside one. Each CJK character is made a token of its own by surrounding it with
// U+200B ZERO WIDTH SPACE (a separator for unicode61); a quoted query of several CJK characters
// is then a phrase of adjacent tokens, which is exactly a substring match. Control characters are
// replaced by spaces so the snippet markers can never be forged by call content.
QString indexText(const QString &text);

// A user's words as an FTS5 MATCH expression: every word quoted (so `"`, `AND (`, `NEAR` or `*`
// alone are plain text, never syntax), words ANDed, a trailing `*` kept as a prefix search.
// Empty when the text holds nothing searchable.
QString matchExpression(const QString &userText);

// The markers snippet() is asked to put around matches; control characters never indexed.
inline constexpr char16_t MatchStart = 0x0002;
inline constexpr char16_t MatchEnd = 0x0003;

struct Snippet
{
    QString text;                      // plain text, whitespace collapsed, no markers
    QList<QPair<int, int>> highlights; // (start, length) into text
};

// snippet() output (with MatchStart/MatchEnd and the zero-width spaces of indexText()) as plain
// text plus the ranges to highlight.
Snippet parseSnippet(const QString &raw);

} // namespace Revox::LibrarySearch
