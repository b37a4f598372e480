#pragma once

#include <QDateTime>
#include <QJsonValue>
#include <QString>

namespace Revox {

// The API types every timestamp as "unknown" and its examples send `{}`. A Timestamp keeps what
// was sent and, where it could be read, the instant in UTC.
class Timestamp
{
public:
    enum class State { Missing, Null, Parsed, Unparseable };

    Timestamp() = default;
    static Timestamp fromJson(const QJsonValue &value);

    State state() const { return m_state; }
    bool isValid() const { return m_state == State::Parsed; }
    QDateTime utc() const { return m_utc; }
    QJsonValue raw() const { return m_raw; }
    // The raw value as compact JSON, e.g. `{}` or `"garbage-date"`; empty when missing.
    QString rawText() const;

private:
    State m_state = State::Missing;
    QDateTime m_utc;
    QJsonValue m_raw = QJsonValue(QJsonValue::Undefined);
};

} // namespace Revox
