#include "gui/notifications/notificationslogging.h"

Q_LOGGING_CATEGORY(lcNotifications, "revox.gui.notifications", QtWarningMsg)
