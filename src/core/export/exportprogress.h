#pragma once

#include <QtGlobal>

#include <functional>

namespace Revox {

// How a long export says how far it has got, and learns that it is no longer wanted. Every format
// writer takes one (FormatWriter::write), as do ExportDocument::build and the file write
// (ExportService::exportToFile), so the export dialog's progress bar and Cancel reach every format
// the same way. A default-constructed one reports nowhere and is never cancelled: the command
// line, the clipboard and the dialog's preview. Both functions are called on the exporting thread.
class ExportProgress final
{
public:
    // How much of the whole job is done, from 0 to 1.
    using Report = std::function<void(double fraction)>;
    using IsCancelled = std::function<bool()>;

    class Counter;

    ExportProgress() = default;
    ExportProgress(Report report, IsCancelled isCancelled);

    bool isCancelled() const { return m_isCancelled && m_isCancelled(); }
    // `done` of `total` units of this progress's span.
    void report(qint64 done, qint64 total) const;
    // The part from `from` to `to` (fractions of this progress's span) for one stage of a job.
    ExportProgress stage(double from, double to) const;
    // Counts `total` units of work on this progress.
    Counter count(qint64 total) const;

private:
    Report m_report;
    IsCancelled m_isCancelled;
    double m_from = 0;
    double m_to = 1;
};

// Counts units of work (a writer's turns, a file's bytes) against a total known in advance.
class ExportProgress::Counter final
{
public:
    // One more unit done (`units` more); false once the export is cancelled, so a writer can
    // stop where it is.
    bool next(qint64 units = 1);
    bool isCancelled() const { return m_progress.isCancelled(); }

private:
    friend class ExportProgress;
    Counter(const ExportProgress &progress, qint64 total)
        : m_progress(progress)
        , m_total(total)
    {}

    ExportProgress m_progress;
    qint64 m_total;
    qint64 m_done = 0;
};

} // namespace Revox
