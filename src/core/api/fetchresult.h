#pragma once

#include "core/call/calldata.h"

#include <QByteArray>
#include <QMetaType>
#include <QString>
#include <QStringList>

#include <optional>

namespace Revox {

// The outcome of fetching one call: a value the GUI can show without touching the network layer.
struct FetchResult
{
    enum class Status {
        Ok,
        InvalidReference,
        InsecureBaseUrl,
        MissingApiKey,
        BadRequest,
        Unauthorized,
        Forbidden,
        NotFound,
        Conflict,
        Unprocessable,
        RateLimited,
        ServerError,
        OtherHttpError,
        ConnectionError,
        Timeout,
        TlsError,
        TooLarge,
        InvalidResponse,
        Cancelled
    };
    Status status = Status::Ok;
    QString message; // user-facing: what went wrong and what to do
    QString callId;
    int httpStatus = 0;       // 0 when no HTTP answer
    int tries = 0;            // how many tries were sent (same-origin redirect hops not counted)
    QByteArray body;          // the body as received (for the raw JSON view / saving)
    std::optional<Call> call; // set when status == Ok
    QStringList warnings;     // CallParseResult::warnings

    bool isOk() const { return status == Status::Ok; }
};

} // namespace Revox

Q_DECLARE_METATYPE(Revox::FetchResult)
