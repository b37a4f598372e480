#include "gui/response/structuredoutputmodel.h"

#include "core/call/enumtext.h"
#include "core/call/format.h"
#include "gui/common/readonlyflags.h"
#include "gui/common/theme.h"

#include <QApplication>
#include <QFont>
#include <QStyle>

namespace Revox {

namespace {

bool isEmptyValue(const QJsonValue &value)
{
    return value.isUndefined() || value.isNull()
           || (value.isString() && value.toString().trimmed().isEmpty());
}

} // namespace

StructuredOutputModel::StructuredOutputModel(QObject *parent)
    : QAbstractTableModel(parent)
{}

void StructuredOutputModel::setData(const std::optional<QList<StructuredOutputField>> &config,
                                    const std::optional<QJsonObject> &output)
{
    beginResetModel();
    m_rows.clear();
    const QJsonObject values = output.value_or(QJsonObject());
    QStringList configured;
    for (const StructuredOutputField &field : config.value_or(QList<StructuredOutputField>())) {
        Row row;
        row.field = field;
        row.value = values.contains(field.name) ? values.value(field.name)
                                                : QJsonValue(QJsonValue::Undefined);
        configured.append(field.name);
        if (isEmptyValue(row.value))
            row.state = field.required.value_or(false)
                            ? State::MissingRequired
                            : (row.value.isUndefined() ? State::Absent : State::Empty);
        else if (field.enumOptions && !field.enumOptions->isEmpty() && row.value.isString()
                 && !field.enumOptions->contains(row.value.toString()))
            row.state = State::NotAnOption;
        else
            row.state = State::Present;
        m_rows.append(row);
    }
    for (auto it = values.begin(); it != values.end(); ++it) {
        if (configured.contains(it.key()))
            continue;
        Row row;
        row.field.name = it.key();
        row.inConfig = false;
        row.value = it.value();
        row.state = State::NotConfigured;
        m_rows.append(row);
    }
    endResetModel();
}

int StructuredOutputModel::missingRequiredCount() const
{
    return int(std::count_if(m_rows.cbegin(), m_rows.cend(), [](const Row &row) {
        return row.state == State::MissingRequired;
    }));
}

int StructuredOutputModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int StructuredOutputModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString StructuredOutputModel::valueText(const Row &row) const
{
    if (row.value.isUndefined())
        return row.state == State::MissingRequired ? tr("missing (required)") : QStringLiteral("—");
    if (row.value.isNull())
        return row.state == State::MissingRequired ? tr("null (required)") : tr("null");
    if (row.value.isBool())
        return row.value.toBool() ? tr("yes") : tr("no");
    if (row.value.isString() && row.value.toString().isEmpty())
        return row.state == State::MissingRequired ? tr("empty (required)") : tr("(empty text)");
    QString text = Format::jsonValueText(row.value);
    text.replace(QLatin1Char('\n'), QStringLiteral(" ↵ "));
    return text;
}

QVariant StructuredOutputModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row &row = m_rows.at(index.row());
    const int column = index.column();
    switch (role) {
    case Qt::DisplayRole:
    case Qt::AccessibleTextRole:
        switch (column) {
        case Name:
            return row.field.name;
        case Type:
            return row.inConfig ? EnumText::label(EnumField::StructuredOutputType, row.field.type)
                                : tr("not configured");
        case Required:
            return row.inConfig ? Format::yesNo(row.field.required) : QString();
        case Value:
            return valueText(row);
        case Description:
            if (!row.inConfig)
                return tr("Extracted, but not in the assistant's structured output config");
            if (row.state == State::NotAnOption)
                return tr("Not one of the options (%1). %2")
                    .arg(row.field.enumOptions->join(QStringLiteral(", ")),
                         row.field.description.value_or(QString()))
                    .trimmed();
            return row.field.description.value_or(QString());
        }
        return {};
    case Qt::ToolTipRole: {
        QString tip;
        if (column == Value)
            tip = row.value.isUndefined() ? tr("Not in the extracted output")
                                          : Format::jsonValueText(row.value);
        else if (column == Type && row.field.type)
            tip = EnumText::explanation(EnumField::StructuredOutputType, *row.field.type);
        else if (column == Description && row.field.enumOptions)
            tip = tr("Options: %1").arg(row.field.enumOptions->join(QStringLiteral(", ")));
        else
            tip = data(index, Qt::DisplayRole).toString();
        return Theme::plainToolTip(tip);
    }
    case Qt::ForegroundRole:
        if (column == Value || column == Name) {
            const QPalette palette = QGuiApplication::palette();
            if (row.state == State::MissingRequired)
                return Theme::foreground(Theme::Tone::Bad, palette);
            if (row.state == State::NotAnOption)
                return Theme::foreground(Theme::Tone::Warning, palette);
            if (column == Value && (row.state == State::Absent || row.state == State::Empty))
                return Theme::mix(palette.color(QPalette::Text),
                                  palette.color(QPalette::Base),
                                  0.45);
        }
        return {};
    case Qt::DecorationRole:
        if (column == Value
            && (row.state == State::MissingRequired || row.state == State::NotAnOption))
            return QApplication::style()->standardIcon(row.state == State::MissingRequired
                                                           ? QStyle::SP_MessageBoxCritical
                                                           : QStyle::SP_MessageBoxWarning);
        return {};
    case Qt::FontRole:
        if (column == Name || (column == Value && row.state == State::MissingRequired)) {
            QFont font;
            font.setBold(column == Value);
            font.setItalic(column == Name && !row.inConfig);
            return font;
        }
        return {};
    case RawValueRole:
        return QVariant::fromValue(row.value);
    case StateRole:
        return int(row.state);
    case InConfigRole:
        return row.inConfig;
    default:
        return {};
    }
}

QVariant StructuredOutputModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Name:
        return tr("Field");
    case Type:
        return tr("Type");
    case Required:
        return tr("Required");
    case Value:
        return tr("Extracted value");
    case Description:
        return tr("Description");
    }
    return {};
}

Qt::ItemFlags StructuredOutputModel::flags(const QModelIndex &index) const
{
    return readOnlyItemFlags(index);
}

} // namespace Revox
