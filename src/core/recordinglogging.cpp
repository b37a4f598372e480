#include "recordinglogging.h"

Q_LOGGING_CATEGORY(lcRecording, "revox.recording", QtWarningMsg)
