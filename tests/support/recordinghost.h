#pragma once

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QTcpServer>
#include <QUrl>

namespace Revox::Test {

// A deliberately misbehaving recording host on 127.0.0.1 for the cases a well-behaved server
// cannot produce: connections dropped mid-body, stalls, redirects to other schemes. Real HTTP/1.1
// over real sockets, one request per connection.
class RecordingHost final : public QTcpServer
{
    Q_OBJECT

public:
    struct Route
    {
        int status = 200;
        QByteArray contentType = "audio/ogg";
        QByteArray body;
        QByteArray location;   // for redirects
        qint64 dropAfter = -1; // close the connection after this many body bytes
        bool stall = false;    // send the headers, then nothing
    };
    struct Request
    {
        QByteArray method;
        QByteArray path;
        QHash<QByteArray, QByteArray> headers; // lower-case names
    };

    explicit RecordingHost(QObject *parent = nullptr);
    bool start();
    QUrl url(const QString &path) const;
    void setRoute(const QByteArray &path, const Route &route);
    QList<Request> requests() const { return m_requests; }

private:
    void serve(QTcpSocket *socket);
    void answer(QTcpSocket *socket, const Request &request);

    QHash<QByteArray, Route> m_routes;
    QList<Request> m_requests;
};

} // namespace Revox::Test
