#pragma once

#include "core/call/timestamp.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QJsonValue>
#include <QString>
#include <QStringList>

#include <optional>
#include <type_traits>

// The tolerant reading of one JSON object of a call, shared by the files that turn a body into a
// Call (callreader.cpp, transcriptreader.cpp). Not for use outside core/call.
namespace Revox::CallReading {

// "text", "a number", ...: a JSON value's type as a warning names it; "missing" when undefined.
QString jsonTypeName(const QJsonValue &value);

// Thrown while reading a call, caught in CallParser: a wrong container type makes the whole body
// "not a call", and unwinding is simpler than checking a flag after every nested read.
struct ShapeError
{
    QString message;
};

// Reads fields relative to a path such as `call.call_attempts[2]`, so every warning and error
// names exactly where the problem is. The path is spelled out only when a warning or error needs
// it: a child keeps a pointer to its parent (which always outlives it: readers live on the stack
// of the functions that walk the document) instead of building a string per transcript turn.
//
// A field that is missing or null gives nothing, with a warning when it is `required`. A scalar of
// another type gives nothing with a warning; an object or list of another type throws ShapeError.
class Reader
{
public:
    Reader(const QJsonObject &object, QString path, QStringList *warnings)
        : m_object(object)
        , m_path(std::move(path))
        , m_warnings(warnings)
    {}

    QJsonValue value(const char *key) const { return m_object.value(QLatin1String(key)); }

    std::optional<QString> string(const char *key, bool required = false) const
    {
        const QJsonValue v = ofType(key, QJsonValue::String, "text", required);
        return v.isString() ? std::optional(v.toString()) : std::nullopt;
    }
    std::optional<bool> boolean(const char *key, bool required = false) const
    {
        const QJsonValue v = ofType(key, QJsonValue::Bool, "true or false", required);
        return v.isBool() ? std::optional(v.toBool()) : std::nullopt;
    }
    std::optional<double> number(const char *key, bool required = false) const
    {
        const QJsonValue v = ofType(key, QJsonValue::Double, "a number", required);
        return v.isDouble() ? std::optional(v.toDouble()) : std::nullopt;
    }
    // Integers may arrive as `3.0`; a fractional or out-of-range value is reported, not rounded.
    std::optional<qint64> integer(const char *key, bool required = false) const;

    Timestamp timestamp(const char *key) const { return Timestamp::fromJson(value(key)); }

    std::optional<QJsonObject> object(const char *key, bool required = false) const
    {
        const QJsonValue v = ofType(key, QJsonValue::Object, "an object", required);
        return v.isObject() ? std::optional(v.toObject()) : std::nullopt;
    }
    std::optional<QJsonArray> array(const char *key, bool required = false) const
    {
        const QJsonValue v = ofType(key, QJsonValue::Array, "a list", required);
        return v.isArray() ? std::optional(v.toArray()) : std::nullopt;
    }

    Reader child(const QJsonObject &object, const char *key) const
    {
        return Reader(object, this, key, -1, m_warnings);
    }
    // A reader of the object at `key`, or nothing as object() gives nothing.
    std::optional<Reader> childObject(const char *key, bool required = false) const
    {
        if (const auto found = object(key, required))
            return child(*found, key);
        return std::nullopt;
    }
    // Each object of the list at `key` read by `read(const Reader &)`, in order; nothing as
    // array() gives nothing.
    template<typename Read>
    auto list(const char *key, bool required, Read read) const
        -> std::optional<QList<std::invoke_result_t<Read, const Reader &>>>
    {
        const auto found = array(key, required);
        if (!found)
            return std::nullopt;
        QList<std::invoke_result_t<Read, const Reader &>> items;
        items.reserve(found->size());
        for (qsizetype i = 0; i < found->size(); ++i)
            items.append(read(element(found->at(i), key, i)));
        return items;
    }
    // The object at `key[index]`; anything else there throws ShapeError.
    Reader element(const QJsonValue &value, const char *key, qsizetype index) const;

    QString fieldPath(const char *key) const;

    const QJsonObject &json() const { return m_object; }

    // The same reader, with its own warnings (and its children's) going to `warnings`: for
    // reading part of it on another thread.
    Reader reportingTo(QStringList *warnings) const
    {
        Reader reader(*this);
        reader.m_warnings = warnings;
        return reader;
    }

    void addWarnings(const QStringList &warnings) const { m_warnings->append(warnings); }

private:
    Reader(const QJsonObject &object,
           const Reader *parent,
           const char *key,
           qsizetype index,
           QStringList *warnings)
        : m_object(object)
        , m_parent(parent)
        , m_key(key)
        , m_index(index)
        , m_warnings(warnings)
    {}

    // The value at `key` when it has `type`; otherwise reportMismatch() and an undefined value.
    QJsonValue ofType(const char *key,
                      QJsonValue::Type type,
                      const char *expected,
                      bool required) const
    {
        const QJsonValue v = value(key);
        if (v.type() == type)
            return v;
        reportMismatch(key, v, type, expected, required);
        return QJsonValue(QJsonValue::Undefined);
    }

    void reportMismatch(const char *key,
                        const QJsonValue &v,
                        QJsonValue::Type type,
                        const char *expected,
                        bool required) const;
    QString path() const;
    void warn(const char *key, const QString &what) const;

    QJsonObject m_object;
    QString m_path; // the root's; children ask their parent
    const Reader *m_parent = nullptr;
    const char *m_key = nullptr;
    qsizetype m_index = -1;
    QStringList *m_warnings;
};

} // namespace Revox::CallReading
