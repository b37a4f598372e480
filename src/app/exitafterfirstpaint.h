#pragma once

// Shared by the app (REVOX_EXIT_AFTER_FIRST_PAINT=1) and the startup benchmark's minimal Qt
// program, so that both stop the clock at the same point. Header-only: the minimal program links
// nothing but Qt Widgets.
#include <QCoreApplication>
#include <QEvent>
#include <QObject>

#include <chrono>
#include <cstdio>

namespace Revox {

// Installed on a window: at the end of its first paint, prints "first-paint-ns N" (the monotonic
// clock, which the benchmark also reads when it starts the process) and quits.
class ExitAfterFirstPaint final : public QObject
{
public:
    using QObject::QObject;

protected:
    bool eventFilter(QObject *watched, QEvent *event) override
    {
        if (event->type() == QEvent::Paint && !m_painted) {
            m_painted = true;
            // The paint event arrives before the window's contents are drawn and flushed, so the
            // clock is read from an event posted now, which Qt delivers in the event loop's next
            // pass of posted events, after this paint and the timers due in this pass. High
            // priority puts it ahead of everything else posted meanwhile: the recording player,
            // for one, starts GStreamer from a zero timer at the first paint, and that comes
            // after the window is on screen, not on the way to it.
            QCoreApplication::postEvent(this, new QEvent(PaintedEvent), Qt::HighEventPriority);
        }
        return QObject::eventFilter(watched, event);
    }

    bool event(QEvent *event) override
    {
        if (event->type() != PaintedEvent)
            return QObject::event(event);
        const auto now = std::chrono::steady_clock::now().time_since_epoch();
        std::printf("first-paint-ns %lld\n",
                    static_cast<long long>(
                        std::chrono::duration_cast<std::chrono::nanoseconds>(now).count()));
        std::fflush(stdout);
        QCoreApplication::quit();
        return true;
    }

private:
    static constexpr QEvent::Type PaintedEvent = QEvent::Type(QEvent::User + 1);
    bool m_painted = false;
};

} // namespace Revox
