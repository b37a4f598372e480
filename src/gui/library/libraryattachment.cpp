#include "gui/library/libraryattachment.h"

#include "core/library/calllibrary.h"
#include "gui/common/messagebar.h"
#include "gui/library/librarycontroller.h"
#include "gui/library/livebanner.h"
#include "gui/library/savedcopybanner.h"
#include "gui/window/mainwindow.h"

#include <QApplication>
#include <QDockWidget>
#include <QLabel>
#include <QStatusBar>

namespace Revox {

namespace {
constexpr int LibraryDockWidth = 420;
} // namespace

LibraryController *attachLibrary(MainWindow *window, const QString &libraryPath)
{
    auto *controller = new LibraryController(window->session(), libraryPath, window);
    CallLibrary *library = controller->library();
    QObject::connect(library, &CallLibrary::openingFinished, window, [window, library] {
        if (!library->isOpen())
            window->statusBar()->showMessage(library->errorString());
    });
    window->addPanelDock(controller->dock(), LibraryDockWidth);
    window->addInfoBar(controller->savedCopyBanner());
    window->addInfoBar(controller->liveBanner());
    window->addInfoBar(controller->unsavedBar());
    window->statusBar()->addPermanentWidget(controller->savingIndicator());

    QObject::connect(controller,
                     &LibraryController::statusMessage,
                     window,
                     [window](const QString &text, int timeoutMs) {
                         window->statusBar()->showMessage(text, timeoutMs);
                     });
    QObject::connect(controller,
                     &LibraryController::activationRequested,
                     window,
                     &MainWindow::bringToFront);
    QObject::connect(controller, &LibraryController::attentionRequested, window, [window] {
        QApplication::alert(window);
    });
    QObject::connect(controller, &LibraryController::turnRequested, window, &MainWindow::showTurn);
    return controller;
}

} // namespace Revox
