#include "core/api/fetchjob.h"

#include "core/api/callreference.h"
#include "core/api/fetchmessages.h"
#include "core/call/callparser.h"
#include "core/common/corelogging.h"
#include "core/common/networkpolicy.h"
#include "core/common/retrypolicy.h"

#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QtConcurrent/QtConcurrentRun>
#if QT_CONFIG(ssl)
#include <QSslError>
#endif

#include <algorithm>
#include <utility>

namespace Revox {

namespace {

bool isPrintableAscii(const QString &text)
{
    return std::all_of(text.cbegin(), text.cend(), [](QChar c) {
        return c.unicode() > 0x20 && c.unicode() < 0x7F;
    });
}

} // namespace

FetchJob::FetchJob(QNetworkAccessManager *network, const ApiSettings &settings, QObject *parent)
    : QObject(parent)
    , m_network(network)
    , m_settings(settings)
{
    // Zero or negative limits would fail every fetch at once; they mean "not set".
    if (m_settings.timeoutMs <= 0)
        m_settings.timeoutMs = ApiSettings().timeoutMs;
    if (m_settings.maxBodyBytes <= 0)
        m_settings.maxBodyBytes = ApiSettings::DefaultMaxBodyBytes;
    m_retryTimer.setSingleShot(true);
    // A coarse timer may fire up to 5% early, which would cut short a wait the server asked for.
    m_retryTimer.setTimerType(Qt::PreciseTimer);
    connect(&m_retryTimer, &QTimer::timeout, this, &FetchJob::startTry);
}

FetchJob::~FetchJob()
{
    detachReply();
}

FetchResult FetchJob::resultTemplate() const
{
    FetchResult result;
    result.callId = m_callId;
    result.tries = m_tries;
    return result;
}

void FetchJob::start(const QString &reference)
{
    const CallReference ref = CallReference::parse(reference);
    m_callId = ref.id;
    FetchResult failure = resultTemplate();
    if (!ref.isValid()) {
        failure.status = FetchResult::Status::InvalidReference;
        failure.message = ref.error;
    } else if (m_settings.callUrl(ref.id).isEmpty()) {
        failure.status = FetchResult::Status::InvalidReference;
        failure.message = CallReference::idProblem(ref.id);
    } else if (const QString why = m_settings.validationError(); !why.isEmpty()) {
        failure.status = FetchResult::Status::InsecureBaseUrl;
        failure.message = why;
    } else if (m_settings.apiKey.isEmpty()) {
        failure.status = FetchResult::Status::MissingApiKey;
        failure.message = QStringLiteral("No API key is set. Enter your key in Settings or set "
                                         "REVOX_API_KEY.");
    } else if (!isPrintableAscii(m_settings.apiKey)) {
        failure.status = FetchResult::Status::MissingApiKey;
        failure.message = QStringLiteral("The API key contains spaces, line breaks or other "
                                         "characters keys never have. Paste it again in Settings.");
    }
    if (!failure.message.isEmpty()) {
        // Reported like every other outcome: after fetchCall() returned.
        finish(failure);
        return;
    }
    qCDebug(lcApi) << "fetching call" << ref.id;
    startTry();
}

void FetchJob::cancel()
{
    if (m_finished)
        return;
    FetchResult result = resultTemplate();
    result.status = FetchResult::Status::Cancelled;
    result.message = QStringLiteral("Cancelled.");
    qCDebug(lcApi) << "fetch of" << m_callId << "cancelled";
    finish(result);
}

void FetchJob::startTry()
{
    ++m_tries;
    m_redirects = 0;
    m_url = m_settings.callUrl(m_callId);
    sendRequest();
}

void FetchJob::sendRequest()
{
    m_body.clear();
    m_tooLarge = false;
    m_tlsErrors.clear();

    // Qt's transfer timeout restarts with every byte received: a stall, not a slow answer, ends
    // the try.
    QNetworkRequest request = NetworkPolicy::request(m_url, m_settings.timeoutMs);
    request.setRawHeader("Accept", "application/json");
    // The key goes to the API's origin only; an off-origin redirect is never followed anyway.
    if (NetworkPolicy::sameOrigin(m_url, m_settings.baseUrl))
        request.setRawHeader("Authorization", "Bearer " + m_settings.apiKey.toLatin1());

    qCDebug(lcApi) << "GET" << m_url.toDisplayString() << "try" << m_tries << "of"
                   << RetryPolicy::MaxTries;
    QNetworkReply *reply = m_network->get(request);
    m_reply = reply;
    connect(reply, &QNetworkReply::readyRead, this, &FetchJob::onReadyRead);
    connect(reply, &QNetworkReply::metaDataChanged, this, &FetchJob::onMetaDataChanged);
    connect(reply, &QNetworkReply::finished, this, &FetchJob::onReplyFinished);
#if QT_CONFIG(ssl)
    // Only recorded for the message: the errors are never ignored, so the reply then fails.
    connect(reply, &QNetworkReply::sslErrors, this, [this](const QList<QSslError> &errors) {
        QStringList texts;
        for (const QSslError &error : errors)
            texts << error.errorString();
        m_tlsErrors = texts.join(QStringLiteral("; "));
    });
#endif
}

void FetchJob::onMetaDataChanged()
{
    const QVariant length = m_reply->header(QNetworkRequest::ContentLengthHeader);
    if (length.isValid() && length.toLongLong() > m_settings.maxBodyBytes) {
        qCDebug(lcApi) << "declared length" << length.toLongLong() << "over the cap";
        m_tooLarge = true;
        m_reply->abort();
    }
}

void FetchJob::onReadyRead()
{
    m_body += m_reply->readAll();
    if (m_body.size() > m_settings.maxBodyBytes) {
        m_body.truncate(m_settings.maxBodyBytes);
        m_tooLarge = true;
        m_reply->abort();
    }
}

void FetchJob::onReplyFinished()
{
    QNetworkReply *reply = m_reply;
    m_reply = nullptr;
    disconnect(reply, nullptr, this, nullptr);
    reply->deleteLater();

    const QNetworkReply::NetworkError error = reply->error();
    // The job aborts a reply only when it is too large; any other cancel is Qt's transfer timeout.
    const bool timedOut = error == QNetworkReply::TimeoutError
                          || NetworkPolicy::endedByTransferTimeout(error, m_tooLarge);
    if (!m_tooLarge && error != QNetworkReply::OperationCanceledError) {
        m_body += reply->readAll();
        if (m_body.size() > m_settings.maxBodyBytes) {
            m_body.truncate(m_settings.maxBodyBytes);
            m_tooLarge = true;
        }
    }

    const QString host = m_settings.displayHost();
    const int httpStatus = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    qCDebug(lcApi) << "answer: status" << httpStatus << "error" << error << "bytes"
                   << m_body.size();

    FetchResult result = resultTemplate();
    result.httpStatus = httpStatus;
    result.body = m_body;

    if (m_tooLarge) {
        result.status = FetchResult::Status::TooLarge;
        result.message = FetchMessages::tooLarge(host, m_settings.maxBodyBytes);
        finish(result);
    } else if (timedOut) {
        result.status = FetchResult::Status::Timeout;
        result.message = FetchMessages::timeout(host, m_settings.timeoutMs);
        retryOrFail(result, result.message.chopped(1), -1);
    } else if (error == QNetworkReply::SslHandshakeFailedError) {
        result.status = FetchResult::Status::TlsError;
        result.message = FetchMessages::tlsFailure(host,
                                                   m_tlsErrors.isEmpty() ? reply->errorString()
                                                                         : m_tlsErrors);
        finish(result);
    } else if (httpStatus == 0 || (httpStatus < 300 && error != QNetworkReply::NoError)) {
        // No answer at all, or the connection broke in the middle of a successful one.
        result.status = FetchResult::Status::ConnectionError;
        const QString what = FetchMessages::connectionProblem(error,
                                                              host,
                                                              httpStatus != 0,
                                                              m_body.size(),
                                                              reply->errorString());
        result.message = what + QStringLiteral(". Check your network connection and the base URL.");
        retryOrFail(result, what, -1);
    } else if (httpStatus >= 300 && httpStatus < 400) {
        handleRedirect(reply, result);
    } else if (httpStatus >= 200 && httpStatus < 300) {
        parseInBackground(std::move(result));
    } else {
        handleHttpError(reply, result);
    }
}

void FetchJob::handleRedirect(QNetworkReply *reply, FetchResult result)
{
    const QUrl location = reply->attribute(QNetworkRequest::RedirectionTargetAttribute).toUrl();
    const QUrl target = m_url.resolved(location);
    const bool sameSite = NetworkPolicy::sameOrigin(target, m_settings.baseUrl);
    const bool usable = location.isValid() && !location.isEmpty();
    if (usable && sameSite && m_redirects < NetworkPolicy::MaxRedirects) {
        ++m_redirects;
        m_url = target;
        qCDebug(lcApi) << "following same-origin redirect" << result.httpStatus;
        sendRequest();
        return;
    }
    result.status = FetchResult::Status::OtherHttpError;
    if (!usable)
        result.message = FetchMessages::redirectNowhere(result.httpStatus);
    else if (!sameSite)
        result.message = FetchMessages::crossOriginRedirect(target);
    else
        result.message = FetchMessages::tooManyRedirects(NetworkPolicy::MaxRedirects);
    finish(result);
}

void FetchJob::handleHttpError(QNetworkReply *reply, FetchResult result)
{
    const int httpStatus = result.httpStatus;
    result.status = FetchMessages::statusForHttp(httpStatus);
    const QString said = FetchMessages::serverMessage(m_body, m_settings.apiKey);
    result.message = FetchMessages::forHttpStatus(httpStatus, m_callId, said);
    if (!RetryPolicy::shouldRetry(httpStatus, reply->rawHeader("x-should-retry"))) {
        finish(result);
        return;
    }
    const std::optional<int> serverDelay
        = RetryPolicy::serverDelayMs(reply->rawHeader("retry-after-ms"),
                                     reply->rawHeader("retry-after"));
    retryOrFail(result, FetchMessages::retryReasonForHttp(httpStatus), serverDelay.value_or(-1));
}

void FetchJob::retryOrFail(FetchResult failure, const QString &retryReasonPrefix, int serverDelayMs)
{
    if (m_tries >= RetryPolicy::MaxTries) {
        failure.message += FetchMessages::triesSuffix(m_tries);
        finish(failure);
        return;
    }
    const int delayMs = serverDelayMs >= 0
                            ? serverDelayMs
                            : RetryPolicy::backoffDelayMs(m_tries - 1, RetryPolicy::randomJitter());
    const QString reason = QStringLiteral("%1; retrying in %2\u2026")
                               .arg(retryReasonPrefix, FetchMessages::seconds(delayMs));
    qCDebug(lcApi) << "retry" << m_tries + 1 << "in" << delayMs << "ms";
    m_retryTimer.start(delayMs);
    // A slot may cancel() here; the timer is stopped with it.
    emit retryScheduled(m_tries + 1, RetryPolicy::MaxTries, delayMs, reason);
}

void FetchJob::parseInBackground(FetchResult result)
{
    // A long call takes a fifth of a second or more to parse: never on the thread that paints.
    // The reply is done with; cancel() still ends the job at once, and the parse's late answer
    // is then ignored.
    detachReply();
    connect(&m_parsing, &QFutureWatcher<CallParseResult>::finished, this, [this, result]() mutable {
        if (m_finished)
            return;
        CallParseResult parsed = m_parsing.future().takeResult();
        result.status = parsed.isValid() ? FetchResult::Status::Ok
                                         : FetchResult::Status::InvalidResponse;
        result.message = parsed.error.message;
        result.call = std::move(parsed.call);
        result.warnings = parsed.warnings;
        finish(std::move(result));
    });
    m_parsing.setFuture(QtConcurrent::run([body = m_body] { return CallParser::parse(body); }));
}

void FetchJob::finish(FetchResult result)
{
    detachReply();
    m_retryTimer.stop();
    m_finished = true;
    qCDebug(lcApi) << "fetch of" << m_callId << "finished:" << static_cast<int>(result.status);
    // Always from the event loop: callers connect after fetchCall() returns, and a slot that
    // cancels or fetches again is never re-entered.
    QMetaObject::invokeMethod(
        this,
        [this, result] {
            emit finished(result);
            deleteLater();
        },
        Qt::QueuedConnection);
}

void FetchJob::detachReply()
{
    QNetworkReply *reply = std::exchange(m_reply, nullptr);
    if (!reply)
        return;
    disconnect(reply, nullptr, this, nullptr);
    reply->abort();
    reply->deleteLater();
}

} // namespace Revox
