#pragma once

#include <QString>

class QMimeData;

namespace Revox {

// What something dropped on the window names: a local file to open, or a call to fetch. A link
// dragged from a browser's address bar or page arrives as text/uri-list, usually with the same
// link as text/plain. Anything else names nothing (both empty).
struct CallDrop
{
    QString file;
    QString reference;

    bool isEmpty() const { return file.isEmpty() && reference.isEmpty(); }
    static CallDrop read(const QMimeData *mime);
};

} // namespace Revox
