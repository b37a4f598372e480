#include "fakehttpconnection.h"

#include <QTcpSocket>
#include <QTimer>

namespace Revox {

namespace {

constexpr qsizetype MaxHeadBytes = 64 * 1024;
constexpr qint64 StreamChunk = 64 * 1024;
constexpr qint64 StreamBacklog = 256 * 1024;

QByteArray reasonPhrase(int status)
{
    switch (status) {
    case 200:
        return "OK";
    case 206:
        return "Partial Content";
    case 301:
        return "Moved Permanently";
    case 302:
        return "Found";
    case 307:
        return "Temporary Redirect";
    case 400:
        return "Bad Request";
    case 401:
        return "Unauthorized";
    case 403:
        return "Forbidden";
    case 404:
        return "Not Found";
    case 405:
        return "Method Not Allowed";
    case 408:
        return "Request Timeout";
    case 409:
        return "Conflict";
    case 416:
        return "Range Not Satisfiable";
    case 422:
        return "Unprocessable Entity";
    case 429:
        return "Too Many Requests";
    case 431:
        return "Request Header Fields Too Large";
    case 500:
        return "Internal Server Error";
    case 502:
        return "Bad Gateway";
    case 503:
        return "Service Unavailable";
    default:
        return "Status";
    }
}

bool hasHeader(const ScriptedResponse &response, const QByteArray &name)
{
    for (const auto &[key, value] : response.headers) {
        if (key.compare(name, Qt::CaseInsensitive) == 0)
            return true;
    }
    return false;
}

} // namespace

FakeHttpConnection::FakeHttpConnection(QTcpSocket *socket,
                                       bool otherOrigin,
                                       Handler handler,
                                       QObject *parent)
    : QObject(parent)
    , m_socket(socket)
    , m_otherOrigin(otherOrigin)
    , m_handler(std::move(handler))
{
    m_socket->setParent(this);
    connect(m_socket, &QTcpSocket::readyRead, this, &FakeHttpConnection::onReadyRead);
    connect(m_socket, &QTcpSocket::disconnected, this, &QObject::deleteLater);
    connect(m_socket, &QTcpSocket::bytesWritten, this, &FakeHttpConnection::writeStream);
    if (m_socket->bytesAvailable() > 0)
        onReadyRead();
}

void FakeHttpConnection::onReadyRead()
{
    if (m_gotRequest) {
        m_socket->readAll(); // one request per connection; a GET has no body worth reading
        return;
    }
    m_buffer += m_socket->readAll();
    const qsizetype headEnd = m_buffer.indexOf("\r\n\r\n");
    if (headEnd < 0) {
        if (m_buffer.size() > MaxHeadBytes) {
            m_gotRequest = true;
            deliver(ScriptedResponse{431, {}, "{\"error\":\"Request headers too large\"}"});
        }
        return;
    }
    m_gotRequest = true;

    const QList<QByteArray> lines = m_buffer.left(headEnd).split('\n');
    const QList<QByteArray> requestLine = lines.value(0).trimmed().split(' ');
    RecordedRequest request;
    request.method = requestLine.value(0);
    request.path = requestLine.value(1);
    request.otherOrigin = m_otherOrigin;
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const QByteArray line = lines.at(i).trimmed();
        const qsizetype colon = line.indexOf(':');
        if (colon <= 0)
            continue;
        const QByteArray name = line.left(colon).trimmed().toLower();
        const QByteArray value = line.mid(colon + 1).trimmed();
        const QByteArray previous = request.headers.value(name);
        request.headers.insert(name, previous.isEmpty() ? value : previous + ", " + value);
    }
    m_headOnly = request.method == "HEAD";

    const ScriptedResponse response = m_handler(request);
    if (response.delayMs > 0)
        QTimer::singleShot(response.delayMs, this, [this, response] { deliver(response); });
    else
        deliver(response);
}

void FakeHttpConnection::deliver(const ScriptedResponse &response)
{
    if (response.delivery == ScriptedResponse::Delivery::Stall)
        return; // keep the connection open and silent; the client's timeout must end it

    QByteArray head = "HTTP/1.1 " + QByteArray::number(response.status) + ' '
                      + reasonPhrase(response.status) + "\r\n";
    for (const auto &[name, value] : response.headers)
        head += name + ": " + value + "\r\n";
    if (!hasHeader(response, "content-type"))
        head += "Content-Type: application/json\r\n";
    if (response.delivery != ScriptedResponse::Delivery::Stream
        && !hasHeader(response, "content-length")) {
        head += "Content-Length: " + QByteArray::number(response.body.size()) + "\r\n";
    }
    head += "Connection: close\r\n\r\n";
    m_socket->write(head);

    if (m_headOnly) {
        m_socket->disconnectFromHost();
        return;
    }
    switch (response.delivery) {
    case ScriptedResponse::Delivery::Normal:
        m_socket->write(response.body);
        m_socket->disconnectFromHost();
        break;
    case ScriptedResponse::Delivery::Truncated:
        m_socket->write(response.body.left(response.body.size() / 2));
        m_socket->flush();
        // Closing outright (not a graceful end of a complete body) is what a dropped link does.
        m_socket->disconnectFromHost();
        break;
    case ScriptedResponse::Delivery::StallMidBody:
        m_socket->write(response.body.left(response.body.size() / 2));
        break;
    case ScriptedResponse::Delivery::Stream:
        m_socket->write(response.body);
        m_streamLeft = response.streamBytes - response.body.size();
        writeStream();
        break;
    case ScriptedResponse::Delivery::Stall:
        break;
    }
}

// Endless answers are written a little at a time as the client reads, so an 80 MiB scenario costs
// the server a few hundred KiB of memory and stops as soon as the client hangs up.
void FakeHttpConnection::writeStream()
{
    if (m_streamLeft <= 0)
        return;
    while (m_streamLeft > 0 && m_socket->bytesToWrite() < StreamBacklog
           && m_socket->state() == QAbstractSocket::ConnectedState) {
        const qint64 chunk = std::min(StreamChunk, m_streamLeft);
        m_socket->write(QByteArray(chunk, 'x'));
        m_streamLeft -= chunk;
    }
    if (m_streamLeft <= 0)
        m_socket->disconnectFromHost();
}

} // namespace Revox
