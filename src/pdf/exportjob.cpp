#include "pdf/exportjob.h"

#include "core/common/corelogging.h"

#include <QPromise>
#include <QtConcurrent/QtConcurrentRun>

namespace Revox {

ExportJob::ExportJob(QObject *parent)
    : QObject(parent)
{
    m_pool.setMaxThreadCount(1);
    connect(&m_watcher,
            &QFutureWatcher<ExportService::SavedExport>::progressValueChanged,
            this,
            &ExportJob::progressChanged);
    connect(&m_watcher,
            &QFutureWatcher<ExportService::SavedExport>::finished,
            this,
            &ExportJob::onFinished);
}

ExportJob::~ExportJob()
{
    if (!std::exchange(m_running, false))
        return;
    m_cancelled->store(true);
    m_watcher.waitForFinished();
}

bool ExportJob::start(std::shared_ptr<const Call> call,
                      const ExportOptions &options,
                      const QString &path)
{
    if (m_running || !call)
        return false;
    m_running = true;
    // A flag of its own for each export, shared with its worker.
    m_cancelled = std::make_shared<std::atomic<bool>>(false);
    m_watcher.setFuture(
        QtConcurrent::run(&m_pool,
                          [call = std::move(call), options, path, cancelled = m_cancelled](
                              QPromise<ExportService::SavedExport> &promise) {
                              promise.setProgressRange(0, ProgressMaximum);
                              // QFutureInterface passes at most 25 progress values a second to the watcher.
                              const ExportProgress progress(
                                  [&promise](double fraction) {
                                      promise.setProgressValue(int(fraction * ProgressMaximum));
                                  },
                                  [cancelled] {
                                      return cancelled->load(std::memory_order_relaxed);
                                  });
                              promise.addResult(
                                  ExportService::exportToFile(*call, options, path, progress));
                          }));
    return true;
}

void ExportJob::cancel()
{
    if (m_running)
        m_cancelled->store(true);
}

void ExportJob::waitForFinished()
{
    if (!m_running)
        return;
    m_watcher.waitForFinished();
    // The watcher's own finished() is queued: handle the result now, and ignore it then.
    onFinished();
}

void ExportJob::onFinished()
{
    if (!std::exchange(m_running, false))
        return;
    const ExportService::SavedExport result = m_watcher.future().resultCount() > 0
                                                  ? m_watcher.result()
                                                  : ExportService::SavedExport{};
    qCDebug(lcExport) << "export job finished: ok" << result.isOk() << "cancelled"
                      << result.cancelled;
    emit finished(result);
}

} // namespace Revox
