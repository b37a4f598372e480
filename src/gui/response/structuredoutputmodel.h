#pragma once

#include "core/call/calldata.h"

#include <QAbstractTableModel>
#include <QJsonValue>

namespace Revox {

// The selected attempt's extracted values beside the assistant's configured fields: configured
// fields first in their configured order, then values the configuration does not list.
class StructuredOutputModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(StructuredOutputModel)

public:
    enum Column { Name, Type, Required, Value, Description, ColumnCount };
    Q_ENUM(Column)
    enum Role {
        RawValueRole = Qt::UserRole + 1, // the extracted QJsonValue (Undefined when absent)
        StateRole,                       // State as int
        InConfigRole,
    };
    enum class State { Present, Empty, Absent, MissingRequired, NotAnOption, NotConfigured };
    Q_ENUM(State)

    explicit StructuredOutputModel(QObject *parent = nullptr);

    void setData(const std::optional<QList<StructuredOutputField>> &config,
                 const std::optional<QJsonObject> &output);
    // How many configured required fields have no value.
    int missingRequiredCount() const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section,
                        Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;

private:
    struct Row
    {
        StructuredOutputField field;
        bool inConfig = true;
        QJsonValue value = QJsonValue(QJsonValue::Undefined);
        State state = State::Absent;
    };
    QString valueText(const Row &row) const;

    QList<Row> m_rows;
};

} // namespace Revox
