#pragma once

#include "core/library/librarywrite.h"

#include <QFutureWatcher>
#include <QList>
#include <QObject>
#include <QString>
#include <QThreadPool>

#include <atomic>
#include <memory>

namespace Revox {

// Saves calls into the library off the GUI thread, one write at a time, each on a connection of
// its own (QtConcurrent with a QFutureWatcher; see LibraryWrite for how a call is written).
// Saves of the same call waiting their turn collapse into the newest. A save that fails (the file
// stayed locked past the busy timeout, the disk is full) is reported with saveFailed(); the caller
// keeps the call and tries again.
class LibraryWriter final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(LibraryWriter)

public:
    explicit LibraryWriter(QObject *parent = nullptr);
    // Finishes what is pending the way finish() does.
    ~LibraryWriter() override;

    // The library file to write to; empty turns saving off.
    void setPath(const QString &path);
    QString path() const { return m_path; }

    void save(LibraryWrite::Request request);
    // Finishes indexes that a previous run left unfinished (killed, or quit mid-way).
    void resumeIndexing();

    bool isBusy() const;
    // The one thread the library's background work runs on (this writer's tasks, the check at
    // opening): never the global pool's, which a call being parsed needs all of.
    QThreadPool *pool() { return &m_pool; }

    // For quitting: the write under way stops at its next slice and every waiting save stores
    // its call's row without the index, which the next start finishes. Nothing is lost, and no
    // index of 100,000 turns keeps a closed app running for seconds. Blocks until done.
    void finish();

signals:
    void saved(const QString &callId);
    void saveFailed(const QString &callId, const QString &message);
    void indexResumed(const QStringList &callIds);
    void busyChanged(bool busy);

private:
    struct Task
    {
        enum class Kind { Save, ResumeIndexing };
        Kind kind = Kind::Save;
        LibraryWrite::Request request;
        QString callId; // of the request, when known before parsing
    };
    struct Result
    {
        Task::Kind kind;
        LibraryWrite::Outcome outcome;
        QStringList resumed;
    };

    void startNext();
    void onTaskFinished();
    static Result run(const QString &path, const Task &task, const LibraryWrite::Options &options);

    QString m_path;
    QList<Task> m_queue;
    Task m_current;
    bool m_taskPending = false; // started, and its result not yet handled
    QThreadPool m_pool;
    QFutureWatcher<Result> m_running;
    std::shared_ptr<std::atomic<bool>> m_stop = std::make_shared<std::atomic<bool>>(false);
    bool m_busy = false;
};

} // namespace Revox
