#include "pdf/safetextdocument.h"

#include "core/common/corelogging.h"

#include <QUrl>

namespace Revox {

SafeTextDocument::SafeTextDocument(QObject *parent)
    : QTextDocument(parent)
{}

QVariant SafeTextDocument::loadResource(int type, const QUrl &name)
{
    ++m_refused;
    qCDebug(lcExport) << "refused to load resource of type" << type << "named"
                      << name.toDisplayString();
    return {};
}

} // namespace Revox
