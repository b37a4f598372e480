#pragma once

#include "core/call/calldata.h"

#include <QByteArray>
#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <optional>

namespace Revox {

struct CallParseError
{
    enum class Kind {
        None,
        EmptyBody,
        InvalidUtf8,
        Truncated,
        NotJson,
        HtmlPage,
        NotAnObject,
        ApiError,
        NoCall,
        WrongType,
    };
    Kind kind = Kind::None;
    QString message; // a sentence for the user: what was wrong and where
};

struct CallParseResult
{
    std::optional<Call> call; // set only when the body is a call
    CallParseError error;
    // Fields that are documented as required but were missing, or scalars of the wrong type that
    // were ignored. The call is still shown; these tell the user what it lacks.
    QStringList warnings;

    bool isValid() const { return call.has_value(); }
};

class CallParser
{
public:
    // Parses the body of `GET /call/{id}`: `{"call": {...}}`. Transcripts are read a slice at a
    // time (see TranscriptSlices), so memory stays close to the call's own size.
    static CallParseResult parse(const QByteArray &body);
    // The same result as parse(), from one parse tree of the whole body: several times the body's
    // size in memory. parse() falls back to it for every body it does not read in full. Public
    // for tests and the fuzzer, which check that both agree.
    static CallParseResult parseWhole(const QByteArray &body);

private:
    static CallParseResult parseDocument(const QJsonObject &root);
};

} // namespace Revox
