#include "gui/transcript/transcriptmodel.h"

#include "core/call/enumtext.h"
#include "core/call/format.h"
#include "gui/common/guilogging.h"
#include "gui/common/readonlyflags.h"

#include <QElapsedTimer>
#include <QStringMatcher>
#include <QtConcurrent/QtConcurrentRun>

#include <algorithm>
#include <functional>
#include <limits>
#include <optional>

namespace Revox {

namespace {

// What a row shows, pretty-printed: the model caches these, and a search on a worker prints the
// rows the model has not printed yet with the same functions, so both see the same text.
QString prettyArguments(const TranscriptEntry &turn)
{
    return Format::toolArguments(turn.toolArguments);
}

// `isResult`: the pairing says the turn's content is a tool's result. Speech, even of a turn that
// called a tool, is shown as said.
QString prettyResult(const TranscriptEntry &turn, bool isResult)
{
    // A tool's result is often JSON in a string; indent it like the arguments.
    if (!isResult || turn.content.isEmpty())
        return turn.content;
    ToolArguments result;
    result.kind = ToolArguments::Kind::String;
    result.text = turn.content;
    return Format::toolArguments(result);
}

// What a search reads. The lists are implicitly shared with the model: taking them costs nothing,
// and when the model prints more rows while a worker reads these, it writes to its own copy.
struct SearchInput
{
    quint64 generation = 0;
    QString text;
    QList<TranscriptEntry> turns;
    ToolCallPairing pairing;
    QList<QString> arguments; // valid where formatted is true
    QList<QString> results;
    QList<bool> formatted;
    QList<TextMatch> before; // what the model shows when the search starts
};

} // namespace

TranscriptModel::TranscriptModel(QObject *parent)
    : QAbstractListModel(parent)
{
    m_formatTimer.setSingleShot(true);
    m_formatTimer.setInterval(0);
    connect(&m_formatTimer, &QTimer::timeout, this, &TranscriptModel::formatSomeLater);
    connect(&m_searching, &QFutureWatcherBase::finished, this, [this] {
        if (m_searching.isCanceled() || m_searching.future().resultCount() == 0)
            return;
        const TranscriptSearchAnswer answer = m_searching.result();
        if (answer.generation != m_searchGeneration) {
            qCDebug(lcGui) << "find: dropped the answer of a superseded search";
            return;
        }
        applySearch(answer);
    });
}

TranscriptModel::~TranscriptModel()
{
    // The worker holds its own copies of what it reads; cancelling only spares it the rest.
    m_searching.cancel();
}

void TranscriptModel::formatRow(int row) const
{
    if (m_formatted.at(row))
        return;
    const TranscriptEntry &turn = m_turns.at(row);
    m_arguments[row] = prettyArguments(turn);
    m_results[row] = prettyResult(turn, m_pairing.hasResult(row));
    m_formatted[row] = true;
}

void TranscriptModel::formatUntil(int end) const
{
    end = std::min(end, int(m_turns.size()));
    for (; m_nextToFormat < end; ++m_nextToFormat)
        formatRow(m_nextToFormat);
}

void TranscriptModel::formatSomeLater()
{
    // A few milliseconds per event, so that the window stays responsive while 100,000 turns print.
    QElapsedTimer slice;
    slice.start();
    while (!isFullyFormatted() && slice.elapsed() < 8)
        formatUntil(m_nextToFormat + 64);
    if (!isFullyFormatted())
        m_formatTimer.start();
}

void TranscriptModel::setTurns(const QList<TranscriptEntry> &turns)
{
    cancelSearch();
    beginResetModel();
    m_turns = turns;
    m_pairing = ToolCallPairing(m_turns);
    m_arguments = QList<QString>(m_turns.size());
    m_results.clear();
    m_results.reserve(m_turns.size());
    m_formatted.clear();
    m_formatted.reserve(m_turns.size());
    m_textSize = 0;
    for (int row = 0; row < m_turns.size(); ++row) {
        const TranscriptEntry &turn = m_turns.at(row);
        m_textSize += turn.content.size() + (turn.toolName ? turn.toolName->size() : 0)
                      + turn.toolArguments.text.size() + turn.toolArguments.objectJson().size();
        // Speech with no tool card is shown as sent: nothing to print later.
        m_results.append(turn.content);
        m_formatted.append(!m_pairing.hasToolCard(row));
    }
    m_nextToFormat = 0;
    if (isFullyFormatted())
        m_formatTimer.stop();
    else
        m_formatTimer.start();
    m_expanded = QList<bool>(m_turns.size(), true);
    m_matches.clear();
    m_currentMatch = -1;
    endResetModel();
    if (!m_searchText.isEmpty()) {
        const QString text = m_searchText;
        m_searchText.clear();
        setSearchText(text);
    }
}

void TranscriptModel::clear()
{
    setTurns({});
}

int TranscriptModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_turns.size());
}

QVariant TranscriptModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const int row = index.row();
    const TranscriptEntry &turn = m_turns.at(row);
    formatRow(row);
    switch (role) {
    case Qt::DisplayRole:
    case Qt::AccessibleTextRole:
        return copyText(row);
    case SpeakerRole:
        return int(speakerOf(row));
    case RawRoleRole:
        return turn.role ? QVariant(*turn.role) : QVariant();
    case SpeakerLabelRole:
        if (speakerOf(row) == Speaker::Tool)
            return m_pairing.kind(row) == ToolCallPairing::Kind::StandaloneCall ? tr("Tool call")
                                                                                : tr("Tool result");
        return turn.role ? EnumText::label(EnumField::Role, *turn.role) : tr("(no role)");
    case ContentRole:
        return m_results.at(row);
    case RawContentRole:
        return turn.content;
    case ToolNameRole:
        return turn.toolName ? QVariant(*turn.toolName) : QVariant();
    case ToolArgumentsRole:
        return m_arguments.at(row);
    case IsToolRole:
        return m_pairing.hasToolCard(row);
    case IsErrorRole:
        return shownAsFailed(row);
    case ErrorFlagRole:
        return errorFlag(row);
    case ExpandedRole:
        return m_expanded.at(row);
    case MatchesRole:
        return QVariant::fromValue(matchesInRow(row));
    case CurrentMatchRole: {
        if (m_currentMatch < 0 || m_matches.at(m_currentMatch).row != row)
            return -1;
        const auto first = std::lower_bound(m_matches.cbegin(),
                                            m_matches.cend(),
                                            row,
                                            [](const TextMatch &m, int r) { return m.row < r; });
        return int(m_currentMatch - (first - m_matches.cbegin()));
    }
    case TurnNumberRole:
        return row + 1;
    case CopyTextRole:
        return copyText(row);
    case TurnKindRole:
        return int(m_pairing.kind(row));
    case SpeechRole:
        return m_pairing.hasSpeech(row) ? QVariant(turn.content) : QVariant();
    case ResultRole:
        return m_pairing.hasResult(row) ? QVariant(m_results.at(row)) : QVariant();
    case ResultNumberRole:
        return m_pairing.resultNumber(row);
    case ResultCountRole:
        return m_pairing.resultCount(row);
    case CallTurnRole:
        return m_pairing.callTurn(row) + 1;
    case ResultTurnsRole: {
        QList<int> turns = m_pairing.resultTurns(row);
        for (int &number : turns)
            ++number;
        return QVariant::fromValue(turns);
    }
    case CallFailedRole:
        return m_pairing.callFailed(row);
    case ToolHeadlineRole:
        return m_pairing.headline(row);
    case ToolNoteRole:
        return m_pairing.note(row);
    case SpeechCopyTextRole:
        return speechCopyText(row);
    default:
        return {};
    }
}

bool TranscriptModel::setData(const QModelIndex &index, const QVariant &value, int role)
{
    if (role != ExpandedRole || !checkIndex(index, CheckIndexOption::IndexIsValid))
        return false;
    if (m_expanded.at(index.row()) == value.toBool())
        return true;
    m_expanded[index.row()] = value.toBool();
    emit dataChanged(index, index, {ExpandedRole});
    return true;
}

Qt::ItemFlags TranscriptModel::flags(const QModelIndex &index) const
{
    return readOnlyItemFlags(index);
}

QHash<int, QByteArray> TranscriptModel::roleNames() const
{
    QHash<int, QByteArray> names = QAbstractListModel::roleNames();
    names.insert(SpeakerRole, "speaker");
    names.insert(ContentRole, "content");
    names.insert(ToolNameRole, "toolName");
    names.insert(ToolArgumentsRole, "toolArguments");
    names.insert(IsToolRole, "isTool");
    names.insert(IsErrorRole, "isError");
    names.insert(ExpandedRole, "expanded");
    return names;
}

void TranscriptModel::setAllExpanded(bool expanded)
{
    if (m_turns.isEmpty())
        return;
    m_expanded.fill(expanded);
    emit dataChanged(index(0), index(rowCount() - 1), {ExpandedRole});
}

QList<TextMatch> TranscriptModel::matchesInRow(int row) const
{
    auto first = std::lower_bound(m_matches.cbegin(),
                                  m_matches.cend(),
                                  row,
                                  [](const TextMatch &m, int r) { return m.row < r; });
    QList<TextMatch> result;
    for (; first != m_matches.cend() && first->row == row; ++first)
        result.append(*first);
    return result;
}

namespace {

// One matcher for the whole search: it folds the needle's case and builds its skip table once,
// where QString::indexOf would redo both for each of the 100,000 turns' texts.
void collect(QList<TextMatch> &out,
             int row,
             TextMatch::Part part,
             const QString &haystack,
             const QStringMatcher &needle)
{
    const int length = int(needle.pattern().size());
    qsizetype from = 0;
    while ((from = needle.indexIn(haystack, from)) >= 0) {
        out.append(TextMatch{row, part, int(from), length});
        from += length;
    }
}

// The rows whose matches differ between two sorted match lists, as runs of consecutive rows.
QList<std::pair<int, int>> changedRowRuns(const QList<TextMatch> &before,
                                          const QList<TextMatch> &after)
{
    constexpr int NoRow = std::numeric_limits<int>::max();
    const auto rowEnd = [](auto it, auto end, int row) {
        while (it != end && it->row == row)
            ++it;
        return it;
    };
    const auto same = [](const TextMatch &x, const TextMatch &y) {
        return x.part == y.part && x.start == y.start && x.length == y.length;
    };
    QList<std::pair<int, int>> runs;
    auto b = before.cbegin();
    auto a = after.cbegin();
    while (b != before.cend() || a != after.cend()) {
        const int row = std::min(b != before.cend() ? b->row : NoRow,
                                 a != after.cend() ? a->row : NoRow);
        const auto bEnd = rowEnd(b, before.cend(), row);
        const auto aEnd = rowEnd(a, after.cend(), row);
        if (!std::equal(b, bEnd, a, aEnd, same)) {
            if (!runs.isEmpty() && runs.constLast().second == row - 1)
                runs.last().second = row;
            else
                runs.append({row, row});
        }
        b = bEnd;
        a = aEnd;
    }
    return runs;
}

// The whole search, on whichever thread: the same function answers small transcripts at once
// and large ones on a worker, so both find the same. Rows not printed yet are printed here.
// Returns nothing once cancelled() holds.
std::optional<TranscriptSearchAnswer> findMatches(const SearchInput &input,
                                                  const std::function<bool()> &cancelled)
{
    TranscriptSearchAnswer answer;
    answer.generation = input.generation;
    if (!input.text.isEmpty()) {
        const QStringMatcher needle(input.text, Qt::CaseInsensitive);
        for (int row = 0; row < input.turns.size(); ++row) {
            // Often enough that a superseded search frees its thread within a millisecond or so.
            if (row % 1024 == 0 && cancelled())
                return std::nullopt;
            const TranscriptEntry &turn = input.turns.at(row);
            QList<TextMatch> &out = answer.matches;
            if (turn.toolName)
                collect(out, row, TextMatch::Part::ToolName, *turn.toolName, needle);
            const bool printed = input.formatted.at(row);
            collect(out,
                    row,
                    TextMatch::Part::Arguments,
                    printed ? input.arguments.at(row) : prettyArguments(turn),
                    needle);
            collect(out,
                    row,
                    TextMatch::Part::Content,
                    printed ? input.results.at(row)
                            : prettyResult(turn, input.pairing.hasResult(row)),
                    needle);
        }
    }
    answer.changedRows = changedRowRuns(input.before, answer.matches);
    return answer;
}

} // namespace

void TranscriptModel::cancelSearch()
{
    ++m_searchGeneration;
    m_searchPending = false;
    m_searching.cancel();
}

void TranscriptModel::setSearchText(const QString &text)
{
    if (text == m_searchText)
        return;
    m_searchText = text;
    cancelSearch();
    // Small transcripts are answered here, at once: a few milliseconds, and the find bar and
    // callers read the answer as soon as the text is set, as they always did.
    const bool atOnce = text.isEmpty() || m_textSize < m_searchInBackgroundFrom;
    if (atOnce)
        formatUntil(int(m_turns.size()));
    SearchInput input{m_searchGeneration,
                      text,
                      m_turns,
                      m_pairing,
                      m_arguments,
                      m_results,
                      m_formatted,
                      m_matches};
    if (atOnce) {
        applySearch(*findMatches(input, [] { return false; }));
        return;
    }
    m_searchPending = true;
    m_searching.setFuture(QtConcurrent::run(
        [](QPromise<TranscriptSearchAnswer> &promise, const SearchInput &input) {
            std::optional<TranscriptSearchAnswer> answer = findMatches(input, [&promise] {
                return promise.isCanceled();
            });
            if (answer)
                promise.addResult(std::move(*answer));
        },
        std::move(input)));
}

// Only the rows whose highlights changed are signalled: one signal over rows 0 to 99,999 would
// make the filter proxy walk every row in between. The answer's rows were diffed against
// m_matches by the search: nothing else changes m_matches without starting a new generation.
void TranscriptModel::applySearch(const TranscriptSearchAnswer &answer)
{
    m_searchPending = false;
    setCurrentMatch(-1);
    m_matches = answer.matches;
    for (const auto &[first, last] : answer.changedRows)
        emit dataChanged(index(first), index(last), {MatchesRole, CurrentMatchRole});
    emit matchesChanged();
}

void TranscriptModel::setCurrentMatch(int matchIndex)
{
    if (matchIndex < -1 || matchIndex >= m_matches.size() || matchIndex == m_currentMatch)
        return;
    const int oldRow = m_currentMatch >= 0 ? m_matches.at(m_currentMatch).row : -1;
    m_currentMatch = matchIndex;
    if (oldRow >= 0)
        emit dataChanged(index(oldRow), index(oldRow), {CurrentMatchRole});
    if (matchIndex >= 0) {
        const int row = m_matches.at(matchIndex).row;
        emit dataChanged(index(row), index(row), {CurrentMatchRole});
    }
}

} // namespace Revox
