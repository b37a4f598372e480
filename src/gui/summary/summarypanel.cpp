#include "gui/summary/summarypanel.h"

#include "gui/summary/summarymodel.h"

#include <QHeaderView>
#include <QPlainTextEdit>
#include <QSplitter>
#include <QTreeView>
#include <QVBoxLayout>

namespace Revox {

SummaryPanel::SummaryPanel(QWidget *parent)
    : QWidget(parent)
    , m_model(new SummaryModel(this))
    , m_tree(new QTreeView(this))
    , m_details(new QPlainTextEdit(this))
{
    m_tree->setModel(m_model);
    m_tree->setAccessibleName(tr("All call fields"));
    m_tree->setUniformRowHeights(true);
    m_tree->setAlternatingRowColors(true);
    m_tree->header()->setStretchLastSection(true);
    m_tree->setTextElideMode(Qt::ElideRight);
    m_details->setReadOnly(true);
    m_details->setAccessibleName(tr("Selected field"));
    m_details->setPlaceholderText(tr("Select a field to see all of it here."));

    auto *splitter = new QSplitter(Qt::Horizontal, this);
    splitter->setObjectName(QStringLiteral("summarySplitter"));
    splitter->setChildrenCollapsible(false);
    splitter->addWidget(m_tree);
    splitter->addWidget(m_details);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(splitter);

    connect(m_tree->selectionModel(),
            &QItemSelectionModel::currentChanged,
            this,
            &SummaryPanel::showDetails);
}

void SummaryPanel::setCall(const std::optional<Call> &call)
{
    m_model->setCall(call);
    m_details->clear();
    if (!call)
        return;
    m_tree->expand(m_model->index(0, 0));
    m_tree->resizeColumnToContents(SummaryModel::Field);
}

void SummaryPanel::showDetails(const QModelIndex &index)
{
    if (!index.isValid()) {
        m_details->clear();
        return;
    }
    const QModelIndex field = index.siblingAtColumn(SummaryModel::Field);
    QString text = field.data().toString() + QStringLiteral("\n")
                   + field.data(SummaryModel::FullTextRole).toString();
    const QString explanation = field.data(SummaryModel::ExplanationRole).toString();
    if (!explanation.isEmpty())
        text += QStringLiteral("\n\n") + explanation;
    const QString key = field.data(SummaryModel::KeyRole).toString();
    if (!key.isEmpty())
        text += QStringLiteral("\n\n(%1)").arg(key);
    m_details->setPlainText(text);
}

} // namespace Revox
