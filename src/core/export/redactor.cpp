#include "core/export/redactor.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QRegularExpression>

namespace Revox {

namespace {

// One pass, left to right. Dates, times, money amounts, IPv4 addresses and Unix timestamps are
// matched first at any position so that their digits are never taken for a phone number; they are
// put back unchanged, as are IBAN-like and card-like strings whose check digits do not agree.
const QRegularExpression &pattern()
{
    static const QRegularExpression re(
        QStringLiteral(
            // an e-mail address
            "(?<email>(?<![\\w.!#$%&'*+/=?^`{|}~-])[\\w.!#$%&'*+/"
            "=?^`{|}~-]+@[\\w-]+(?:\\.[\\w-]+)*\\.[\\w-]{2,})"
            // ISO dates with an optional time and zone, day.month.year and year/month/day dates
            "|(?<date>(?<![\\w])\\d{4}-\\d{2}-\\d{2}(?:[T ]\\d{2}:\\d{2}(?::\\d{2}(?:[.,]\\d+)?)?)?"
            "(?:Z|[+-]\\d{2}:?\\d{2})?(?![\\w])"
            "|(?<![\\w.])\\d{1,2}[./-]\\d{1,2}[./-]\\d{4}(?![\\w])"
            "|(?<![\\w.])\\d{4}[./]\\d{1,2}[./]\\d{1,2}(?![\\w]|[./]\\d))"
            // an IBAN: country code, check digits, then 11 to 30 letters and digits, run together
            // or in groups of four
            "|(?<iban>(?<![\\w])[A-Z]{2}\\d{2}(?:[A-Z0-9]{11,30}|(?: [A-Z0-9]{4}){2,7}(?: "
            "[A-Z0-9]{1,4})?)(?![\\w]))"
            // money: a currency before or after an amount, or an amount in groups of three with
            // decimal cents ("12 345 678,90", "12.345.678,90")
            "|(?<money>(?<![\\w+.,\\-/])(?:(?:[$\\x{20ac}\\x{00a3}\\x{00a5}]|(?:EUR|USD|GBP|CHF)"
            "[ \\x{00a0}]?)(?:AMOUNT)(?![\\d])"
            "|(?:AMOUNT)[ \\x{00a0}\\x{202f}]?(?:[$\\x{20ac}\\x{00a3}\\x{00a5}]|(?:EUR|USD|GBP|CHF|"
            "euros?|dollars?|pounds?)(?![\\w]))"
            "|\\d{1,3}(?:[ .\\x{00a0}\\x{202f}]\\d{3})+,\\d{2}(?![\\d])))"
            // an IPv4 address, whose dotted digits would otherwise read as a phone number
            "|(?<ip>(?<![\\w.])(?:(?:25[0-5]|2[0-4]\\d|1?\\d?\\d)\\.){3}(?:25[0-5]|2[0-4]\\d|1?\\d?"
            "\\d)"
            "(?![\\w]|\\.\\d))"
            // Unix time in seconds or milliseconds (2001 to 2033), as APIs write it
            "|(?<stamp>(?<![\\w+.\\-/])1\\d{9}(?:\\d{3})?(?![\\w]|[.\\-/]\\d))"
            // something written like a phone number: an optional +, digits in groups separated
            // by one space, dot, dash or slash, an area code in parentheses allowed; a card
            // number is written the same way
            "|(?<phone>(?<![\\w+.\\-/])(?:\\+ ?)?(?:\\(\\d{1,5}\\) ?)?\\d(?:[ "
            "\\x{00a0}.\\-/]?\\(?\\d\\)?){6,18}"
            "(?![\\w]|[.\\-/]\\d))")
            .replace(QLatin1String("AMOUNT"),
                     QLatin1String("\\d{1,3}(?:[ .,\\x{00a0}\\x{202f}']\\d{3})+(?:[.,]\\d{1,2})?"
                                   "|\\d+(?:[.,]\\d{1,2})?")),
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

bool passesLuhn(QStringView digits)
{
    int sum = 0;
    bool doubled = false;
    for (qsizetype i = digits.size() - 1; i >= 0; --i) {
        int digit = digits.at(i).digitValue();
        if (doubled) {
            digit *= 2;
            if (digit > 9)
                digit -= 9;
        }
        sum += digit;
        doubled = !doubled;
    }
    return sum % 10 == 0;
}

// A payment card as people write it: 13 to 19 digits starting with 2 to 6 (every major network),
// run together or in groups of 3 to 6 after a first group of four, separated by spaces or dashes,
// with a valid Luhn check digit. A phone number's +, parentheses, dots or short groups never are.
bool looksLikeCard(QStringView candidate)
{
    QString digits;
    QList<qsizetype> groups{0};
    for (const QChar c : candidate) {
        if (c.isDigit()) {
            digits.append(c);
            ++groups.last();
        } else if (c == QLatin1Char(' ') || c == QLatin1Char('-') || c == QChar(0x00a0)) {
            groups.append(0);
        } else {
            return false;
        }
    }
    if (digits.size() < 13 || digits.size() > 19 || digits.at(0) < QLatin1Char('2')
        || digits.at(0) > QLatin1Char('6')) {
        return false;
    }
    if (groups.size() > 1) {
        if (groups.constFirst() != 4)
            return false;
        for (const qsizetype group : std::as_const(groups)) {
            if (group < 3 || group > 6)
                return false;
        }
    }
    return passesLuhn(digits);
}

// ISO 13616: the first four characters moved to the end, letters read as 10 to 35, the whole
// number taken modulo 97 must be 1.
bool passesMod97(QStringView iban)
{
    const QString rotated = iban.mid(4).toString() + iban.left(4).toString();
    int remainder = 0;
    for (const QChar c : rotated) {
        const int value = c.isDigit() ? c.digitValue() : c.unicode() - 'A' + 10;
        remainder = (remainder * (value >= 10 ? 100 : 10) + value) % 97;
    }
    return remainder == 1;
}

bool isIban(QStringView candidate)
{
    QString compact = candidate.toString();
    compact.remove(QLatin1Char(' '));
    return compact.size() >= 15 && compact.size() <= 34 && passesMod97(compact);
}

// How much of a spaced IBAN candidate is the IBAN: the regular expression may have taken a
// following word of four capitals or digits ("... 189 CALL") as one more group.
qsizetype ibanLength(QStringView candidate)
{
    for (qsizetype length = candidate.size(); length > 0;
         length = candidate.left(length).lastIndexOf(QLatin1Char(' '))) {
        if (isIban(candidate.left(length)))
            return length;
    }
    return 0;
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

QString Redactor::cardMarker()
{
    return QStringLiteral("[card redacted]");
}

QString Redactor::ibanMarker()
{
    return QStringLiteral("[IBAN redacted]");
}

QString Redactor::coverage()
{
    return QCoreApplication::translate("Revox::Redactor",
                                       "Replaces phone numbers, e-mail addresses, card numbers and "
                                       "IBANs. Names, addresses and other personal details stay.");
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
        qsizetype end = match.capturedEnd();
        if (match.capturedLength(u"email") > 0) {
            replacement = emailMarker();
        } else if (match.capturedLength(u"iban") > 0) {
            const qsizetype length = ibanLength(match.capturedView(u"iban"));
            if (length == 0)
                continue;
            replacement = ibanMarker();
            end = match.capturedStart() + length;
        } else if (match.capturedLength(u"phone") > 0) {
            const QStringView candidate = match.capturedView(u"phone");
            if (looksLikeCard(candidate))
                replacement = cardMarker();
            else if (looksLikePhone(candidate))
                replacement = phoneMarker();
            else
                continue;
        } else {
            continue;
        }
        out.append(QStringView(text).mid(copied, match.capturedStart() - copied));
        out.append(replacement);
        copied = end;
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
