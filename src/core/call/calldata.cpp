#include "core/call/calldata.h"

#include <QJsonDocument>

namespace Revox {

QJsonObject ToolArguments::object() const
{
    return kind == Kind::Object ? QJsonDocument::fromJson(m_objectJson).object() : QJsonObject();
}

void ToolArguments::setObject(const QJsonObject &object)
{
    kind = Kind::Object;
    m_objectJson = QJsonDocument(object).toJson(QJsonDocument::Compact);
}

} // namespace Revox
