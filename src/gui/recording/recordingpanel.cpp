#include "gui/recording/recordingpanel.h"

#include "core/session/callsession.h"
#include "gui/recording/recordingplayer.h"
#include "media/recordingsession.h"

#include <QLayout>

namespace Revox {

RecordingPlayer *embedRecordingPlayer(CallSession *shown, QWidget *area)
{
    // A child of the window, made after its recording area: the player in that area goes first
    // when the window is destroyed, then the session with the media.
    auto *session = new RecordingSession(area->window());
    auto *player = new RecordingPlayer(session, area);
    area->layout()->addWidget(player);

    const auto follow = [shown, session] {
        const std::shared_ptr<const Call> call = shown->call();
        const CallAttempt *selected = shown->attempt();
        if (!call || !selected) {
            session->clear();
            return;
        }
        const CallAttempt &attempt = *selected;
        // Showing the same call again (a refresh) keeps playing unless its link changed.
        if (session->isShowing(call->id, attempt.id, attempt.recordingUrl))
            return;
        session->load(call->id, attempt.id, attempt.recordingUrl);
    };
    QObject::connect(shown, &CallSession::attemptChanged, session, follow);
    QObject::connect(shown, &CallSession::callChanged, session, follow);
    return player;
}

} // namespace Revox
