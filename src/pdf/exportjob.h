#pragma once

#include "core/call/calldata.h"
#include "core/export/exportoptions.h"
#include "pdf/exportservice.h"

#include <QFutureWatcher>
#include <QObject>
#include <QThreadPool>

#include <atomic>
#include <memory>

namespace Revox {

// One export to a file at a time, off the calling thread: ExportService::exportToFile on a worker
// (QtConcurrent::run with a QPromise for the progress, a QFutureWatcher for the result). The call
// is shared and never changed, so the worker reads it while the window goes on showing it. For
// the export dialog, whose window keeps repainting and can cancel while a long PDF is made.
class ExportJob final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ExportJob)

public:
    // progressChanged() counts from 0 to this.
    static constexpr int ProgressMaximum = 1000;

    explicit ExportJob(QObject *parent = nullptr);
    // Cancels a running export and waits for its worker; finished() is not emitted then.
    ~ExportJob() override;

    // False, doing nothing, while an export runs.
    bool start(std::shared_ptr<const Call> call, const ExportOptions &options, const QString &path);
    bool isRunning() const { return m_running; }
    // Asks the worker to stop; it does at its next slice (a few dozen milliseconds at most), and
    // finished() says `cancelled`, unless the file had already replaced the old one.
    void cancel();
    // Blocks until the worker is done and emits finished() before returning: for closing.
    void waitForFinished();

signals:
    void progressChanged(int value);
    void finished(const Revox::ExportService::SavedExport &result);

private:
    void onFinished();

    QThreadPool m_pool; // its own, so that an export never queues behind other background work
    QFutureWatcher<ExportService::SavedExport> m_watcher;
    std::shared_ptr<std::atomic<bool>> m_cancelled;
    bool m_running = false;
};

} // namespace Revox
