#pragma once

#include <QString>

namespace Revox::InstanceLocation {

// Where the running window listens: a socket in a folder only this user can enter. That is
// $XDG_RUNTIME_DIR (it must be owned by the user with mode 0700, as the XDG spec says), or when
// that variable is unset, a 0700 folder of our own under the temp folder. Empty when the folder
// is not private (a wrong mode, or someone else owns the name in /tmp): then there is no
// hand-off and every start opens its own window.
QString socketPath();

// The folder alone; created when missing. Empty as above.
QString socketDirectory();

// True when `path` is a real folder (not a link) owned by this user that no one else can read,
// write or enter.
bool isPrivateDirectory(const QString &path);

} // namespace Revox::InstanceLocation
