#include "core/instance/instanceserver.h"

#include "core/instance/instancelogging.h"

#include <QLocalServer>
#include <QLocalSocket>
#include <QLockFile>
#include <QTimer>

namespace Revox {

namespace {

constexpr int ProbeTimeoutMs = 500;
constexpr int LockTimeoutMs = 2000;

// Whether a live process accepts connections at `path`. A socket file from a crashed instance
// refuses at once (ECONNREFUSED).
bool isAnswering(const QString &path)
{
    QLocalSocket probe;
    probe.connectToServer(path);
    const bool answering = probe.waitForConnected(ProbeTimeoutMs);
    probe.abort();
    return answering;
}

} // namespace

InstanceServer::InstanceServer(QObject *parent)
    : QObject(parent)
    , m_server(new QLocalServer(this))
{
    qRegisterMetaType<InstanceRequest>();
    // Qt binds in a fresh folder, sets the socket to 0700 and then renames it into place, so no
    // other user can connect even for a moment; the folder around it is private too.
    m_server->setSocketOptions(QLocalServer::UserAccessOption);
    connect(m_server, &QLocalServer::newConnection, this, &InstanceServer::acceptPeers);
}

InstanceServer::~InstanceServer() = default;

InstanceServer::ListenResult InstanceServer::listen(const QString &socketPath)
{
    if (socketPath.isEmpty())
        return ListenResult::Failed;
    // Two windows started at once must not both decide the socket is stale and take turns
    // replacing it: the check and the listen happen under a lock (QLockFile clears a lock whose
    // process died).
    QLockFile lock(socketPath + QStringLiteral(".lock"));
    if (!lock.tryLock(LockTimeoutMs)) {
        qCWarning(lcInstance) << "cannot lock" << lock.error();
        return ListenResult::Failed;
    }
    // Asked before listening: with UserAccessOption, Qt's rename into place would silently
    // replace the socket of a live instance.
    if (isAnswering(socketPath)) {
        qCInfo(lcInstance) << "another instance is serving";
        return ListenResult::AnotherIsRunning;
    }
    if (!m_server->listen(socketPath)) {
        if (m_server->serverError() != QAbstractSocket::AddressInUseError) {
            qCWarning(lcInstance) << "cannot listen:" << m_server->errorString();
            return ListenResult::Failed;
        }
        // Nobody answered above, so the file is left over from a crashed instance.
        qCInfo(lcInstance) << "removing a stale socket";
        QLocalServer::removeServer(socketPath);
        if (!m_server->listen(socketPath)) {
            qCWarning(lcInstance) << "cannot listen:" << m_server->errorString();
            return ListenResult::Failed;
        }
    }
    qCInfo(lcInstance) << "serving at" << m_server->fullServerName();
    return ListenResult::Listening;
}

bool InstanceServer::isListening() const
{
    return m_server->isListening();
}

void InstanceServer::close()
{
    if (m_server->isListening())
        qCInfo(lcInstance) << "no longer serving";
    m_server->close();
}

QString InstanceServer::socketPath() const
{
    return m_server->fullServerName();
}

void InstanceServer::acceptPeers()
{
    while (QLocalSocket *peer = m_server->nextPendingConnection()) {
        if (m_peers >= MaxPeers) {
            qCWarning(lcInstance) << "too many peers at once; dropping one";
            peer->abort();
            peer->deleteLater();
            continue;
        }
        ++m_peers;
        // One byte over the limit is enough to know a line is too long; more is never held.
        peer->setReadBufferSize(InstanceRequest::MaxMessageBytes + 1);
        connect(peer, &QLocalSocket::readyRead, this, [this, peer] { readFrom(peer); });
        connect(peer, &QLocalSocket::disconnected, peer, &QObject::deleteLater);
        connect(peer, &QObject::destroyed, this, [this] { --m_peers; });
        // A peer that connects and says nothing (or too little) is dropped, not waited for.
        QTimer::singleShot(m_readTimeoutMs, peer, [peer] {
            qCWarning(lcInstance) << "a peer sent no request in time";
            peer->abort();
            peer->deleteLater();
        });
        if (peer->bytesAvailable() > 0)
            readFrom(peer);
    }
}

void InstanceServer::readFrom(QLocalSocket *peer)
{
    if (!peer->canReadLine()) {
        if (peer->bytesAvailable() > InstanceRequest::MaxMessageBytes) {
            qCWarning(lcInstance) << "refused a message over" << InstanceRequest::MaxMessageBytes
                                  << "bytes";
            answer(peer,
                   InstanceRefusal::badRequest(QStringLiteral("The message is over %1 bytes.")
                                                   .arg(InstanceRequest::MaxMessageBytes)));
        }
        return;
    }
    const QByteArray line = peer->readLine(InstanceRequest::MaxMessageBytes + 1);
    ParsedInstanceMessage parsed = InstanceProtocol::parseRequest(line);
    if (!parsed.refusal.isRefused())
        parsed.refusal = InstanceProtocol::check(parsed.request);
    if (parsed.refusal.isRefused()) {
        qCInfo(lcInstance) << "refused a request of" << line.size()
                           << "bytes:" << parsed.refusal.message;
        answer(peer, parsed.refusal);
        return;
    }
    answer(peer, {});
    emit requestReceived(parsed.request);
}

void InstanceServer::answer(QLocalSocket *peer, const InstanceRefusal &refusal)
{
    // One answer per connection; whatever else the peer sends is not read.
    disconnect(peer, &QLocalSocket::readyRead, this, nullptr);
    peer->write(InstanceProtocol::reply(refusal));
    // Out before the window starts opening the request, which may take a while.
    peer->flush();
    peer->disconnectFromServer();
}

} // namespace Revox
