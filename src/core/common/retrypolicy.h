#pragma once

#include <QByteArray>
#include <QDateTime>

#include <optional>

namespace Revox::RetryPolicy {

// The official SDKs' retry rules (see the API notes): 2 retries, 3 tries in all.
constexpr int MaxRetries = 2;
constexpr int MaxTries = MaxRetries + 1;

// Whether an HTTP error status is worth another try. `shouldRetryHeader` is the raw
// `x-should-retry` value: "true"/"false" override the status, anything else is ignored.
bool shouldRetry(int httpStatus, const QByteArray &shouldRetryHeader);

// The wait the server asked for via `retry-after-ms` or `retry-after` (seconds or an HTTP date),
// only when it is more than 0 and less than 60 s; otherwise nothing.
std::optional<int> serverDelayMs(const QByteArray &retryAfterMs,
                                 const QByteArray &retryAfter,
                                 const QDateTime &now = QDateTime::currentDateTimeUtc());

// min(0.5 * 2^retryIndex, 8) s times `jitter`; retryIndex is 0 before the first retry.
int backoffDelayMs(int retryIndex, double jitter);
// A jitter factor in (0.75, 1].
double randomJitter();

} // namespace Revox::RetryPolicy
