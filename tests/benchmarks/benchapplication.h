#pragma once

#include <QApplication>
#include <QEvent>

#include <functional>

namespace Revox::Bench {

// A QApplication that says when an event has been handled, which no event filter can: a shown
// window's update request lays it out, paints every widget and flushes the backing store, and the
// first screen ends when that returns. Events posted meanwhile (a marker event among them) wait
// for the next pass of the event loop, behind the timers due in this one.
class BenchApplication final : public QApplication
{
public:
    using QApplication::QApplication;

    // Called after `receiver` has handled an event of `type`; empty when nobody asks.
    std::function<void(QObject *receiver, QEvent::Type type)> afterEvent;

    bool notify(QObject *receiver, QEvent *event) override
    {
        const QEvent::Type type = event->type();
        const bool handled = QApplication::notify(receiver, event);
        if (afterEvent)
            afterEvent(receiver, type);
        return handled;
    }

    static BenchApplication *instance() { return static_cast<BenchApplication *>(qApp); }
};

} // namespace Revox::Bench
