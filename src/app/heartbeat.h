#pragma once

// Header-only: the app (REVOX_HEARTBEAT=1, see launchprobes.h) and revox-bench's stall figures
// measure the GUI thread's stalls the same way.
#include <QElapsedTimer>
#include <QObject>
#include <QTimer>

#include <algorithm>

namespace Revox {

// A 5 ms timer on the GUI thread and the longest gap between its ticks: how long the event loop
// was kept from input, painting and timers, i.e. the longest stall a user could have felt. A tick
// is never early, so an idle loop shows gaps of about the interval.
class Heartbeat final : public QObject
{
public:
    static constexpr int IntervalMs = 5;

    explicit Heartbeat(QObject *parent = nullptr)
        : QObject(parent)
    {
        m_timer.setTimerType(Qt::PreciseTimer);
        m_timer.setInterval(IntervalMs);
        connect(&m_timer, &QTimer::timeout, this, [this] { beat(); });
    }

    // Starts counting from now: the first gap runs from here to the first tick.
    void start()
    {
        m_clock.start();
        m_lastNs = 0;
        m_markNs = -1;
        m_longestNs = 0;
        m_longestSinceMarkNs = 0;
        m_ticks = 0;
        m_timer.start();
    }

    // From now on the gaps are also counted apart (longestSinceMarkMs), from this moment: e.g.
    // after the first paint, when the window can be used.
    void mark()
    {
        if (m_clock.isValid())
            m_markNs = m_clock.nsecsElapsed();
    }

    // Stops, counting the gap still open (work that ran up to now without a tick in between).
    void stop()
    {
        if (!m_timer.isActive())
            return;
        beat();
        m_timer.stop();
    }

    double longestGapMs() const { return double(m_longestNs) / 1e6; }
    double longestSinceMarkMs() const { return double(m_longestSinceMarkNs) / 1e6; }
    int ticks() const { return m_ticks; }

private:
    void beat()
    {
        const qint64 now = m_clock.nsecsElapsed();
        m_longestNs = std::max(m_longestNs, now - m_lastNs);
        if (m_markNs >= 0)
            m_longestSinceMarkNs = std::max(m_longestSinceMarkNs,
                                            now - std::max(m_lastNs, m_markNs));
        m_lastNs = now;
        ++m_ticks;
    }

    QTimer m_timer;
    QElapsedTimer m_clock;
    qint64 m_lastNs = 0;
    qint64 m_markNs = -1;
    qint64 m_longestNs = 0;
    qint64 m_longestSinceMarkNs = 0;
    int m_ticks = 0;
};

} // namespace Revox
