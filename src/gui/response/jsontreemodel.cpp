#include "gui/response/jsontreemodel.h"

#include "core/json/jsonpath.h"
#include "gui/common/plural.h"
#include "gui/common/theme.h"

#include <algorithm>

namespace Revox {

namespace {

// A value preview is one line of the tree: a long string is cut, its whole text is one
// "Copy value" away.
constexpr qsizetype PreviewChars = 200;

QString cut(const QString &text, qsizetype chars)
{
    return text.size() > chars ? text.left(chars) + QChar(0x2026) : text;
}

} // namespace

JsonTreeModel::JsonTreeModel(QObject *parent)
    : QAbstractItemModel(parent)
    , m_root(std::make_unique<Node>())
{}

JsonTreeModel::~JsonTreeModel() = default;

void JsonTreeModel::setJson(const JsonLayout &layout)
{
    beginResetModel();
    m_layout = layout.isComplete() && layout.isJson() ? layout : JsonLayout();
    m_root = std::make_unique<Node>();
    m_rootIsContainer = false;
    if (m_layout.lineCount() > 0) {
        if (m_layout.kind(0) == JsonLayout::Kind::Open) {
            prepare(*m_root, 0);
            m_rootIsContainer = true;
        } else {
            // A bare scalar, `{}` or `[]`: one row, the value itself.
            m_root->total = 1;
            m_root->nextLine = 0;
        }
    }
    endResetModel();
}

void JsonTreeModel::prepare(Node &node, quint32 line) const
{
    node.line = line;
    if (m_layout.kind(line) != JsonLayout::Kind::Open)
        return;
    const qsizetype container = m_layout.containerAt(line);
    if (container < 0)
        return;
    node.total = m_layout.container(container).count;
    node.nextLine = line + 1;
}

JsonTreeModel::Node *JsonTreeModel::nodeOf(const QModelIndex &index) const
{
    return index.isValid() ? static_cast<Node *>(index.internalPointer()) : m_root.get();
}

QModelIndex JsonTreeModel::indexOf(Node *node, int column) const
{
    return node == m_root.get() ? QModelIndex() : createIndex(node->row, column, node);
}

bool JsonTreeModel::isArray(const Node *node) const
{
    if (node == m_root.get() && !m_rootIsContainer)
        return false;
    return m_layout.valueToken(node->line).front() == '[';
}

QModelIndex JsonTreeModel::index(int row, int column, const QModelIndex &parent) const
{
    const Node *node = nodeOf(parent);
    if (row < 0 || column < 0 || column >= ColumnCount || size_t(row) >= node->children.size())
        return QModelIndex();
    return createIndex(row, column, node->children[size_t(row)].get());
}

QModelIndex JsonTreeModel::parent(const QModelIndex &child) const
{
    if (!child.isValid())
        return QModelIndex();
    return indexOf(nodeOf(child)->parent, 0);
}

int JsonTreeModel::rowCount(const QModelIndex &parent) const
{
    if (parent.column() > 0)
        return 0;
    return int(nodeOf(parent)->children.size());
}

int JsonTreeModel::columnCount(const QModelIndex &) const
{
    return ColumnCount;
}

bool JsonTreeModel::hasChildren(const QModelIndex &parent) const
{
    if (parent.column() > 0)
        return false;
    return nodeOf(parent)->total > 0;
}

bool JsonTreeModel::canFetchMore(const QModelIndex &parent) const
{
    if (parent.column() > 0)
        return false;
    const Node *node = nodeOf(parent);
    return node->children.size() < node->total;
}

void JsonTreeModel::fetchMore(const QModelIndex &parent)
{
    if (!canFetchMore(parent))
        return;
    Node *node = nodeOf(parent);
    const int first = int(node->children.size());
    const int count = int(std::min<qsizetype>(FetchBatch, node->total - node->children.size()));
    beginInsertRows(parent, first, first + count - 1);
    for (int i = 0; i < count; ++i) {
        auto child = std::make_unique<Node>();
        child->parent = node;
        child->row = first + i;
        prepare(*child, node->nextLine);
        node->nextLine = quint32(m_layout.lineAfter(node->nextLine));
        node->children.push_back(std::move(child));
    }
    endInsertRows();
}

QString JsonTreeModel::keyText(const Node *node) const
{
    const Node *parent = node->parent;
    if (parent == m_root.get() && !m_rootIsContainer)
        return QString();
    if (isArray(parent))
        return QString::number(node->row);
    return JsonLayout::decodeString(m_layout.keyToken(node->line));
}

QString JsonTreeModel::valuePreview(const Node *node) const
{
    const qsizetype line = node->line;
    switch (m_layout.kind(line)) {
    case JsonLayout::Kind::Open:
        return isArray(node) ? plural(int(node->total), tr("[%1 item]"), tr("[%1 items]"))
                             : plural(int(node->total), tr("{%1 key}"), tr("{%1 keys}"));
    case JsonLayout::Kind::Empty:
        return m_layout.valueText(line);
    default:
        break;
    }
    const QByteArrayView token = m_layout.valueToken(line);
    // Decoding a megabyte-long string for one line of preview would be wasted: a few characters
    // more than shown are enough (cut on a UTF-8 boundary by fromUtf8's replacement, at worst).
    return cut(QString::fromUtf8(token.first(std::min(token.size(), PreviewChars * 4))),
               PreviewChars);
}

qsizetype JsonTreeModel::lineOf(const QModelIndex &index) const
{
    return index.isValid() ? qsizetype(nodeOf(index)->line) : -1;
}

QString JsonTreeModel::pathOf(const QModelIndex &index) const
{
    if (!index.isValid())
        return QString();
    std::vector<const Node *> chain;
    for (const Node *node = nodeOf(index); node != m_root.get(); node = node->parent)
        chain.push_back(node);
    if (!m_rootIsContainer)
        return JsonPath::root();
    QString path;
    for (auto it = chain.rbegin(); it != chain.rend(); ++it) {
        const Node *node = *it;
        path = isArray(node->parent) ? JsonPath::element(path, node->row)
                                     : JsonPath::member(path, m_layout.keyToken(node->line));
    }
    return path;
}

QString JsonTreeModel::valueOf(const QModelIndex &index) const
{
    if (!index.isValid())
        return QString();
    const qsizetype line = nodeOf(index)->line;
    if (m_layout.kind(line) == JsonLayout::Kind::Scalar && m_layout.valueToken(line).front() == '"')
        return JsonLayout::decodeString(m_layout.valueToken(line));
    return m_layout.valueText(line);
}

QVariant JsonTreeModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid())
        return QVariant();
    const Node *node = nodeOf(index);
    switch (role) {
    case Qt::DisplayRole:
        return index.column() == KeyColumn ? keyText(node) : valuePreview(node);
    case Qt::ToolTipRole:
        return Theme::plainToolTip(index.column() == KeyColumn ? pathOf(index) : valuePreview(node));
    case LineRole:
        return qlonglong(node->line);
    case PathRole:
        return pathOf(index);
    default:
        return QVariant();
    }
}

QVariant JsonTreeModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QVariant();
    return section == KeyColumn ? tr("Key") : section == ValueColumn ? tr("Value") : QVariant();
}

Qt::ItemFlags JsonTreeModel::flags(const QModelIndex &index) const
{
    if (!index.isValid())
        return Qt::NoItemFlags;
    Qt::ItemFlags flags = Qt::ItemIsEnabled | Qt::ItemIsSelectable;
    if (nodeOf(index)->total == 0)
        flags |= Qt::ItemNeverHasChildren;
    return flags;
}

} // namespace Revox
