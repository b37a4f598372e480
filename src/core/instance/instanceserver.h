#pragma once

#include "core/instance/instanceprotocol.h"

#include <QObject>

class QLocalServer;
class QLocalSocket;

namespace Revox {

// The running window's end of the single-instance hand-off: listens on a private local socket
// and emits each valid request; the app decides what opening it means. Peers are never trusted:
// every line is size-capped and checked, a peer that sends nothing is dropped after a timeout,
// and only a few peers are served at a time, so no peer can stall or crash the window.
class InstanceServer final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(InstanceServer)

public:
    enum class ListenResult {
        Listening,
        AnotherIsRunning, // a live instance owns the socket: it is left alone
        Failed,
    };

    // Peers served at once; more are dropped at once.
    static constexpr int MaxPeers = 8;
    static constexpr int DefaultReadTimeoutMs = 2000;

    explicit InstanceServer(QObject *parent = nullptr);
    ~InstanceServer() override;

    // Listens at `socketPath` (InstanceLocation::socketPath() in the app). A socket file left by
    // a crashed instance is removed first; one that answers belongs to a running window.
    ListenResult listen(const QString &socketPath);
    // Stops serving and removes the socket: later starts open a window of their own.
    void close();

    // For tests: whether and where it serves, and how long a peer may take to send its line.
    bool isListening() const;
    QString socketPath() const;
    void setReadTimeout(int ms) { m_readTimeoutMs = ms; }

signals:
    // A request that passed InstanceProtocol::check, already answered with {"ok":true}.
    void requestReceived(const Revox::InstanceRequest &request);

private:
    void acceptPeers();
    void readFrom(QLocalSocket *peer);
    void answer(QLocalSocket *peer, const InstanceRefusal &refusal);

    QLocalServer *m_server;
    int m_readTimeoutMs = DefaultReadTimeoutMs;
    int m_peers = 0;
};

} // namespace Revox
