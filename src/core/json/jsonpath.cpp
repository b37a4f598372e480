#include "core/json/jsonpath.h"

#include "core/json/jsonlayout.h"

namespace Revox::JsonPath {

namespace {

bool isIdentifier(const QString &key)
{
    if (key.isEmpty())
        return false;
    for (qsizetype i = 0; i < key.size(); ++i) {
        const char16_t c = key.at(i).unicode();
        const bool letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'
                            || c == '$';
        if (!letter && (i == 0 || c < '0' || c > '9'))
            return false;
    }
    return true;
}

} // namespace

QString member(const QString &path, QByteArrayView keyToken)
{
    const QString key = JsonLayout::decodeString(keyToken);
    if (isIdentifier(key))
        return path.isEmpty() ? key : path + QLatin1Char('.') + key;
    return path + QLatin1Char('[') + QString::fromUtf8(keyToken) + QLatin1Char(']');
}

QString element(const QString &path, qsizetype index)
{
    return path + QLatin1Char('[') + QString::number(index) + QLatin1Char(']');
}

} // namespace Revox::JsonPath
