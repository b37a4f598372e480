#include "core/instance/instancehandoff.h"

#include "core/instance/instancelogging.h"
#include "core/instance/instanceserver.h"

#include <QDeadlineTimer>
#include <QElapsedTimer>
#include <QLocalSocket>

namespace Revox::InstanceHandoff {

namespace {

// Connecting to a local socket succeeds or fails at once; the wait only matters when the
// window's listen queue is full.
constexpr int ConnectTimeoutMs = 500;

} // namespace

Result tryHandOff(const InstanceRequest &request,
                  const QString &socketPath,
                  int timeoutMs,
                  const BeforeSending &beforeSending)
{
    if (socketPath.isEmpty())
        return {};
    const QByteArray message = request.toMessage();
    if (message.size() > InstanceRequest::MaxMessageBytes) {
        qCInfo(lcInstance) << "request too long to hand off";
        return {};
    }
    QLocalSocket socket;
    socket.connectToServer(socketPath);
    if (!socket.waitForConnected(std::min(ConnectTimeoutMs, timeoutMs))) {
        qCInfo(lcInstance) << "no running instance:" << socket.errorString();
        return {};
    }
    if (beforeSending) {
        QElapsedTimer checking;
        checking.start();
        const InstanceRefusal refusal = beforeSending();
        if (refusal.isRefused())
            return {Result::Outcome::Refused, refusal};
        // The window drops a peer that stays silent for its read timeout: after a long check
        // (a large file), ask on a fresh connection.
        if (checking.elapsed() > InstanceServer::DefaultReadTimeoutMs / 2) {
            socket.abort();
            socket.connectToServer(socketPath);
            if (!socket.waitForConnected(std::min(ConnectTimeoutMs, timeoutMs)))
                return {};
        }
    }
    const QDeadlineTimer deadline(timeoutMs);
    socket.write(message);
    QByteArray answer;
    while (!answer.contains('\n') && answer.size() <= InstanceRequest::MaxMessageBytes) {
        if (socket.bytesAvailable() == 0 && !socket.waitForReadyRead(int(deadline.remainingTime())))
            break; // timed out, or the window closed the connection
        answer += socket.read(InstanceRequest::MaxMessageBytes + 1 - answer.size());
    }
    if (!answer.contains('\n')) {
        qCWarning(lcInstance) << "the running instance did not answer:" << socket.errorString();
        return {Result::Outcome::Failed, {}};
    }
    const InstanceRefusal refusal = InstanceProtocol::parseReply(answer.left(answer.indexOf('\n')));
    if (!refusal.isRefused())
        return {Result::Outcome::Accepted, {}};
    return {Result::Outcome::Refused, refusal};
}

} // namespace Revox::InstanceHandoff
