#pragma once

#include "core/api/fetchjob.h"
#include "core/api/fetchresult.h"

#include <QByteArray>
#include <QDateTime>
#include <QObject>
#include <QPointer>
#include <QTimer>

namespace Revox {

class ApiClient;

// Keeps a call that is still in progress up to date: polls every 5 s, doubling the wait up to
// 60 s while nothing changes and back to 5 s when something does. Failed polls back off the same
// way and never replace the last good data. Stops, with completed() once, when the call is final.
class CallWatcher final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CallWatcher)

public:
    static constexpr int DefaultMinimumIntervalMs = 5000;
    static constexpr int DefaultMaximumIntervalMs = 60000;

    // Polls through `client`, which others may use at the same time (each poll is a job of its
    // own). Not owned.
    explicit CallWatcher(ApiClient *client, QObject *parent = nullptr);
    ~CallWatcher() override;

    // The client the next poll goes through (the session's, whose settings may have changed).
    void setApiClient(ApiClient *client);

    // Whether the call can still change: its status is initializing, queued_for_calling, calling
    // or scheduled, or an attempt is queued, ringing or ongoing. Unknown statuses do not count, so
    // a value this client does not know never makes it poll forever.
    static bool isInProgress(const Call &call);

    // For tests, which run the same logic at any speed (polling every few milliseconds) and
    // check the back-off and the data kept (lastGoodBody() below).
    void setIntervals(int minimumMs, int maximumMs);
    int currentIntervalMs() const { return m_intervalMs; }

    // Starts watching. `shownBody` is what the user already sees: when given, the first poll waits
    // one interval, and nothing happens (false) if that call is already final. Without it the
    // first poll is sent at once.
    bool watch(const QString &callId, const QByteArray &shownBody = {});
    void stop();

    bool isWatching() const { return m_watching; }
    QString callId() const { return m_callId; }
    QDateTime lastRefreshed() const { return m_lastRefreshed; } // last good poll, UTC
    QByteArray lastGoodBody() const { return m_lastGoodBody; }  // for tests

signals:
    void watchingChanged(bool watching);
    // A poll brought a different body: `result` is the new good data to show (and save).
    void updated(const Revox::FetchResult &result);
    // After every good poll, changed or not.
    void refreshed(const QDateTime &at);
    // A poll failed; the last good data stays. `nextPollMs` is -1 when watching stopped because
    // polling again cannot help (no API key, invalid ID or settings).
    void pollFailed(const Revox::FetchResult &result, int nextPollMs);
    // The call reached a final status; once per watch(), after its last updated().
    void completed(const Revox::FetchResult &result);

private:
    void poll();
    void onFinished(const Revox::FetchResult &result);
    void scheduleNext();
    void backOff();

    QPointer<ApiClient> m_client;
    QTimer m_timer;
    QString m_callId;
    QPointer<FetchJob> m_job; // the poll in flight
    QByteArray m_lastGoodBody;
    QByteArray m_digest;
    QDateTime m_lastRefreshed;
    int m_minimumMs = DefaultMinimumIntervalMs;
    int m_maximumMs = DefaultMaximumIntervalMs;
    int m_intervalMs = DefaultMinimumIntervalMs;
    bool m_watching = false;
    quint64 m_generation = 0; // changes on every watch() and stop(), for re-entrant listeners
};

} // namespace Revox
