#pragma once

#include "core/call/calldata.h"

#include <QAbstractTableModel>

namespace Revox {

// One row per call attempt, most recent first as the API sends them.
class AttemptsModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AttemptsModel)

public:
    enum Column {
        Number,
        Started,
        Phone,
        Status,
        Result,
        DialError,
        TimeToAnswer,
        Talk,
        EndedBy,
        EndReason,
        ColumnCount
    };
    Q_ENUM(Column)
    enum Role {
        RawValueRole = Qt::UserRole + 1, // the value as sent (string, or ms/QDateTime for times)
        AttemptIndexRole,                // index into Call::callAttempts
        ToneRole,                        // Theme::Tone as int
    };

    explicit AttemptsModel(QObject *parent = nullptr);

    void setAttempts(const QList<CallAttempt> &attempts);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section,
                        Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;

private:
    QString display(const CallAttempt &attempt, int row, int column) const;
    QString toolTip(const CallAttempt &attempt, int column) const;
    QVariant raw(const CallAttempt &attempt, int column) const;

    QList<CallAttempt> m_attempts;
};

} // namespace Revox
