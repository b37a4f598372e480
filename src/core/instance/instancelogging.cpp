#include "core/instance/instancelogging.h"

Q_LOGGING_CATEGORY(lcInstance, "revox.instance", QtWarningMsg)
