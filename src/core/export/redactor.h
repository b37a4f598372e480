#pragma once

#include "core/call/calldata.h"
#include "core/export/exportprogress.h"

#include <QJsonObject>
#include <QJsonValue>
#include <QString>

namespace Revox {

// Replaces phone numbers, e-mail addresses, card numbers and IBANs with markers before a
// transcript leaves the app. It errs on the side of hiding: any run of 8 to 15 digits written like
// a phone number (international "+33 6 12 34 56 78", national "01 23 45 67 89", "(555) 123-4567",
// dotted or dashed) goes, except dates, times, money amounts, IPv4 addresses and Unix
// timestamps ("2025-11-19", "2025-11-19T14:30:00+01:00", "12.11.2025", "12 345 678,90 €",
// "1731423731"). Card numbers (13 to 19 digits, Luhn-checked) and IBANs (mod-97-checked) go only
// when their check digits agree, so order numbers and references that merely look like them
// stay. IDs (call, attempt, assistant) are kept so a redacted export can still be traced back.
// Names, postal addresses and other personal details are not recognised: coverage() says so.
class Redactor final
{
public:
    static QString phoneMarker();
    static QString emailMarker();
    static QString cardMarker();
    static QString ibanMarker();
    // One translated sentence saying what redaction replaces and what it leaves, for the places
    // that offer it (the export dialog, `export --help`).
    static QString coverage();

    static QString redact(const QString &text);
    static QJsonValue redact(const QJsonValue &value); // string values and object keys
    static QJsonObject redact(const QJsonObject &object);
    // A copy of the call with every free-text field redacted; `raw` is dropped because it would
    // carry everything unredacted.
    static Call redact(const Call &call);
    // Counts each turn of the transcript on `turns`, when given, and stops when the export is
    // cancelled: the attempt is then only partly redacted and must not be used.
    static CallAttempt redact(const CallAttempt &attempt, ExportProgress::Counter *turns = nullptr);
};

} // namespace Revox
