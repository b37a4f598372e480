#include "gui/library/librarypanel.h"

#include "core/library/calllibrary.h"
#include "gui/library/librarymodel.h"
#include "gui/library/searchresultmodel.h"

#include <QAction>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QMessageBox>
#include <QPushButton>
#include <QTableView>
#include <QTimer>
#include <QVBoxLayout>

namespace Revox {

namespace {

constexpr int SearchDelayMs = 250;

QLabel *plainLabel(QWidget *parent)
{
    auto *label = new QLabel(parent);
    label->setTextFormat(Qt::PlainText);
    label->setWordWrap(true);
    return label;
}

// Names what the part under it does: a list of the calls, then a search inside all of them.
QLabel *heading(const QString &text, QWidget *buddy, QWidget *parent)
{
    auto *label = new QLabel(text, parent);
    label->setTextFormat(Qt::PlainText);
    QFont bold = label->font();
    bold.setBold(true);
    label->setFont(bold);
    label->setBuddy(buddy);
    return label;
}

} // namespace

LibraryPanel::LibraryPanel(QWidget *parent)
    : QWidget(parent)
    , m_model(new LibraryModel(this))
    , m_filter(new LibraryFilterModel(this))
    , m_results(new SearchResultModel(this))
    , m_searchDelay(new QTimer(this))
{
    m_confirmation = [this](const QString &title, const QString &question) {
        return QMessageBox::question(this,
                                     title,
                                     question,
                                     QMessageBox::Yes | QMessageBox::Cancel,
                                     QMessageBox::Cancel)
               == QMessageBox::Yes;
    };
    m_filter->setSourceModel(m_model);

    m_status = plainLabel(this);
    m_filterEdit = new QLineEdit(this);
    m_filterEdit->setPlaceholderText(tr("Filter by ID, number, status, campaign…"));
    m_filterEdit->setClearButtonEnabled(true);

    m_table = new QTableView(this);
    m_table->setModel(m_filter);
    m_table->setSortingEnabled(true);
    m_table->sortByColumn(LibraryModel::DateColumn, Qt::DescendingOrder);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setWordWrap(false);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setStretchLastSection(true);
    // Columns as wide as what they hold, whole IDs and dates, as the list fills and grows; a
    // narrow dock scrolls sideways instead of cutting them.
    connect(m_model, &QAbstractItemModel::modelReset, m_table, &QTableView::resizeColumnsToContents);
    connect(m_model,
            &QAbstractItemModel::rowsInserted,
            m_table,
            &QTableView::resizeColumnsToContents);

    m_deleteButton = new QPushButton(tr("Delete"), this);
    m_clearButton = new QPushButton(tr("Clear all…"), this);
    auto *deleteAction = new QAction(tr("Delete saved call"), m_table);
    deleteAction->setShortcut(QKeySequence::Delete);
    deleteAction->setShortcutContext(Qt::WidgetShortcut);
    m_table->addAction(deleteAction);

    m_searchEdit = new QLineEdit(this);
    m_searchEdit->setPlaceholderText(
        tr("Search everything saved: words, prefix*, numbers, tool names"));
    m_searchEdit->setClearButtonEnabled(true);
    m_resultView = new QListView(this);
    m_resultView->setModel(m_results);
    m_resultView->setItemDelegate(new SnippetDelegate(m_resultView));
    m_resultView->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_resultView->setUniformItemSizes(true);
    m_searchStatus = plainLabel(this);

    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_deleteButton);
    buttons->addWidget(m_clearButton);
    buttons->addStretch();
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(heading(tr("Saved ca&lls"), m_filterEdit, this));
    layout->addWidget(m_status);
    layout->addWidget(m_filterEdit);
    layout->addWidget(m_table, 3);
    layout->addLayout(buttons);
    layout->addSpacing(6);
    layout->addWidget(heading(tr("Search &inside saved calls"), m_searchEdit, this));
    layout->addWidget(m_searchEdit);
    layout->addWidget(m_searchStatus);
    layout->addWidget(m_resultView, 2);

    m_searchDelay->setSingleShot(true);
    m_searchDelay->setInterval(SearchDelayMs);
    connect(m_searchDelay, &QTimer::timeout, this, &LibraryPanel::runSearch);
    connect(m_searchEdit, &QLineEdit::textChanged, m_searchDelay, qOverload<>(&QTimer::start));
    connect(m_searchEdit, &QLineEdit::returnPressed, this, &LibraryPanel::runSearch);
    connect(m_filterEdit, &QLineEdit::textChanged, m_filter, &LibraryFilterModel::setFilterText);
    connect(m_table, &QAbstractItemView::activated, this, [this](const QModelIndex &index) {
        emit openRequested(index.data(LibraryModel::CallIdRole).toString(), QString(), -1);
    });
    connect(m_resultView, &QAbstractItemView::activated, this, [this](const QModelIndex &index) {
        emit openRequested(index.data(SearchResultModel::CallIdRole).toString(),
                           index.data(SearchResultModel::AttemptIdRole).toString(),
                           index.data(SearchResultModel::TurnIndexRole).toInt());
    });
    connect(m_deleteButton, &QPushButton::clicked, this, &LibraryPanel::deleteSelected);
    connect(deleteAction, &QAction::triggered, this, &LibraryPanel::deleteSelected);
    connect(m_clearButton, &QPushButton::clicked, this, &LibraryPanel::clearAll);
    connect(m_table->selectionModel(),
            &QItemSelectionModel::selectionChanged,
            this,
            &LibraryPanel::updateState);
    connect(m_filter, &QAbstractItemModel::rowsInserted, this, &LibraryPanel::updateState);
    connect(m_filter, &QAbstractItemModel::rowsRemoved, this, &LibraryPanel::updateState);
    connect(m_filter, &QAbstractItemModel::modelReset, this, &LibraryPanel::updateState);

    updateState();
}

LibraryPanel::~LibraryPanel() = default;

void LibraryPanel::setShownCall(const QString &callId)
{
    m_model->setShownCallId(callId);
}

void LibraryPanel::setLibrary(CallLibrary *library)
{
    if (m_library)
        disconnect(m_library, nullptr, this, nullptr);
    m_library = library;
    m_model->setLibrary(library && library->isOpen() ? library : nullptr);
    if (m_library) {
        // A library checked on a worker at startup lists its calls once it is open.
        connect(m_library, &CallLibrary::openingFinished, this, [this] {
            m_model->setLibrary(m_library->isOpen() ? m_library.data() : nullptr);
            updateState();
        });
        // Saved or deleted calls change what a search finds.
        connect(m_library, &CallLibrary::cleared, this, &LibraryPanel::runSearch);
        connect(m_library, &CallLibrary::callSaved, this, &LibraryPanel::runSearch);
        connect(m_library, &CallLibrary::callRemoved, this, &LibraryPanel::runSearch);
    }
    m_results->setHits({});
    updateState();
}

void LibraryPanel::setConfirmation(Confirmation confirmation)
{
    m_confirmation = std::move(confirmation);
}

void LibraryPanel::setFilterText(const QString &text)
{
    m_filterEdit->setText(text);
}

void LibraryPanel::search(const QString &text)
{
    const QSignalBlocker blocker(m_searchEdit);
    m_searchEdit->setText(text);
    runSearch();
}

void LibraryPanel::runSearch()
{
    m_searchDelay->stop();
    const QString text = m_searchEdit->text();
    if (!m_library || !m_library->isOpen() || text.trimmed().isEmpty()) {
        m_results->setHits({});
        m_searchStatus->clear();
        return;
    }
    const QList<SearchHit> hits = m_library->search(text);
    m_results->setHits(hits);
    if (!m_library->errorString().isEmpty() && hits.isEmpty())
        m_searchStatus->setText(m_library->errorString());
    else if (hits.isEmpty())
        m_searchStatus->setText(tr("Nothing saved matches."));
    else
        m_searchStatus->setText(hits.size() == 1 ? tr("1 match")
                                                 : tr("%1 matches").arg(hits.size()));
}

void LibraryPanel::selectCall(const QString &callId)
{
    const int row = m_model->rowOf(callId);
    if (row < 0)
        return;
    const QModelIndex index = m_filter->mapFromSource(m_model->index(row, 0));
    if (!index.isValid())
        return;
    m_table->selectionModel()->setCurrentIndex(index,
                                               QItemSelectionModel::ClearAndSelect
                                                   | QItemSelectionModel::Rows);
    m_table->scrollTo(index);
}

QString LibraryPanel::selectedCallId() const
{
    const QModelIndexList rows = m_table->selectionModel()->selectedRows();
    return rows.isEmpty() ? QString() : rows.constFirst().data(LibraryModel::CallIdRole).toString();
}

bool LibraryPanel::deleteSelected()
{
    const QString callId = selectedCallId();
    if (callId.isEmpty() || !m_library)
        return false;
    if (!m_confirmation(tr("Delete saved call"),
                        tr("Delete the saved copy of call %1 from this computer? The call itself "
                           "stays on Revox.")
                            .arg(callId)))
        return false;
    const bool ok = m_library->remove(callId);
    m_lastError = ok ? QString() : m_library->errorString();
    updateState();
    return ok;
}

bool LibraryPanel::clearAll()
{
    if (!m_library || m_model->rowCount() == 0)
        return false;
    const int count = m_model->rowCount();
    const QString what = count == 1 ? tr("the one saved call")
                                    : tr("all %1 saved calls").arg(count);
    if (!m_confirmation(tr("Clear the call library"),
                        tr("Delete %1 from this computer? The calls themselves stay on Revox.")
                            .arg(what)))
        return false;
    const bool ok = m_library->clear();
    m_lastError = ok ? QString() : m_library->errorString();
    updateState();
    return ok;
}

QString LibraryPanel::statusText() const
{
    return m_status->text();
}

void LibraryPanel::updateState()
{
    const bool usable = m_library && m_library->isOpen();
    if (m_library && m_library->isOpening())
        m_status->setText(tr("Opening the library…"));
    else if (!usable)
        m_status->setText(m_library && !m_library->errorString().isEmpty()
                              ? m_library->errorString()
                              : tr("The call library is off."));
    else if (!m_lastError.isEmpty())
        m_status->setText(m_lastError);
    else if (m_model->rowCount() == 0)
        m_status->setText(tr("Calls you fetch or open are saved here."));
    else
        m_status->clear();
    m_status->setVisible(!m_status->text().isEmpty());
    for (QWidget *widget : {static_cast<QWidget *>(m_filterEdit),
                            static_cast<QWidget *>(m_table),
                            static_cast<QWidget *>(m_searchEdit),
                            static_cast<QWidget *>(m_resultView)})
        widget->setEnabled(usable);
    m_deleteButton->setEnabled(usable && !selectedCallId().isEmpty());
    m_clearButton->setEnabled(usable && m_model->rowCount() > 0);
}

} // namespace Revox
