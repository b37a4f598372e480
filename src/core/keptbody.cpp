#include "keptbody.h"

#include <QMetaObject>

namespace Revox {

KeptBody::KeptBody(QObject *parent)
    : QObject(parent)
{
    m_pool.setMaxThreadCount(1);
}

KeptBody::~KeptBody()
{
    // A compression still running posts its result to this object; waiting here means it posts
    // before QObject's destructor, which discards it.
    m_pool.clear();
    m_pool.waitForDone();
}

void KeptBody::set(const QByteArray &body)
{
    const quint64 generation = ++m_generation;
    m_plain = body;
    m_compressed = QByteArray();
    if (body.size() < CompressFrom)
        return;
    m_pool.clear(); // a compression of an older body that has not started yet is not needed
    m_pool.start([this, body, generation] {
        // Level 1: several times faster than the default, and most of the saving.
        QByteArray packed = qCompress(body, 1);
        packed.squeeze(); // qCompress allocates for the worst case, as large as the body
        QMetaObject::invokeMethod(
            this, [this, generation, packed] { adopt(generation, packed); }, Qt::QueuedConnection);
    });
}

QByteArray KeptBody::bytes() const
{
    return isCompressed() ? qUncompress(m_compressed) : m_plain;
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
