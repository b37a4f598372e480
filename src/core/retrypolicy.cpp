#include "retrypolicy.h"

#include <QRandomGenerator>

#include <algorithm>
#include <cmath>

namespace Revox::RetryPolicy {

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
            const QDateTime when = QDateTime::fromString(QString::fromLatin1(text), Qt::RFC2822Date);
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
