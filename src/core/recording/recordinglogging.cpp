#include "core/recording/recordinglogging.h"

Q_LOGGING_CATEGORY(lcRecording, "revox.recording", QtWarningMsg)
