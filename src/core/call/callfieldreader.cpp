#include "core/call/callfieldreader.h"

#include <cmath>

namespace Revox::CallReading {

QString jsonTypeName(const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::Null:
        return QStringLiteral("null");
    case QJsonValue::Bool:
        return QStringLiteral("a true/false value");
    case QJsonValue::Double:
        return QStringLiteral("a number");
    case QJsonValue::String:
        return QStringLiteral("text");
    case QJsonValue::Array:
        return QStringLiteral("a list");
    case QJsonValue::Object:
        return QStringLiteral("an object");
    case QJsonValue::Undefined:
        break;
    }
    return QStringLiteral("missing");
}

std::optional<qint64> Reader::integer(const char *key, bool required) const
{
    const QJsonValue v = ofType(key, QJsonValue::Double, "a whole number", required);
    if (!v.isDouble())
        return std::nullopt;
    const double d = v.toDouble();
    constexpr double Limit = 9223372036854775807.0;
    if (std::isfinite(d) && std::trunc(d) == d && d > -Limit && d < Limit)
        return static_cast<qint64>(d);
    warn(key, QStringLiteral("should be a whole number but is %1; ignored").arg(d, 0, 'g', 17));
    return std::nullopt;
}

Reader Reader::element(const QJsonValue &value, const char *key, qsizetype index) const
{
    if (!value.isObject()) {
        throw ShapeError{QStringLiteral("`%1[%2]` should be an object but is %3.")
                             .arg(fieldPath(key))
                             .arg(index)
                             .arg(jsonTypeName(value))};
    }
    return Reader(value.toObject(), this, key, index, m_warnings);
}

QString Reader::fieldPath(const char *key) const
{
    const QString own = path();
    return own.isEmpty() ? QString::fromLatin1(key) : own + QLatin1Char('.') + QLatin1String(key);
}

QString Reader::path() const
{
    if (!m_parent)
        return m_path;
    const QString path = m_parent->fieldPath(m_key);
    return m_index < 0 ? path : QStringLiteral("%1[%2]").arg(path).arg(m_index);
}

void Reader::warn(const char *key, const QString &what) const
{
    m_warnings->append(QStringLiteral("`%1` %2.").arg(fieldPath(key), what));
}

void Reader::reportMismatch(const char *key,
                            const QJsonValue &v,
                            QJsonValue::Type type,
                            const char *expected,
                            bool required) const
{
    if (v.isUndefined() || v.isNull()) {
        if (required)
            warn(key, v.isNull() ? QStringLiteral("is null") : QStringLiteral("is missing"));
        return;
    }
    const QString expectedText = QString::fromLatin1(expected);
    if (type == QJsonValue::Object || type == QJsonValue::Array) {
        throw ShapeError{QStringLiteral("`%1` should be %2 but is %3.")
                             .arg(fieldPath(key), expectedText, jsonTypeName(v))};
    }
    warn(key, QStringLiteral("should be %1 but is %2; ignored").arg(expectedText, jsonTypeName(v)));
}

} // namespace Revox::CallReading
