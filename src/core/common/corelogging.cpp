#include "core/common/corelogging.h"

Q_LOGGING_CATEGORY(lcParser, "revox.parser", QtWarningMsg)
Q_LOGGING_CATEGORY(lcApi, "revox.api", QtWarningMsg)
Q_LOGGING_CATEGORY(lcExport, "revox.export", QtWarningMsg)
Q_LOGGING_CATEGORY(lcLibrary, "revox.library", QtWarningMsg)
