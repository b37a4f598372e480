#include "core/common/retrypolicy.h"

#include <QLocale>
#include <QRandomGenerator>

#include <algorithm>
#include <cmath>

namespace Revox::RetryPolicy {

namespace {

// The three HTTP date forms (RFC 9110 5.6.7); Qt::RFC2822Date alone rejects the "GMT" they end in.
QDateTime parseHttpDate(const QByteArray &text)
{
    const QString value = QString::fromLatin1(text).simplified();
    // RFC 850 dates are parsed without their day name: Qt checks it against the date, and with a
    // two-digit year that date is a century off.
    const QString afterDayName = value.mid(value.indexOf(QLatin1Char(',')) + 1).trimmed();
    const QLocale c = QLocale::c();
    const std::pair<QString, const char *> forms[] = {
        {value, "ddd, dd MMM yyyy hh:mm:ss 'GMT'"}, // IMF-fixdate
        {afterDayName, "dd-MMM-yy hh:mm:ss 'GMT'"}, // obsolete RFC 850
        {value, "ddd MMM d hh:mm:ss yyyy"},         // asctime
    };
    for (const auto &[input, format] : forms) {
        QDateTime when = c.toDateTime(input, QString::fromLatin1(format));
        if (when.isValid()) {
            when.setTimeSpec(Qt::UTC);
            // Two-digit years come back as 19yy; no server sends a retry time before 1970.
            if (when.date().year() < 1970)
                when = when.addYears(100);
            return when;
        }
    }
    return QDateTime::fromString(value, Qt::RFC2822Date);
}

} // namespace

bool shouldRetry(int httpStatus, const QByteArray &shouldRetryHeader)
{
    const QByteArray header = shouldRetryHeader.trimmed().toLower();
    if (header == "true")
        return true;
    if (header == "false")
        return false;
    return httpStatus == 408 || httpStatus == 409 || httpStatus == 429 || httpStatus >= 500;
}

std::optional<int> serverDelayMs(const QByteArray &retryAfterMs,
                                 const QByteArray &retryAfter,
                                 const QDateTime &now)
{
    double ms = std::nan("");
    bool ok = false;
    if (!retryAfterMs.trimmed().isEmpty()) {
        const double value = retryAfterMs.trimmed().toDouble(&ok);
        if (ok)
            ms = value;
    }
    if (std::isnan(ms) && !retryAfter.trimmed().isEmpty()) {
        const QByteArray text = retryAfter.trimmed();
        const double seconds = text.toDouble(&ok);
        if (ok) {
            ms = seconds * 1000.0;
        } else {
            const QDateTime when = parseHttpDate(text);
            if (when.isValid())
                ms = static_cast<double>(now.msecsTo(when));
        }
    }
    // As the SDKs do: zero, negative, absurd or unreadable values fall back to the backoff.
    if (!std::isfinite(ms) || ms <= 0.0 || ms >= 60000.0)
        return std::nullopt;
    return static_cast<int>(std::ceil(ms));
}

int backoffDelayMs(int retryIndex, double jitter)
{
    const double seconds = std::min(0.5 * std::pow(2.0, std::max(retryIndex, 0)), 8.0);
    return static_cast<int>(std::lround(seconds * jitter * 1000.0));
}

double randomJitter()
{
    // generateDouble() is in [0, 1), so this is in (0.75, 1].
    return 1.0 - QRandomGenerator::global()->generateDouble() * 0.25;
}

} // namespace Revox::RetryPolicy
