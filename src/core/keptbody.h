#pragma once

#include <QByteArray>
#include <QObject>
#include <QThreadPool>

namespace Revox {

// The bytes of the call on screen, exactly as received: for the Raw JSON tab, the library and
// live watching. A call of 100,000 turns is 36 MiB of JSON that is rarely read again once shown,
// and held as is it was the largest single part of the app's memory. So a large body is
// compressed on a worker thread once it is set (JSON shrinks about sevenfold) and expanded again
// whenever it is asked for.
class KeptBody final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(KeptBody)

public:
    // Smaller bodies are kept as they are: compressing them would save too little to matter.
    static constexpr qsizetype CompressFrom = 1024 * 1024;

    explicit KeptBody(QObject *parent = nullptr);
    ~KeptBody() override;

    void set(const QByteArray &body);
    QByteArray bytes() const;
    bool isCompressed() const { return !m_compressed.isNull(); }

signals:
    // The uncompressed copy has been let go.
    void compressed();

private:
    void adopt(quint64 generation, const QByteArray &packed);

    QByteArray m_plain;
    QByteArray m_compressed;
    quint64 m_generation = 0;
    // Its own pool, so that the destructor can wait for a compression still running.
    QThreadPool m_pool;
};

} // namespace Revox
