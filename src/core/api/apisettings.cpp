#include "core/api/apisettings.h"

#include <QHostAddress>

namespace Revox {

namespace {

// localhost, 127.0.0.0/8 and ::1: the only hosts plain http is allowed to.
bool isLoopbackHost(const QString &host)
{
    const QString lower = host.toLower();
    if (lower == QLatin1String("localhost") || lower == QLatin1String("localhost."))
        return true;
    QHostAddress address;
    return address.setAddress(lower) && address.isLoopback();
}

} // namespace

QUrl ApiSettings::defaultBaseUrl()
{
    return QUrl(QStringLiteral("https://www.getrevox.com/api"));
}

ApiSettings ApiSettings::fromEnvironment()
{
    return fromEnvironment(ApiSettings());
}

ApiSettings ApiSettings::fromEnvironment(const ApiSettings &defaults)
{
    ApiSettings settings = defaults;
    const QString key = qEnvironmentVariable("REVOX_API_KEY").trimmed();
    if (!key.isEmpty())
        settings.apiKey = key;
    const QString base = qEnvironmentVariable("REVOX_BASE_URL").trimmed();
    if (!base.isEmpty())
        settings.baseUrl = QUrl(base, QUrl::StrictMode);
    return settings;
}

QString ApiSettings::validationError() const
{
    const QString shown = baseUrl.toDisplayString();
    if (!baseUrl.isValid() || baseUrl.isRelative() || baseUrl.host().isEmpty()) {
        return QStringLiteral("The base URL \u201C%1\u201D is not a web address. Use "
                              "https://www.getrevox.com/api or leave it empty.")
            .arg(shown);
    }
    if (!baseUrl.userInfo().isEmpty()) {
        return QStringLiteral("The base URL must not contain a user name or password; the API key "
                              "is sent in a header instead.");
    }
    if (baseUrl.hasQuery() || baseUrl.hasFragment())
        return QStringLiteral("The base URL \u201C%1\u201D must not contain \u201C?\u201D or "
                              "\u201C#\u201D.")
            .arg(shown);
    const QString scheme = baseUrl.scheme().toLower();
    if (scheme == QLatin1String("https"))
        return {};
    if (scheme == QLatin1String("http")) {
        if (isLoopbackHost(baseUrl.host()))
            return {};
        return QStringLiteral("The base URL \u201C%1\u201D uses plain http, which would send your "
                              "API key unencrypted to %2. Use https://; plain http is allowed "
                              "only for this computer (localhost, 127.x.x.x, ::1).")
            .arg(shown, baseUrl.host());
    }
    return QStringLiteral("The base URL \u201C%1\u201D must start with https://.").arg(shown);
}

QUrl ApiSettings::callUrl(const QString &id) const
{
    // Dots are unreserved: QUrl turns %2E back into "." and every server reads "." and ".." as
    // path steps, so no encoding of these two keeps them inside the segment.
    if (id.isEmpty() || id == QLatin1String(".") || id == QLatin1String(".."))
        return {};
    const QByteArray segment = QUrl::toPercentEncoding(id);
    QString path = baseUrl.path(QUrl::FullyEncoded);
    while (path.endsWith(QLatin1Char('/')))
        path.chop(1);
    path += QLatin1String("/call/") + QString::fromLatin1(segment);
    QUrl url = baseUrl;
    // Strict: the path is already encoded, and every '%' in it starts a valid escape.
    url.setPath(path, QUrl::StrictMode);
    url.setQuery(QString());
    url.setFragment(QString());
    return url;
}

QString ApiSettings::displayHost() const
{
    const int port = baseUrl.port();
    if (port < 0)
        return baseUrl.host();
    const QString host = baseUrl.host().contains(QLatin1Char(':'))
                             ? QStringLiteral("[%1]").arg(baseUrl.host())
                             : baseUrl.host();
    return QStringLiteral("%1:%2").arg(host).arg(port);
}

} // namespace Revox
