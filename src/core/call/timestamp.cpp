#include "core/call/timestamp.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <cmath>

namespace Revox {

namespace {

// Epoch numbers below this are seconds, above it milliseconds: 1e11 s is the year 5138, 1e11 ms
// is 1973, so no plausible call time is ambiguous.
constexpr double EpochMillisecondsThreshold = 1e11;
// QDateTime's range is far wider, but nothing outside years 1..9999 is a real call time.
constexpr double MaxEpochMilliseconds = 253402300799999.0;

QDateTime fromEpochNumber(double number)
{
    if (!std::isfinite(number))
        return {};
    const double ms = std::abs(number) >= EpochMillisecondsThreshold ? number : number * 1000.0;
    if (std::abs(ms) > MaxEpochMilliseconds)
        return {};
    return QDateTime::fromMSecsSinceEpoch(static_cast<qint64>(std::llround(ms)), Qt::UTC);
}

QDateTime fromIsoString(const QString &text)
{
    const QString trimmed = text.trimmed();
    // A bare date or time is not an instant; Qt would read it as local midnight.
    if (trimmed.size() < 16 || !trimmed.contains(QLatin1Char(':')))
        return {};
    QDateTime parsed = QDateTime::fromString(trimmed, Qt::ISODateWithMs);
    if (!parsed.isValid())
        return {};
    // Without a zone designator the API's other timestamps are UTC (the request side documents Z).
    if (parsed.timeSpec() == Qt::LocalTime)
        parsed.setTimeSpec(Qt::UTC);
    return parsed.toUTC();
}

} // namespace

Timestamp Timestamp::fromJson(const QJsonValue &value)
{
    Timestamp stamp;
    stamp.m_raw = value;
    switch (value.type()) {
    case QJsonValue::Undefined:
        stamp.m_state = State::Missing;
        return stamp;
    case QJsonValue::Null:
        stamp.m_state = State::Null;
        return stamp;
    case QJsonValue::Double:
        stamp.m_utc = fromEpochNumber(value.toDouble());
        break;
    case QJsonValue::String:
        stamp.m_utc = fromIsoString(value.toString());
        break;
    default:
        break;
    }
    stamp.m_state = stamp.m_utc.isValid() ? State::Parsed : State::Unparseable;
    return stamp;
}

QString Timestamp::rawText() const
{
    switch (m_raw.type()) {
    case QJsonValue::Undefined:
        return {};
    case QJsonValue::Object:
        return QString::fromUtf8(QJsonDocument(m_raw.toObject()).toJson(QJsonDocument::Compact));
    case QJsonValue::Array:
        return QString::fromUtf8(QJsonDocument(m_raw.toArray()).toJson(QJsonDocument::Compact));
    default: {
        // Wrap scalars in an array so QJsonDocument serialises them with JSON quoting.
        const QByteArray json = QJsonDocument(QJsonArray{m_raw}).toJson(QJsonDocument::Compact);
        return QString::fromUtf8(json.mid(1, json.size() - 2));
    }
    }
}

} // namespace Revox
