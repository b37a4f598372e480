#pragma once

class QWidget;

namespace Revox {

class CallSession;
class RecordingPlayer;

// Puts a RecordingPlayer, and the RecordingSession it shows (owned by the area's window), in
// `area` and keeps the session on the call session's selected attempt: selecting another attempt
// or showing another call stops and replaces the recording.
RecordingPlayer *embedRecordingPlayer(CallSession *shown, QWidget *area);

} // namespace Revox
