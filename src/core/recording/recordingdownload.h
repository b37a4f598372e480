#pragma once

#include <QByteArray>
#include <QMetaType>
#include <QString>
#include <QUrl>

namespace Revox {

// The outcome of fetching a recording, either into memory or into a file.
struct RecordingDownload
{
    enum class Status {
        Ok,
        Refused,         // the link is not one the app opens
        Gone,            // 403, 404 or 410 from the recording's host: deleted or expired link
        HttpError,       // any other HTTP error status
        ConnectionError, // unreachable host, dropped connection, truncated body
        Timeout,         // the transfer stalled
        TlsError,        // never ignored
        TooLarge,        // over RecordingDownloader::DefaultMaximumSize (or the size set)
        UnsafeRedirect,  // a redirect to something other than http/https
        WriteError,      // the destination file could not be written
        Cancelled,
    };

    Status status = Status::Ok;
    QString message;        // for the user; empty when Ok
    int httpStatus = 0;     // 0 when there was no HTTP answer (or for a bundled resource)
    QUrl url;               // where the bytes finally came from, after redirects
    QByteArray contentType; // as sent by the host, empty when unknown
    QByteArray data;        // the recording, when fetched into memory
    QString savedPath;      // the written file, when saved
    qint64 size = 0;        // bytes received

    bool isOk() const { return status == Status::Ok; }
};

} // namespace Revox

Q_DECLARE_METATYPE(Revox::RecordingDownload)
