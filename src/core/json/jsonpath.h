#pragma once

#include <QByteArrayView>
#include <QString>

namespace Revox::JsonPath {

// Where a value sits, written as in JavaScript: `call.call_attempts[0].transcript[12].content`.
// A key that is not an identifier is written as sent, in brackets: `["odd key"]`.

// The step to the member `keyToken` (the key as sent, with its quotes and escapes): `.key` or
// `["odd key"]`; `key` alone at the start of a path.
QString member(const QString &path, QByteArrayView keyToken);
// The step to an array's element: `[12]`.
QString element(const QString &path, qsizetype index);
// The path of the whole response.
inline QString root()
{
    return QStringLiteral("$");
}

} // namespace Revox::JsonPath
