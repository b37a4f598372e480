#include "core/api/callwatcher.h"

#include "core/api/apiclient.h"
#include "core/call/callparser.h"
#include "core/common/corelogging.h"

#include <QCryptographicHash>

#include <algorithm>
#include <utility>

namespace Revox {

namespace {

QByteArray digest(const QByteArray &body)
{
    return QCryptographicHash::hash(body, QCryptographicHash::Sha256);
}

bool isOneOf(const OpenEnum &value, std::initializer_list<const char *> values)
{
    if (!value)
        return false;
    for (const char *candidate : values) {
        if (*value == QLatin1String(candidate))
            return true;
    }
    return false;
}

// Polling again cannot fix these; the user has to change something first.
bool isHopeless(FetchResult::Status status)
{
    return status == FetchResult::Status::InvalidReference
           || status == FetchResult::Status::InsecureBaseUrl
           || status == FetchResult::Status::MissingApiKey;
}

} // namespace

CallWatcher::CallWatcher(ApiClient *client, QObject *parent)
    : QObject(parent)
    , m_client(client)
{
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, &CallWatcher::poll);
}

CallWatcher::~CallWatcher()
{
    if (m_watching) {
        // Without signals: listeners may already be half destroyed.
        const QSignalBlocker blocker(this);
        stop();
    }
}

void CallWatcher::setApiClient(ApiClient *client)
{
    m_client = client;
}

bool CallWatcher::isInProgress(const Call &call)
{
    if (isOneOf(call.status, {"initializing", "queued_for_calling", "calling", "scheduled"}))
        return true;
    const auto attemptInProgress = [](const CallAttempt &attempt) {
        return isOneOf(attempt.status, {"queued", "ringing", "ongoing"});
    };
    if (call.lastCallAttempt && attemptInProgress(*call.lastCallAttempt))
        return true;
    return std::any_of(call.callAttempts.cbegin(), call.callAttempts.cend(), attemptInProgress);
}

void CallWatcher::setIntervals(int minimumMs, int maximumMs)
{
    m_minimumMs = qMax(1, minimumMs);
    m_maximumMs = qMax(m_minimumMs, maximumMs);
    m_intervalMs = qBound(m_minimumMs, m_intervalMs, m_maximumMs);
}

bool CallWatcher::watch(const QString &callId, const QByteArray &shownBody)
{
    stop();
    if (!m_client || callId.isEmpty())
        return false;
    const CallParseResult shown = shownBody.isEmpty() ? CallParseResult()
                                                      : CallParser::parse(shownBody);
    if (shown.call && !isInProgress(*shown.call))
        return false;

    m_callId = callId;
    m_lastGoodBody = shown.call ? shownBody : QByteArray();
    m_digest = shown.call ? digest(shownBody) : QByteArray();
    m_lastRefreshed = QDateTime();
    m_intervalMs = m_minimumMs;
    m_watching = true;
    ++m_generation;
    qCDebug(lcApi) << "watching call" << callId;
    emit watchingChanged(true);
    if (shown.call)
        scheduleNext();
    else
        poll();
    return true;
}

void CallWatcher::stop()
{
    m_timer.stop();
    if (FetchJob *job = std::exchange(m_job, nullptr)) {
        disconnect(job, nullptr, this, nullptr); // its Cancelled answer is not ours any more
        job->cancel();
    }
    if (!m_watching)
        return;
    m_watching = false;
    ++m_generation;
    emit watchingChanged(false);
}

void CallWatcher::poll()
{
    if (!m_watching || !m_client)
        return;
    m_job = m_client->fetchCall(m_callId);
    connect(m_job, &FetchJob::finished, this, &CallWatcher::onFinished);
}

void CallWatcher::scheduleNext()
{
    m_timer.start(m_intervalMs);
}

void CallWatcher::backOff()
{
    m_intervalMs = qMin(m_intervalMs * 2, m_maximumMs);
}

void CallWatcher::onFinished(const FetchResult &result)
{
    if (sender() != m_job.data() || !m_watching)
        return;
    m_job = nullptr;

    if (!result.isOk() || !result.call) {
        if (result.status == FetchResult::Status::Cancelled)
            return;
        if (isHopeless(result.status)) {
            emit pollFailed(result, -1);
            stop();
            return;
        }
        backOff();
        qCDebug(lcApi) << "watch poll failed; next in" << m_intervalMs << "ms";
        const quint64 generation = m_generation;
        emit pollFailed(result, m_intervalMs);
        if (generation == m_generation)
            scheduleNext();
        return;
    }

    const QByteArray newDigest = digest(result.body);
    const bool changed = newDigest != m_digest;
    m_digest = newDigest;
    m_lastGoodBody = result.body;
    m_lastRefreshed = QDateTime::currentDateTimeUtc();
    if (changed)
        m_intervalMs = m_minimumMs;
    else
        backOff();
    const quint64 generation = m_generation;
    if (changed)
        emit updated(result);
    emit refreshed(m_lastRefreshed);
    if (generation != m_generation) // a listener stopped or restarted watching
        return;

    if (!isInProgress(*result.call)) {
        m_timer.stop();
        m_watching = false;
        ++m_generation;
        emit completed(result);
        emit watchingChanged(false);
        return;
    }
    scheduleNext();
}

} // namespace Revox
