#include "core/call/samplecall.h"

#include <QFile>

namespace Revox::SampleCall {

QString resourcePath()
{
    return QStringLiteral(":/sample/sample-call.json");
}

QByteArray json()
{
    QFile file(resourcePath());
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return file.readAll();
}

} // namespace Revox::SampleCall
