#include "gui/summary/attemptsmodel.h"

#include "core/call/enumtext.h"
#include "core/call/format.h"
#include "gui/common/readonlyflags.h"
#include "gui/common/theme.h"

#include <QFont>
#include <QGuiApplication>
#include <QPalette>

namespace Revox {

namespace {

QString enumToolTip(EnumField field, const OpenEnum &value)
{
    if (!value)
        return {};
    const QString explanation = EnumText::explanation(field, *value);
    if (explanation.isEmpty())
        return AttemptsModel::tr("\"%1\" is a value this version does not know; shown as sent.")
            .arg(*value);
    return QStringLiteral("%1 (%2)").arg(explanation, *value);
}

QString timeToolTip(const Timestamp &stamp)
{
    if (stamp.state() == Timestamp::State::Missing)
        return AttemptsModel::tr("Not sent by the server");
    if (stamp.state() == Timestamp::State::Null)
        return AttemptsModel::tr("null");
    return AttemptsModel::tr("UTC: %1\nAs sent: %2").arg(Format::utcTime(stamp), stamp.rawText());
}

} // namespace

AttemptsModel::AttemptsModel(QObject *parent)
    : QAbstractTableModel(parent)
{}

void AttemptsModel::setAttempts(const QList<CallAttempt> &attempts)
{
    beginResetModel();
    m_attempts = attempts;
    endResetModel();
}

int AttemptsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_attempts.size());
}

int AttemptsModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString AttemptsModel::display(const CallAttempt &a, int row, int column) const
{
    switch (column) {
    case Number:
        return QString::number(m_attempts.size() - row);
    case Started:
        return Format::localTime(a.startedAt);
    case Phone:
        return Format::optionalText(a.phoneNumber);
    case Status:
        return EnumText::label(EnumField::AttemptStatus, a.status);
    case Result:
        return EnumText::label(EnumField::AttemptResult, a.result);
    case DialError:
        return a.dialError ? EnumText::label(EnumField::DialError, *a.dialError) : QString();
    case TimeToAnswer:
        if (const auto ms = Format::timeToAnswerMs(a))
            return Format::duration(*ms);
        return QStringLiteral("—");
    case Talk:
        if (const auto ms = Format::talkDurationMs(a))
            return Format::duration(*ms);
        return QStringLiteral("—");
    case EndedBy:
        return EnumText::label(EnumField::EndedBy, a.endedBy);
    case EndReason:
        return Format::optionalText(a.endReason);
    }
    return {};
}

QString AttemptsModel::toolTip(const CallAttempt &a, int column) const
{
    switch (column) {
    case Number:
        return tr("Attempt ID: %1").arg(a.id);
    case Started:
        return timeToolTip(a.startedAt);
    case Status:
        return enumToolTip(EnumField::AttemptStatus, a.status);
    case Result:
        return enumToolTip(EnumField::AttemptResult, a.result);
    case DialError:
        return enumToolTip(EnumField::DialError, a.dialError);
    case TimeToAnswer:
        return tr("Started %1, answered %2")
            .arg(Format::utcTime(a.startedAt), Format::utcTime(a.answeredAt));
    case Talk:
        return tr("Answered %1, ended %2")
            .arg(Format::utcTime(a.answeredAt), Format::utcTime(a.endedAt));
    case EndedBy:
        return enumToolTip(EnumField::EndedBy, a.endedBy);
    case Phone:
    case EndReason:
        return display(a, 0, column);
    }
    return {};
}

QVariant AttemptsModel::raw(const CallAttempt &a, int column) const
{
    auto optional = [](const std::optional<QString> &v) { return v ? QVariant(*v) : QVariant(); };
    switch (column) {
    case Number:
        return a.id;
    case Started:
        return a.startedAt.isValid() ? QVariant(a.startedAt.utc()) : QVariant();
    case Phone:
        return optional(a.phoneNumber);
    case Status:
        return optional(a.status);
    case Result:
        return optional(a.result);
    case DialError:
        return optional(a.dialError);
    case TimeToAnswer:
        if (const auto ms = Format::timeToAnswerMs(a))
            return *ms;
        return {};
    case Talk:
        if (const auto ms = Format::talkDurationMs(a))
            return *ms;
        return {};
    case EndedBy:
        return optional(a.endedBy);
    case EndReason:
        return optional(a.endReason);
    }
    return {};
}

QVariant AttemptsModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const CallAttempt &attempt = m_attempts.at(index.row());
    const int column = index.column();
    switch (role) {
    case Qt::DisplayRole:
        return display(attempt, index.row(), column);
    case Qt::ToolTipRole:
        return Theme::plainToolTip(toolTip(attempt, column));
    case Qt::AccessibleTextRole:
        return display(attempt, index.row(), column);
    case RawValueRole:
        return raw(attempt, column);
    case AttemptIndexRole:
        return index.row();
    case ToneRole:
        return int(Theme::attemptTone(attempt));
    case Qt::ForegroundRole: {
        const QPalette palette = QGuiApplication::palette();
        if (column == DialError && attempt.dialError)
            return Theme::foreground(Theme::Tone::Bad, palette);
        if (column == Status && attempt.status == QStringLiteral("error"))
            return Theme::foreground(Theme::Tone::Bad, palette);
        if (column == Result && attempt.result)
            return Theme::foreground(attempt.result == QStringLiteral("human")
                                         ? Theme::Tone::Good
                                         : Theme::Tone::Warning,
                                     palette);
        return {};
    }
    case Qt::FontRole:
        if (column == Result && attempt.result == QStringLiteral("human")) {
            QFont font;
            font.setBold(true);
            return font;
        }
        return {};
    case Qt::TextAlignmentRole:
        if (column == Number || column == TimeToAnswer || column == Talk)
            return QVariant(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    default:
        return {};
    }
}

QVariant AttemptsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || section < 0 || section >= ColumnCount)
        return {};
    if (role == Qt::DisplayRole) {
        static const char *const names[] = {
            QT_TR_NOOP("#"),
            QT_TR_NOOP("Started"),
            QT_TR_NOOP("Number"),
            QT_TR_NOOP("Status"),
            QT_TR_NOOP("Result"),
            QT_TR_NOOP("Dial error"),
            QT_TR_NOOP("To answer"),
            QT_TR_NOOP("Talk time"),
            QT_TR_NOOP("Ended by"),
            QT_TR_NOOP("End reason"),
        };
        return tr(names[section]);
    }
    if (role == Qt::ToolTipRole) {
        switch (section) {
        case Number:
            return tr("Attempt number: 1 is the first; the list shows the most recent first");
        case Started:
            return tr("When dialling started, in local time");
        case TimeToAnswer:
            return tr("From the start of dialling to the answer");
        case Talk:
            return tr("From the answer to the end of the call");
        default:
            return {};
        }
    }
    return {};
}

Qt::ItemFlags AttemptsModel::flags(const QModelIndex &index) const
{
    return readOnlyItemFlags(index);
}

} // namespace Revox
