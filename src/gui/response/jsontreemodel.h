#pragma once

#include "core/json/jsonlayout.h"

#include <QAbstractItemModel>

#include <memory>
#include <vector>

namespace Revox {

// The response as a tree of keys and values, over a JsonLayout. Nothing is built up front: a
// node's children are made when the view asks for them (fetchMore), a batch at a time, so that
// opening an array of 100,000 turns makes a screenful of rows, not 1.5 million.
//
// The top rows are the members of the response's root (or the root itself when it is not an
// object or array with members). Values are shown as sent: scalars verbatim, containers as
// `{12 keys}` / `[3 items]`.
class JsonTreeModel final : public QAbstractItemModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(JsonTreeModel)

public:
    enum Column { KeyColumn, ValueColumn, ColumnCount };
    enum Role {
        LineRole = Qt::UserRole + 1, // qlonglong: the line of the text where the value starts
        PathRole,                    // QString: JsonPath of the value
    };

    explicit JsonTreeModel(QObject *parent = nullptr);
    ~JsonTreeModel() override;

    // Only a complete layout of valid JSON gives a tree; anything else empties it.
    void setJson(const JsonLayout &layout);

    qsizetype lineOf(const QModelIndex &index) const;
    QString pathOf(const QModelIndex &index) const;
    // The value as text: a string decoded, other scalars as sent, a container re-indented.
    QString valueOf(const QModelIndex &index) const;

    QModelIndex index(int row, int column, const QModelIndex &parent = {}) const override;
    QModelIndex parent(const QModelIndex &child) const override;
    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    bool hasChildren(const QModelIndex &parent = {}) const override;
    bool canFetchMore(const QModelIndex &parent) const override;
    void fetchMore(const QModelIndex &parent) override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;

    // Children made per fetchMore().
    static constexpr int FetchBatch = 500;

private:
    struct Node
    {
        Node *parent = nullptr;
        quint32 line = 0;
        int row = 0;
        quint32 total = 0;    // children it has
        quint32 nextLine = 0; // where the next child not yet made starts
        std::vector<std::unique_ptr<Node>> children;
    };

    Node *nodeOf(const QModelIndex &index) const;
    QModelIndex indexOf(Node *node, int column) const;
    bool isArray(const Node *node) const;
    QString keyText(const Node *node) const;
    QString valuePreview(const Node *node) const;
    void prepare(Node &node, quint32 line) const;

    JsonLayout m_layout;
    std::unique_ptr<Node> m_root; // stands for the response's root, never shown
    bool m_rootIsContainer = false;
};

} // namespace Revox
