#include "gui/library/librarymodel.h"

#include "core/call/enumtext.h"

#include <QFont>
#include <QLocale>

#include <utility>

namespace Revox {

namespace {

QString dateText(const QDateTime &time)
{
    return time.isValid() ? time.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm"))
                          : QString();
}

QString labelOrDash(EnumField field, const QString &raw)
{
    return EnumText::label(field, raw.isEmpty() ? OpenEnum() : OpenEnum(raw));
}

} // namespace

LibraryModel::LibraryModel(QObject *parent)
    : QAbstractTableModel(parent)
{}

void LibraryModel::setLibrary(CallLibrary *library)
{
    if (m_library)
        disconnect(m_library, nullptr, this, nullptr);
    m_library = library;
    if (m_library) {
        connect(m_library, &CallLibrary::callSaved, this, &LibraryModel::onSaved);
        connect(m_library, &CallLibrary::callRemoved, this, &LibraryModel::onRemoved);
        connect(m_library, &CallLibrary::cleared, this, &LibraryModel::reload);
    }
    reload();
}

void LibraryModel::reload()
{
    beginResetModel();
    m_entries = m_library ? m_library->entries() : QList<LibraryEntry>();
    endResetModel();
}

int LibraryModel::rowOf(const QString &callId) const
{
    for (int row = 0; row < m_entries.size(); ++row) {
        if (m_entries.at(row).callId == callId)
            return row;
    }
    return -1;
}

void LibraryModel::onSaved(const QString &callId)
{
    const std::optional<LibraryEntry> entry = m_library ? m_library->entry(callId) : std::nullopt;
    if (!entry)
        return;
    const int row = rowOf(callId);
    if (row >= 0) {
        m_entries[row] = *entry;
        emit dataChanged(index(row, 0), index(row, ColumnCount - 1));
        return;
    }
    // Newest first, as entries() lists them.
    beginInsertRows({}, 0, 0);
    m_entries.prepend(*entry);
    endInsertRows();
}

void LibraryModel::onRemoved(const QString &callId)
{
    const int row = rowOf(callId);
    if (row < 0)
        return;
    beginRemoveRows({}, row, row);
    m_entries.removeAt(row);
    endRemoveRows();
}

int LibraryModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_entries.size());
}

int LibraryModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant LibraryModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const LibraryEntry &entry = m_entries.at(index.row());
    switch (role) {
    case CallIdRole:
        return entry.callId;
    case FetchedAtRole:
        return entry.fetchedAt;
    case SourceRole:
        return entry.source == LibraryEntry::Source::File ? QStringLiteral("file")
                                                          : QStringLiteral("api");
    case ShownRole:
        return !m_shownCallId.isEmpty() && entry.callId == m_shownCallId;
    case Qt::FontRole:
        if (!m_shownCallId.isEmpty() && entry.callId == m_shownCallId) {
            QFont bold;
            bold.setBold(true);
            return bold;
        }
        return {};
    case Qt::ToolTipRole:
        if (!m_shownCallId.isEmpty() && entry.callId == m_shownCallId)
            return tr("%1 — on screen now").arg(entry.callId);
        return entry.callId;
    case Qt::DisplayRole:
        // Enum values and the date are shown in words; every other column as it is stored.
        switch (index.column()) {
        case StatusColumn:
            return labelOrDash(EnumField::CallStatus, entry.status);
        case LastResultColumn:
            return labelOrDash(EnumField::AttemptResult, entry.lastResult);
        case DateColumn:
            return dateText(entry.date());
        }
        return rawValue(entry, index.column());
    case RawValueRole:
        return rawValue(entry, index.column());
    }
    return {};
}

void LibraryModel::setShownCallId(const QString &callId)
{
    if (callId == m_shownCallId)
        return;
    const QString before = std::exchange(m_shownCallId, callId);
    for (const QString &id : {before, callId}) {
        if (const int row = rowOf(id); row >= 0)
            emit dataChanged(index(row, 0), index(row, ColumnCount - 1));
    }
}

QVariant LibraryModel::rawValue(const LibraryEntry &entry, int column)
{
    switch (column) {
    case IdColumn:
        return entry.callId;
    case ToNumberColumn:
        return entry.toNumber;
    case StatusColumn:
        return entry.status;
    case LastResultColumn:
        return entry.lastResult;
    case DateColumn:
        return entry.date();
    case CampaignColumn:
        return entry.campaign;
    }
    return {};
}

QVariant LibraryModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case IdColumn:
        return tr("Call ID");
    case ToNumberColumn:
        return tr("To");
    case StatusColumn:
        return tr("Status");
    case LastResultColumn:
        return tr("Last result");
    case DateColumn:
        return tr("Date");
    case CampaignColumn:
        return tr("Campaign");
    }
    return {};
}

LibraryFilterModel::LibraryFilterModel(QObject *parent)
    : QSortFilterProxyModel(parent)
{
    setSortRole(LibraryModel::RawValueRole);
    setSortCaseSensitivity(Qt::CaseInsensitive);
    setSortLocaleAware(true);
}

void LibraryFilterModel::setFilterText(const QString &text)
{
    const QString trimmed = text.trimmed();
    if (trimmed == m_text)
        return;
    // Qt 6.4 has no beginFilterChange(); invalidateFilter() re-runs filterAcceptsRow.
    m_text = trimmed;
    invalidateFilter();
}

bool LibraryFilterModel::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    if (m_text.isEmpty())
        return true;
    for (int column = 0; column < LibraryModel::ColumnCount; ++column) {
        const QModelIndex index = sourceModel()->index(sourceRow, column, sourceParent);
        if (index.data(Qt::DisplayRole).toString().contains(m_text, Qt::CaseInsensitive)
            || index.data(LibraryModel::RawValueRole)
                   .toString()
                   .contains(m_text, Qt::CaseInsensitive))
            return true;
    }
    return false;
}

} // namespace Revox
