#include "gui/summary/summarymodel.h"

#include "gui/summary/summarybuilder.h"
#include "gui/summary/summarynode.h"

#include "core/call/format.h"
#include "gui/common/plural.h"
#include "gui/common/theme.h"

#include <QApplication>
#include <QFont>
#include <QGuiApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QPalette>
#include <QStyle>

namespace Revox {

SummaryModel::SummaryModel(QObject *parent)
    : QAbstractItemModel(parent)
    , m_root(std::make_unique<Node>())
{}

SummaryModel::~SummaryModel() = default;

void SummaryModel::setCall(const std::optional<Call> &call)
{
    beginResetModel();
    m_root = std::make_unique<Node>();
    m_inconsistencies.clear();
    if (call)
        SummaryBuilder::build(m_root.get(), *call, &m_inconsistencies);
    endResetModel();
}

SummaryModel::Node *SummaryModel::nodeFor(const QModelIndex &index) const
{
    return index.isValid() ? static_cast<Node *>(index.internalPointer()) : m_root.get();
}

QModelIndex SummaryModel::index(int row, int column, const QModelIndex &parent) const
{
    if (!hasIndex(row, column, parent))
        return {};
    Node *parentNode = nodeFor(parent);
    return createIndex(row, column, parentNode->children.at(size_t(row)).get());
}

QModelIndex SummaryModel::parent(const QModelIndex &child) const
{
    if (!child.isValid())
        return {};
    Node *node = static_cast<Node *>(child.internalPointer());
    Node *parentNode = node->parent;
    if (!parentNode || parentNode == m_root.get())
        return {};
    return createIndex(parentNode->row, 0, parentNode);
}

int SummaryModel::rowCount(const QModelIndex &parent) const
{
    if (parent.isValid() && parent.column() != 0)
        return 0;
    return int(nodeFor(parent)->children.size());
}

int SummaryModel::columnCount(const QModelIndex &) const
{
    return ColumnCount;
}

QVariant SummaryModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    const Node *node = nodeFor(index);
    const bool isSection = node->parent == m_root.get();
    switch (role) {
    case Qt::DisplayRole:
        if (index.column() == Field)
            return node->field;
        {
            QString oneLine = node->value;
            oneLine.replace(QLatin1Char('\n'), QStringLiteral(" ↵ "));
            return oneLine.size() > 500 ? oneLine.left(500) + QStringLiteral("…") : oneLine;
        }
    case Qt::ToolTipRole: {
        QString tip = index.column() == Field ? node->key : node->value;
        if (tip.size() > 2000)
            tip = tip.left(2000) + QStringLiteral("…");
        if (!node->explanation.isEmpty())
            tip += QStringLiteral("\n\n") + node->explanation;
        return Theme::plainToolTip(tip.trimmed());
    }
    case Qt::AccessibleTextRole:
        return index.column() == Field ? node->field : node->value;
    case Qt::FontRole:
        if (isSection) {
            QFont font;
            font.setBold(true);
            return font;
        }
        return {};
    case Qt::ForegroundRole:
        if (index.column() == Value && (node->warning || node->tone != Theme::Tone::Neutral))
            return Theme::foreground(node->warning ? Theme::Tone::Warning : node->tone,
                                     QGuiApplication::palette());
        return {};
    case Qt::DecorationRole:
        if (index.column() == Value && node->warning)
            return QApplication::style()->standardIcon(QStyle::SP_MessageBoxWarning);
        return {};
    case KeyRole:
        return node->key;
    case RawValueRole:
        return node->raw;
    case ExplanationRole:
        return node->explanation;
    case FullTextRole:
        return node->value;
    case IsWarningRole:
        return node->warning;
    case ToneRole:
        return int(node->tone);
    default:
        return {};
    }
}

QVariant SummaryModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    return section == Field ? tr("Field") : section == Value ? tr("Value") : QVariant();
}

Qt::ItemFlags SummaryModel::flags(const QModelIndex &index) const
{
    if (!index.isValid())
        return Qt::NoItemFlags;
    Qt::ItemFlags f = Qt::ItemIsEnabled | Qt::ItemIsSelectable;
    if (nodeFor(index)->children.empty())
        f |= Qt::ItemNeverHasChildren;
    return f;
}

QModelIndex SummaryModel::indexForKey(const QString &key) const
{
    std::vector<const Node *> stack{m_root.get()};
    while (!stack.empty()) {
        const Node *node = stack.back();
        stack.pop_back();
        for (const auto &child : node->children) {
            if (child->key == key)
                return createIndex(child->row, 0, child.get());
            stack.push_back(child.get());
        }
    }
    return {};
}

} // namespace Revox
