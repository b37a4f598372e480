#pragma once

#include "core/api/fetchresult.h"

#include <QByteArray>
#include <QNetworkReply>
#include <QString>
#include <QUrl>

// The sentences a user reads when a fetch fails or is retried. Kept apart from the client so the
// wording can be read (and reviewed) in one place.
namespace Revox::FetchMessages {

// "3 s", "0.5 s", "60 s"
QString seconds(int ms);
// Tries so far, as a sentence to append: "" for one try, " Tried 3 times." otherwise.
QString triesSuffix(int tries);

FetchResult::Status statusForHttp(int httpStatus);
// The final message for an HTTP error status. `serverMessage` is what the API said (may be empty).
QString forHttpStatus(int httpStatus, const QString &callId, const QString &serverMessage);
// The first half of a retry sentence for an HTTP status, e.g. "Revox is rate-limiting requests".
QString retryReasonForHttp(int httpStatus);

// A short, single-line, plain-text message taken from an API error body, with `secret` removed.
QString serverMessage(const QByteArray &body, const QString &secret);

QString timeout(const QString &host, int timeoutMs);
QString tooLarge(const QString &host, qint64 maxBytes);
QString tlsFailure(const QString &host, const QString &details);
// What went wrong on the connection, without a final period (it is also a retry reason).
// `answered`: the headers had arrived, so the body was cut short.
QString connectionProblem(QNetworkReply::NetworkError error,
                          const QString &host,
                          bool answered,
                          qint64 bytesReceived,
                          const QString &errorString);
QString redirectNowhere(int httpStatus);
QString crossOriginRedirect(const QUrl &target);
QString tooManyRedirects(int maxRedirects);

} // namespace Revox::FetchMessages
