#pragma once

#include "core/call/calldata.h"
#include "core/call/enumtext.h"

#include <QAbstractItemModel>

#include <memory>
#include <vector>

namespace Revox {

// Every field of a call as a tree: sections (Call, Campaign, Metadata, Model, Retry
// configuration, Assistant, FAQ, Structured output config, Other fields) with field/value rows.
class SummaryModel final : public QAbstractItemModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SummaryModel)

public:
    enum Column { Field, Value, ColumnCount };
    Q_ENUM(Column)
    enum Role {
        KeyRole = Qt::UserRole + 1, // JSON path of the field, e.g. "call.assistant.voice.speed"
        RawValueRole,               // the value as sent, as compact JSON text
        ExplanationRole,            // plain-language explanation, empty when none
        FullTextRole,               // the whole value (DisplayRole shows it on one line)
        IsWarningRole,              // true when the value contradicts another or is missing
        ToneRole,
    };

    explicit SummaryModel(QObject *parent = nullptr);
    ~SummaryModel() override;

    void setCall(const std::optional<Call> &call);
    // The index of the row with this KeyRole in column Field; invalid when there is none. Public
    // for tests, which find fields by their JSON path.
    QModelIndex indexForKey(const QString &key) const;
    // Sentences about fields that contradict each other (deprecated flags vs status).
    QStringList inconsistencies() const { return m_inconsistencies; }

    QModelIndex index(int row, int column, const QModelIndex &parent = {}) const override;
    QModelIndex parent(const QModelIndex &child) const override;
    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section,
                        Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;

    struct Node;

private:
    Node *nodeFor(const QModelIndex &index) const;

    std::unique_ptr<Node> m_root;
    QStringList m_inconsistencies;
};

} // namespace Revox
