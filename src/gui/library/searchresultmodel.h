#pragma once

#include "core/library/calllibrary.h"

#include <QAbstractListModel>
#include <QStyledItemDelegate>

Q_DECLARE_METATYPE(Revox::LibrarySearch::Snippet)

namespace Revox {

// Full-text search hits: where the match is, and the snippet around it.
class SearchResultModel final : public QAbstractListModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SearchResultModel)

public:
    enum Role {
        CallIdRole = Qt::UserRole + 1,
        AttemptIdRole,
        TurnIndexRole, // -1 for matches outside the transcript
        HeadingRole,   // "call_… · turn 3 (user)"
        SnippetRole,   // LibrarySearch::Snippet: plain text and the ranges to highlight
    };

    explicit SearchResultModel(QObject *parent = nullptr);

    void setHits(const QList<SearchHit> &hits);

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;

private:
    QString heading(const SearchHit &hit) const;

    QList<SearchHit> m_hits;
};

// Paints a hit as its heading over the snippet, matches in bold. Text is laid out as plain text
// with format ranges: never parsed as HTML, whatever the call contains.
class SnippetDelegate final : public QStyledItemDelegate
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SnippetDelegate)

public:
    explicit SnippetDelegate(QObject *parent = nullptr);
    void paint(QPainter *painter,
               const QStyleOptionViewItem &option,
               const QModelIndex &index) const override;
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;
};

} // namespace Revox
