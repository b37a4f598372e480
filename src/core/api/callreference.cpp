#include "core/api/callreference.h"

#include <QStringList>
#include <QUrl>

#include <algorithm>

namespace Revox {

namespace {

constexpr int MaxIdLength = 200;
const QLatin1String AppScheme("revox-inspector");

// Quotes and brackets that stick to an ID copied out of chat, Markdown, JSON or a terminal.
bool isStrayWrapper(QChar c)
{
    switch (c.unicode()) {
    case '"':
    case '\'':
    case '`':
    case '<':
    case '>':
    case 0x2018: // ‘
    case 0x2019: // ’
    case 0x201C: // “
    case 0x201D: // ”
    case 0x00AB: // «
    case 0x00BB: // »
        return true;
    default:
        return false;
    }
}

QString stripWrappers(QString text)
{
    for (;;) {
        text = text.trimmed();
        if (text.isEmpty())
            return text;
        if (isStrayWrapper(text.front()))
            text.remove(0, 1);
        else if (isStrayWrapper(text.back()))
            text.chop(1);
        else
            return text;
    }
}

QString describeChar(QChar c)
{
    if (c.isSpace())
        return QStringLiteral("a space");
    if (!c.isPrint())
        return QStringLiteral("a control character (U+%1)")
            .arg(QString::number(c.unicode(), 16).toUpper().rightJustified(4, QLatin1Char('0')));
    return QStringLiteral("\u201C%1\u201D").arg(c);
}

CallReference invalid(const QString &message)
{
    return CallReference{QString(), message};
}

CallReference fromId(const QString &id)
{
    const QString problem = CallReference::idProblem(id);
    if (!problem.isEmpty())
        return invalid(problem);
    return CallReference{id, QString()};
}

// `segments` are the still-encoded path segments of a link. The ID is the segment after `call` or
// `calls`; it is decoded only after splitting, so an encoded slash stays inside the ID (and is then
// rejected) instead of becoming a path separator.
CallReference fromPathSegments(const QStringList &segments, const QString &shown)
{
    for (qsizetype i = 0; i + 1 < segments.size(); ++i) {
        const QString name = segments.at(i).toLower();
        if (name == QLatin1String("call") || name == QLatin1String("calls")) {
            const QString encoded = segments.at(i + 1);
            if (encoded.isEmpty())
                break;
            return fromId(QUrl::fromPercentEncoding(encoded.toUtf8()));
        }
    }
    return invalid(QStringLiteral("The link \u201C%1\u201D does not contain a call ID "
                                  "(expected \u2026/call/<ID>).")
                       .arg(shown));
}

QStringList encodedSegments(const QUrl &url)
{
    return url.path(QUrl::FullyEncoded).split(QLatin1Char('/'), Qt::SkipEmptyParts);
}

} // namespace

QString CallReference::idProblem(const QString &id)
{
    if (id.isEmpty())
        return QStringLiteral("The call ID is empty.");
    if (id.size() > MaxIdLength)
        return QStringLiteral("That is too long to be a call ID (%1 characters).").arg(id.size());
    for (const QChar c : id) {
        const bool allowed = (c >= QLatin1Char('a') && c <= QLatin1Char('z'))
                             || (c >= QLatin1Char('A') && c <= QLatin1Char('Z'))
                             || (c >= QLatin1Char('0') && c <= QLatin1Char('9'))
                             || c == QLatin1Char('-') || c == QLatin1Char('_')
                             || c == QLatin1Char('.') || c == QLatin1Char('~')
                             || c == QLatin1Char(':');
        if (!allowed) {
            // An ID with control characters is not echoed: they could garble the message itself.
            const bool printable = std::all_of(id.cbegin(), id.cend(), [](QChar ch) {
                return ch.isPrint();
            });
            const QString subject = printable ? QStringLiteral("\u201C%1\u201D").arg(id)
                                              : QStringLiteral("That");
            return QStringLiteral("%1 is not a call ID: it contains %2, which call IDs never do. "
                                  "Paste the ID or a link to the call.")
                .arg(subject, describeChar(c));
        }
    }
    // "." and ".." would be path segments of their own, and no ID has them.
    if (id == QLatin1String(".") || id.contains(QLatin1String("..")))
        return QStringLiteral(
                   "\u201C%1\u201D is not a call ID: call IDs never contain \u201C..\u201D.")
            .arg(id);
    return {};
}

CallReference CallReference::parse(const QString &input)
{
    const QString text = stripWrappers(input);
    if (text.isEmpty())
        return invalid(QStringLiteral("Enter a call ID or a link to a call."));

    const qsizetype schemeEnd = text.indexOf(QLatin1String("://"));
    if (schemeEnd > 0) {
        const QUrl url(text, QUrl::TolerantMode);
        const QString scheme = url.scheme().toLower();
        if (!url.isValid())
            return invalid(QStringLiteral("\u201C%1\u201D is not a valid link.").arg(text));
        if (scheme == AppScheme) {
            // revox-inspector://call/<id>: "call" is the host, the ID the first path segment.
            QStringList segments = encodedSegments(url);
            segments.prepend(url.host(QUrl::FullyEncoded));
            return fromPathSegments(segments, text);
        }
        if (scheme == QLatin1String("http") || scheme == QLatin1String("https"))
            return fromPathSegments(encodedSegments(url), text);
        return invalid(QStringLiteral("Links starting with \u201C%1://\u201D are not call links.")
                           .arg(url.scheme()));
    }

    // A link pasted without its scheme, e.g. "www.getrevox.com/dashboard/call/<id>".
    const QString lower = text.toLower();
    if (lower.startsWith(QLatin1String("call/")) || lower.contains(QLatin1String("/call/"))
        || lower.startsWith(QLatin1String("calls/")) || lower.contains(QLatin1String("/calls/"))) {
        const QUrl url(QStringLiteral("https://") + text, QUrl::TolerantMode);
        if (!url.isValid())
            return invalid(QStringLiteral("\u201C%1\u201D is not a valid link.").arg(text));
        QStringList segments = encodedSegments(url);
        segments.prepend(url.host(QUrl::FullyEncoded));
        return fromPathSegments(segments, text);
    }
    return fromId(text);
}

} // namespace Revox
