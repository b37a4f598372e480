#include "core/export/exportfields.h"

#include "core/call/enumtext.h"
#include "core/call/format.h"

#include <QJsonDocument>

namespace Revox::ExportFields {

QList<Field> callSummary(const Call &call)
{
    QList<Field> fields;
    fields.append({QStringLiteral("Call ID"), call.id});
    fields.append({QStringLiteral("Status"),
                   EnumText::labelWithExplanation(EnumField::CallStatus, call.status)});
    fields.append(
        {QStringLiteral("Direction"), EnumText::label(EnumField::Direction, call.direction)});
    fields.append({QStringLiteral("From"), Format::optionalText(call.fromPhoneNumber)});
    fields.append({QStringLiteral("To"), Format::optionalText(call.toPhoneNumber)});
    fields.append({QStringLiteral("Created"), Format::utcTime(call.createdAt)});
    fields.append({QStringLiteral("Scheduled"), Format::utcTime(call.scheduledAt)});
    fields.append({QStringLiteral("Attempts"),
                   call.callsCount ? Format::number(*call.callsCount)
                                   : QString::number(call.callAttempts.size())});
    if (call.campaign) {
        fields.append({QStringLiteral("Campaign"),
                       QStringLiteral("%1 (%2)").arg(Format::optionalText(call.campaign->name),
                                                     Format::optionalText(call.campaign->id))});
    }
    if (call.assistant)
        fields.append({QStringLiteral("Assistant"), Format::optionalText(call.assistant->name)});
    fields.append({QStringLiteral("Model"), Format::llmModel(call.llmModel)});
    if (call.metadata) {
        for (auto it = call.metadata->begin(); it != call.metadata->end(); ++it)
            fields.append(
                {QStringLiteral("Metadata: %1").arg(it.key()), Format::jsonValueText(it.value())});
    }
    return fields;
}

QString speaker(const TranscriptEntry &turn)
{
    const QString label = turn.role ? EnumText::label(EnumField::Role, *turn.role) : QString();
    return label.trimmed().isEmpty() ? QStringLiteral("(no role)") : label;
}

QString toolName(const TranscriptEntry &turn)
{
    const QString name = turn.toolName.value_or(QString());
    return name.trimmed().isEmpty() ? QStringLiteral("(unnamed tool)") : name;
}

QString toolArguments(const TranscriptEntry &turn)
{
    return Format::toolArguments(turn.toolArguments);
}

bool isJson(const QString &text)
{
    const QString trimmed = text.trimmed();
    if (!trimmed.startsWith(QLatin1Char('{')) && !trimmed.startsWith(QLatin1Char('[')))
        return false;
    QJsonParseError error;
    QJsonDocument::fromJson(trimmed.toUtf8(), &error);
    return error.error == QJsonParseError::NoError;
}

QString safeFileStem(const QString &text)
{
    QString stem;
    stem.reserve(text.size());
    for (const QChar c : text) {
        const bool safe = (c >= QLatin1Char('a') && c <= QLatin1Char('z'))
                          || (c >= QLatin1Char('A') && c <= QLatin1Char('Z'))
                          || (c >= QLatin1Char('0') && c <= QLatin1Char('9'))
                          || c == QLatin1Char('-') || c == QLatin1Char('_')
                          || c == QLatin1Char('.');
        stem.append(safe ? c : QLatin1Char('_'));
    }
    while (stem.startsWith(QLatin1Char('.')))
        stem.replace(0, 1, QLatin1Char('_'));
    stem.truncate(100);
    if (stem.isEmpty())
        stem = QStringLiteral("call");
    return stem;
}

} // namespace Revox::ExportFields
