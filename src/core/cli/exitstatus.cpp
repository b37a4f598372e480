#include "core/cli/exitstatus.h"

#include "core/api/fetchresult.h"
#include "core/call/format.h"
#include "core/instance/instanceprotocol.h"

namespace Revox::ExitStatus {

QList<Code> all()
{
    return {Success,
            UsageError,
            AuthenticationFailed,
            NotFound,
            NetworkOrServerError,
            InvalidCallData,
            OutputNotWritable};
}

QString meaning(Code code)
{
    const QString cap = QString::number(CallFile::MaxBytes / (1024 * 1024));
    switch (code) {
    case Success:
        return QStringLiteral("success: every call was exported or printed, or the open window "
                              "took the file or call");
    case UsageError:
        return QStringLiteral("usage error: a bad option, format, attempt or timeout, a reference "
                              "that is not a call ID, several calls without --output-dir, plain "
                              "http to a REVOX_BASE_URL that is not this computer, or a call to "
                              "fetch given to --print or without a display (export fetches it)");
    case AuthenticationFailed:
        return QStringLiteral("authentication failed: the API answered 401 or 403, or "
                              "REVOX_API_KEY is not set");
    case NotFound:
        return QStringLiteral("not found: the call (404), the named file, or the requested "
                              "attempt");
    case NetworkOrServerError:
        return QStringLiteral("network error, time-out or server error, after the client's "
                              "retries");
    case InvalidCallData:
        return QStringLiteral("not a call: the data is not a valid call (an HTML page, cut-off or "
                              "non-call JSON, a body over %1 MB), or the file cannot be one: not "
                              "a regular file (a FIFO, socket, device or folder), unreadable, or "
                              "over %1 MB")
            .arg(cap);
    case OutputNotWritable:
        return QStringLiteral("an output could not be written: no space left, a read-only or "
                              "missing folder, no permission, an output that is not a regular "
                              "file (a FIFO, device or folder: refused before anything is "
                              "written), or a closed standard output; an existing file is left "
                              "as it was");
    }
    return {};
}

QString table(int width)
{
    QString text;
    // "  7  an output…", its continuation lines under the first word of the meaning.
    for (const Code code : all())
        text += Format::wrapped(meaning(code), width, QStringLiteral("  %1  ").arg(int(code)), 5)
                + QLatin1Char('\n');
    return text;
}

Code forFetch(const FetchResult &result)
{
    using Status = FetchResult::Status;
    switch (result.status) {
    case Status::Ok:
        return Success;
    case Status::InvalidReference:
    case Status::InsecureBaseUrl:
        return UsageError;
    case Status::MissingApiKey:
    case Status::Unauthorized:
    case Status::Forbidden:
        return AuthenticationFailed;
    case Status::NotFound:
        return NotFound;
    case Status::TooLarge:
    case Status::InvalidResponse:
        return InvalidCallData;
    case Status::BadRequest:
    case Status::Conflict:
    case Status::Unprocessable:
    case Status::RateLimited:
    case Status::ServerError:
    case Status::OtherHttpError:
    case Status::ConnectionError:
    case Status::Timeout:
    case Status::TlsError:
    case Status::Cancelled:
        break;
    }
    return NetworkOrServerError;
}

Code forFile(CallFile::Problem problem)
{
    using Problem = CallFile::Problem;
    switch (problem) {
    case Problem::None:
        return Success;
    case Problem::NotFound:
        return NotFound;
    case Problem::PermissionDenied:
    case Problem::Directory:
    case Problem::NotRegularFile:
    case Problem::TooLarge:
    case Problem::ReadError:
    case Problem::NotACall:
        break;
    }
    return InvalidCallData;
}

Code forRefusal(const InstanceRefusal &refusal)
{
    using Reason = InstanceRefusal::Reason;
    switch (refusal.reason) {
    case Reason::None:
        return Success;
    // As `--print` and `export` exit for the same file.
    case Reason::MissingFile:
        return forFile(CallFile::Problem::NotFound);
    case Reason::UnreadableFile:
        return forFile(CallFile::Problem::NotRegularFile);
    case Reason::InvalidReference:
    case Reason::BadRequest:
        break;
    }
    return UsageError;
}

} // namespace Revox::ExitStatus
