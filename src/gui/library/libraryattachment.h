#pragma once

#include <QString>

namespace Revox {

class LibraryController;
class MainWindow;

// Gives `window` a call library at `libraryPath`: the Library dock where the user left it, the
// saved-copy, live and unsaved bars, the "Saving…" note in the status bar, and the library's
// requests (show a turn, come to the front, a status message) answered by the window. The
// controller is owned by the window.
LibraryController *attachLibrary(MainWindow *window, const QString &libraryPath);

} // namespace Revox
