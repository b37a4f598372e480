#pragma once

#include <QAbstractItemModel>

namespace Revox {

// Flags of a read-only list or table cell: selectable, never editable, never a parent.
inline Qt::ItemFlags readOnlyItemFlags(const QModelIndex &index)
{
    if (!index.isValid())
        return Qt::NoItemFlags;
    return Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemNeverHasChildren;
}

} // namespace Revox
