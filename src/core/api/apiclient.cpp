#include "core/api/apiclient.h"

#include "core/api/callreference.h"
#include "core/api/fetchmessages.h"
#include "core/api/retrypolicy.h"
#include "core/call/callparser.h"
#include "core/common/corelogging.h"

#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#if QT_CONFIG(ssl)
#include <QSslError>
#endif

namespace Revox {

namespace {

bool sameOrigin(const QUrl &a, const QUrl &b)
{
    const QString scheme = a.scheme().toLower();
    const int defaultPort = scheme == QLatin1String("https") ? 443 : 80;
    return scheme == b.scheme().toLower() && a.host().toLower() == b.host().toLower()
           && a.port(defaultPort) == b.port(defaultPort);
}

bool isPrintableAscii(const QString &text)
{
    return std::all_of(text.cbegin(), text.cend(), [](QChar c) {
        return c.unicode() > 0x20 && c.unicode() < 0x7F;
    });
}

} // namespace

ApiClient::ApiClient(QObject *parent)
    : QObject(parent)
    , m_network(new QNetworkAccessManager(this))
{
    qRegisterMetaType<Revox::FetchResult>();
    // Redirects are followed by hand, so the key can never ride along to another origin.
    m_network->setRedirectPolicy(QNetworkRequest::ManualRedirectPolicy);
    m_stallTimer.setSingleShot(true);
    m_retryTimer.setSingleShot(true);
    // A coarse timer may fire up to 5% early, which would cut short a wait the server asked for.
    m_retryTimer.setTimerType(Qt::PreciseTimer);
    connect(&m_stallTimer, &QTimer::timeout, this, &ApiClient::onStalled);
    connect(&m_retryTimer, &QTimer::timeout, this, &ApiClient::startTry);
}

ApiClient::~ApiClient()
{
    detachReply();
}

void ApiClient::setSettings(const ApiSettings &settings)
{
    m_settings = settings;
}

ApiSettings ApiClient::settings() const
{
    return m_settings;
}

bool ApiClient::isBusy() const
{
    return m_request.has_value();
}

QByteArray ApiClient::userAgent()
{
    return QByteArrayLiteral("revox-inspector/" REVOX_VERSION);
}

FetchResult ApiClient::resultTemplate() const
{
    FetchResult result;
    if (m_request) {
        result.callId = m_request->callId;
        result.tries = m_request->tries;
    }
    return result;
}

quint64 ApiClient::fetchCall(const QString &reference)
{
    if (m_request) {
        qCDebug(lcApi) << "request" << m_request->id << "superseded";
        detachReply();
        m_request.reset();
    }
    m_stallTimer.stop();
    m_retryTimer.stop();

    Request request;
    request.id = ++m_lastId;
    request.settings = m_settings;
    // Zero or negative limits would fail every fetch at once; they mean "not set".
    if (request.settings.timeoutMs <= 0)
        request.settings.timeoutMs = ApiSettings().timeoutMs;
    if (request.settings.maxBodyBytes <= 0)
        request.settings.maxBodyBytes = ApiSettings::DefaultMaxBodyBytes;
    m_request = request;

    const CallReference ref = CallReference::parse(reference);
    FetchResult failure;
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
    m_request->callId = ref.id;
    if (!failure.message.isEmpty()) {
        failure.callId = ref.id;
        failNow(failure);
        return m_request->id;
    }

    qCDebug(lcApi) << "request" << m_request->id << "for call" << ref.id;
    startTry();
    return request.id;
}

// Errors found before any request is sent still arrive through finished(), after fetchCall()
// returned, so callers handle every outcome in one place and already know the id.
void ApiClient::failNow(FetchResult result)
{
    const quint64 id = m_request->id;
    QMetaObject::invokeMethod(
        this,
        [this, id, result] {
            if (m_request && m_request->id == id && !m_request->reply && m_request->tries == 0)
                finish(result);
        },
        Qt::QueuedConnection);
}

void ApiClient::cancel()
{
    if (!m_request)
        return;
    FetchResult result = resultTemplate();
    result.status = FetchResult::Status::Cancelled;
    result.message = QStringLiteral("Cancelled.");
    qCDebug(lcApi) << "request" << m_request->id << "cancelled";
    finish(result);
}

void ApiClient::startTry()
{
    Request &r = *m_request;
    ++r.tries;
    r.redirects = 0;
    r.url = r.settings.callUrl(r.callId);
    sendRequest();
}

void ApiClient::sendRequest()
{
    Request &r = *m_request;
    r.body.clear();
    r.timedOut = false;
    r.tooLarge = false;
    r.tlsErrors.clear();

    QNetworkRequest request(r.url);
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute,
                         QNetworkRequest::ManualRedirectPolicy);
    request.setAttribute(QNetworkRequest::CacheLoadControlAttribute, QNetworkRequest::AlwaysNetwork);
    request.setAttribute(QNetworkRequest::CookieLoadControlAttribute, QNetworkRequest::Manual);
    request.setAttribute(QNetworkRequest::CookieSaveControlAttribute, QNetworkRequest::Manual);
    request.setRawHeader("Accept", "application/json");
    request.setRawHeader("User-Agent", userAgent());
    if (sameOrigin(r.url, r.settings.baseUrl))
        request.setRawHeader("Authorization", "Bearer " + r.settings.apiKey.toLatin1());

    qCDebug(lcApi) << "GET" << r.url.toDisplayString() << "try" << r.tries << "of"
                   << RetryPolicy::MaxTries;
    r.reply = m_network->get(request);
    connect(r.reply, &QNetworkReply::readyRead, this, &ApiClient::onReadyRead);
    connect(r.reply, &QNetworkReply::metaDataChanged, this, &ApiClient::onMetaDataChanged);
    connect(r.reply, &QNetworkReply::downloadProgress, this, [this] { m_stallTimer.start(); });
    connect(r.reply, &QNetworkReply::finished, this, &ApiClient::onReplyFinished);
#if QT_CONFIG(ssl)
    // Only recorded for the message: the errors are never ignored, so the reply then fails.
    connect(r.reply, &QNetworkReply::sslErrors, this, [this](const QList<QSslError> &errors) {
        QStringList texts;
        for (const QSslError &error : errors)
            texts << error.errorString();
        m_request->tlsErrors = texts.join(QStringLiteral("; "));
    });
#endif
    m_stallTimer.start(r.settings.timeoutMs);
}

void ApiClient::onMetaDataChanged()
{
    m_stallTimer.start();
    Request &r = *m_request;
    const QVariant length = r.reply->header(QNetworkRequest::ContentLengthHeader);
    if (length.isValid() && length.toLongLong() > r.settings.maxBodyBytes) {
        qCDebug(lcApi) << "declared length" << length.toLongLong() << "over the cap";
        r.tooLarge = true;
        r.reply->abort();
    }
}

void ApiClient::onReadyRead()
{
    m_stallTimer.start();
    Request &r = *m_request;
    r.body += r.reply->readAll();
    if (r.body.size() > r.settings.maxBodyBytes) {
        r.body.truncate(r.settings.maxBodyBytes);
        r.tooLarge = true;
        r.reply->abort();
    }
}

void ApiClient::onStalled()
{
    if (!m_request || !m_request->reply)
        return;
    qCDebug(lcApi) << "no bytes for" << m_request->settings.timeoutMs << "ms";
    m_request->timedOut = true;
    m_request->reply->abort();
}

void ApiClient::onReplyFinished()
{
    m_stallTimer.stop();
    Request &r = *m_request;
    QNetworkReply *reply = r.reply;
    r.reply = nullptr;
    disconnect(reply, nullptr, this, nullptr);
    reply->deleteLater();

    if (!r.tooLarge && reply->error() != QNetworkReply::OperationCanceledError) {
        r.body += reply->readAll();
        if (r.body.size() > r.settings.maxBodyBytes) {
            r.body.truncate(r.settings.maxBodyBytes);
            r.tooLarge = true;
        }
    }

    const QString host = r.settings.displayHost();
    const int httpStatus = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const QNetworkReply::NetworkError error = reply->error();
    qCDebug(lcApi) << "answer: status" << httpStatus << "error" << error << "bytes"
                   << r.body.size();

    FetchResult result = resultTemplate();
    result.httpStatus = httpStatus;
    result.body = r.body;

    if (r.tooLarge) {
        result.status = FetchResult::Status::TooLarge;
        result.message = FetchMessages::tooLarge(host, r.settings.maxBodyBytes);
        finish(result);
    } else if (r.timedOut || error == QNetworkReply::TimeoutError) {
        result.status = FetchResult::Status::Timeout;
        result.message = FetchMessages::timeout(host, r.settings.timeoutMs);
        retryOrFail(result, result.message.chopped(1), -1);
    } else if (error == QNetworkReply::SslHandshakeFailedError) {
        result.status = FetchResult::Status::TlsError;
        result.message = FetchMessages::tlsFailure(host,
                                                   r.tlsErrors.isEmpty() ? reply->errorString()
                                                                         : r.tlsErrors);
        finish(result);
    } else if (httpStatus == 0 || (httpStatus < 300 && error != QNetworkReply::NoError)) {
        // No answer at all, or the connection broke in the middle of a successful one.
        result.status = FetchResult::Status::ConnectionError;
        const QString what = FetchMessages::connectionProblem(error,
                                                              host,
                                                              httpStatus != 0,
                                                              r.body.size(),
                                                              reply->errorString());
        result.message = what + QStringLiteral(". Check your network connection and the base URL.");
        retryOrFail(result, what, -1);
    } else if (httpStatus >= 300 && httpStatus < 400) {
        handleRedirect(reply, result);
    } else if (httpStatus >= 200 && httpStatus < 300) {
        const CallParseResult parsed = CallParser::parse(r.body);
        result.status = parsed.isValid() ? FetchResult::Status::Ok
                                         : FetchResult::Status::InvalidResponse;
        result.message = parsed.error.message;
        result.call = parsed.call;
        result.warnings = parsed.warnings;
        finish(result);
    } else {
        handleHttpError(reply, result);
    }
}

void ApiClient::handleRedirect(QNetworkReply *reply, FetchResult result)
{
    Request &r = *m_request;
    const QUrl location = reply->attribute(QNetworkRequest::RedirectionTargetAttribute).toUrl();
    const QUrl target = r.url.resolved(location);
    const bool sameSite = sameOrigin(target, r.settings.baseUrl);
    if (location.isValid() && !location.isEmpty() && sameSite && r.redirects < MaxRedirects) {
        ++r.redirects;
        r.url = target;
        qCDebug(lcApi) << "following same-origin redirect" << result.httpStatus;
        sendRequest();
        return;
    }
    result.status = FetchResult::Status::OtherHttpError;
    if (location.isEmpty() || !location.isValid())
        result.message = FetchMessages::redirectNowhere(result.httpStatus);
    else if (!sameSite)
        result.message = FetchMessages::crossOriginRedirect(target);
    else
        result.message = FetchMessages::tooManyRedirects(MaxRedirects);
    finish(result);
}

void ApiClient::handleHttpError(QNetworkReply *reply, FetchResult result)
{
    const Request &r = *m_request;
    const int httpStatus = result.httpStatus;
    result.status = FetchMessages::statusForHttp(httpStatus);
    const QString said = FetchMessages::serverMessage(r.body, r.settings.apiKey);
    result.message = FetchMessages::forHttpStatus(httpStatus, r.callId, said);
    if (!RetryPolicy::shouldRetry(httpStatus, reply->rawHeader("x-should-retry"))) {
        finish(result);
        return;
    }
    const std::optional<int> serverDelay
        = RetryPolicy::serverDelayMs(reply->rawHeader("retry-after-ms"),
                                     reply->rawHeader("retry-after"));
    retryOrFail(result, FetchMessages::retryReasonForHttp(httpStatus), serverDelay.value_or(-1));
}

void ApiClient::retryOrFail(FetchResult failure, const QString &retryReasonPrefix, int serverDelayMs)
{
    Request &r = *m_request;
    if (r.tries >= RetryPolicy::MaxTries) {
        failure.message += FetchMessages::triesSuffix(r.tries);
        finish(failure);
        return;
    }
    const int delayMs = serverDelayMs >= 0
                            ? serverDelayMs
                            : RetryPolicy::backoffDelayMs(r.tries - 1, RetryPolicy::randomJitter());
    const QString reason = QStringLiteral("%1; retrying in %2\u2026")
                               .arg(retryReasonPrefix, FetchMessages::seconds(delayMs));
    qCDebug(lcApi) << "retry" << r.tries + 1 << "in" << delayMs << "ms";
    const quint64 id = r.id;
    const int nextTry = r.tries + 1;
    m_retryTimer.start(delayMs);
    // A slot may cancel or start another fetch here; the timer is stopped with it.
    emit retryScheduled(id, nextTry, RetryPolicy::MaxTries, delayMs, reason);
}

void ApiClient::finish(FetchResult result)
{
    detachReply();
    m_stallTimer.stop();
    m_retryTimer.stop();
    const quint64 id = m_request->id;
    if (result.tries == 0)
        result.tries = m_request->tries;
    if (result.callId.isEmpty())
        result.callId = m_request->callId;
    m_request.reset();
    qCDebug(lcApi) << "request" << id << "finished:" << static_cast<int>(result.status);
    emit finished(id, result);
}

void ApiClient::detachReply()
{
    if (!m_request || !m_request->reply)
        return;
    QNetworkReply *reply = m_request->reply;
    m_request->reply = nullptr;
    disconnect(reply, nullptr, this, nullptr);
    reply->abort();
    reply->deleteLater();
}

} // namespace Revox
