// libFuzzer target: anything a user could type or paste as a call reference, through
// CallReference::parse and into the URL the client would request. A valid reference must name
// exactly one path segment after /call/, with nothing that could change the request's path, query
// or fragment; an invalid one must say why.
#include "core/api/apisettings.h"
#include "core/api/callreference.h"

#include <QUrl>

#include <cstddef>
#include <cstdint>
#include <cstdlib>

namespace {

bool idIsSafe(const QString &id)
{
    for (const QChar c : id) {
        if (c == QLatin1Char('/') || c == QLatin1Char('?') || c == QLatin1Char('#')
            || c == QLatin1Char('\\') || c == QLatin1Char('%') || c.unicode() < 0x20
            || c.unicode() == 0x7F || !c.isPrint())
            return false;
    }
    return id != QLatin1String(".") && id != QLatin1String("..");
}

// The request must go to `<base path>/call/<one segment>`, to the base URL's host, without query
// or fragment, and the segment must decode back to the ID.
bool urlIsSafe(const Revox::ApiSettings &settings, const QString &id)
{
    const QUrl url = settings.callUrl(id);
    if (!url.isValid() || url.host() != settings.baseUrl.host()
        || url.port() != settings.baseUrl.port() || url.scheme() != settings.baseUrl.scheme()
        || url.hasQuery() || url.hasFragment())
        return false;
    QString basePath = settings.baseUrl.path(QUrl::FullyEncoded);
    while (basePath.endsWith(QLatin1Char('/')))
        basePath.chop(1);
    const QString path = url.path(QUrl::FullyEncoded);
    const QString prefix = basePath + QLatin1String("/call/");
    if (!path.startsWith(prefix))
        return false;
    const QString segment = path.mid(prefix.size());
    if (segment.isEmpty() || segment.contains(QLatin1Char('/')))
        return false;
    // What goes on the wire: the request line is built from the fully encoded URL.
    const QByteArray wire = url.toEncoded();
    if (wire.contains('?') || wire.contains('#') || wire.contains(' '))
        return false;
    return QUrl::fromPercentEncoding(segment.toUtf8()) == id;
}

void check(bool ok)
{
    if (!ok)
        std::abort();
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QString input = QString::fromUtf8(reinterpret_cast<const char *>(data), qsizetype(size));
    const Revox::CallReference ref = Revox::CallReference::parse(input);
    if (!ref.isValid()) {
        check(ref.id.isEmpty() && !ref.error.isEmpty()); // every refusal explains itself
        return 0;
    }
    check(idIsSafe(ref.id));
    check(Revox::CallReference::idProblem(ref.id).isEmpty());
    // The default base URL, one with a path that ends in a slash, and a loopback one with a port.
    static const Revox::ApiSettings bases[] = {
        Revox::ApiSettings{},
        Revox::ApiSettings{QUrl(QStringLiteral("https://example.com/revox/api/")), {}},
        Revox::ApiSettings{QUrl(QStringLiteral("http://127.0.0.1:8123")), {}},
    };
    for (const Revox::ApiSettings &settings : bases)
        check(urlIsSafe(settings, ref.id));
    return 0;
}
