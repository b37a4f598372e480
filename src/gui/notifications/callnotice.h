#pragma once

#include <QString>

namespace Revox {

// One message about a call, as plain text, whichever way it reaches the user.
struct CallNotice
{
    QString title;   // "Call finished"
    QString message; // "call_… is Completed."
    QString callId;  // what to show when the message is clicked; may be empty
};

} // namespace Revox
