#include "instancehandoff.h"

#include "callfile.h"
#include "instancelogging.h"

#include <QDeadlineTimer>
#include <QLocalSocket>

namespace Revox::InstanceHandoff {

namespace {

// Connecting to a local socket succeeds or fails at once; the wait only matters when the
// window's listen queue is full.
constexpr int ConnectTimeoutMs = 500;

} // namespace

Result tryHandOff(const InstanceRequest &request, const QString &socketPath, int timeoutMs)
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

int exitStatus(const InstanceRefusal &refusal)
{
    switch (refusal.reason) {
    case InstanceRefusal::Reason::None:
        return 0;
    // As `--print` and `export` exit for the same file (CallFile::exitStatus).
    case InstanceRefusal::Reason::MissingFile:
        return CallFile::exitStatus(CallFile::Problem::NotFound);
    case InstanceRefusal::Reason::UnreadableFile:
        return CallFile::exitStatus(CallFile::Problem::NotRegularFile);
    case InstanceRefusal::Reason::InvalidReference:
    case InstanceRefusal::Reason::BadRequest:
        break;
    }
    return 2;
}

} // namespace Revox::InstanceHandoff
