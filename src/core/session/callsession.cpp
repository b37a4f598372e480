#include "core/session/callsession.h"

#include "core/api/apiclient.h"
#include "core/api/callreference.h"
#include "core/call/callfile.h"
#include "core/call/callparser.h"
#include "core/call/keptbody.h"

#include <QFileInfo>

#include <QtConcurrent/QtConcurrentRun>

#include <utility>

namespace Revox {

// What a worker hands back: the body it read (or was given), the call parsed from it, or why the
// file could not be read.
struct CallSession::Opened
{
    QByteArray body;
    CallParseResult parsed;
    QString readFailure;
};

// The large body being parsed on a worker, and what to show it as once it is read.
struct CallSession::Opening
{
    Origin origin = Origin::File;
    QString sourceLabel;
    QString filePath;
    // Deleted later, never inside its own finished() signal, which the handler runs from.
    QFutureWatcher<Opened> *parsing = nullptr;
};

CallSession::CallSession(QObject *parent)
    : QObject(parent)
    , m_ownClient(new ApiClient(this))
    , m_body(new KeptBody(this))
{
    setApiClient(m_ownClient);
}

CallSession::~CallSession() = default;

void CallSession::setApiClient(ApiClient *client)
{
    if (!client || client == m_client)
        return;
    if (m_client)
        cancelFetch();
    m_client = client;
}

bool CallSession::usesOwnClient() const
{
    return m_client == m_ownClient;
}

QByteArray CallSession::body() const
{
    return bodySnapshot().read();
}

KeptBody::Snapshot CallSession::bodySnapshot() const
{
    // While observers handle callChanged(), the body as received is still at hand: no need to
    // expand the kept (possibly compressed) copy.
    return m_bodyBeingShown.isNull() ? m_body->snapshot()
                                     : KeptBody::Snapshot{m_bodyBeingShown, QByteArray()};
}

const CallAttempt *CallSession::attempt() const
{
    if (!m_call || m_selectedAttempt < 0 || m_selectedAttempt >= m_call->callAttempts.size())
        return nullptr;
    return &m_call->callAttempts.at(m_selectedAttempt);
}

void CallSession::selectAttempt(int index)
{
    const int count = m_call ? int(m_call->callAttempts.size()) : 0;
    if (index < -1 || index >= count || index == m_selectedAttempt)
        return;
    m_selectedAttempt = index;
    emit attemptChanged(index);
}

bool CallSession::selectAttemptById(const QString &attemptId)
{
    if (!m_call)
        return false;
    for (int i = 0; i < m_call->callAttempts.size(); ++i) {
        if (m_call->callAttempts.at(i).id == attemptId) {
            selectAttempt(i);
            return true;
        }
    }
    return false;
}

bool CallSession::open(const QByteArray &body,
                       Origin origin,
                       const QString &sourceLabel,
                       const QString &filePath)
{
    // Whatever the user opens now is what they want to see, not the answer of an older fetch or
    // the end of an older opening.
    cancelFetch();
    cancelOpening();
    QFuture<QByteArray> compressing = m_body->prepare(body); // on a worker while the body parses
    if (body.size() < ParseOnWorkerFrom)
        return showParsed(CallParser::parse(body), body, origin, sourceLabel, filePath);
    startOpening(
        [body, compressing]() mutable {
            Opened opened{body, CallParser::parse(body), {}};
            // The compression of a large body takes about as long as its parse: waiting for it
            // here rather than in KeptBody::set() keeps that wait off the GUI thread.
            compressing.waitForFinished();
            return opened;
        },
        origin,
        sourceLabel,
        filePath);
    return true;
}

bool CallSession::openFile(const QString &path)
{
    const QFileInfo info(path);
    // A FIFO or a device reports no size: it is refused here, by its type, before anything waits.
    if (info.size() < ParseOnWorkerFrom) {
        const CallFile::Result file = CallFile::read(path);
        if (!file.isOk()) { // nothing is replaced by a file that cannot be read
            emit failed(file.message, false);
            return false;
        }
        return open(file.bytes, Origin::File, info.fileName(), info.absoluteFilePath());
    }
    cancelFetch();
    cancelOpening();
    // Not compressed ahead like open()'s body: the compression would share the two cores with
    // the parse while the call is awaited, and it is done in the background once it is shown.
    startOpening(
        [path] {
            CallFile::Result file = CallFile::read(path);
            if (!file.isOk())
                return Opened{{}, {}, file.message};
            CallParseResult parsed = CallParser::parse(file.bytes);
            return Opened{std::move(file.bytes), std::move(parsed), {}};
        },
        Origin::File,
        info.fileName(),
        info.absoluteFilePath());
    return true;
}

void CallSession::startOpening(std::function<Opened()> work,
                               Origin origin,
                               const QString &sourceLabel,
                               const QString &filePath)
{
    m_opening = std::make_unique<Opening>();
    m_opening->origin = origin;
    m_opening->sourceLabel = sourceLabel;
    m_opening->filePath = filePath;
    m_opening->parsing = new QFutureWatcher<Opened>(this);
    connect(m_opening->parsing, &QFutureWatcher<Opened>::finished, this, &CallSession::onOpened);
    m_opening->parsing->setFuture(QtConcurrent::run(std::move(work)));
    emit openStarted(sourceLabel);
}

void CallSession::onOpened()
{
    if (!m_opening)
        return;
    const std::unique_ptr<Opening> opening = std::move(m_opening);
    opening->parsing->deleteLater();
    Opened opened = opening->parsing->future().takeResult();
    if (!opened.readFailure.isEmpty()) {
        m_body->discardPrepared();
        emit failed(opened.readFailure, false);
    } else {
        showParsed(std::move(opened.parsed),
                   opened.body,
                   opening->origin,
                   opening->sourceLabel,
                   opening->filePath);
    }
    emit openEnded();
}

QString CallSession::openingLabel() const
{
    return m_opening ? m_opening->sourceLabel : QString();
}

void CallSession::cancelOpening()
{
    if (!m_opening)
        return;
    // The parse runs to its end unobserved; its result is freed with the future.
    disconnect(m_opening->parsing, nullptr, this, nullptr);
    m_opening->parsing->deleteLater();
    m_opening.reset();
    m_body->discardPrepared();
    emit openEnded();
}

bool CallSession::showParsed(CallParseResult parsed,
                             const QByteArray &body,
                             Origin origin,
                             const QString &sourceLabel,
                             const QString &filePath)
{
    if (!parsed.isValid()) {
        m_body->discardPrepared();
        emit failed(tr("Could not show %1. %2").arg(sourceLabel, parsed.error.message), false);
        return false;
    }
    adopt(std::make_shared<const Call>(std::move(*parsed.call)),
          body,
          origin,
          sourceLabel,
          filePath,
          parsed.warnings);
    return true;
}

void CallSession::show(const FetchResult &result, Origin origin, const QString &sourceLabel)
{
    if (!result.isOk() || !result.call)
        return;
    adopt(std::make_shared<const Call>(*result.call),
          result.body,
          origin,
          sourceLabel,
          {},
          result.warnings);
}

void CallSession::adopt(std::shared_ptr<const Call> call,
                        const QByteArray &body,
                        Origin origin,
                        const QString &sourceLabel,
                        const QString &filePath,
                        const QStringList &warnings)
{
    // A newer copy of the call on screen keeps an older attempt the user is reading; otherwise
    // the latest attempt (the API sends the most recent first) is what people open a call for.
    QString keptAttempt;
    if (m_call && m_call->id == call->id && m_selectedAttempt > 0)
        keptAttempt = m_call->callAttempts.at(m_selectedAttempt).id;

    m_call = std::move(call);
    m_body->set(body);
    m_origin = origin;
    m_sourceLabel = sourceLabel;
    m_filePath = filePath;
    m_warnings = warnings;
    m_selectedAttempt = m_call->callAttempts.isEmpty() ? -1 : 0;
    for (int i = 0; !keptAttempt.isEmpty() && i < m_call->callAttempts.size(); ++i) {
        if (m_call->callAttempts.at(i).id == keptAttempt)
            m_selectedAttempt = i;
    }
    m_bodyBeingShown = body;
    emit callChanged(origin);
    m_bodyBeingShown = QByteArray();
    if (m_selectedAttempt >= 0)
        emit attemptChanged(m_selectedAttempt);
}

void CallSession::fetch(const QString &reference)
{
    const CallReference parsed = CallReference::parse(reference);
    if (!parsed.isValid()) {
        emit failed(parsed.error, false);
        return;
    }
    m_lastReference = reference;
    cancelOpening();
    if (!m_holdReason.isEmpty()) {
        if (m_job)
            cancelFetch();
        m_heldReference = reference;
        emit fetchStarted(parsed.id);
        emit fetchProgress(m_holdReason);
        return;
    }
    m_heldReference.clear();
    // The fetch this one replaces is no longer listened to: its answer can never replace this
    // one's, however late it comes.
    dropFetch();
    FetchJob *job = m_client->fetchCall(reference);
    m_job = job;
    connect(job, &FetchJob::finished, this, [this, job](const FetchResult &result) {
        onFetchFinished(job, result);
    });
    connect(job,
            &FetchJob::retryScheduled,
            this,
            [this](int nextTry, int maxTries, int, const QString &reason) {
                onRetryScheduled(nextTry, maxTries, reason);
            });
    emit fetchStarted(parsed.id);
}

void CallSession::holdFetches(const QString &why)
{
    m_holdReason = why;
}

void CallSession::releaseFetches()
{
    m_holdReason.clear();
    if (const QString held = std::exchange(m_heldReference, {}); !held.isEmpty())
        fetch(held);
}

void CallSession::refresh()
{
    if (m_call)
        fetch(m_call->id);
}

void CallSession::cancelFetch()
{
    if (!m_heldReference.isEmpty()) {
        m_heldReference.clear();
        emit fetchEnded(FetchResult::Status::Cancelled);
    }
    if (dropFetch())
        emit fetchEnded(FetchResult::Status::Cancelled);
}

bool CallSession::dropFetch()
{
    FetchJob *job = std::exchange(m_job, nullptr);
    if (!job)
        return false;
    disconnect(job, nullptr, this, nullptr);
    job->cancel();
    return true;
}

void CallSession::onRetryScheduled(int nextTry, int maxTries, const QString &reason)
{
    emit fetchProgress(tr("%1 (try %2 of %3)").arg(reason).arg(nextTry).arg(maxTries));
}

void CallSession::onFetchFinished(const FetchJob *job, const FetchResult &result)
{
    if (job != m_job) // not expected: a replaced job is disconnected
        return;
    m_job = nullptr;
    emit fetchEnded(result.status);
    if (result.isOk() && result.call) {
        show(result, Origin::Api, tr("Revox (%1)").arg(job->settings().displayHost()));
        return;
    }
    if (result.status == FetchResult::Status::Cancelled)
        return;
    // Retrying cannot fix a bad reference or a missing key; the message says what to change.
    const bool retryable = result.status != FetchResult::Status::InvalidReference
                           && result.status != FetchResult::Status::InsecureBaseUrl
                           && result.status != FetchResult::Status::MissingApiKey;
    emit failed(result.message, retryable);
}

} // namespace Revox
