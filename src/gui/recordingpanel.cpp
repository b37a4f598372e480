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

    CallSession *shown = window->session();
    const auto follow = [shown, player] {
        const std::shared_ptr<const Call> call = shown->call();
        const CallAttempt *selected = shown->attempt();
        if (!call || !selected) {
            player->clear();
            return;
        }
        const CallAttempt &attempt = *selected;
        // Showing the same call again (a refresh) keeps playing unless its link changed.
        if (player->isShowing(call->id, attempt.id, attempt.recordingUrl))
            return;
        player->setRecording(call->id, attempt.id, attempt.recordingUrl);
    };
    QObject::connect(shown, &CallSession::attemptChanged, player, follow);
    QObject::connect(shown, &CallSession::callChanged, player, follow);
    return player;
}

} // namespace Revox
