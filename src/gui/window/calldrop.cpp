#include "gui/window/calldrop.h"

#include "core/api/callreference.h"

#include <QMimeData>
#include <QUrl>

namespace Revox {

CallDrop CallDrop::read(const QMimeData *mime)
{
    if (mime->hasUrls() && !mime->urls().isEmpty()) {
        const QUrl url = mime->urls().constFirst();
        if (url.isLocalFile())
            return {url.toLocalFile(), {}};
        const QString link = url.toString();
        if (CallReference::parse(link).isValid())
            return {{}, link};
    }
    if (mime->hasText()) {
        const QString text = mime->text().trimmed();
        if (CallReference::parse(text).isValid())
            return {{}, text};
    }
    return {};
}

} // namespace Revox
