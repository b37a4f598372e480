#pragma once

#include <QLoggingCategory>

// Recording downloads, decoding and playback. Never logs a recording's full URL: signed links
// carry their credentials in the query string.
Q_DECLARE_LOGGING_CATEGORY(lcRecording)
