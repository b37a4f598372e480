#include "core/recording/recordingdownloader.h"

#include "core/common/networkpolicy.h"
#include "core/common/retrypolicy.h"
#include "core/common/safefilewriter.h"
#include "core/recording/recordinglink.h"
#include "core/recording/recordinglogging.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QLocale>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QPointer>
#include <QTimer>

#include <optional>

namespace Revox {

using Status = RecordingDownload::Status;

struct RecordingDownloader::Transfer
{
    quint64 id = 0;
    QPointer<QNetworkReply> reply;
    // Saves go through the app's one checked writer: Qt 6.4's QSaveFile alone renames a short file
    // over the user's when the final flush fails on a full disk.
    std::unique_ptr<SafeFileWriter> file;
    RecordingDownload result;
    qint64 total = -1;
    int redirects = 0;
    QUrl link;     // where each try starts (redirects are followed again on every try)
    int tries = 1; // the API's RetryPolicy: 3 tries for what another try can fix
    // Set when this class aborts the reply itself, so onFinished() reports why.
    std::optional<Status> abortStatus;
    QString abortMessage;
};

namespace {

int httpStatusOf(const QNetworkReply *reply)
{
    return reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
}

// Qt's own errorString() quotes the full URL (with a signed link's credentials): name the host.
QString connectionErrorMessage(QNetworkReply::NetworkError error, const QString &host)
{
    const auto tr = [](const char *text) {
        return QCoreApplication::translate("Revox::RecordingDownloader", text);
    };
    switch (error) {
    case QNetworkReply::ConnectionRefusedError:
        return tr("The recording's host (%1) refused the connection.").arg(host);
    case QNetworkReply::HostNotFoundError:
        return tr("The recording's host (%1) was not found. Check the network connection.").arg(host);
    case QNetworkReply::RemoteHostClosedError:
        return tr("The recording's host (%1) closed the connection.").arg(host);
    case QNetworkReply::TimeoutError:
        return tr("The recording's host (%1) did not answer in time.").arg(host);
    case QNetworkReply::TemporaryNetworkFailureError:
    case QNetworkReply::NetworkSessionFailedError:
        return tr("The network is not available.");
    case QNetworkReply::ProxyConnectionRefusedError:
    case QNetworkReply::ProxyConnectionClosedError:
    case QNetworkReply::ProxyNotFoundError:
    case QNetworkReply::ProxyTimeoutError:
    case QNetworkReply::ProxyAuthenticationRequiredError:
        return tr("The network proxy did not let the recording through.");
    default:
        return tr("The recording could not be downloaded (network error %1).").arg(int(error));
    }
}

QString sizeText(qint64 bytes)
{
    return QLocale().formattedDataSize(bytes);
}

// Names the cause ("No space left on the device. Free some space there, …"), never Qt's
// "Unknown error".
QString saveFailureMessage(const SafeFileWriter &file)
{
    return QCoreApplication::translate("Revox::RecordingDownloader",
                                       "Could not save the recording to %1: %2")
        .arg(QDir::toNativeSeparators(file.path()), file.error().text());
}

} // namespace

RecordingDownloader::RecordingDownloader(QObject *parent)
    : QObject(parent)
    , m_network(std::make_unique<QNetworkAccessManager>())
{
    // The manager stays dedicated to recordings: no cache, no proxy authentication handlers and
    // no authenticationRequired() slot, so a 401 from a host can never be answered with secrets.
    NetworkPolicy::configure(*m_network);
}

RecordingDownloader::~RecordingDownloader()
{
    if (m_transfer && m_transfer->reply) {
        m_transfer->reply->disconnect(this);
        m_transfer->reply->abort();
    }
}

void RecordingDownloader::setMaximumSize(qint64 bytes)
{
    m_maximumSize = bytes;
}

void RecordingDownloader::setTransferTimeout(int milliseconds)
{
    m_transferTimeoutMs = milliseconds;
}

quint64 RecordingDownloader::fetch(const QUrl &url)
{
    return start(url, QString());
}

quint64 RecordingDownloader::saveTo(const QUrl &url, const QString &path)
{
    return start(url, path);
}

bool RecordingDownloader::isBusy() const
{
    return m_transfer != nullptr;
}

void RecordingDownloader::cancel()
{
    if (!m_transfer)
        return;
    std::unique_ptr<Transfer> transfer = std::move(m_transfer);
    if (transfer->reply) {
        transfer->reply->disconnect(this);
        transfer->reply->abort();
        transfer->reply->deleteLater();
    }
    if (transfer->file)
        transfer->file->cancel();
    transfer->result.status = Status::Cancelled;
    transfer->result.message = tr("The download was cancelled.");
    transfer->result.data.clear();
    complete(transfer->id, std::move(transfer->result));
}

quint64 RecordingDownloader::start(const QUrl &url, const QString &path)
{
    cancel();
    m_transfer = std::make_unique<Transfer>();
    m_transfer->id = ++m_lastId;
    m_transfer->result.url = url;
    const quint64 id = m_transfer->id;

    const RecordingLink link = RecordingLink::fromApi(url.toString(QUrl::FullyEncoded));
    if (!link.canOpen()) {
        fail(Status::Refused,
             link.kind == RecordingLink::Kind::None ? tr("There is no recording to download.")
                                                    : link.message);
        return id;
    }
    if (!path.isEmpty()) {
        // Opened before the download starts, so a FIFO or device is refused before any request.
        m_transfer->file = std::make_unique<SafeFileWriter>(path);
        if (!m_transfer->file->open()) {
            fail(Status::WriteError, saveFailureMessage(*m_transfer->file));
            return id;
        }
    }
    m_transfer->link = link.url;
    if (link.kind == RecordingLink::Kind::Resource)
        readResource(link.url);
    else
        startNetwork(link.url);
    return id;
}

void RecordingDownloader::readResource(const QUrl &url)
{
    QFile resource(QLatin1Char(':') + url.path());
    if (!resource.open(QIODevice::ReadOnly)) {
        fail(Status::Gone, tr("The bundled recording %1 is missing.").arg(url.path()));
        return;
    }
    RecordingDownload &result = m_transfer->result;
    result.data = resource.readAll();
    result.size = result.data.size();
    if (url.path().endsWith(QLatin1String(".ogg")))
        result.contentType = "audio/ogg";
    if (m_transfer->file) {
        if (!m_transfer->file->write(result.data) || !m_transfer->file->commit()) {
            fail(Status::WriteError, saveFailureMessage(*m_transfer->file));
            return;
        }
        result.savedPath = m_transfer->file->path();
        result.data.clear();
    }
    const quint64 transferId = m_transfer->id;
    const qint64 size = result.size;
    QMetaObject::invokeMethod(
        this,
        [this, transferId, size] { emit progress(transferId, size, size); },
        Qt::QueuedConnection);
    std::unique_ptr<Transfer> transfer = std::exchange(m_transfer, {});
    complete(transfer->id, std::move(transfer->result));
}

void RecordingDownloader::startNetwork(const QUrl &url)
{
    // Redirects are followed here rather than by Qt, so each hop is checked (scheme, count) and
    // each hop is a fresh request with nothing carried over.
    const QNetworkRequest request = NetworkPolicy::request(url, m_transferTimeoutMs);

    qCDebug(lcRecording) << "downloading recording from" << url.host();
    QNetworkReply *reply = m_network->get(request);
    m_transfer->reply = reply;
    connect(reply, &QNetworkReply::metaDataChanged, this, &RecordingDownloader::onMetaData);
    connect(reply, &QNetworkReply::readyRead, this, &RecordingDownloader::onReadyRead);
    connect(reply, &QNetworkReply::finished, this, &RecordingDownloader::onFinished);
}

void RecordingDownloader::onMetaData()
{
    QNetworkReply *reply = m_transfer ? m_transfer->reply.data() : nullptr;
    if (!reply || reply != sender())
        return;
    const int status = httpStatusOf(reply);
    if (status >= 300)
        return;
    const QVariant length = reply->header(QNetworkRequest::ContentLengthHeader);
    m_transfer->total = length.isValid() ? length.toLongLong() : -1;
    m_transfer->result.contentType = reply->header(QNetworkRequest::ContentTypeHeader).toByteArray();
    if (m_transfer->total > m_maximumSize) {
        m_transfer->abortStatus = Status::TooLarge;
        m_transfer->abortMessage = tr("The recording is %1, more than the %2 the app downloads.")
                                       .arg(sizeText(m_transfer->total), sizeText(m_maximumSize));
        reply->abort();
    }
}

void RecordingDownloader::onReadyRead()
{
    QNetworkReply *reply = m_transfer ? m_transfer->reply.data() : nullptr;
    if (!reply || reply != sender() || m_transfer->abortStatus)
        return;
    const QByteArray chunk = reply->readAll();
    // Error pages and redirect bodies are not the recording.
    if (httpStatusOf(reply) >= 300)
        return;
    RecordingDownload &result = m_transfer->result;
    result.size += chunk.size();
    if (result.size > m_maximumSize) {
        m_transfer->abortStatus = Status::TooLarge;
        m_transfer->abortMessage = tr("The recording is larger than the %1 the app downloads.")
                                       .arg(sizeText(m_maximumSize));
        reply->abort();
        return;
    }
    if (m_transfer->file) {
        if (!m_transfer->file->write(chunk)) {
            m_transfer->abortStatus = Status::WriteError;
            m_transfer->abortMessage = saveFailureMessage(*m_transfer->file);
            reply->abort();
            return;
        }
    } else {
        result.data.append(chunk);
    }
    emit progress(m_transfer->id, result.size, m_transfer->total);
}

void RecordingDownloader::onFinished()
{
    QNetworkReply *reply = m_transfer ? m_transfer->reply.data() : nullptr;
    if (!reply || reply != sender())
        return;
    reply->deleteLater();
    if (!m_transfer->abortStatus && reply->error() == QNetworkReply::NoError)
        onReadyRead(); // whatever is still buffered
    RecordingDownload &result = m_transfer->result;
    result.httpStatus = httpStatusOf(reply);
    result.url = reply->url();
    // Not errorString(): it quotes the whole URL, and signed links carry credentials.
    qCDebug(lcRecording) << "finished: HTTP" << result.httpStatus << reply->error();

    if (m_transfer->abortStatus) {
        fail(*m_transfer->abortStatus, m_transfer->abortMessage);
        return;
    }
    if (followRedirect(reply))
        return;
    if (retryLater(reply))
        return;
    switch (reply->error()) {
    case QNetworkReply::ProtocolUnknownError:
    case QNetworkReply::InsecureRedirectError:
    case QNetworkReply::TooManyRedirectsError:
        // Not expected with manual redirects, but never let them pass as a connection problem.
        fail(Status::UnsafeRedirect,
             tr("The recording's host redirected somewhere the app does not follow."));
        return;
    case QNetworkReply::OperationCanceledError:
        // Aborts of this class's own were handled above (abortStatus), and cancel() disconnects
        // first: this is the transfer timeout.
        if (NetworkPolicy::endedByTransferTimeout(reply->error(),
                                                  m_transfer->abortStatus.has_value())) {
            fail(Status::Timeout,
                 tr("The recording's host stopped sending data for %1 s.")
                     .arg(m_transferTimeoutMs / 1000.0, 0, 'g', 3));
            return;
        }
        break;
    case QNetworkReply::SslHandshakeFailedError:
        fail(Status::TlsError,
             tr("The recording's host could not prove its identity (%1).").arg(reply->errorString()));
        return;
    default:
        break;
    }
    const int status = result.httpStatus;
    if (status == 403 || status == 404 || status == 410) {
        fail(Status::Gone, tr("The recording is gone or its link expired (%1).").arg(status));
        return;
    }
    if (status > 0 && (status < 200 || status >= 300)) {
        const QString reason = reply->attribute(QNetworkRequest::HttpReasonPhraseAttribute)
                                   .toString();
        fail(Status::HttpError,
             reason.isEmpty()
                 ? tr("The recording's host answered HTTP %1.").arg(status)
                 : tr("The recording's host answered HTTP %1 (%2).").arg(status).arg(reason));
        return;
    }
    if (reply->error() != QNetworkReply::NoError && m_transfer->total > result.size) {
        fail(Status::ConnectionError,
             tr("The connection dropped before the whole recording arrived (%1 of %2).")
                 .arg(sizeText(result.size), sizeText(m_transfer->total)));
        return;
    }
    if (reply->error() != QNetworkReply::NoError) {
        fail(Status::ConnectionError, connectionErrorMessage(reply->error(), reply->url().host()));
        return;
    }
    if (m_transfer->total >= 0 && result.size != m_transfer->total) {
        fail(Status::ConnectionError,
             tr("The connection dropped before the whole recording arrived (%1 of %2).")
                 .arg(sizeText(result.size), sizeText(m_transfer->total)));
        return;
    }
    if (m_transfer->file) {
        if (!m_transfer->file->commit()) {
            fail(Status::WriteError, saveFailureMessage(*m_transfer->file));
            return;
        }
        result.savedPath = m_transfer->file->path();
    }
    qCDebug(lcRecording) << "recording downloaded:" << result.size << "bytes,"
                         << result.contentType;
    std::unique_ptr<Transfer> transfer = std::exchange(m_transfer, {});
    complete(transfer->id, std::move(transfer->result));
}

// The same rules as the API client's (RetryPolicy): a busy or failing host (408, 409, 429, 5xx,
// or what x-should-retry says), a connection that failed or stalled, is tried again after the
// wait the host asked for or a growing back-off, up to MaxTries. Only while nothing of the
// recording has arrived: a save streams into the user's file, and a retry must start it afresh.
bool RecordingDownloader::retryLater(QNetworkReply *reply)
{
    Transfer &transfer = *m_transfer;
    if (transfer.result.size > 0 || transfer.tries >= RetryPolicy::MaxTries)
        return false;
    const int status = httpStatusOf(reply);
    const QNetworkReply::NetworkError error = reply->error();
    const bool hostError = status > 0
                           && RetryPolicy::shouldRetry(status, reply->rawHeader("x-should-retry"));
    const bool noAnswer = status == 0
                          && (error == QNetworkReply::ConnectionRefusedError
                              || error == QNetworkReply::RemoteHostClosedError
                              || error == QNetworkReply::TimeoutError
                              || error == QNetworkReply::TemporaryNetworkFailureError
                              || error == QNetworkReply::NetworkSessionFailedError
                              || error == QNetworkReply::UnknownNetworkError
                              || NetworkPolicy::endedByTransferTimeout(error, false));
    if (!hostError && !noAnswer)
        return false;
    const std::optional<int> asked = RetryPolicy::serverDelayMs(reply->rawHeader("retry-after-ms"),
                                                                reply->rawHeader("retry-after"));
    const int delayMs = asked.value_or(
        RetryPolicy::backoffDelayMs(transfer.tries - 1, RetryPolicy::randomJitter()));
    ++transfer.tries;
    transfer.reply = nullptr; // finished; deleted later
    transfer.redirects = 0;
    transfer.total = -1;
    transfer.result = RecordingDownload{};
    transfer.result.url = transfer.link;
    qCDebug(lcRecording) << "recording: try" << transfer.tries << "in" << delayMs << "ms";
    const quint64 id = transfer.id;
    QTimer::singleShot(delayMs, this, [this, id] {
        // Cancelled, or replaced by another transfer, meanwhile: nothing to try again.
        if (m_transfer && m_transfer->id == id)
            startNetwork(m_transfer->link);
    });
    return true;
}

bool RecordingDownloader::followRedirect(QNetworkReply *reply)
{
    const QVariant location = reply->attribute(QNetworkRequest::RedirectionTargetAttribute);
    const int status = httpStatusOf(reply);
    if (!location.isValid() || status < 300 || status >= 400)
        return false;
    const QUrl target = reply->url().resolved(location.toUrl());
    if (++m_transfer->redirects > NetworkPolicy::MaxRedirects) {
        fail(Status::UnsafeRedirect,
             tr("The recording's host redirected more than %1 times.")
                 .arg(NetworkPolicy::MaxRedirects));
        return true;
    }
    if (!RecordingLink::isAllowedRedirect(target)) {
        fail(Status::UnsafeRedirect,
             tr("The recording's host redirected to a \"%1:\" address, which the app does not "
                "open.")
                 .arg(target.scheme().left(20)));
        return true;
    }
    qCDebug(lcRecording) << "recording redirected to" << target.host();
    QUrl next = target;
    next.setUserInfo(QString());
    m_transfer->result.size = 0;
    m_transfer->result.data.clear();
    m_transfer->total = -1;
    startNetwork(next);
    return true;
}

void RecordingDownloader::fail(Status status, const QString &message)
{
    std::unique_ptr<Transfer> transfer = std::exchange(m_transfer, {});
    if (transfer->file)
        transfer->file->cancel();
    if (transfer->reply) {
        transfer->reply->disconnect(this);
        transfer->reply->abort();
        transfer->reply->deleteLater();
    }
    qCDebug(lcRecording) << "recording download failed:" << message;
    transfer->result.status = status;
    transfer->result.message = message;
    transfer->result.data.clear();
    complete(transfer->id, std::move(transfer->result));
}

void RecordingDownloader::complete(quint64 id, RecordingDownload result)
{
    // Asynchronous always, so callers can connect after calling fetch() and are never re-entered.
    QMetaObject::invokeMethod(
        this,
        [this, id, result = std::move(result)] { emit finished(id, result); },
        Qt::QueuedConnection);
}

} // namespace Revox
