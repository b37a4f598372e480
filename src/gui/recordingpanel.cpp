#include "recordingpanel.h"

#include "mainwindow.h"
#include "recordingplayer.h"

#include <QLayout>

namespace Revox {

RecordingPlayer *embedRecordingPlayer(MainWindow *window)
{
    QWidget *area = window->recordingArea();
    auto *player = new RecordingPlayer(area);
    area->layout()->addWidget(player);

    const auto follow = [window, player] {
        const std::optional<Call> call = window->currentCall();
        const int index = window->selectedAttemptIndex();
        if (!call || index < 0 || index >= call->callAttempts.size()) {
            player->clear();
            return;
        }
        const CallAttempt &attempt = call->callAttempts.at(index);
        // Showing the same call again (a refresh) keeps playing unless its link changed.
        if (player->isShowing(call->id, attempt.id, attempt.recordingUrl))
            return;
        player->setRecording(call->id, attempt.id, attempt.recordingUrl);
    };
    QObject::connect(window, &MainWindow::selectedAttemptChanged, player, follow);
    // A new call with no attempts leaves the selection at -1, with no selectedAttemptChanged().
    QObject::connect(window, &MainWindow::callShown, player, follow);
    return player;
}

} // namespace Revox
