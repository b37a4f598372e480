#pragma once

#include "core/api/apisettings.h"
#include "core/api/fetchresult.h"

#include <QByteArray>
#include <QObject>
#include <QTimer>
#include <QUrl>

#include <optional>

class QNetworkAccessManager;
class QNetworkReply;

namespace Revox {

// Fetches `GET {base}/call/{id}` the way the official SDKs do (timeouts, retries, typed errors)
// and hands back a FetchResult; callers never see a QNetworkReply. One fetch at a time: a new one
// silences the one in flight, so a late answer can never replace a newer one on screen.
class ApiClient final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ApiClient)

public:
    static constexpr int MaxRedirects = 5;

    explicit ApiClient(QObject *parent = nullptr);
    ~ApiClient() override;

    // Applies to the next fetchCall(); a fetch in flight keeps the settings it started with.
    void setSettings(const ApiSettings &settings);
    ApiSettings settings() const;

    // Starts fetching; cancels (and silences) any fetch in flight. Returns the request's id;
    // finished() is emitted exactly once per id that is not superseded, never synchronously.
    quint64 fetchCall(const QString &reference);
    // Ends the fetch in flight: finished(id, Status::Cancelled) is emitted once, synchronously.
    void cancel();
    bool isBusy() const;

signals:
    // Before a retry: `nextTry` of `maxTries` (e.g. 2 of 3) will be sent in `delayMs`; `reason` is a
    // user-facing sentence ("Revox is rate-limiting requests; retrying in 3 s…").
    void retryScheduled(
        quint64 requestId, int nextTry, int maxTries, int delayMs, const QString &reason);
    void finished(quint64 requestId, const Revox::FetchResult &result);

private:
    struct Request
    {
        quint64 id = 0;
        ApiSettings settings;
        QString callId;
        QUrl url; // the call URL, or where a same-origin redirect pointed
        int tries = 0;
        int redirects = 0;
        QNetworkReply *reply = nullptr;
        QByteArray body;
        bool timedOut = false;
        bool tooLarge = false;
        QString tlsErrors;
    };

    void failNow(FetchResult result);
    void startTry();
    void sendRequest();
    void onReadyRead();
    void onMetaDataChanged();
    void onStalled();
    void onReplyFinished();
    void handleRedirect(QNetworkReply *reply, FetchResult result);
    void handleHttpError(QNetworkReply *reply, FetchResult result);
    void retryOrFail(FetchResult failure, const QString &retryReasonPrefix, int serverDelayMs);
    void finish(FetchResult result);
    void detachReply();
    FetchResult resultTemplate() const;
    static QByteArray userAgent();

    QNetworkAccessManager *m_network;
    ApiSettings m_settings;
    std::optional<Request> m_request;
    quint64 m_lastId = 0;
    QTimer m_stallTimer;
    QTimer m_retryTimer;
};

} // namespace Revox
