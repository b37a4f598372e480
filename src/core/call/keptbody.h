#pragma once

#include <QByteArray>
#include <QFuture>
#include <QFutureWatcher>
#include <QObject>
#include <QThreadPool>

namespace Revox {

// The bytes of the call on screen, exactly as received: for the Raw JSON tab, the library and
// live watching. A call of 100,000 turns is 36 MiB of JSON that is rarely read again once shown,
// and held as is it was the largest single part of the app's memory. So a large body is
// compressed on a worker thread (zstd level 1: about a quarter of the size) and expanded again
// whenever it is asked for.
class KeptBody final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(KeptBody)

public:
    // Smaller bodies are kept as they are: compressing them would save too little to matter.
    static constexpr qsizetype CompressFrom = 1024 * 1024;
    // From this size the plain copy is a large share of the app's peak memory, and prepare()
    // compresses ahead and set() waits for it. Below it, the plain copy is a few MiB for a few
    // hundred milliseconds, not worth making the first screen wait.
    static constexpr qsizetype PrepareFrom = 16 * 1024 * 1024;

    explicit KeptBody(QObject *parent = nullptr);
    ~KeptBody() override;

    // For a body of PrepareFrom or more, starts compressing it before it is set, while the caller
    // parses it on its own thread: the two take about as long, and the uncompressed copy can then
    // be let go as soon as the call is shown, before the window lays it out, instead of adding to
    // the peak of memory. Returns the compression, for a parse on a worker to wait for, so that
    // set() finds it done instead of waiting on the GUI thread; empty when nothing is prepared.
    QFuture<QByteArray> prepare(const QByteArray &body);
    // Forgets a prepared body that will not be set (it did not parse).
    void discardPrepared();
    // Keeps `body`. If it was prepared, waits for its compression and keeps only the result;
    // otherwise compresses it in the background.
    void set(const QByteArray &body);
    QByteArray bytes() const;
    // The bytes as kept at this moment, for read() on any thread: a large body is then expanded
    // on a worker instead of the GUI thread. It shares the kept copy (no copy is made) and keeps
    // it alive while it lives.
    struct Snapshot
    {
        QByteArray plain;      // the bytes, when they are kept as they are
        QByteArray compressed; // otherwise their zstd frame
        QByteArray read() const;
        // The first `size` bytes (all of them if there are fewer), expanding no more than that.
        QByteArray readStart(qsizetype size) const;
    };
    Snapshot snapshot() const { return {m_plain, m_compressed}; }
    // Whether only the compressed copy is kept; public for tests.
    bool isCompressed() const { return !m_compressed.isNull(); }

signals:
    // The uncompressed copy has been let go.
    void compressed();

private:
    QFuture<QByteArray> compressInBackground(const QByteArray &body);
    void adopt(quint64 generation, const QByteArray &packed);

    QByteArray m_plain;
    QByteArray m_compressed;
    quint64 m_generation = 0;
    QByteArray m_prepared; // shares its data with the body being parsed, so it costs nothing
    QFuture<QByteArray> m_preparedResult;
    QFutureWatcher<QByteArray> m_compressing; // of the body set last
    quint64 m_compressingGeneration = 0;
    // Its own pool (for QtConcurrent::run), so that the destructor can wait for a compression
    // still running.
    QThreadPool m_pool;
};

} // namespace Revox
