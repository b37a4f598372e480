#pragma once

#include <QLoggingCategory>

// Which way each "call finished" message went, and why it fell back: enable with
// QT_LOGGING_RULES="revox.gui.notifications.debug=true".
Q_DECLARE_LOGGING_CATEGORY(lcNotifications)
