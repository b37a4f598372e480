#include "core/call/format.h"

#include "core/call/enumtext.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QLocale>

namespace Revox::Format {

namespace {

QString missingOrUnknown(const Timestamp &stamp)
{
    return stamp.state() == Timestamp::State::Unparseable ? QStringLiteral("unknown")
                                                          : QStringLiteral("—");
}

} // namespace

QString localTime(const Timestamp &stamp)
{
    if (!stamp.isValid())
        return missingOrUnknown(stamp);
    return stamp.utc().toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
}

QString utcTime(const Timestamp &stamp)
{
    if (!stamp.isValid())
        return missingOrUnknown(stamp);
    return stamp.utc().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss.zzz 'UTC'"));
}

QString duration(qint64 milliseconds)
{
    const bool negative = milliseconds < 0;
    const qint64 ms = negative ? -milliseconds : milliseconds;
    QString text;
    if (ms < 10'000) {
        text = QStringLiteral("%1 s").arg(QLocale::c().toString(ms / 1000.0, 'f', 1));
    } else {
        const qint64 totalSeconds = (ms + 500) / 1000;
        const qint64 hours = totalSeconds / 3600;
        const qint64 minutes = (totalSeconds % 3600) / 60;
        const qint64 seconds = totalSeconds % 60;
        if (hours > 0)
            text = QStringLiteral("%1 h %2 min").arg(hours).arg(minutes, 2, 10, QLatin1Char('0'));
        else if (minutes > 0)
            text = QStringLiteral("%1 min %2 s").arg(minutes).arg(seconds, 2, 10, QLatin1Char('0'));
        else
            text = QStringLiteral("%1 s").arg(seconds);
    }
    return negative ? QStringLiteral("−") + text : text;
}

QString optionalText(const std::optional<QString> &text)
{
    return text ? *text : QStringLiteral("—");
}

QString yesNo(const std::optional<bool> &value)
{
    if (!value)
        return QStringLiteral("—");
    return *value ? QStringLiteral("yes") : QStringLiteral("no");
}

QString number(double value)
{
    return QLocale::c().toString(value, 'g', 15);
}

QString wrapped(const QString &text, int width, const QString &prefix, int indent)
{
    QString out;
    QString line = prefix;
    bool lineHasWord = false;
    for (const QString &word : text.split(QLatin1Char(' '), Qt::SkipEmptyParts)) {
        if (lineHasWord && line.size() + 1 + word.size() > width) {
            out += line + QLatin1Char('\n');
            line = QString(indent, QLatin1Char(' '));
            lineHasWord = false;
        }
        line += (lineHasWord ? QStringLiteral(" ") : QString()) + word;
        lineHasWord = true;
    }
    return out + line;
}

QString json(const QJsonObject &object)
{
    return QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Indented)).trimmed();
}

QString jsonValueText(const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::String:
        return value.toString();
    case QJsonValue::Object:
        return QString::fromUtf8(QJsonDocument(value.toObject()).toJson(QJsonDocument::Compact));
    case QJsonValue::Array:
        return QString::fromUtf8(QJsonDocument(value.toArray()).toJson(QJsonDocument::Compact));
    case QJsonValue::Undefined:
        return {};
    default: {
        const QByteArray wrapped = QJsonDocument(QJsonArray{value}).toJson(QJsonDocument::Compact);
        return QString::fromUtf8(wrapped.mid(1, wrapped.size() - 2));
    }
    }
}

QString toolArguments(const ToolArguments &arguments)
{
    switch (arguments.kind) {
    case ToolArguments::Kind::Absent:
        return {};
    case ToolArguments::Kind::Object:
        return json(arguments.object());
    case ToolArguments::Kind::String: {
        const QString trimmed = arguments.text.trimmed();
        if (trimmed.startsWith(QLatin1Char('{')) || trimmed.startsWith(QLatin1Char('['))) {
            QJsonParseError error;
            const QJsonDocument doc = QJsonDocument::fromJson(trimmed.toUtf8(), &error);
            if (error.error == QJsonParseError::NoError)
                return QString::fromUtf8(doc.toJson(QJsonDocument::Indented)).trimmed();
        }
        return arguments.text;
    }
    }
    return {};
}

std::optional<qint64> timeToAnswerMs(const CallAttempt &attempt)
{
    if (!attempt.startedAt.isValid() || !attempt.answeredAt.isValid())
        return std::nullopt;
    return attempt.startedAt.utc().msecsTo(attempt.answeredAt.utc());
}

std::optional<qint64> talkDurationMs(const CallAttempt &attempt)
{
    if (!attempt.answeredAt.isValid() || !attempt.endedAt.isValid())
        return std::nullopt;
    return attempt.answeredAt.utc().msecsTo(attempt.endedAt.utc());
}

QString llmModel(const LlmModel &model)
{
    if (!model.present)
        return QStringLiteral("—");
    const QString type = model.type.value_or(QString());
    if (type == QLatin1String("dedicated-instance") && model.name)
        return QStringLiteral("%1 (dedicated instance)").arg(*model.name);
    if (type == QLatin1String("openrouter") && model.openrouterModelId) {
        return QStringLiteral("%1 via %2 (OpenRouter)")
            .arg(*model.openrouterModelId,
                 model.openrouterProvider.value_or(QStringLiteral("any provider")));
    }
    // An unknown union member: show everything it has rather than guess.
    return QString::fromUtf8(QJsonDocument(model.raw).toJson(QJsonDocument::Compact));
}

} // namespace Revox::Format
