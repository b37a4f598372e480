#pragma once

#include "instanceprotocol.h"

namespace Revox::InstanceHandoff {

struct Result
{
    enum class Outcome {
        NoInstance, // nobody listens: this process opens the window
        Accepted,   // the running window took the request
        Refused,    // the running window checked the request and said why not
        Failed,     // a window listens but did not answer in time, or answered nonsense
    };

    Outcome outcome = Outcome::NoInstance;
    InstanceRefusal refusal; // when Refused
};

// How long a running window has to answer before this process opens a window of its own. A
// window answers as soon as it has checked the request, before opening it.
constexpr int DefaultTimeoutMs = 3000;

// Sends `request` to the window listening at `socketPath` and waits for its answer. Blocking, and
// needs no QCoreApplication: main() calls it before any application object exists, so a hand-off
// costs a process start and one local round trip, not a window.
Result tryHandOff(const InstanceRequest &request,
                  const QString &socketPath,
                  int timeoutMs = DefaultTimeoutMs);

// The command line's exit status for the same mistake, from `export`'s table (and so --print's):
// 2 for an argument that is not a call, 4 for a missing file, 6 for one that cannot be a call.
int exitStatus(const InstanceRefusal &refusal);

} // namespace Revox::InstanceHandoff
