#include "gui/transcript/transcriptmodel.h"

#include "core/call/enumtext.h"
#include "core/call/format.h"
#include "gui/common/readonlyflags.h"

#include <QElapsedTimer>
#include <QStringMatcher>

#include <algorithm>
#include <limits>

namespace Revox {

TranscriptModel::TranscriptModel(QObject *parent)
    : QAbstractListModel(parent)
{
    m_formatTimer.setSingleShot(true);
    m_formatTimer.setInterval(0);
    connect(&m_formatTimer, &QTimer::timeout, this, &TranscriptModel::formatSomeLater);
}

void TranscriptModel::formatRow(int row) const
{
    if (m_formatted.at(row))
        return;
    const TranscriptEntry &turn = m_turns.at(row);
    m_arguments[row] = Format::toolArguments(turn.toolArguments);
    // A tool's result is often JSON in a string; indent it like the arguments.
    if (turn.isToolCall() && !turn.content.isEmpty()) {
        ToolArguments result;
        result.kind = ToolArguments::Kind::String;
        result.text = turn.content;
        m_results[row] = Format::toolArguments(result);
    }
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
    beginResetModel();
    m_turns = turns;
    m_arguments = QList<QString>(m_turns.size());
    m_results.clear();
    m_results.reserve(m_turns.size());
    m_formatted.clear();
    m_formatted.reserve(m_turns.size());
    for (const TranscriptEntry &turn : std::as_const(m_turns)) {
        // Turns that are not tool calls are shown as sent: nothing to print later.
        const bool plain = !turn.isToolCall()
                           && turn.toolArguments.kind == ToolArguments::Kind::Absent;
        m_results.append(turn.content);
        m_formatted.append(plain);
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

TranscriptModel::Speaker TranscriptModel::speakerOf(const TranscriptEntry &turn)
{
    if (turn.isToolCall())
        return Speaker::Tool;
    if (turn.role == QStringLiteral("assistant"))
        return Speaker::Agent;
    if (turn.role == QStringLiteral("user"))
        return Speaker::Caller;
    return Speaker::Other;
}

QString TranscriptModel::copyText(const TranscriptEntry &turn, const QString &prettyArguments)
{
    if (turn.isToolCall()) {
        QString text = QStringLiteral("[tool] %1%2")
                           .arg(turn.toolName.value_or(tr("(unnamed tool)")),
                                turn.isToolError() ? tr(" — FAILED") : QString());
        if (!prettyArguments.isEmpty())
            text += QStringLiteral("\narguments:\n") + prettyArguments;
        if (!turn.content.isEmpty())
            text += (turn.isToolError() ? QStringLiteral("\nerror:\n")
                                        : QStringLiteral("\nresult:\n"))
                    + turn.content;
        return text;
    }
    const QString speaker = turn.role ? EnumText::label(EnumField::Role, *turn.role)
                                      : tr("(no role)");
    return QStringLiteral("%1: %2").arg(speaker, turn.content);
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
        return copyText(turn, m_arguments.at(row));
    case SpeakerRole:
        return int(speakerOf(turn));
    case RawRoleRole:
        return turn.role ? QVariant(*turn.role) : QVariant();
    case SpeakerLabelRole:
        if (speakerOf(turn) == Speaker::Tool)
            return tr("Tool call");
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
        return turn.isToolCall();
    case IsErrorRole:
        return turn.isToolError();
    case ErrorFlagRole:
        return turn.toolIsError ? QVariant(*turn.toolIsError) : QVariant();
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
        return copyText(turn, m_arguments.at(row));
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
    QList<int> rows;
    auto b = before.cbegin();
    auto a = after.cbegin();
    const auto rowMatches = [](auto &it, auto end, int row) {
        QList<TextMatch> here;
        for (; it != end && it->row == row; ++it)
            here.append(*it);
        return here;
    };
    while (b != before.cend() || a != after.cend()) {
        const int row = std::min(b != before.cend() ? b->row : std::numeric_limits<int>::max(),
                                 a != after.cend() ? a->row : std::numeric_limits<int>::max());
        const QList<TextMatch> was = rowMatches(b, before.cend(), row);
        const QList<TextMatch> now = rowMatches(a, after.cend(), row);
        const auto same = [](const TextMatch &x, const TextMatch &y) {
            return x.part == y.part && x.start == y.start && x.length == y.length;
        };
        if (!std::equal(was.cbegin(), was.cend(), now.cbegin(), now.cend(), same))
            rows.append(row);
    }
    QList<std::pair<int, int>> runs;
    for (const int row : std::as_const(rows)) {
        if (!runs.isEmpty() && runs.constLast().second == row - 1)
            runs.last().second = row;
        else
            runs.append({row, row});
    }
    return runs;
}

} // namespace

void TranscriptModel::setSearchText(const QString &text)
{
    if (text == m_searchText)
        return;
    const QList<TextMatch> before = m_matches;
    m_searchText = text;
    m_matches.clear();
    m_currentMatch = -1;
    if (!text.isEmpty()) {
        formatUntil(int(m_turns.size()));
        const QStringMatcher needle(text, Qt::CaseInsensitive);
        for (int row = 0; row < m_turns.size(); ++row) {
            const TranscriptEntry &turn = m_turns.at(row);
            if (turn.toolName)
                collect(m_matches, row, TextMatch::Part::ToolName, *turn.toolName, needle);
            collect(m_matches, row, TextMatch::Part::Arguments, m_arguments.at(row), needle);
            collect(m_matches, row, TextMatch::Part::Content, m_results.at(row), needle);
        }
    }
    emitMatchRowsChanged(before);
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

// Only the rows whose highlights changed: one signal over rows 0 to 99,999 would make the filter
// proxy walk every row in between.
void TranscriptModel::emitMatchRowsChanged(const QList<TextMatch> &before)
{
    const QList<std::pair<int, int>> runs = changedRowRuns(before, m_matches);
    for (const auto &[first, last] : runs)
        emit dataChanged(index(first), index(last), {MatchesRole, CurrentMatchRole});
}

} // namespace Revox
