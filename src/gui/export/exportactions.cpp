#include "gui/export/exportactions.h"

#include "core/session/callsession.h"
#include "gui/export/exportdialog.h"
#include "gui/transcript/transcriptclipboard.h"

#include <QAction>

namespace Revox::ExportActions {

void connectTo(CallSession *session,
               QWidget *dialogParent,
               QAction *exportAction,
               QAction *copyMarkdown)
{
    QObject::connect(exportAction, &QAction::triggered, dialogParent, [session, dialogParent] {
        const std::shared_ptr<const Call> call = session->call();
        if (!call)
            return;
        // Window-modal and non-blocking: the window keeps repainting, tests can drive it.
        auto *dialog = new ExportDialog(*call, session->selectedAttempt(), dialogParent);
        dialog->setAttribute(Qt::WA_DeleteOnClose);
        dialog->open();
    });
    QObject::connect(copyMarkdown, &QAction::triggered, session, [session] {
        if (const std::shared_ptr<const Call> call = session->call())
            TranscriptClipboard::copyAsMarkdown(*call, session->selectedAttempt());
    });
}

} // namespace Revox::ExportActions
