#include "core/library/librarysearch.h"

#include "core/call/format.h"

#include <QRegularExpression>
#include <QStringList>

#include <algorithm>
#include <utility>

namespace Revox::LibrarySearch {

namespace {

constexpr char16_t ZeroWidthSpace = 0x200B;

bool isCjk(char32_t ucs4)
{
    switch (QChar::script(ucs4)) {
    case QChar::Script_Han:
    case QChar::Script_Hiragana:
    case QChar::Script_Katakana:
    case QChar::Script_Hangul:
    case QChar::Script_Bopomofo:
        return true;
    default:
        // Iteration mark and the prolonged sound mark are "Common" but written inside words.
        return ucs4 == 0x3005 || ucs4 == 0x30FC || ucs4 == 0xFF70;
    }
}

// The arguments' compact JSON as the call keeps it; nothing for an empty object.
QString objectText(const ToolArguments &arguments)
{
    const QByteArray &json = arguments.objectJson();
    return json == "{}" ? QString() : QString::fromUtf8(json);
}

QString keyValueText(const QJsonObject &object)
{
    QStringList parts;
    for (auto it = object.begin(); it != object.end(); ++it)
        parts << it.key() + QStringLiteral(": ") + Format::jsonValueText(it.value());
    return parts.join(QLatin1Char('\n'));
}

void addIfPresent(QStringList &parts, const std::optional<QString> &text)
{
    if (text && !text->isEmpty())
        parts << *text;
}

} // namespace

QList<Document> documents(const Call &call)
{
    QList<Document> result;

    QStringList callText{call.id};
    addIfPresent(callText, call.toPhoneNumber);
    addIfPresent(callText, call.fromPhoneNumber);
    addIfPresent(callText, call.status);
    if (call.campaign) {
        addIfPresent(callText, call.campaign->name);
        addIfPresent(callText, call.campaign->id);
    }
    if (call.assistant)
        addIfPresent(callText, call.assistant->name);
    if (call.metadata)
        callText << keyValueText(*call.metadata);
    result.append(
        Document{std::nullopt, -1, QStringLiteral("call"), callText.join(QLatin1Char('\n')), {}, {}});

    for (const CallAttempt &attempt : call.callAttempts) {
        QStringList attemptText;
        addIfPresent(attemptText, attempt.phoneNumber);
        addIfPresent(attemptText, attempt.result);
        addIfPresent(attemptText, attempt.endReason);
        if (attempt.structuredOutput)
            attemptText << keyValueText(*attempt.structuredOutput);
        if (!attemptText.isEmpty())
            result.append(Document{attempt.id,
                                   -1,
                                   QStringLiteral("attempt"),
                                   attemptText.join(QLatin1Char('\n')),
                                   {},
                                   {}});

        if (!attempt.transcript)
            continue;
        for (int i = 0; i < attempt.transcript->size(); ++i) {
            const TranscriptEntry &turn = attempt.transcript->at(i);
            Document document{attempt.id, i, turn.role.value_or(QString()), turn.content, {}, {}};
            document.toolName = turn.toolName.value_or(QString());
            if (turn.toolArguments.kind == ToolArguments::Kind::Object)
                document.toolArguments = objectText(turn.toolArguments);
            else if (turn.toolArguments.kind == ToolArguments::Kind::String)
                document.toolArguments = turn.toolArguments.text;
            result.append(document);
        }
    }
    return result;
}

QString indexText(const QString &text)
{
    // One character (a surrogate pair counts as one) at `it`: its code point and its length.
    const auto characterAt = [&text](QString::const_iterator it) -> std::pair<char32_t, int> {
        if (it->isHighSurrogate() && it + 1 != text.cend() && (it + 1)->isLowSurrogate())
            return {QChar::surrogateToUcs4(*it, *(it + 1)), 2};
        return {it->unicode(), 1};
    };
    const auto isControl = [](char32_t ucs4) {
        return ucs4 < 0x20 || ucs4 == 0x7F || ucs4 == ZeroWidthSpace;
    };
    // Most turns have nothing to change: they are indexed as they are, without a copy. A call of
    // 100,000 turns is indexed on a worker, but copying every turn character by character cost
    // most of that worker's time.
    auto it = text.cbegin();
    for (; it != text.cend(); ++it) {
        const char32_t ucs4 = characterAt(it).first;
        if (isControl(ucs4) || isCjk(ucs4))
            break;
    }
    if (it == text.cend())
        return text;

    QString out;
    out.reserve(text.size() + text.size() / 4);
    out.append(text.cbegin(), it - text.cbegin());
    while (it != text.cend()) {
        const auto [ucs4, length] = characterAt(it);
        if (isControl(ucs4)) {
            out += QLatin1Char(' ');
        } else if (isCjk(ucs4)) {
            if (!out.isEmpty() && out.back() != QChar(ZeroWidthSpace))
                out += QChar(ZeroWidthSpace);
            out.append(it, length);
            out += QChar(ZeroWidthSpace);
        } else {
            out.append(it, length);
        }
        it += length;
    }
    return out;
}

QString matchExpression(const QString &userText)
{
    QStringList phrases;
    const QStringList words = userText.split(QRegularExpression(QStringLiteral("\\s+")),
                                             Qt::SkipEmptyParts);
    for (QString word : words) {
        bool prefix = false;
        while (word.endsWith(QLatin1Char('*'))) {
            word.chop(1);
            prefix = true;
        }
        const bool searchable = std::any_of(word.cbegin(), word.cend(), [](QChar c) {
            return c.isLetterOrNumber();
        });
        if (!searchable)
            continue;
        QString quoted = indexText(word);
        quoted.replace(QLatin1Char('"'), QStringLiteral("\"\""));
        phrases << QLatin1Char('"') + quoted + QLatin1Char('"')
                       + (prefix ? QStringLiteral("*") : QString());
    }
    return phrases.join(QLatin1Char(' '));
}

Snippet parseSnippet(const QString &raw)
{
    Snippet snippet;
    int start = -1;
    bool pendingSpace = false;
    for (const QChar c : raw) {
        if (c == QChar(ZeroWidthSpace))
            continue;
        if (c == QChar(MatchStart)) {
            if (pendingSpace && !snippet.text.isEmpty())
                snippet.text += QLatin1Char(' ');
            pendingSpace = false;
            start = int(snippet.text.size());
            continue;
        }
        if (c == QChar(MatchEnd)) {
            if (start >= 0 && snippet.text.size() > start)
                snippet.highlights.append({start, int(snippet.text.size()) - start});
            start = -1;
            continue;
        }
        if (c.isSpace()) {
            pendingSpace = true;
            continue;
        }
        if (pendingSpace && !snippet.text.isEmpty())
            snippet.text += QLatin1Char(' ');
        pendingSpace = false;
        snippet.text += c;
    }
    return snippet;
}

} // namespace Revox::LibrarySearch
