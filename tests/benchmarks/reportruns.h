#pragma once

// The runs' figures as the report reads them, shared by the report's sections.
#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QLocale>
#include <QString>
#include <QStringList>

#include <algorithm>

namespace Revox::Bench {

// One figure across runs: the median of the runs' medians and how far apart the runs were.
struct Combined
{
    double value = 0;
    double spreadPercent = 0;
    bool present = false;
};

inline Combined combine(QList<double> values)
{
    Combined combined;
    if (values.isEmpty())
        return combined;
    std::sort(values.begin(), values.end());
    const qsizetype n = values.size();
    combined.value = n % 2 ? values.at(n / 2) : (values.at(n / 2 - 1) + values.at(n / 2)) / 2;
    combined.spreadPercent = combined.value > 0
                                 ? 100 * (values.constLast() - values.constFirst()) / combined.value
                                 : 0;
    combined.present = true;
    return combined;
}

class Runs
{
public:
    explicit Runs(const QList<QJsonObject> &runs)
        : m_runs(runs)
    {}

    QList<int> sizes() const
    {
        QList<int> sizes;
        for (const QJsonValue &size : m_runs.constFirst().value(QStringLiteral("sizes")).toArray())
            sizes.append(size.toObject().value(QStringLiteral("turns")).toInt());
        return sizes;
    }

    // A per-size figure: {"median": …} objects or plain numbers.
    Combined size(int turns, const QString &metric) const
    {
        QList<double> values;
        for (const QJsonObject &run : m_runs) {
            for (const QJsonValue &size : run.value(QStringLiteral("sizes")).toArray()) {
                const QJsonObject object = size.toObject();
                if (object.value(QStringLiteral("turns")).toInt() != turns)
                    continue;
                const QJsonValue value = object.value(metric);
                if (value.isObject())
                    values.append(value.toObject().value(QStringLiteral("median")).toDouble());
                else if (value.isDouble())
                    values.append(value.toDouble());
            }
        }
        return combine(values);
    }

    // A figure at a path of keys, e.g. {"memory", "100000", "hwmKiB"}.
    Combined at(const QStringList &path) const
    {
        QList<double> values;
        for (const QJsonObject &run : m_runs) {
            QJsonValue value = run;
            for (const QString &key : path)
                value = value.toObject().value(key);
            if (value.isObject())
                value = value.toObject().value(QStringLiteral("median"));
            if (value.isDouble())
                values.append(value.toDouble());
        }
        return combine(values);
    }

    int count() const { return int(m_runs.size()); }
    const QJsonObject &first() const { return m_runs.constFirst(); }

private:
    QList<QJsonObject> m_runs;
};

inline QString ms(double value)
{
    if (value >= 100)
        return QStringLiteral("%1 ms").arg(QLocale::c().toString(value, 'f', 0));
    if (value >= 10)
        return QStringLiteral("%1 ms").arg(value, 0, 'f', 1);
    return QStringLiteral("%1 ms").arg(value, 0, 'f', 2);
}

inline QString mib(double bytes)
{
    return QStringLiteral("%1 MiB").arg(bytes / (1024 * 1024), 0, 'f', bytes < 1024 * 1024 ? 2 : 1);
}

inline QString thousands(int value)
{
    QLocale locale(QLocale::English);
    return locale.toString(value);
}

inline QString cell(const Combined &figure, QString (*format)(double) = ms)
{
    return figure.present ? format(figure.value) : QStringLiteral("n/a");
}

inline QString mark(bool ok)
{
    return ok ? QStringLiteral("✔") : QStringLiteral("✘");
}

inline QString spreadNote(double spread)
{
    return QStringLiteral("%1%").arg(spread, 0, 'f', 0);
}

// A row of the Targets table; a ratio ≤ 1 meets the target.
inline QString targetRow(const QString &what, const QString &stand, double ratio)
{
    return QStringLiteral("| %1 | %2 | %3 | %4 |\n")
        .arg(what, stand, QStringLiteral("%1").arg(ratio, 0, 'f', 2), mark(ratio <= 1.0));
}

} // namespace Revox::Bench
