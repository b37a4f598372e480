#pragma once

namespace Revox {

class MainWindow;
class RecordingPlayer;

// Puts a RecordingPlayer, and the RecordingSession it shows (owned by the window), in the window's
// recording area and keeps the session on the selected attempt: selecting another attempt or
// showing another call stops and replaces the recording.
RecordingPlayer *embedRecordingPlayer(MainWindow *window);

} // namespace Revox
