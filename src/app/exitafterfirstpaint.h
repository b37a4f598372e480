#pragma once

// Shared by the app (REVOX_EXIT_AFTER_FIRST_PAINT=1, see launchprobes.h) and the startup
// benchmark's minimal Qt program, so that both stop the clock at the same point. Header-only: the
// minimal program links nothing but Qt Widgets.
#include <QCoreApplication>
#include <QEvent>
#include <QObject>

#include <chrono>
#include <cstdio>
#include <functional>

namespace Revox {

// The monotonic clock in nanoseconds: the benchmarks read the same clock when they start a process.
inline long long monotonicNowNs()
{
    return std::chrono::duration_cast<std::chrono::nanoseconds>(
               std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

// Installed on the widgets whose paint is waited for: at the end of the first paint that counts,
// tells `painted` the monotonic time. By default every paint counts and `painted` prints
// "first-paint-ns N" and quits, which is all the minimal program needs.
class FirstPaintProbe final : public QObject
{
public:
    using QObject::QObject;

    // Asked at each paint event of a watched widget, until one counts. Empty: every paint counts.
    std::function<bool(QObject *watched)> counts;
    // Called once, at the end of the paint that counted. Empty: print the time and quit.
    std::function<void(long long paintEndNs)> painted;

    static void printPaintTime(long long ns)
    {
        std::printf("first-paint-ns %lld\n", ns);
        std::fflush(stdout);
    }

protected:
    bool eventFilter(QObject *watched, QEvent *event) override
    {
        if (event->type() == QEvent::Paint && !m_counted && (!counts || counts(watched))) {
            m_counted = true;
            // The paint event arrives before the widget's contents are drawn and flushed, so the
            // clock is read from an event posted now, which Qt delivers in the event loop's next
            // pass of posted events, after this paint (the whole window's, children included) and
            // the timers due in this pass. High priority puts it ahead of everything else posted
            // meanwhile: the recording player, for one, starts GStreamer from a zero timer at the
            // first paint, and that comes after the window is on screen, not on the way to it.
            QCoreApplication::postEvent(this, new QEvent(PaintedEvent), Qt::HighEventPriority);
        }
        return QObject::eventFilter(watched, event);
    }

    bool event(QEvent *event) override
    {
        if (event->type() != PaintedEvent)
            return QObject::event(event);
        const long long now = monotonicNowNs();
        if (painted) {
            painted(now);
        } else {
            printPaintTime(now);
            QCoreApplication::quit();
        }
        return true;
    }

private:
    static constexpr QEvent::Type PaintedEvent = QEvent::Type(QEvent::User + 1);
    bool m_counted = false;
};

} // namespace Revox
