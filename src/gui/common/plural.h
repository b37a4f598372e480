#pragma once

#include <QString>

namespace Revox {

// English singular/plural until the app ships translations (tr()'s %n needs a .qm to plural).
inline QString plural(int n, const QString &one, const QString &many)
{
    return (n == 1 ? one : many).arg(n);
}

} // namespace Revox
