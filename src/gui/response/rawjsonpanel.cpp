#include "gui/response/rawjsonpanel.h"

#include "gui/common/findbar.h"
#include "gui/response/jsontextview.h"
#include "gui/response/jsontreemodel.h"

#include <QAction>
#include <QClipboard>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSplitter>
#include <QTreeView>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

#include <algorithm>

namespace Revox {

namespace {

// Pretty-printed text of this many lines or more is built on a worker thread for "Copy JSON".
constexpr qsizetype CopyInBackgroundFrom = 200'000;
// Enough of a body for JsonLayout's first partial layout (its first few thousand lines).
constexpr qsizetype FirstScreenBytes = 512 * 1024;

template<typename T>
void drop(QPointer<QFutureWatcher<T>> &watcher)
{
    if (!watcher)
        return;
    watcher->disconnect();
    watcher->cancel();
    watcher->deleteLater();
    watcher = nullptr;
}

} // namespace

RawJsonPanel::RawJsonPanel(QWidget *parent)
    : QWidget(parent)
    , m_findBar(new FindBar(this))
    , m_copy(new QPushButton(tr("&Copy JSON"), this))
    , m_note(new QLabel(this))
    , m_splitter(new QSplitter(Qt::Horizontal, this))
    , m_tree(new QTreeView(m_splitter))
    , m_model(new JsonTreeModel(this))
    , m_view(new JsonTextView(m_splitter))
{
    QLineEdit *find = m_findBar->lineEdit();
    find->setObjectName(QStringLiteral("rawFind"));
    find->setPlaceholderText(tr("Find in the raw response"));
    find->setAccessibleName(tr("Find in raw JSON"));
    m_copy->setObjectName(QStringLiteral("copyJsonButton"));
    m_copy->setAccessibleName(tr("Copy raw JSON"));
    m_copy->setToolTip(tr("Copy the whole response as shown here: re-indented, with its keys, "
                          "numbers and strings exactly as received"));
    m_note->setObjectName(QStringLiteral("rawNote"));
    m_note->setTextFormat(Qt::PlainText);
    m_note->setWordWrap(true);
    m_note->hide();

    m_model->setObjectName(QStringLiteral("rawTreeModel"));
    m_tree->setObjectName(QStringLiteral("rawTree"));
    m_tree->setModel(m_model);
    m_tree->setUniformRowHeights(true);
    m_tree->setAccessibleName(tr("Response structure"));
    m_tree->header()->setStretchLastSection(true);
    m_tree->installEventFilter(this);
    m_tree->setContextMenuPolicy(Qt::ActionsContextMenu);
    auto *copyPath = new QAction(tr("Copy &Path"), m_tree);
    copyPath->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_C));
    copyPath->setShortcutContext(Qt::WidgetShortcut);
    copyPath->setToolTip(tr("Copy where the value is, e.g. call.call_attempts[0].status"));
    auto *copyValue = new QAction(tr("Copy &Value"), m_tree);
    copyValue->setShortcut(QKeySequence::Copy);
    copyValue->setShortcutContext(Qt::WidgetShortcut);
    m_tree->addAction(copyPath);
    m_tree->addAction(copyValue);
    m_view->setObjectName(QStringLiteral("rawText"));
    m_splitter->setObjectName(QStringLiteral("rawSplitter"));
    m_splitter->setChildrenCollapsible(false);
    m_splitter->setStretchFactor(0, 1);
    m_splitter->setStretchFactor(1, 2);
    m_splitter->setSizes({320, 680});
    m_tree->setColumnWidth(JsonTreeModel::KeyColumn,
                           m_tree->fontMetrics().horizontalAdvance(QLatin1Char('x')) * 22);

    auto *top = new QHBoxLayout;
    top->setContentsMargins(0, 0, 0, 0);
    top->addWidget(m_findBar, 1);
    top->addWidget(m_copy);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 4, 0, 0);
    layout->addLayout(top);
    layout->addWidget(m_note);
    layout->addWidget(m_splitter, 1);

    connect(m_copy, &QPushButton::clicked, this, &RawJsonPanel::copyAll);
    connect(m_findBar, &FindBar::textChanged, this, &RawJsonPanel::startSearch);
    connect(m_findBar, &FindBar::nextRequested, this, [this] { findNext(false); });
    connect(m_findBar, &FindBar::previousRequested, this, [this] { findNext(true); });
    connect(copyPath, &QAction::triggered, this, [this] { copyFromTree(true); });
    connect(copyValue, &QAction::triggered, this, [this] { copyFromTree(false); });
    connect(m_tree->selectionModel(),
            &QItemSelectionModel::currentChanged,
            this,
            [this](const QModelIndex &current) {
                const qsizetype line = m_model->lineOf(current);
                if (line >= 0 && line < m_view->json().lineCount()) {
                    m_view->selectLines(line, line);
                    m_view->revealLine(line);
                }
            });
    showMatchCount();
}

RawJsonPanel::~RawJsonPanel()
{
    // Workers hold their own copies of what they read; they are only told to stop early.
    drop(m_formatting);
    drop(m_searching);
    drop(m_copying);
}

void RawJsonPanel::setBody(std::function<QByteArray()> body)
{
    setBody([body = std::move(body)] { return KeptBody::Snapshot{body(), QByteArray()}; });
}

void RawJsonPanel::setBody(std::function<KeptBody::Snapshot()> body)
{
    m_body = std::move(body);
    m_stale = true;
    drop(m_formatting);
    drop(m_searching);
    // The previous call's bytes and index are let go now, not when the tab is next opened.
    showLayout(JsonLayout());
    m_matchCount = 0;
    if (!m_findBar->text().isEmpty()) {
        // The text stays in the field; it is looked for in this body once it is indexed.
        m_searchPending = true;
        m_findBar->setMatchInfo(-1, -1);
    }
    if (isVisible())
        startFormatting();
}

void RawJsonPanel::showEvent(QShowEvent *event)
{
    if (m_stale)
        startFormatting();
    QWidget::showEvent(event);
}

void RawJsonPanel::startFormatting()
{
    m_stale = false;
    drop(m_formatting);
    const KeptBody::Snapshot kept = m_body ? m_body() : KeptBody::Snapshot();
    // A compressed body is a large one (KeptBody::CompressFrom): expanded on the worker.
    if (kept.compressed.isNull() && kept.plain.size() < BackgroundFrom) {
        showLayout(JsonLayout::build(kept.plain));
        return;
    }
    m_view->setPlaceholderText(tr("Formatting the response…"));
    // Until the whole text is known, copying it would mean indexing it again on this thread.
    m_copy->setEnabled(false);
    auto *watcher = new QFutureWatcher<JsonLayout>(this);
    m_formatting = watcher;
    // The first screen of lines is handed over as soon as it is indexed, then the rest.
    connect(watcher, &QFutureWatcherBase::resultsReadyAt, this, [this, watcher](int, int end) {
        const JsonLayout layout = watcher->resultAt(end - 1);
        if (layout.isComplete())
            drop(m_formatting);
        if (!layout.isCancelled())
            showLayout(layout);
    });
    watcher->setFuture(QtConcurrent::run(
        [](QPromise<JsonLayout> &promise, const KeptBody::Snapshot &kept) {
            const auto cancelled = [&promise] { return promise.isCanceled(); };
            const auto handOver = [&promise](const JsonLayout &partial) {
                promise.addResult(partial);
            };
            // Expanding a large compressed body takes longer than indexing it: the first screen
            // comes from its first bytes, expanded on their own first. Its lines are the same
            // as the whole body's; what the start alone makes of the rest is not used.
            if (!kept.compressed.isNull())
                JsonLayout::build(kept.readStart(FirstScreenBytes), cancelled, handOver);
            if (!cancelled())
                promise.addResult(JsonLayout::build(kept.read(), cancelled, handOver));
        },
        kept));
}

void RawJsonPanel::showLayout(const JsonLayout &layout)
{
    const bool hadLines = m_view->json().lineCount() > 0;
    const bool complete = layout.isComplete();
    m_layout = layout;
    m_view->setJson(layout);
    if (complete) {
        m_copy->setEnabled(!m_copying);
        m_model->setJson(layout);
        m_tree->setVisible(layout.isJson());
        m_note->setText(layout.error());
        m_note->setVisible(!layout.error().isEmpty());
        m_view->setPlaceholderText(layout.error());
    }
    if (!hadLines && layout.lineCount() > 0)
        emit linesShown();
    if (complete && layout.body().constData() && !m_stale && !m_formatting) {
        if (m_searchPending || !m_findBar->text().isEmpty())
            startSearch();
        emit formatted();
    }
}

bool RawJsonPanel::isFormatted() const
{
    return !m_stale && !m_formatting && m_layout.isComplete();
}

QString RawJsonPanel::text() const
{
    // Not indexed yet (or only its first lines): indexed here, as the tab would show it.
    if (!isFormatted())
        return JsonLayout::build(m_body ? m_body().read() : QByteArray()).text();
    return m_layout.text();
}

QString RawJsonPanel::noteText() const
{
    return m_note->isHidden() ? QString() : m_note->text();
}

QLineEdit *RawJsonPanel::findField() const
{
    return m_findBar->lineEdit();
}

QString RawJsonPanel::matchText() const
{
    return m_findBar->matchText();
}

void RawJsonPanel::focusFind()
{
    m_findBar->activate();
}

void RawJsonPanel::copyAll()
{
    if (!isFormatted() || m_layout.lineCount() < CopyInBackgroundFrom) {
        QGuiApplication::clipboard()->setText(text());
        return;
    }
    // A million lines of text take a second to write out: not on the GUI thread.
    drop(m_copying);
    m_copy->setEnabled(false);
    auto *watcher = new QFutureWatcher<QString>(this);
    m_copying = watcher;
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher] {
        QGuiApplication::clipboard()->setText(watcher->result());
        m_copy->setEnabled(isFormatted());
        drop(m_copying);
    });
    watcher->setFuture(QtConcurrent::run([layout = m_layout] { return layout.text(); }));
}

void RawJsonPanel::copyFromTree(bool path)
{
    const QModelIndex current = m_tree->currentIndex();
    if (!current.isValid())
        return;
    QGuiApplication::clipboard()->setText(path ? m_model->pathOf(current)
                                               : m_model->valueOf(current));
}

void RawJsonPanel::startSearch()
{
    drop(m_searching);
    m_searchPending = false;
    const QString needle = m_findBar->text();
    m_view->setMatches({}, 0);
    m_matchCount = 0;
    if (needle.isEmpty()) {
        showMatchCount();
        emit searched();
        return;
    }
    if (!isFormatted()) {
        // Searched once the body is indexed (showLayout()).
        m_searchPending = true;
        m_findBar->setMatchInfo(-1, -1);
        return;
    }
    if (m_layout.lineCount() < SearchInBackgroundFrom) {
        showMatches(JsonSearch::find(m_layout, needle));
        return;
    }
    m_findBar->setMatchInfo(-1, -1);
    auto *watcher = new QFutureWatcher<QList<JsonMatch>>(this);
    m_searching = watcher;
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher] {
        const QList<JsonMatch> matches = watcher->result();
        drop(m_searching);
        showMatches(matches);
    });
    watcher->setFuture(QtConcurrent::run(
        [](QPromise<QList<JsonMatch>> &promise, const JsonLayout &layout, const QString &needle) {
            promise.addResult(
                JsonSearch::find(layout, needle, [&promise] { return promise.isCanceled(); }));
        },
        m_layout,
        needle));
}

void RawJsonPanel::showMatches(const QList<JsonMatch> &matches)
{
    m_matchCount = matches.size();
    // The first match from where the reader is: the cursor line, or the top of the screen.
    const qsizetype from = m_view->cursorLine() >= 0 ? m_view->cursorLine()
                                                     : m_view->firstVisibleLine();
    const auto at = std::lower_bound(matches.cbegin(),
                                     matches.cend(),
                                     from,
                                     [](const JsonMatch &match, qsizetype line) {
                                         return qsizetype(match.line) < line;
                                     });
    const qsizetype current = matches.isEmpty()      ? -1
                              : at == matches.cend() ? 0
                                                     : at - matches.cbegin();
    m_view->setMatches(matches, int(m_findBar->text().size()));
    m_view->setCurrentMatch(current);
    showMatchCount();
    emit searched();
}

void RawJsonPanel::findNext(bool backwards)
{
    if (m_matchCount == 0)
        return;
    const qsizetype current = m_view->currentMatch();
    const qsizetype next = current < 0
                               ? (backwards ? m_matchCount - 1 : 0)
                               : (current + (backwards ? m_matchCount - 1 : 1)) % m_matchCount;
    m_view->setCurrentMatch(next);
    showMatchCount();
}

void RawJsonPanel::showMatchCount()
{
    m_findBar->setMatchInfo(int(m_view->currentMatch()), int(m_matchCount));
}

bool RawJsonPanel::eventFilter(QObject *watched, QEvent *event)
{
    if (event->type() == QEvent::ShortcutOverride && watched == m_tree
        && JsonTextView::isTyping(static_cast<QKeyEvent *>(event))) {
        // Typing in the tree jumps to a key (keyboard search), not to a window shortcut.
        event->accept();
        return true;
    }
    return QWidget::eventFilter(watched, event);
}

} // namespace Revox
