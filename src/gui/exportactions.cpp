#include "exportactions.h"

#include "exportdialog.h"
#include "mainwindow.h"
#include "transcriptclipboard.h"

#include <QAction>

namespace Revox::ExportActions {

void connectTo(MainWindow *window)
{
    QObject::connect(window->exportAction(), &QAction::triggered, window, [window] {
        const std::optional<Call> call = window->currentCall();
        if (!call)
            return;
        // Window-modal and non-blocking: the window keeps repainting, tests can drive it.
        auto *dialog = new ExportDialog(*call, window->selectedAttemptIndex(), window);
        dialog->setAttribute(Qt::WA_DeleteOnClose);
        dialog->open();
    });
    QObject::connect(window->copyMarkdownAction(), &QAction::triggered, window, [window] {
        if (const std::optional<Call> call = window->currentCall())
            TranscriptClipboard::copyAsMarkdown(*call, window->selectedAttemptIndex());
    });
}

} // namespace Revox::ExportActions
