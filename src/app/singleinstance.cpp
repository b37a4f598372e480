#include "app/singleinstance.h"

#include "app/console.h"
#include "app/headless.h"
#include "core/call/callfile.h"
#include "core/cli/exitstatus.h"
#include "core/instance/instancehandoff.h"
#include "core/instance/instancelocation.h"
#include "core/instance/instancelogging.h"
#include "core/instance/instanceserver.h"
#include "gui/window/mainwindow.h"

#include <QApplication>
#include <QDir>

namespace Revox::SingleInstance {

std::optional<InstanceRequest> requestFor(const Launch &launch, const QString &cwd)
{
    if (launch.newWindow || !launch.parsedEarly)
        return std::nullopt;
    // The same precedence as a window that starts with these arguments (main.cpp).
    if (!launch.input.isEmpty())
        return InstanceRequest::openFile(launch.input, cwd);
    if (!launch.callReference.isEmpty())
        return InstanceRequest::fetch(launch.callReference);
    if (launch.openSample)
        return InstanceRequest::sample();
    return InstanceRequest::activate();
}

std::optional<int> handOffToRunningWindow(const Launch &launch)
{
    const std::optional<InstanceRequest> request = requestFor(launch, QDir::currentPath());
    if (!request)
        return std::nullopt;
    // A file is read and parsed here first, as `--print` and `export` read it, once a window is
    // known to listen: one the window would only refuse after reading it (over the size cap,
    // not a call) is refused in the same words and with the same status, and the window is left
    // alone. A start that opens its own window reads the file once, there.
    const auto loadFile = [&request] {
        if (request->kind != InstanceRequest::Kind::File)
            return InstanceRefusal();
        const CallFile::Loaded file = CallFile::load(request->absoluteFile(), request->file);
        return InstanceProtocol::fileRefusal(file.problem, file.message);
    };
    const InstanceHandoff::Result result
        = InstanceHandoff::tryHandOff(*request,
                                      InstanceLocation::socketPath(),
                                      InstanceHandoff::DefaultTimeoutMs,
                                      loadFile);
    switch (result.outcome) {
    case InstanceHandoff::Result::Outcome::Accepted:
        return ExitStatus::Success;
    case InstanceHandoff::Result::Outcome::Refused:
        // A window of another version that does not understand us: better a second window
        // than nothing.
        if (result.refusal.reason == InstanceRefusal::Reason::BadRequest) {
            qCWarning(lcInstance) << "the running window refused:" << result.refusal.message;
            return std::nullopt;
        }
        Console::error(result.refusal.message);
        return ExitStatus::forRefusal(result.refusal);
    case InstanceHandoff::Result::Outcome::Failed:
        // A window that listens but is stuck: the user still gets what they asked for.
        return std::nullopt;
    case InstanceHandoff::Result::Outcome::NoInstance:
        break;
    }
    return std::nullopt;
}

void serveLaterStarts(InstanceServer &server, MainWindow &window)
{
    QObject::connect(&server,
                     &InstanceServer::requestReceived,
                     &window,
                     [&window](const InstanceRequest &request) { openInWindow(window, request); });
    // A start that arrives while the app shuts down (saving settings, a keychain job still
    // running) must not bring the closed window back: it opens its own.
    QObject::connect(qApp, &QCoreApplication::aboutToQuit, &server, &InstanceServer::close);
    server.listen(InstanceLocation::socketPath());
}

void openInWindow(MainWindow &window, const InstanceRequest &request)
{
    switch (request.kind) {
    case InstanceRequest::Kind::File:
        window.openFile(request.absoluteFile());
        break;
    case InstanceRequest::Kind::Reference:
        window.fetchCall(request.reference);
        break;
    case InstanceRequest::Kind::Sample:
        window.openSampleCall();
        break;
    case InstanceRequest::Kind::Activate:
        break;
    }
    window.bringToFront();
}

} // namespace Revox::SingleInstance
