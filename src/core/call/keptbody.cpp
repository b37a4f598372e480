#include "core/call/keptbody.h"

#include <QtConcurrent/QtConcurrentRun>

#include <zstd.h>

#include <memory>

namespace Revox {

namespace {

// zstd at its fastest level: quicker than zlib's fastest, so a large call's compression ends
// within its parse instead of holding its first screen back, and a smaller result. Empty when it
// fails: the plain bytes are then kept.
QByteArray compress(const QByteArray &plain)
{
    QByteArray packed(qsizetype(ZSTD_compressBound(size_t(plain.size()))), Qt::Uninitialized);
    const size_t size = ZSTD_compress(packed.data(),
                                      size_t(packed.size()),
                                      plain.constData(),
                                      plain.size(),
                                      1);
    if (ZSTD_isError(size))
        return QByteArray();
    packed.resize(qsizetype(size));
    packed.squeeze(); // allocated for the worst case, as large as the body
    return packed;
}

QByteArray expand(const QByteArray &packed)
{
    const unsigned long long size = ZSTD_getFrameContentSize(packed.constData(),
                                                             size_t(packed.size()));
    if (size == ZSTD_CONTENTSIZE_UNKNOWN || size == ZSTD_CONTENTSIZE_ERROR)
        return QByteArray();
    QByteArray plain(qsizetype(size), Qt::Uninitialized);
    const size_t written = ZSTD_decompress(plain.data(), size, packed.constData(), packed.size());
    return !ZSTD_isError(written) && written == size ? plain : QByteArray();
}

} // namespace

KeptBody::KeptBody(QObject *parent)
    : QObject(parent)
{
    // Two: a body prepared for the next call must not queue behind the compression of the last.
    m_pool.setMaxThreadCount(2);
    connect(&m_compressing, &QFutureWatcher<QByteArray>::finished, this, [this] {
        if (!m_compressing.isCanceled() && m_compressing.future().resultCount() > 0)
            adopt(m_compressingGeneration, m_compressing.result());
    });
}

KeptBody::~KeptBody()
{
    // Compressions not started yet are not needed; one running is waited for, so that nothing
    // runs on behalf of an object that is gone.
    m_compressing.cancel();
    m_preparedResult.cancel();
    m_pool.waitForDone();
}

QFuture<QByteArray> KeptBody::compressInBackground(const QByteArray &body)
{
    return QtConcurrent::run(&m_pool, compress, body);
}

QFuture<QByteArray> KeptBody::prepare(const QByteArray &body)
{
    discardPrepared();
    if (body.size() < PrepareFrom)
        return {};
    m_prepared = body;
    m_preparedResult = compressInBackground(body);
    return m_preparedResult;
}

void KeptBody::discardPrepared()
{
    // One not started yet never runs; one running finishes unobserved and its result is freed
    // with the future.
    m_preparedResult.cancel();
    m_prepared = QByteArray();
    m_preparedResult = QFuture<QByteArray>();
}

void KeptBody::set(const QByteArray &body)
{
    const quint64 generation = ++m_generation;
    m_plain = body;
    m_compressed = QByteArray();
    const bool wasPrepared = !m_prepared.isNull() && body.isSharedWith(m_prepared);
    QFuture<QByteArray> prepared = std::exchange(m_preparedResult, QFuture<QByteArray>());
    m_prepared = QByteArray();
    if (body.size() < CompressFrom)
        return;
    if (wasPrepared) {
        prepared.waitForFinished(); // the worker may still be busy
        if (!prepared.isCanceled() && prepared.resultCount() > 0) {
            adopt(generation, prepared.result());
            return;
        }
    }
    // The compression of an older body is not needed if it has not started yet; if it has, its
    // result no longer reaches adopt(): the watcher follows the newest only.
    m_compressing.cancel();
    m_compressingGeneration = generation;
    m_compressing.setFuture(compressInBackground(body));
}

QByteArray KeptBody::bytes() const
{
    return snapshot().read();
}

QByteArray KeptBody::Snapshot::read() const
{
    return compressed.isNull() ? plain : expand(compressed);
}

QByteArray KeptBody::Snapshot::readStart(qsizetype size) const
{
    if (compressed.isNull())
        return plain.left(size);
    QByteArray start(size, Qt::Uninitialized);
    const std::unique_ptr<ZSTD_DStream, size_t (*)(ZSTD_DStream *)> stream(ZSTD_createDStream(),
                                                                           ZSTD_freeDStream);
    ZSTD_inBuffer in{compressed.constData(), size_t(compressed.size()), 0};
    ZSTD_outBuffer out{start.data(), size_t(size), 0};
    // Returns once the output is full, without expanding further.
    while (stream && out.pos < out.size && in.pos < in.size) {
        const size_t left = ZSTD_decompressStream(stream.get(), &out, &in);
        if (ZSTD_isError(left) || left == 0)
            break;
    }
    start.truncate(qsizetype(out.pos));
    return start;
}

void KeptBody::adopt(quint64 generation, const QByteArray &packed)
{
    if (generation != m_generation || packed.isEmpty())
        return; // a newer body was set meanwhile, or compression failed: keep the plain bytes
    m_compressed = packed;
    m_plain = QByteArray();
    emit compressed();
}

} // namespace Revox
