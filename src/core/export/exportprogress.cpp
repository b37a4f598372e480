#include "core/export/exportprogress.h"

#include <utility>

namespace Revox {

ExportProgress::ExportProgress(Report report, IsCancelled isCancelled)
    : m_report(std::move(report))
    , m_isCancelled(std::move(isCancelled))
{}

void ExportProgress::report(qint64 done, qint64 total) const
{
    if (!m_report)
        return;
    const double part = total > 0 ? qBound(0.0, double(done) / double(total), 1.0) : 1.0;
    m_report(m_from + (m_to - m_from) * part);
}

ExportProgress ExportProgress::stage(double from, double to) const
{
    ExportProgress part = *this;
    part.m_from = m_from + (m_to - m_from) * from;
    part.m_to = m_from + (m_to - m_from) * to;
    return part;
}

ExportProgress::Counter ExportProgress::count(qint64 total) const
{
    return Counter(*this, total);
}

bool ExportProgress::Counter::next(qint64 units)
{
    m_done += units;
    m_progress.report(m_done, m_total);
    return !m_progress.isCancelled();
}

} // namespace Revox
