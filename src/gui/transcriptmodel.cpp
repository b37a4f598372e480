#include "transcriptmodel.h"

#include "enumtext.h"
#include "format.h"

#include <algorithm>
#include <limits>

namespace Revox {

TranscriptModel::TranscriptModel(QObject *parent)
    : QAbstractListModel(parent)
{}

void TranscriptModel::setTurns(const QList<TranscriptEntry> &turns)
{
    beginResetModel();
    m_turns = turns;
    m_arguments.clear();
    m_arguments.reserve(m_turns.size());
    m_results.clear();
    m_results.reserve(m_turns.size());
    for (const TranscriptEntry &turn : std::as_const(m_turns)) {
        m_arguments.append(Format::toolArguments(turn.toolArguments));
        // A tool's result is often JSON in a string; indent it like the arguments.
        m_results.append(turn.isToolCall() && !turn.content.isEmpty() ? Format::toolArguments(
                             ToolArguments{ToolArguments::Kind::String, {}, turn.content})
                                                                      : turn.content);
    }
    m_expanded = QVector<bool>(m_turns.size(), true);
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
    if (!index.isValid())
        return Qt::NoItemFlags;
    return Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemNeverHasChildren;
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

void collect(QList<TextMatch> &out,
             int row,
             TextMatch::Part part,
             const QString &haystack,
             const QString &needle)
{
    int from = 0;
    while ((from = haystack.indexOf(needle, from, Qt::CaseInsensitive)) >= 0) {
        out.append(TextMatch{row, part, from, int(needle.size())});
        from += int(needle.size());
    }
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
        for (int row = 0; row < m_turns.size(); ++row) {
            const TranscriptEntry &turn = m_turns.at(row);
            if (turn.toolName)
                collect(m_matches, row, TextMatch::Part::ToolName, *turn.toolName, text);
            collect(m_matches, row, TextMatch::Part::Arguments, m_arguments.at(row), text);
            collect(m_matches, row, TextMatch::Part::Content, m_results.at(row), text);
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

void TranscriptModel::emitMatchRowsChanged(const QList<TextMatch> &before)
{
    int first = std::numeric_limits<int>::max();
    int last = -1;
    for (const QList<TextMatch> *list :
         {&before, static_cast<const QList<TextMatch> *>(&m_matches)}) {
        if (list->isEmpty())
            continue;
        first = std::min(first, list->constFirst().row);
        last = std::max(last, list->constLast().row);
    }
    if (last >= 0)
        emit dataChanged(index(first), index(last), {MatchesRole, CurrentMatchRole});
}

} // namespace Revox
