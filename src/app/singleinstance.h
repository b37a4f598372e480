#pragma once

#include "core/instance/instanceprotocol.h"

#include <optional>

namespace Revox {

class InstanceServer;
class MainWindow;
struct Launch;

// One window for every link: a later start with a file, a call or --sample hands it to the
// window already open (src/core/instance has the socket and the protocol); a start without
// arguments raises that window, as GNOME and KDE apps do. --new-window opts out.
namespace SingleInstance {

// What `launch` asks a running window to do; nothing when it must start a window of its own
// (--new-window, or a command line that did not parse before the application existed).
std::optional<InstanceRequest> requestFor(const Launch &launch, const QString &cwd);

// Called before any application object exists. The exit status when a running window took the
// request (0) or refused it (the command line's status, the reason printed on stderr); nothing
// when this process should open its own window.
std::optional<int> handOffToRunningWindow(const Launch &launch);

// Makes `server` serve the starts that follow, showing their requests in `window`, unless
// another window already serves them. A window started with --new-window serves only when no
// other does.
void serveLaterStarts(InstanceServer &server, MainWindow &window);

// Shows `request` in `window` and brings the window to the front.
void openInWindow(MainWindow &window, const InstanceRequest &request);

} // namespace SingleInstance

} // namespace Revox
