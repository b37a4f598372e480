#include "singleinstance.h"

#include "headless.h"
#include "instancehandoff.h"
#include "instancelocation.h"
#include "instancelogging.h"
#include "instanceserver.h"
#include "mainwindow.h"

#include <QApplication>
#include <QDir>

#include <cstdio>

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
    const InstanceHandoff::Result result
        = InstanceHandoff::tryHandOff(*request, InstanceLocation::socketPath());
    switch (result.outcome) {
    case InstanceHandoff::Result::Outcome::Accepted:
        return 0;
    case InstanceHandoff::Result::Outcome::Refused:
        // A window of another version that does not understand us: better a second window
        // than nothing.
        if (result.refusal.reason == InstanceRefusal::Reason::BadRequest) {
            qCWarning(lcInstance) << "the running window refused:" << result.refusal.message;
            return std::nullopt;
        }
        std::fprintf(stderr, "%s\n", result.refusal.message.toUtf8().constData());
        return InstanceHandoff::exitStatus(result.refusal);
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
