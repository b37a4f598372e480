#pragma once

#include "core/call/calldata.h"
#include "core/call/toolcallpairing.h"

#include <QAbstractListModel>
#include <QFutureWatcher>
#include <QList>
#include <QTimer>

#include <utility>

namespace Revox {

// One occurrence of the find text inside a turn.
struct TextMatch
{
    enum class Part { Content, ToolName, Arguments };
    int row = -1;
    Part part = Part::Content;
    int start = 0;
    int length = 0;
};

// What one search found, and the rows whose highlights differ from the matches the model showed
// when it started (runs of consecutive rows, first and last), so that applying it repaints only
// those. generation says which search it answers.
struct TranscriptSearchAnswer
{
    quint64 generation = 0;
    QList<TextMatch> matches; // sorted by row
    QList<std::pair<int, int>> changedRows;
};

// The turns of one attempt, one row per turn (find, turn numbers and the library's "open the
// saved turn" rely on row == turn index). What each row shows follows ToolCallPairing: speech, a
// call made while speaking (a bubble and a card), a call's result k of n, a result whose call is
// not in the transcript, or a call and its result in one card. Raw values live in custom roles;
// the delegate paints them.
class TranscriptModel final : public QAbstractListModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TranscriptModel)

public:
    enum Role {
        SpeakerRole = Qt::UserRole + 1, // Speaker, as int
        RawRoleRole,                    // the role string as sent, invalid when absent
        SpeakerLabelRole,               // "Agent", "Caller", "Tool call" or the raw role
        ContentRole,                    // as shown: a tool result holding JSON is pretty-printed
        RawContentRole,                 // as sent
        ToolNameRole,                   // invalid when the turn names no tool
        ToolArgumentsRole,              // pretty-printed (Format::toolArguments)
        IsToolRole,                     // the row shows a tool card (alone or under speech)
        IsErrorRole,      // the card shows a failure: its result failed, or for a call made while
                          // speaking, the call (its last result) failed
        ErrorFlagRole,    // tool_is_error behind that: true, false or invalid when absent
        ExpandedRole,     // tool cards only; settable
        MatchesRole,      // QList<TextMatch> in this turn
        CurrentMatchRole, // index into MatchesRole of the current find match, or -1
        TurnNumberRole,   // 1-based position in the attempt's transcript
        CopyTextRole,     // the turn as plain text for the clipboard
        // The pairing (ToolCallPairing); turn numbers are 1-based like TurnNumberRole.
        TurnKindRole,       // ToolCallPairing::Kind, as int
        SpeechRole,         // what was said; invalid when the row shows no speech
        ResultRole,         // the tool result as shown; invalid when the row holds none
        ResultNumberRole,   // a call's result: k of ResultCountRole; else 0
        ResultCountRole,    // a call made while speaking or its result: how many results
        CallTurnRole,       // the turn that made this row's call; 0 for none
        ResultTurnsRole,    // a call made while speaking: QList<int> of its results' turns
        CallFailedRole,     // the row belongs to a failed tool call (its last result failed)
        ToolHeadlineRole,   // after the tool's name: "result 2 of 2, retry after a failure"
        ToolNoteRole,       // "Call in turn 2", "No result in the transcript", …
        SpeechCopyTextRole, // the speech alone as plain text ("Agent: …"); empty when none
    };
    enum class Speaker { Agent, Caller, Tool, Other };

    explicit TranscriptModel(QObject *parent = nullptr);
    ~TranscriptModel() override;

    void setTurns(const QList<TranscriptEntry> &turns);
    void clear();
    const TranscriptEntry &turn(int row) const { return m_turns.at(row); }
    // How the turns' tool calls pair up: computed once per setTurns().
    const ToolCallPairing &pairing() const { return m_pairing; }

    // Case-insensitive search over what is shown: content, tool names and arguments. An empty
    // text and a small transcript are answered at once; a large one is searched on a worker, and
    // until its answer comes, isSearching() holds and matches() are still the previous answer's.
    // Every answer applied emits matchesChanged(). A newer text or new turns drop an older
    // search's answer: it is never shown.
    void setSearchText(const QString &text);
    QString searchText() const { return m_searchText; }
    bool isSearching() const { return m_searchPending; }
    const QList<TextMatch> &matches() const { return m_matches; }
    void setCurrentMatch(int matchIndex);

    void setAllExpanded(bool expanded);

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    bool setData(const QModelIndex &index, const QVariant &value, int role) override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;
    QHash<int, QByteArray> roleNames() const override;

    // Whether every tool call's arguments and result are pretty-printed yet (see m_arguments);
    // public for tests.
    bool isFullyFormatted() const { return m_nextToFormat >= m_turns.size(); }

    // Transcripts with this many characters of text or more are searched on a worker: below it a
    // search takes a few milliseconds at most. Settable for tests, which check that both ways find
    // the same.
    static constexpr qsizetype SearchInBackgroundFrom = 500'000;
    void setSearchInBackgroundFrom(qsizetype characters) { m_searchInBackgroundFrom = characters; }

signals:
    // matches() were replaced by the answer for searchText().
    void matchesChanged();

private:
    Speaker speakerOf(int row) const;
    QString speechCopyText(int row) const;
    QString copyText(int row) const;
    bool shownAsFailed(int row) const;
    QVariant errorFlag(int row) const;
    QList<TextMatch> matchesInRow(int row) const;
    void cancelSearch();
    void applySearch(const TranscriptSearchAnswer &answer);
    void formatRow(int row) const;
    void formatUntil(int end) const;
    void formatSomeLater();

    QList<TranscriptEntry> m_turns;
    ToolCallPairing m_pairing;
    // Tool calls' arguments and results pretty-printed, once: the delegate asks for them on every
    // paint and find searches them. Printing them all up front would hold back showing a call, so
    // rows are printed when first asked for, and the rest between events after the call is shown
    // (like the view's batched layout); a find prints what is still missing first.
    mutable QList<QString> m_arguments;
    mutable QList<QString> m_results;
    mutable QList<bool> m_formatted;
    mutable int m_nextToFormat = 0; // rows before it are all formatted
    QTimer m_formatTimer;
    QList<bool> m_expanded;
    QString m_searchText;
    QList<TextMatch> m_matches; // sorted by row
    int m_currentMatch = -1;
    qsizetype m_textSize = 0; // characters a search reads, before pretty-printing
    qsizetype m_searchInBackgroundFrom = SearchInBackgroundFrom;
    // The one search on a worker. Each search has a new generation; an answer is applied only if
    // it is the latest one's, whatever the watcher still delivers from a cancelled future.
    QFutureWatcher<TranscriptSearchAnswer> m_searching;
    quint64 m_searchGeneration = 0;
    bool m_searchPending = false;
};

} // namespace Revox

Q_DECLARE_METATYPE(Revox::TextMatch)
