#include "core/api/fetchmessages.h"

#include <QJsonDocument>
#include <QJsonObject>

namespace Revox::FetchMessages {

QString seconds(int ms)
{
    if (ms >= 10000 || ms % 1000 == 0)
        return QStringLiteral("%1 s").arg(qRound(ms / 1000.0));
    return QStringLiteral("%1 s").arg(QString::number(ms / 1000.0, 'g', 2));
}

QString triesSuffix(int tries)
{
    return tries > 1 ? QStringLiteral(" Tried %1 times.").arg(tries) : QString();
}

FetchResult::Status statusForHttp(int httpStatus)
{
    using Status = FetchResult::Status;
    switch (httpStatus) {
    case 400:
        return Status::BadRequest;
    case 401:
        return Status::Unauthorized;
    case 403:
        return Status::Forbidden;
    case 404:
        return Status::NotFound;
    case 409:
        return Status::Conflict;
    case 422:
        return Status::Unprocessable;
    case 429:
        return Status::RateLimited;
    default:
        return httpStatus >= 500 ? Status::ServerError : Status::OtherHttpError;
    }
}

QString forHttpStatus(int httpStatus, const QString &callId, const QString &serverMessage)
{
    const QString said = serverMessage.isEmpty()
                             ? QString()
                             : QStringLiteral(" The server said: \u201C%1\u201D").arg(serverMessage);
    switch (httpStatus) {
    case 400:
        return QStringLiteral("The API rejected the request as invalid (400).") + said;
    case 401:
        return QStringLiteral("The API key was rejected (401). Check it in Settings.");
    case 403:
        return QStringLiteral("The API key is not allowed to read this call (403). Check that the "
                              "key belongs to the organization that made the call.");
    case 404:
        return QStringLiteral("No call with ID %1 (404). Check the ID, and that your API key "
                              "belongs to the organization that made the call.")
            .arg(callId);
    case 408:
        return QStringLiteral("The server gave up waiting for the request (408). Try again.")
               + said;
    case 409:
        return QStringLiteral("The API reported a conflict (409). Try again in a moment.") + said;
    case 422:
        return QStringLiteral("The API could not process the request (422).") + said;
    case 429:
        return QStringLiteral("Revox is rate-limiting requests (429). Wait a minute, then try "
                              "again.");
    default:
        break;
    }
    if (httpStatus >= 500) {
        return QStringLiteral("The Revox server had an internal error (%1). This is not your "
                              "fault; try again later.")
                   .arg(httpStatus)
               + said;
    }
    return QStringLiteral("The API answered with an unexpected HTTP status (%1).").arg(httpStatus)
           + said;
}

QString retryReasonForHttp(int httpStatus)
{
    switch (httpStatus) {
    case 408:
        return QStringLiteral("The server gave up waiting for the request (408)");
    case 409:
        return QStringLiteral("The API reported a conflict (409)");
    case 429:
        return QStringLiteral("Revox is rate-limiting requests");
    default:
        break;
    }
    if (httpStatus >= 500)
        return QStringLiteral("The Revox server had an error (%1)").arg(httpStatus);
    return QStringLiteral("The API answered %1 and asked to be retried").arg(httpStatus);
}

QString serverMessage(const QByteArray &body, const QString &secret)
{
    const QJsonObject root = QJsonDocument::fromJson(body).object();
    QString text;
    for (const char *key : {"message", "error", "detail"}) {
        const QJsonValue value = root.value(QLatin1String(key));
        if (value.isString()) {
            text = value.toString();
        } else if (value.isObject()) {
            text = value.toObject().value(QLatin1String("message")).toString();
        }
        if (!text.isEmpty())
            break;
    }
    // Some servers echo the credentials they rejected.
    if (!secret.isEmpty())
        text.replace(secret, QStringLiteral("\u2026"));
    for (QChar &c : text) {
        if (!c.isPrint())
            c = QLatin1Char(' ');
    }
    text = text.simplified();
    constexpr qsizetype MaxLength = 300;
    if (text.size() > MaxLength)
        text = text.left(MaxLength - 1) + QStringLiteral("\u2026");
    return text;
}

QString timeout(const QString &host, int timeoutMs)
{
    return QStringLiteral("No answer from %1 after %2.").arg(host, seconds(timeoutMs));
}

QString tooLarge(const QString &host, qint64 maxBytes)
{
    return QStringLiteral("The answer from %1 is larger than %2 MiB, far more than any call; "
                          "reading stopped there. Check the base URL.")
        .arg(host)
        .arg(maxBytes / (1024.0 * 1024.0), 0, 'g', 3);
}

QString tlsFailure(const QString &host, const QString &details)
{
    return QStringLiteral("The secure connection to %1 is not trusted (%2), so nothing was sent. "
                          "Check the base URL, the system clock and any proxy that intercepts "
                          "HTTPS.")
        .arg(host, details);
}

QString connectionProblem(QNetworkReply::NetworkError error,
                          const QString &host,
                          bool answered,
                          qint64 bytesReceived,
                          const QString &errorString)
{
    switch (error) {
    case QNetworkReply::ConnectionRefusedError:
        return QStringLiteral("%1 refused the connection").arg(host);
    case QNetworkReply::HostNotFoundError:
        return QStringLiteral("The server %1 was not found (DNS lookup failed)").arg(host);
    case QNetworkReply::RemoteHostClosedError:
        if (!answered)
            return QStringLiteral("%1 closed the connection without answering").arg(host);
        return QStringLiteral("The connection to %1 dropped before the whole answer arrived "
                              "(%2 bytes received)")
            .arg(host)
            .arg(bytesReceived);
    case QNetworkReply::ProxyConnectionRefusedError:
    case QNetworkReply::ProxyConnectionClosedError:
    case QNetworkReply::ProxyNotFoundError:
    case QNetworkReply::ProxyTimeoutError:
    case QNetworkReply::ProxyAuthenticationRequiredError:
        return QStringLiteral("The proxy did not let the request through (%1)").arg(errorString);
    default:
        break;
    }
    if (!answered)
        return QStringLiteral("Could not connect to %1 (%2)").arg(host, errorString);
    return QStringLiteral("The connection to %1 broke before the whole answer arrived (%2)")
        .arg(host, errorString);
}

QString redirectNowhere(int httpStatus)
{
    return QStringLiteral("The API answered with a redirect (%1) that leads nowhere.")
        .arg(httpStatus);
}

QString crossOriginRedirect(const QUrl &target)
{
    const QString site = target
                             .adjusted(QUrl::RemovePath | QUrl::RemoveQuery | QUrl::RemoveFragment
                                       | QUrl::RemoveUserInfo)
                             .toDisplayString();
    return QStringLiteral("The API redirected the request to another site (%1). It was not "
                          "followed, so your API key was not sent there. If that site is the "
                          "right API, set it as the base URL.")
        .arg(site);
}

QString tooManyRedirects(int maxRedirects)
{
    return QStringLiteral("The API redirected the request more than %1 times; giving up.")
        .arg(maxRedirects);
}

} // namespace Revox::FetchMessages
