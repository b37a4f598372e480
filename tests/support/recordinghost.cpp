#include "recordinghost.h"

#include <QTcpSocket>

namespace Revox::Test {

RecordingHost::RecordingHost(QObject *parent)
    : QTcpServer(parent)
{
    connect(this, &QTcpServer::newConnection, this, [this] {
        while (QTcpSocket *socket = nextPendingConnection())
            serve(socket);
    });
}

bool RecordingHost::start()
{
    return listen(QHostAddress::LocalHost, 0);
}

QUrl RecordingHost::url(const QString &path) const
{
    return QUrl(QStringLiteral("http://127.0.0.1:%1%2").arg(serverPort()).arg(path));
}

void RecordingHost::setRoute(const QByteArray &path, const Route &route)
{
    m_routes.insert(path, route);
}

void RecordingHost::serve(QTcpSocket *socket)
{
    connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
    connect(socket, &QTcpSocket::readyRead, socket, [this, socket] {
        if (socket->property("closing").toBool())
            return;
        QByteArray head = socket->property("head").toByteArray() + socket->readAll();
        const qsizetype end = head.indexOf("\r\n\r\n");
        socket->setProperty("head", end < 0 ? head : head.mid(end + 4));
        if (end < 0)
            return;
        const QList<QByteArray> lines = head.left(end).split('\n');
        const QList<QByteArray> requestLine = lines.constFirst().trimmed().split(' ');
        Request request;
        request.method = requestLine.value(0);
        request.path = requestLine.value(1);
        for (qsizetype i = 1; i < lines.size(); ++i) {
            const qsizetype colon = lines.at(i).indexOf(':');
            if (colon > 0)
                request.headers.insert(lines.at(i).left(colon).trimmed().toLower(),
                                       lines.at(i).mid(colon + 1).trimmed());
        }
        m_requests.append(request);
        answer(socket, request);
    });
}

void RecordingHost::answer(QTcpSocket *socket, const Request &request)
{
    const auto route = m_routes.constFind(request.path);
    if (route == m_routes.cend()) {
        socket->write("HTTP/1.1 404 Not Found\r\nContent-Length: 9\r\n\r\nnot found");
        return;
    }
    QByteArray response = "HTTP/1.1 " + QByteArray::number(route->status) + " Status\r\n";
    response += "Content-Type: " + route->contentType + "\r\n";
    if (!route->location.isEmpty())
        response += "Location: " + route->location + "\r\n";
    response += "Content-Length: " + QByteArray::number(route->body.size()) + "\r\n";
    response += "\r\n";
    socket->write(response);
    if (route->stall) {
        socket->setProperty("closing", true);
        return; // keep the socket open and silent
    }
    if (route->dropAfter >= 0) {
        socket->setProperty("closing", true);
        // A clean close before Content-Length is reached: the client has a truncated body.
        socket->write(route->body.left(route->dropAfter));
        socket->disconnectFromHost();
        return;
    }
    socket->write(route->body); // and keep the connection alive, as real hosts do
}

} // namespace Revox::Test
