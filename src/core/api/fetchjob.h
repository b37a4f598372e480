#pragma once

#include "core/api/apisettings.h"
#include "core/api/fetchresult.h"
#include "core/call/callparser.h"

#include <QByteArray>
#include <QFutureWatcher>
#include <QObject>
#include <QPointer>
#include <QTimer>
#include <QUrl>

class QNetworkAccessManager;
class QNetworkReply;

namespace Revox {

// One fetch of `GET {base}/call/{id}`, handed out by ApiClient::fetchCall(): the tries, the
// waits between them, same-origin redirects and the outcome, with the settings the fetch started
// with. Any number run at once, each on its own.
//
// finished() is emitted exactly once and never synchronously (not from fetchCall(), not from
// cancel()); the job then deletes itself later, so keep it in a QPointer. cancel() ends it with
// Status::Cancelled, reported the same way (see NetworkPolicy). The client owns its jobs:
// destroying the client ends them without finished(). Never delete a job yourself; cancel() it.
class FetchJob final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(FetchJob)

public:
    ~FetchJob() override;

    // The call's ID as read from the reference; empty when it could not be read.
    QString callId() const { return m_callId; }
    // What this fetch uses, whatever the client was set to since.
    const ApiSettings &settings() const { return m_settings; }
    // The outcome is decided (finished() is on its way or was emitted).
    bool isFinished() const { return m_finished; }

    // Ends the fetch at once: nothing more is sent, and finished(Cancelled) follows from the event
    // loop. Does nothing once the outcome is decided.
    void cancel();

signals:
    // Before a retry: `nextTry` of `maxTries` (e.g. 2 of 3) will be sent in `delayMs`; `reason` is a
    // user-facing sentence ("Revox is rate-limiting requests; retrying in 3 s…").
    void retryScheduled(int nextTry, int maxTries, int delayMs, const QString &reason);
    void finished(const Revox::FetchResult &result);

private:
    friend class ApiClient;

    FetchJob(QNetworkAccessManager *network, const ApiSettings &settings, QObject *parent);
    void start(const QString &reference);

    void startTry();
    void sendRequest();
    void onReadyRead();
    void onMetaDataChanged();
    void onReplyFinished();
    void handleRedirect(QNetworkReply *reply, FetchResult result);
    void handleHttpError(QNetworkReply *reply, FetchResult result);
    void retryOrFail(FetchResult failure, const QString &retryReasonPrefix, int serverDelayMs);
    void parseInBackground(FetchResult result);
    void finish(FetchResult result);
    void detachReply();
    FetchResult resultTemplate() const;

    QNetworkAccessManager *m_network;
    ApiSettings m_settings;
    QString m_callId;
    QUrl m_url; // the call URL, or where a same-origin redirect pointed
    int m_tries = 0;
    int m_redirects = 0;
    QPointer<QNetworkReply> m_reply;
    QByteArray m_body;
    bool m_tooLarge = false; // the job aborted the reply itself: not a transfer timeout
    QString m_tlsErrors;
    QTimer m_retryTimer;
    bool m_finished = false;
    QFutureWatcher<CallParseResult> m_parsing;
};

} // namespace Revox
