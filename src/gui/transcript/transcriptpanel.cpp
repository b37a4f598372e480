#include "gui/transcript/transcriptpanel.h"

#include "gui/common/findbar.h"
#include "gui/common/plural.h"
#include "gui/transcript/transcriptmodel.h"
#include "gui/transcript/transcriptview.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QScrollBar>
#include <QStackedWidget>
#include <QToolButton>
#include <QVBoxLayout>

#include <numeric>
#include <utility>

namespace Revox {

TranscriptPanel::TranscriptPanel(QWidget *parent)
    : QWidget(parent)
    , m_model(new TranscriptModel(this))
    , m_proxy(new TranscriptFilterProxy(this))
    , m_view(new TranscriptView(this))
    , m_findBar(new FindBar(this))
    , m_filter(new QComboBox(this))
    , m_status(new QLabel(this))
    , m_emptyLabel(new QLabel(this))
    , m_stack(new QStackedWidget(this))
{
    m_proxy->setSourceModel(m_model);
    m_view->setModel(m_proxy);

    m_filter->addItem(tr("All turns"), int(TranscriptFilterProxy::Filter::All));
    m_filter->addItem(tr("Only tool calls"), int(TranscriptFilterProxy::Filter::ToolCallsOnly));
    m_filter->addItem(tr("Only failed tool calls"), int(TranscriptFilterProxy::Filter::ErrorsOnly));
    m_filter->addItem(tr("Hide tool calls"), int(TranscriptFilterProxy::Filter::HideTools));
    m_filter->setAccessibleName(tr("Transcript filter"));
    auto *showLabel = new QLabel(tr("&Show:"), this);
    showLabel->setBuddy(m_filter);

    m_status->setTextFormat(Qt::PlainText);
    m_status->setAccessibleName(tr("Transcript counts"));
    m_status->setToolTip(tr("A tool call and all its results count as one tool call. Failed: "
                            "tool calls whose last result failed. A result whose call is not in "
                            "the transcript counts as one tool call."));
    // Its longest sentences ("No transcript: …") must never widen the window or narrow the
    // library: past the room it has, it is cut, and the empty transcript says it in full.
    m_status->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    m_emptyLabel->setTextFormat(Qt::PlainText);
    m_emptyLabel->setAlignment(Qt::AlignCenter);
    m_emptyLabel->setWordWrap(true);
    m_emptyLabel->setEnabled(false);

    auto *expandAll = new QToolButton(this);
    expandAll->setText(tr("Expand all"));
    expandAll->setToolTip(tr("Expand every tool card"));
    expandAll->setAutoRaise(true);
    auto *collapseAll = new QToolButton(this);
    collapseAll->setText(tr("Collapse all"));
    collapseAll->setToolTip(tr("Collapse every tool card to its header"));
    collapseAll->setAutoRaise(true);

    auto *top = new QHBoxLayout;
    top->setContentsMargins(0, 0, 0, 0);
    top->addWidget(showLabel);
    top->addWidget(m_filter);
    top->addSpacing(8);
    top->addWidget(m_status, 1);
    top->addWidget(expandAll);
    top->addWidget(collapseAll);

    m_stack->addWidget(m_view);
    m_stack->addWidget(m_emptyLabel);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 4, 0, 0);
    layout->addLayout(top);
    layout->addWidget(m_findBar);
    layout->addWidget(m_stack, 1);
    m_findBar->hide();

    connect(m_filter, &QComboBox::currentIndexChanged, this, [this] {
        const auto filter = TranscriptFilterProxy::Filter(m_filter->currentData().toInt());
        const int turn = turnInView();
        m_proxy->setFilter(filter);
        bringBack(turn);
        refreshVisibleMatches();
        m_stack->setCurrentWidget(isShowingTurns() ? static_cast<QWidget *>(m_view) : m_emptyLabel);
        if (!isShowingTurns())
            m_emptyLabel->setText(statusText());
        emit filterChanged(filter);
    });
    connect(expandAll, &QToolButton::clicked, this, [this] { m_model->setAllExpanded(true); });
    connect(collapseAll, &QToolButton::clicked, this, [this] { m_model->setAllExpanded(false); });
    connect(m_model, &TranscriptModel::matchesChanged, this, &TranscriptPanel::showMatches);
    // The scroll range grows with each batch the view lays out.
    connect(m_view->verticalScrollBar(),
            &QScrollBar::rangeChanged,
            this,
            &TranscriptPanel::scrollToPendingMatch);
    connect(m_findBar, &FindBar::textChanged, this, &TranscriptPanel::search);
    connect(m_findBar, &FindBar::nextRequested, this, &TranscriptPanel::findNext);
    connect(m_findBar, &FindBar::previousRequested, this, &TranscriptPanel::findPrevious);
    connect(m_findBar, &FindBar::closed, this, [this] {
        search(QString());
        m_view->setFocus();
    });
    setAttempt(nullptr);
}

void TranscriptPanel::setAttempt(const CallAttempt *attempt)
{
    m_goToFirst = false;
    if (attempt && attempt->transcript)
        m_model->setTurns(*attempt->transcript);
    else
        m_model->clear();
    // Counted as the view pairs them: a call and all its results are one tool call, and it
    // failed when its last result did (a failure then a successful retry is not a failure).
    const ToolCallPairing &pairing = m_model->pairing();
    const int tools = pairing.toolCallCount();
    const int failed = pairing.failedCount();
    const int orphans = pairing.orphanCount();
    if (!attempt) {
        m_status->setText(tr("No attempt selected"));
    } else if (!attempt->transcript) {
        m_status->setText(
            tr("No transcript: this attempt did not connect, or Revox has not sent one yet."));
    } else if (attempt->transcript->isEmpty()) {
        m_status->setText(tr("The transcript is empty: nothing was said."));
    } else {
        QString text = plural(m_model->rowCount(), tr("%1 turn"), tr("%1 turns"));
        if (tools > 0)
            text += QStringLiteral(" · ") + plural(tools, tr("%1 tool call"), tr("%1 tool calls"));
        if (failed > 0)
            text += QStringLiteral(" · ") + tr("%1 failed").arg(failed);
        if (orphans > 0)
            text += QStringLiteral(" · ")
                    + plural(orphans,
                             tr("%1 result without its call"),
                             tr("%1 results without their call"));
        m_status->setText(text);
    }
    if (!isShowingTurns())
        m_emptyLabel->setText(
            m_model->rowCount() == 0
                ? m_status->text()
                : tr("No turns match the filter \"%1\".").arg(m_filter->currentText()));
    m_stack->setCurrentWidget(isShowingTurns() ? static_cast<QWidget *>(m_view) : m_emptyLabel);
    m_view->scrollToTop();
    refreshVisibleMatches();
}

bool TranscriptPanel::isShowingTurns() const
{
    return m_proxy->rowCount() > 0;
}

QString TranscriptPanel::statusText() const
{
    if (m_model->rowCount() > 0 && m_proxy->rowCount() == 0)
        return tr("No turns match the filter \"%1\".").arg(m_filter->currentText());
    return m_status->text();
}

void TranscriptPanel::setFilter(TranscriptFilterProxy::Filter filter)
{
    const int index = m_filter->findData(int(filter));
    if (index >= 0)
        m_filter->setCurrentIndex(index);
}

void TranscriptPanel::showFind()
{
    m_findBar->activate();
    if (!m_findBar->text().isEmpty())
        search(m_findBar->text());
}

void TranscriptPanel::search(const QString &text)
{
    m_goToFirst = true;
    // Answers a small transcript at once (showMatches() has run when this returns); a large one
    // answers later, and until then the bar says "Searching…".
    m_model->setSearchText(text);
    if (m_model->isSearching())
        refreshVisibleMatches();
    else if (m_goToFirst)
        showMatches(); // the same text again: no new answer comes, go to its first match again
}

void TranscriptPanel::showMatches()
{
    const bool goToFirst = std::exchange(m_goToFirst, false);
    refreshVisibleMatches();
    if (goToFirst && !m_visibleMatches.isEmpty())
        goToMatch(0);
}

void TranscriptPanel::refreshVisibleMatches()
{
    m_visibleMatches.clear();
    m_position = -1;
    m_pendingScroll = QPersistentModelIndex();
    m_model->setCurrentMatch(-1);
    if (m_model->isSearching()) {
        // The model still holds the previous text's matches: none of them is to be gone to.
        m_findBar->setMatchInfo(-1, -1);
        return;
    }
    const QList<TextMatch> &matches = m_model->matches();
    if (m_proxy->filter() == TranscriptFilterProxy::Filter::All) {
        // Every row is shown: no need to map each match's row through the proxy.
        m_visibleMatches.resize(matches.size());
        std::iota(m_visibleMatches.begin(), m_visibleMatches.end(), 0);
        m_findBar->setMatchInfo(-1, int(m_visibleMatches.size()));
        return;
    }
    int lastRow = -1;
    bool lastVisible = false;
    // With tools hidden, a turn that called a tool shows its speech only: a match in its card
    // is not on screen.
    const bool speechOnly = m_proxy->filter() == TranscriptFilterProxy::Filter::HideTools;
    for (int i = 0; i < matches.size(); ++i) {
        const int row = matches.at(i).row;
        if (speechOnly && matches.at(i).part != TextMatch::Part::Content)
            continue;
        if (row != lastRow) {
            lastRow = row;
            lastVisible = m_proxy->mapFromSource(m_model->index(row)).isValid();
        }
        if (lastVisible)
            m_visibleMatches.append(i);
    }
    m_findBar->setMatchInfo(-1, int(m_visibleMatches.size()));
}

void TranscriptPanel::goToMatch(int visiblePosition)
{
    if (m_visibleMatches.isEmpty())
        return;
    const int count = int(m_visibleMatches.size());
    m_position = ((visiblePosition % count) + count) % count;
    const int matchIndex = m_visibleMatches.at(m_position);
    const TextMatch &match = m_model->matches().at(matchIndex);
    const QModelIndex source = m_model->index(match.row);
    if (match.part != TextMatch::Part::ToolName
        && !source.data(TranscriptModel::ExpandedRole).toBool())
        m_model->setData(source, true, TranscriptModel::ExpandedRole);
    m_model->setCurrentMatch(matchIndex);
    const QModelIndex proxyIndex = m_proxy->mapFromSource(source);
    m_view->selectionModel()->setCurrentIndex(proxyIndex, QItemSelectionModel::NoUpdate);
    m_pendingScroll = proxyIndex;
    scrollToPendingMatch();
    m_findBar->setMatchInfo(m_position, count);
}

int TranscriptPanel::turnInView() const
{
    QModelIndex index = m_view->currentIndex();
    if (!index.isValid() || !m_view->visualRect(index).intersects(m_view->viewport()->rect()))
        index = m_view->indexAt(QPoint(8, 8));
    return index.isValid() ? m_proxy->mapToSource(index).row() : -1;
}

void TranscriptPanel::bringBack(int turn)
{
    // A filter change resets the view to its top; the user was reading something.
    if (turn < 0)
        return;
    for (int row = turn; row < m_model->rowCount(); ++row) {
        const QModelIndex shown = m_proxy->mapFromSource(m_model->index(row));
        if (!shown.isValid())
            continue; // filtered out: the next turn that is shown
        if (row == turn)
            m_view->selectionModel()->setCurrentIndex(shown, QItemSelectionModel::NoUpdate);
        m_pendingScroll = shown;
        scrollToPendingMatch();
        return;
    }
}

void TranscriptPanel::scrollToPendingMatch()
{
    // Soon after a large call is shown, the view has laid out only its first rows, and scrollTo()
    // ignores a row it has not laid out yet: that would leave the view where it was.
    const QModelIndex target = m_pendingScroll;
    if (!target.isValid() || !m_view->visualRect(target).isValid())
        return;
    m_pendingScroll = QPersistentModelIndex();
    m_view->scrollTo(target, QAbstractItemView::PositionAtCenter);
}

void TranscriptPanel::findNext()
{
    if (m_findBar->isHidden()) {
        showFind();
        return;
    }
    goToMatch(m_position + 1);
}

void TranscriptPanel::findPrevious()
{
    if (m_findBar->isHidden()) {
        showFind();
        return;
    }
    goToMatch(m_position < 0 ? -1 : m_position - 1);
}

} // namespace Revox
