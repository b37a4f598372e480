#pragma once

#include <QList>
#include <QString>
#include <QStringList>

namespace Revox::TestCsv {

// An RFC 4180 reader, written as the state machine the RFC's grammar describes, independent of
// the exporter. Returns nullopt-like empty list with `ok` false on malformed input.
inline QList<QStringList> read(const QString &input, bool *ok)
{
    enum class State { FieldStart, Unquoted, Quoted, QuoteInQuoted, AfterCr };
    QList<QStringList> records;
    QStringList record;
    QString field;
    State state = State::FieldStart;
    *ok = true;
    const auto endField = [&] {
        record.append(field);
        field.clear();
    };
    const auto endRecord = [&] {
        endField();
        records.append(record);
        record.clear();
    };
    for (const QChar c : input) {
        switch (state) {
        case State::FieldStart:
            if (c == QLatin1Char('"')) {
                state = State::Quoted;
                continue;
            }
            Q_FALLTHROUGH();
        case State::Unquoted:
            if (c == QLatin1Char(',')) {
                endField();
                state = State::FieldStart;
            } else if (c == QLatin1Char('\r')) {
                state = State::AfterCr;
            } else if (c == QLatin1Char('"') || c == QLatin1Char('\n')) {
                *ok = false; // a bare quote or LF outside quotes is not RFC 4180
                return {};
            } else {
                field.append(c);
                state = State::Unquoted;
            }
            break;
        case State::Quoted:
            if (c == QLatin1Char('"'))
                state = State::QuoteInQuoted;
            else
                field.append(c);
            break;
        case State::QuoteInQuoted:
            if (c == QLatin1Char('"')) {
                field.append(c);
                state = State::Quoted;
            } else if (c == QLatin1Char(',')) {
                endField();
                state = State::FieldStart;
            } else if (c == QLatin1Char('\r')) {
                state = State::AfterCr;
            } else {
                *ok = false;
                return {};
            }
            break;
        case State::AfterCr:
            if (c != QLatin1Char('\n')) {
                *ok = false;
                return {};
            }
            endRecord();
            state = State::FieldStart;
            break;
        }
    }
    // The last record may or may not end with CRLF.
    if (state == State::Quoted || state == State::AfterCr) {
        *ok = false;
        return {};
    }
    if (!field.isEmpty() || !record.isEmpty())
        endRecord();
    return records;
}

} // namespace Revox::TestCsv
