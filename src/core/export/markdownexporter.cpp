#include "core/export/markdownexporter.h"

#include "core/call/format.h"
#include "core/export/exportfields.h"
#include "core/export/textreport.h"

namespace Revox {

namespace {

bool isAlwaysEscaped(QChar c)
{
    // Everything that can open emphasis, code, links, images, HTML, entities, tables or
    // strikethrough anywhere in a line (CommonMark and GitHub's extensions).
    static const QString special = QStringLiteral("\\`*_[]<>&|~");
    return special.contains(c);
}

bool isLineStartMarker(QChar c)
{
    // Headings, block quotes, list bullets and setext/thematic-break underlines.
    static const QString markers = QStringLiteral("#>+-=");
    return markers.contains(c);
}

QString escapeLine(QStringView line, bool atLineStart)
{
    QString out;
    out.reserve(line.size() + 8);
    // Leading spaces would make an indented code block; they carry no meaning in speech.
    qsizetype start = 0;
    while (start < line.size()
           && (line.at(start) == QLatin1Char(' ') || line.at(start) == QLatin1Char('\t')))
        ++start;
    line = line.mid(start);
    // "1. " or "1) " at a line start is an ordered list.
    qsizetype digits = 0;
    while (atLineStart && digits < line.size() && line.at(digits).isDigit() && digits < 9)
        ++digits;
    for (qsizetype i = 0; i < line.size(); ++i) {
        const QChar c = line.at(i);
        // An underscore inside a word never starts emphasis (CommonMark), so IDs stay readable.
        const bool intraword = c == QLatin1Char('_') && i > 0 && i + 1 < line.size()
                               && line.at(i - 1).isLetterOrNumber()
                               && line.at(i + 1).isLetterOrNumber();
        if ((isAlwaysEscaped(c) && !intraword) || (i == 0 && atLineStart && isLineStartMarker(c))
            || (digits > 0 && i == digits && (c == QLatin1Char('.') || c == QLatin1Char(')')))) {
            out.append(QLatin1Char('\\'));
        }
        out.append(c);
    }
    return out;
}

int longestRun(const QString &text, QChar c)
{
    int longest = 0;
    int current = 0;
    for (const QChar x : text) {
        current = x == c ? current + 1 : 0;
        longest = qMax(longest, current);
    }
    return longest;
}

QString block(const QString &label, const QString &content)
{
    const QString info = ExportFields::isJson(content) ? QStringLiteral("json")
                                                       : QStringLiteral("text");
    return QStringLiteral("%1:\n\n%2").arg(label, MarkdownExporter::fence(content, info));
}

} // namespace

QString MarkdownExporter::escape(const QString &text)
{
    QString normalized = text;
    normalized.replace(QStringLiteral("\r\n"), QStringLiteral("\n"));
    normalized.replace(QLatin1Char('\r'), QLatin1Char('\n'));
    const QList<QStringView> lines = QStringView(normalized).split(QLatin1Char('\n'));
    QStringList out;
    out.reserve(lines.size());
    // Every use puts the text after a label or marker, so only its later lines start a line.
    for (const QStringView line : lines)
        out.append(escapeLine(line, !out.isEmpty()));
    // A backslash at the end of a line is a hard break and keeps blank lines from ending the turn.
    return out.join(QStringLiteral("\\\n"));
}

QString MarkdownExporter::fence(const QString &content, const QString &info)
{
    const QString marker(qMax(3, longestRun(content, QLatin1Char('`')) + 1), QLatin1Char('`'));
    QString body = content;
    if (!body.endsWith(QLatin1Char('\n')))
        body.append(QLatin1Char('\n'));
    return marker + info + QLatin1Char('\n') + body + marker;
}

ExportResult MarkdownExporter::writeDocument(const ExportDocument &document,
                                             const ExportProgress &progress) const
{
    ExportProgress::Counter turns = progress.count(document.turnCount());
    QStringList blocks;
    blocks.append(QStringLiteral("# Call %1").arg(escape(document.call.id)));
    if (document.includeSummary) {
        QStringList items;
        for (const ExportFields::Field &field : ExportFields::callSummary(document.call)) {
            QString value = field.value;
            value.replace(QLatin1Char('\n'), QLatin1Char(' '));
            items.append(QStringLiteral("- **%1:** %2").arg(escape(field.label), escape(value)));
        }
        blocks.append(items.join(QLatin1Char('\n')));
    }
    if (document.attempts.isEmpty())
        blocks.append(QStringLiteral("*This call has no attempts yet.*"));

    for (const ExportedAttempt &exported : document.attempts) {
        const CallAttempt &attempt = exported.attempt;
        QString header = TextReport::attemptHeader(attempt, exported.number, exported.count);
        header.replace(QLatin1Char('\n'), QLatin1Char(' '));
        blocks.append(QStringLiteral("## %1").arg(escape(header)));
        const QString note = document.note(attempt);
        if (!note.isEmpty())
            blocks.append(QStringLiteral("*%1*").arg(note));
        const bool written = document.forEachTurn(attempt, turns, [&blocks](const ExportedTurn &turn) {
            if (turn.hasSpeech)
                blocks.append(
                    QStringLiteral("**%1:** %2").arg(escape(turn.speaker), escape(turn.speech)));
            if (!turn.isToolCall)
                return;
            // A result names which of its call's results it is; a call, where they are.
            const bool result = turn.kind == ToolCallPairing::Kind::Result
                                || turn.kind == ToolCallPairing::Kind::OrphanResult;
            blocks.append(
                QStringLiteral("**%1: %2**%3%4")
                    .arg(result ? QStringLiteral("Tool result") : QStringLiteral("Tool call"),
                         escape(turn.toolName),
                         turn.headline.isEmpty() ? QString()
                                                 : QStringLiteral(" — ") + escape(turn.headline),
                         turn.failed ? QStringLiteral(" — **failed**") : QString()));
            if (!turn.note.isEmpty())
                blocks.append(QStringLiteral("*%1*").arg(escape(turn.note)));
            if (!turn.arguments.isEmpty())
                blocks.append(block(QStringLiteral("Arguments"), turn.arguments));
            if (turn.hasResult && !turn.content.isEmpty())
                blocks.append(block(turn.resultLabel, turn.content));
        });
        if (!written)
            return ExportResult::stopped();
        if (document.includeSummary && attempt.structuredOutput
            && !attempt.structuredOutput->isEmpty()) {
            blocks.append(QStringLiteral("### Structured output"));
            blocks.append(fence(Format::json(*attempt.structuredOutput), QStringLiteral("json")));
        }
    }
    return {(blocks.join(QStringLiteral("\n\n")) + QLatin1Char('\n')).toUtf8(), {}};
}

} // namespace Revox
