#include "core/common/networkpolicy.h"

#include <QNetworkAccessManager>

namespace Revox::NetworkPolicy {

QByteArray userAgent()
{
    return QByteArrayLiteral("revox-inspector/" REVOX_VERSION);
}

void configure(QNetworkAccessManager &manager)
{
    manager.setRedirectPolicy(QNetworkRequest::ManualRedirectPolicy);
}

QNetworkRequest request(const QUrl &url, int transferTimeoutMs)
{
    QNetworkRequest request(url);
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute,
                         QNetworkRequest::ManualRedirectPolicy);
    request.setAttribute(QNetworkRequest::CookieLoadControlAttribute, QNetworkRequest::Manual);
    request.setAttribute(QNetworkRequest::CookieSaveControlAttribute, QNetworkRequest::Manual);
    // Never answer a challenge with credentials cached for another request.
    request.setAttribute(QNetworkRequest::AuthenticationReuseAttribute, QNetworkRequest::Manual);
    request.setAttribute(QNetworkRequest::CacheLoadControlAttribute, QNetworkRequest::AlwaysNetwork);
    request.setAttribute(QNetworkRequest::CacheSaveControlAttribute, false);
    request.setHeader(QNetworkRequest::UserAgentHeader, userAgent());
    // Restarted by Qt whenever bytes arrive: a stall, not a slow transfer, ends it.
    request.setTransferTimeout(transferTimeoutMs);
    return request;
}

bool sameOrigin(const QUrl &a, const QUrl &b)
{
    const QString scheme = a.scheme().toLower();
    const int defaultPort = scheme == QLatin1String("https") ? 443 : 80;
    return scheme == b.scheme().toLower() && a.host().toLower() == b.host().toLower()
           && a.port(defaultPort) == b.port(defaultPort);
}

bool endedByTransferTimeout(QNetworkReply::NetworkError error, bool abortedByCaller)
{
    return error == QNetworkReply::OperationCanceledError && !abortedByCaller;
}

} // namespace Revox::NetworkPolicy
