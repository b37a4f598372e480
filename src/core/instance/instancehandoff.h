#pragma once

#include "core/instance/instanceprotocol.h"

#include <functional>

namespace Revox::InstanceHandoff {

struct Result
{
    enum class Outcome {
        NoInstance, // nobody listens: this process opens the window
        Accepted,   // the running window took the request
        Refused,    // the running window (or BeforeSending) checked the request and said why not
        Failed,     // a window listens but did not answer in time, or answered nonsense
    };

    Outcome outcome = Outcome::NoInstance;
    InstanceRefusal refusal; // when Refused
};

// How long a running window has to answer before this process opens a window of its own. A
// window answers as soon as it has checked the request, before opening it.
constexpr int DefaultTimeoutMs = 3000;

// Called once a window has accepted the connection, before the request is sent. A refusal it
// returns ends the hand-off there (Outcome::Refused) and the window is never asked.
using BeforeSending = std::function<InstanceRefusal()>;

// Sends `request` to the window listening at `socketPath` and waits for its answer. Blocking, and
// needs no QCoreApplication: main() calls it before any application object exists, so a hand-off
// costs a process start and one local round trip, not a window.
Result tryHandOff(const InstanceRequest &request,
                  const QString &socketPath,
                  int timeoutMs = DefaultTimeoutMs,
                  const BeforeSending &beforeSending = {});

} // namespace Revox::InstanceHandoff
