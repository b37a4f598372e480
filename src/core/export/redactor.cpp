#include "core/export/redactor.h"

#include <QJsonArray>
#include <QRegularExpression>

namespace Revox {

namespace {

// One pass, left to right. Dates and times are matched first at any position so that their
// digits are never taken for a phone number; they are put back unchanged.
const QRegularExpression &pattern()
{
    static const QRegularExpression re(
        QStringLiteral(
            // an e-mail address
            "(?<email>(?<![\\w.!#$%&'*+/=?^`{|}~-])[\\w.!#$%&'*+/"
            "=?^`{|}~-]+@[\\w-]+(?:\\.[\\w-]+)*\\.[\\w-]{2,})"
            // ISO dates with an optional time and zone, and day.month.year dates
            "|(?<date>(?<![\\w])\\d{4}-\\d{2}-\\d{2}(?:[T ]\\d{2}:\\d{2}(?::\\d{2}(?:[.,]\\d+)?)?)?"
            "(?:Z|[+-]\\d{2}:?\\d{2})?(?![\\w])"
            "|(?<![\\w.])\\d{1,2}[./-]\\d{1,2}[./-]\\d{4}(?![\\w]))"
            // something written like a phone number: an optional +, digits in groups separated
            // by one space, dot, dash or slash, an area code in parentheses allowed
            "|(?<phone>(?<![\\w+.\\-/])(?:\\+ ?)?(?:\\(\\d{1,5}\\) ?)?\\d(?:[ "
            "\\x{00a0}.\\-/]?\\(?\\d\\)?){6,18}"
            "(?![\\w]|[.\\-/]\\d))"),
        QRegularExpression::UseUnicodePropertiesOption);
    return re;
}

int digitCount(QStringView text)
{
    int count = 0;
    for (const QChar c : text) {
        if (c.isDigit())
            ++count;
    }
    return count;
}

bool looksLikePhone(QStringView candidate)
{
    const int digits = digitCount(candidate);
    return digits >= 8 && digits <= 15;
}

QString redacted(const QString &text)
{
    return Redactor::redact(text);
}

QJsonObject redacted(const QJsonObject &object)
{
    return Redactor::redact(object);
}

Timestamp redacted(const Timestamp &stamp)
{
    // Only text the server sent instead of a time can hide anything.
    if (stamp.state() != Timestamp::State::Unparseable)
        return stamp;
    return Timestamp::fromJson(Redactor::redact(stamp.raw()));
}

template<typename T>
std::optional<T> redacted(const std::optional<T> &value)
{
    if (!value)
        return std::nullopt;
    return redacted(*value);
}

// Each field replaced by its redacted value.
template<typename... Fields>
void redactFields(Fields &...fields)
{
    ((fields = redacted(fields)), ...);
}

} // namespace

QString Redactor::phoneMarker()
{
    return QStringLiteral("[phone redacted]");
}

QString Redactor::emailMarker()
{
    return QStringLiteral("[e-mail redacted]");
}

QString Redactor::redact(const QString &text)
{
    if (text.isEmpty())
        return text;
    QString out;
    out.reserve(text.size());
    qsizetype copied = 0;
    QRegularExpressionMatchIterator it = pattern().globalMatch(text);
    while (it.hasNext()) {
        const QRegularExpressionMatch match = it.next();
        QString replacement;
        if (match.capturedLength(u"email") > 0) {
            replacement = emailMarker();
        } else if (match.capturedLength(u"phone") > 0
                   && looksLikePhone(match.capturedView(u"phone"))) {
            replacement = phoneMarker();
        } else {
            continue;
        }
        out.append(QStringView(text).mid(copied, match.capturedStart() - copied));
        out.append(replacement);
        copied = match.capturedEnd();
    }
    if (copied == 0)
        return text;
    out.append(QStringView(text).mid(copied));
    return out;
}

QJsonValue Redactor::redact(const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::String:
        return redact(value.toString());
    case QJsonValue::Object:
        return redact(value.toObject());
    case QJsonValue::Array: {
        QJsonArray array;
        for (const QJsonValue &item : value.toArray())
            array.append(redact(item));
        return array;
    }
    default:
        return value;
    }
}

QJsonObject Redactor::redact(const QJsonObject &object)
{
    QJsonObject out;
    for (auto it = object.begin(); it != object.end(); ++it)
        out.insert(redact(it.key()), redact(it.value()));
    return out;
}

CallAttempt Redactor::redact(const CallAttempt &attempt, ExportProgress::Counter *turns)
{
    CallAttempt out = attempt;
    redactFields(out.answeredAt,
                 out.startedAt,
                 out.endedAt,
                 out.dialError,
                 out.result,
                 out.status,
                 out.endedBy,
                 out.endReason,
                 out.phoneNumber,
                 out.recordingUrl,
                 out.structuredOutput);
    if (out.transcript) {
        for (TranscriptEntry &turn : *out.transcript) {
            if (turns && !turns->next())
                break;
            redactFields(turn.role, turn.content, turn.toolName);
            if (turn.toolArguments.kind == ToolArguments::Kind::Object)
                turn.toolArguments.setObject(redact(turn.toolArguments.object()));
            redactFields(turn.toolArguments.text);
        }
    }
    return out;
}

Call Redactor::redact(const Call &call)
{
    Call out = call;
    out.otherFields = QJsonObject();
    for (CallAttempt &attempt : out.callAttempts)
        attempt = redact(attempt);
    if (out.lastCallAttempt)
        out.lastCallAttempt = redact(*out.lastCallAttempt);
    redactFields(out.createdAt,
                 out.scheduledAt,
                 out.direction,
                 out.status,
                 out.fromPhoneNumber,
                 out.toPhoneNumber,
                 out.metadata,
                 out.llmModel.raw);
    if (out.campaign)
        redactFields(out.campaign->name);
    if (out.assistant) {
        Assistant &assistant = *out.assistant;
        redactFields(assistant.name,
                     assistant.prompt,
                     assistant.endOfCallSentence,
                     assistant.firstSentence,
                     assistant.transferPhoneNumber,
                     assistant.voicemailMessage,
                     assistant.webhookUrl);
        if (assistant.faqItems) {
            for (FaqItem &item : *assistant.faqItems)
                redactFields(item.question, item.answer);
        }
    }
    return out;
}

} // namespace Revox
