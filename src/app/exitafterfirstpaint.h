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

// Installed on a window: at its first paint, prints "first-paint-ns N" (the monotonic clock, which
// the benchmark also reads when it starts the process) and quits.
class ExitAfterFirstPaint final : public QObject
{
public:
    using QObject::QObject;

protected:
    bool eventFilter(QObject *watched, QEvent *event) override
    {
        // Queued: runs once the paint in progress is finished and flushed.
        if (event->type() == QEvent::Paint && !m_painted) {
            m_painted = true;
            QMetaObject::invokeMethod(
                qApp,
                [] {
                    const auto now = std::chrono::steady_clock::now().time_since_epoch();
                    std::printf("first-paint-ns %lld\n",
                                static_cast<long long>(
                                    std::chrono::duration_cast<std::chrono::nanoseconds>(now)
                                        .count()));
                    std::fflush(stdout);
                    QCoreApplication::quit();
                },
                Qt::QueuedConnection);
        }
        return QObject::eventFilter(watched, event);
    }

private:
    bool m_painted = false;
};

} // namespace Revox
