#pragma once

#include "core/library/calllibrary.h"

#include <QAbstractTableModel>
#include <QPointer>
#include <QSortFilterProxyModel>

namespace Revox {

// The saved calls of a CallLibrary, one row each, kept in step with the library's signals.
class LibraryModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(LibraryModel)

public:
    enum Column {
        IdColumn,
        ToNumberColumn,
        StatusColumn,
        LastResultColumn,
        DateColumn,
        CampaignColumn,
        ColumnCount
    };
    enum Role {
        RawValueRole = Qt::UserRole + 1, // the stored value: raw enum strings, QDateTime for dates
        CallIdRole,
        FetchedAtRole,
        SourceRole, // "api" or "file"
        ShownRole,  // true for the call on screen
    };

    explicit LibraryModel(QObject *parent = nullptr);

    void setLibrary(CallLibrary *library);
    CallLibrary *library() const { return m_library; }

    int rowOf(const QString &callId) const;
    // The call on screen, marked in bold ("" for none): people find their place in the list.
    void setShownCallId(const QString &callId);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section,
                        Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    // The column's value as stored (for sorting and filtering); DisplayRole words some of them.
    static QVariant rawValue(const LibraryEntry &entry, int column);
    void reload();
    void onSaved(const QString &callId);
    void onRemoved(const QString &callId);

    QPointer<CallLibrary> m_library;
    QList<LibraryEntry> m_entries;
    QString m_shownCallId;
};

// Sorts on raw values and keeps rows where any column contains the filter text.
class LibraryFilterModel final : public QSortFilterProxyModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(LibraryFilterModel)

public:
    explicit LibraryFilterModel(QObject *parent = nullptr);
    void setFilterText(const QString &text);

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;

private:
    QString m_text;
};

} // namespace Revox
