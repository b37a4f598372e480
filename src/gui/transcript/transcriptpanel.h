#pragma once

#include "core/call/calldata.h"
#include "gui/transcript/transcriptfilterproxy.h"

#include <QPersistentModelIndex>
#include <QWidget>

class QComboBox;
class QLabel;
class QStackedWidget;

namespace Revox {

class FindBar;
class TranscriptModel;
class TranscriptView;

// The transcript tab: filter, turn counts, find bar and the painted list of turns.
class TranscriptPanel final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TranscriptPanel)

public:
    explicit TranscriptPanel(QWidget *parent = nullptr);

    // nullptr clears. The attempt is copied: the panel never points into a call that may go away.
    void setAttempt(const CallAttempt *attempt);

    TranscriptModel *model() const { return m_model; }
    TranscriptFilterProxy *proxy() const { return m_proxy; }
    TranscriptView *view() const { return m_view; }
    FindBar *findBar() const { return m_findBar; } // public for tests
    QComboBox *filterBox() const { return m_filter; }

    void setFilter(TranscriptFilterProxy::Filter filter);
    void showFind();
    void findNext();
    void findPrevious();
    // The line above the list ("18 turns · 6 tool calls · 1 failed"), or why there is no list;
    // public for tests.
    QString statusText() const;

signals:
    void filterChanged(Revox::TranscriptFilterProxy::Filter filter);

private:
    bool isShowingTurns() const;
    void search(const QString &text);
    void showMatches();
    void refreshVisibleMatches();
    void goToMatch(int visiblePosition);
    void scrollToPendingMatch();
    // The turn the user is on (the current one on screen, else the one at the top), as a row of
    // the model; -1 when there is none.
    int turnInView() const;
    // Brings that turn, or the first shown after it, into view and makes it current.
    void bringBack(int turn);

    TranscriptModel *m_model;
    TranscriptFilterProxy *m_proxy;
    TranscriptView *m_view;
    FindBar *m_findBar;
    QComboBox *m_filter;
    QLabel *m_status;
    QLabel *m_emptyLabel;
    QStackedWidget *m_stack;
    QList<int> m_visibleMatches; // indexes into m_model->matches() whose rows pass the filter
    int m_position = -1;         // into m_visibleMatches
    // The user typed or asked for a find: its answer goes to the first match, as an answer for
    // another attempt's turns does not.
    bool m_goToFirst = false;
    // The current match's row while the view's batched layout has not reached it: scrolled to
    // as soon as it is laid out.
    QPersistentModelIndex m_pendingScroll;
};

} // namespace Revox
