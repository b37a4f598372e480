#pragma once

#include "fakerevoxserver.h"

#include <QObject>

#include <functional>

class QTcpSocket;

namespace Revox {

// One client connection of the fake server: reads one HTTP/1.1 request, records it, and answers
// as the handler says, including the misbehaviours (stall, truncation, endless stream).
class FakeHttpConnection final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(FakeHttpConnection)

public:
    using Handler = std::function<ScriptedResponse(const RecordedRequest &)>;

    FakeHttpConnection(QTcpSocket *socket, bool otherOrigin, Handler handler, QObject *parent);

private:
    void onReadyRead();
    void deliver(const ScriptedResponse &response);
    void writeStream();

    QTcpSocket *m_socket;
    bool m_otherOrigin;
    Handler m_handler;
    QByteArray m_buffer;
    bool m_gotRequest = false;
    bool m_headOnly = false;
    qint64 m_streamLeft = 0;
};

} // namespace Revox
