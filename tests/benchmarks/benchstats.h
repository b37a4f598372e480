#pragma once

#include <QElapsedTimer>
#include <QJsonObject>
#include <QList>

#include <algorithm>

namespace Revox::Bench {

// Several timings of one thing: the median is what we report, the minimum shows how much of
// it was noise from other processes on the machine.
struct Stats
{
    double median = 0;
    double min = 0;
    double max = 0;
    int runs = 0;

    static Stats of(QList<double> samples)
    {
        Stats stats;
        if (samples.isEmpty())
            return stats;
        std::sort(samples.begin(), samples.end());
        const qsizetype n = samples.size();
        stats.median = n % 2 ? samples.at(n / 2) : (samples.at(n / 2 - 1) + samples.at(n / 2)) / 2;
        stats.min = samples.constFirst();
        stats.max = samples.constLast();
        stats.runs = int(n);
        return stats;
    }

    QJsonObject toJson() const
    {
        return {{QStringLiteral("median"), median},
                {QStringLiteral("min"), min},
                {QStringLiteral("max"), max},
                {QStringLiteral("runs"), runs}};
    }
};

inline double elapsedMs(const QElapsedTimer &timer)
{
    return double(timer.nsecsElapsed()) / 1e6;
}

// Runs `reset` (untimed) then `body` (timed) `repeat` times, in milliseconds.
template<typename Body, typename Reset>
Stats measure(int repeat, Body &&body, Reset &&reset)
{
    QList<double> samples;
    for (int i = 0; i < repeat; ++i) {
        reset();
        QElapsedTimer timer;
        timer.start();
        body();
        samples.append(elapsedMs(timer));
    }
    return Stats::of(samples);
}

} // namespace Revox::Bench
