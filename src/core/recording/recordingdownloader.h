#pragma once

#include "core/recording/recordingdownload.h"

#include <QObject>

#include <memory>

class QNetworkAccessManager;
class QNetworkReply;

namespace Revox {

// Fetches an attempt's recording for the waveform, for playback and for "Save recording as…".
// It has its own QNetworkAccessManager so nothing the API client sets up (the API key above all)
// can ever reach a recording's host: requests carry no Authorization header, no cached
// credentials, and follow redirects only to http/https. Requests, redirect limit, timeouts and
// cancelling follow NetworkPolicy, as the API client's do.
class RecordingDownloader final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RecordingDownloader)

public:
    static constexpr qint64 DefaultMaximumSize = 256 * 1024 * 1024;
    static constexpr int DefaultTransferTimeoutMs = 30000;

    explicit RecordingDownloader(QObject *parent = nullptr);
    ~RecordingDownloader() override;

    // For tests, which use small limits and short waits; the app keeps the defaults. A transfer
    // that receives nothing for setTransferTimeout() fails with Status::Timeout.
    void setMaximumSize(qint64 bytes);
    void setTransferTimeout(int milliseconds);

    // Both start a transfer and return its id; a transfer still running is cancelled first.
    // finished() is emitted exactly once per id, always asynchronously (cancel() included).
    quint64 fetch(const QUrl &url);
    // Streams into `path` through SafeFileWriter: the file appears only complete, never
    // half-written; a target that is not a regular file is refused before the download starts,
    // and on a full disk the earlier file stays as it was.
    quint64 saveTo(const QUrl &url, const QString &path);
    void cancel();
    bool isBusy() const; // a transfer is running; public for tests

signals:
    // `total` is -1 while the size is unknown.
    void progress(quint64 id, qint64 received, qint64 total);
    void finished(quint64 id, const Revox::RecordingDownload &result);

private:
    struct Transfer;

    quint64 start(const QUrl &url, const QString &path);
    void startNetwork(const QUrl &url);
    void readResource(const QUrl &url);
    void onMetaData();
    void onReadyRead();
    void onFinished();
    bool followRedirect(QNetworkReply *reply);
    bool retryLater(QNetworkReply *reply);
    void fail(RecordingDownload::Status status, const QString &message);
    void complete(quint64 id, RecordingDownload result);

    std::unique_ptr<QNetworkAccessManager> m_network;
    std::unique_ptr<Transfer> m_transfer;
    qint64 m_maximumSize = DefaultMaximumSize;
    int m_transferTimeoutMs = DefaultTransferTimeoutMs;
    quint64 m_lastId = 0;
};

} // namespace Revox
