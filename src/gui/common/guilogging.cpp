#include "gui/common/guilogging.h"

Q_LOGGING_CATEGORY(lcGui, "revox.gui", QtWarningMsg)
