#pragma once

namespace Revox {

class MainWindow;
class RecordingPlayer;

// Puts a RecordingPlayer in the window's recording area and keeps it on the selected attempt:
// selecting another attempt or showing another call stops and replaces the recording.
RecordingPlayer *embedRecordingPlayer(MainWindow *window);

} // namespace Revox
