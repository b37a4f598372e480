#pragma once

#include "core/call/calldata.h"

#include <QString>
#include <QUrl>

namespace Revox {

struct ApiSettings
{
    static constexpr qint64 DefaultMaxBodyBytes = MaxCallBodyBytes;

    QUrl baseUrl = defaultBaseUrl(); // https://www.getrevox.com/api
    QString apiKey;                  // never logged
    int timeoutMs = 60000;           // per try; a stalled transfer counts as a timeout
    // A call is a few hundred KiB at most; anything past this is not a call and is not read.
    qint64 maxBodyBytes = DefaultMaxBodyBytes;

    static QUrl defaultBaseUrl();
    // REVOX_API_KEY / REVOX_BASE_URL from the environment over the given defaults. (Two overloads
    // rather than `= {}`: a default argument of the class's own type cannot use its member
    // initializers inside the class.)
    static ApiSettings fromEnvironment(const ApiSettings &defaults);
    static ApiSettings fromEnvironment();
    // Empty when usable; else why not (e.g. plain http to a non-loopback host: plain http goes
    // only to localhost, 127.0.0.0/8 and ::1).
    QString validationError() const;
    // `{baseUrl}/call/{id}` with the ID percent-encoded as one path segment; an empty QUrl for
    // "", "." and "..", which cannot be one.
    QUrl callUrl(const QString &id) const;
    // The base URL's host (and port when not the default), for messages: "www.getrevox.com".
    QString displayHost() const;
};

} // namespace Revox
