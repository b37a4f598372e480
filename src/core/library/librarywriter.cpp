#include "core/library/librarywriter.h"

#include "core/common/corelogging.h"

#include <QCoreApplication>
#include <QtConcurrent/QtConcurrentRun>

namespace Revox {

LibraryWriter::LibraryWriter(QObject *parent)
    : QObject(parent)
{
    m_pool.setMaxThreadCount(1);
    connect(&m_running, &QFutureWatcher<Result>::finished, this, &LibraryWriter::onTaskFinished);
}

LibraryWriter::~LibraryWriter()
{
    finish();
}

void LibraryWriter::setPath(const QString &path)
{
    m_path = path;
}

bool LibraryWriter::isBusy() const
{
    return m_busy;
}

void LibraryWriter::save(LibraryWrite::Request request)
{
    if (m_path.isEmpty())
        return;
    Task task{Task::Kind::Save, std::move(request), {}};
    task.callId = task.request.call ? task.request.call->id : QString();
    // Only the newest copy of a call is worth writing.
    if (!task.callId.isEmpty()) {
        m_queue.removeIf([&task](const Task &queued) {
            return queued.kind == Task::Kind::Save && queued.callId == task.callId;
        });
    }
    m_queue.append(std::move(task));
    startNext();
}

void LibraryWriter::resumeIndexing()
{
    if (m_path.isEmpty())
        return;
    m_queue.append(Task{Task::Kind::ResumeIndexing, {}, {}});
    startNext();
}

void LibraryWriter::startNext()
{
    if (m_taskPending || m_stop->load())
        return;
    if (m_queue.isEmpty()) {
        if (std::exchange(m_busy, false))
            emit busyChanged(false);
        return;
    }
    if (!std::exchange(m_busy, true))
        emit busyChanged(true);
    LibraryWrite::Options options;
    options.stop = m_stop.get();
    // The stop flag is shared so that it outlives this object if the task outlives it.
    m_current = m_queue.takeFirst();
    m_taskPending = true;
    m_running.setFuture(
        QtConcurrent::run(&m_pool, [path = m_path, task = m_current, options, stop = m_stop] {
            return run(path, task, options);
        }));
}

LibraryWriter::Result LibraryWriter::run(const QString &path,
                                         const Task &task,
                                         const LibraryWrite::Options &options)
{
    const LibraryWrite::Connection connection(path);
    Result result{task.kind, {}, {}};
    if (!connection.isOpen()) {
        result.outcome.callId = task.callId;
        result.outcome.error = QCoreApplication::translate("CallLibrary",
                                                           "Not saved in the library: %1")
                                   .arg(connection.errorString());
        return result;
    }
    if (task.kind == Task::Kind::ResumeIndexing)
        result.resumed = LibraryWrite::resumePendingIndexing(connection.database(), options);
    else
        result.outcome = LibraryWrite::saveCall(connection.database(), task.request, options);
    return result;
}

void LibraryWriter::onTaskFinished()
{
    if (!std::exchange(m_taskPending, false))
        return; // finish() has dealt with it
    const Result result = m_running.result();
    if (result.kind == Task::Kind::ResumeIndexing) {
        if (!result.resumed.isEmpty())
            emit indexResumed(result.resumed);
    } else if (result.outcome.isStored()) {
        qCDebug(lcLibrary) << "saved call" << result.outcome.callId << "rows"
                           << result.outcome.rowsWritten << "slices" << result.outcome.slices
                           << "kind" << int(result.outcome.kind);
        emit saved(result.outcome.callId);
    } else {
        qCWarning(lcLibrary).noquote() << result.outcome.error;
        emit saveFailed(result.outcome.callId, result.outcome.error);
    }
    startNext();
}

void LibraryWriter::finish()
{
    m_stop->store(true);
    QList<Task> waiting = std::exchange(m_queue, {});
    if (std::exchange(m_taskPending, false)) {
        m_running.waitForFinished();
        // Stored even if its index stopped half-way; a save that failed gets one more try.
        if (m_current.kind == Task::Kind::Save && !m_running.result().outcome.isStored())
            waiting.prepend(m_current);
    }
    if (!m_path.isEmpty()) {
        LibraryWrite::Options rowOnly;
        rowOnly.indexNow = false;
        for (const Task &task : waiting) {
            if (task.kind != Task::Kind::Save)
                continue;
            const LibraryWrite::Connection connection(m_path);
            const LibraryWrite::Outcome outcome = LibraryWrite::saveCall(connection.database(),
                                                                         task.request,
                                                                         rowOnly);
            if (!outcome.isStored())
                qCWarning(lcLibrary).noquote() << "at quit:" << outcome.error;
        }
    }
    // The writer is reusable: CallLibrary::close() finishes it and a later open() starts over.
    m_stop = std::make_shared<std::atomic<bool>>(false);
    if (std::exchange(m_busy, false))
        emit busyChanged(false);
}

} // namespace Revox
