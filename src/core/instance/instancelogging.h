#pragma once

#include <QLoggingCategory>

// The single-instance hand-off: who serves, who hands over, what was refused and why. The API key
// is never in a message, so never here; a peer's bytes are logged only as their size and the
// refusal's sentence (which quotes a rejected call reference, as the message bar would).
Q_DECLARE_LOGGING_CATEGORY(lcInstance)
