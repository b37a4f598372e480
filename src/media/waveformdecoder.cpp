#include "waveformdecoder.h"

#include "recordinglogging.h"

#include <QAudioBuffer>
#include <QAudioDecoder>
#include <QBuffer>
#include <QElapsedTimer>

#include <optional>

namespace Revox {

// Runs on WaveformDecoder's thread; one accumulator per decode, tagged with its generation so
// results of a replaced recording are dropped.
class WaveformWorker final : public QObject
{
    Q_OBJECT

public:
    void begin(quint64 generation, int bucketMs)
    {
        m_generation = generation;
        m_accumulator.emplace(bucketMs);
        m_sinceSnapshot.start();
    }

    void add(quint64 generation, const QAudioBuffer &buffer)
    {
        if (generation != m_generation || !m_accumulator)
            return;
        if (!m_accumulator->add(buffer.format(), buffer.constData<char>(), buffer.byteCount()))
            qCWarning(lcRecording) << "waveform: skipped audio in an unsupported sample format";
        // Often enough to look live, rarely enough not to flood the GUI thread.
        if (m_sinceSnapshot.elapsed() >= 150) {
            m_sinceSnapshot.restart();
            emit snapshot(m_generation, m_accumulator->waveform(false));
        }
    }

    void finish(quint64 generation)
    {
        if (generation != m_generation || !m_accumulator)
            return;
        emit snapshot(m_generation, m_accumulator->waveform(true));
        m_accumulator.reset();
    }

signals:
    void snapshot(quint64 generation, const Revox::Waveform &waveform);

private:
    quint64 m_generation = 0;
    std::optional<WaveformAccumulator> m_accumulator;
    QElapsedTimer m_sinceSnapshot;
};

WaveformDecoder::WaveformDecoder(QObject *parent)
    : QObject(parent)
{
    qRegisterMetaType<Revox::Waveform>();
    m_thread.setObjectName(QStringLiteral("WaveformWorker"));
    m_worker = new WaveformWorker;
    m_worker->moveToThread(&m_thread);
    connect(&m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    connect(m_worker,
            &WaveformWorker::snapshot,
            this,
            &WaveformDecoder::onSnapshot,
            Qt::QueuedConnection);
    m_thread.start(QThread::LowPriority);
}

WaveformDecoder::~WaveformDecoder()
{
    if (m_decoder) {
        m_decoder->disconnect(this);
        m_decoder->stop();
        delete m_decoder;
    }
    m_thread.quit();
    m_thread.wait();
}

void WaveformDecoder::setBucketMs(int milliseconds)
{
    m_bucketMs = std::max(1, milliseconds);
}

void WaveformDecoder::start(const QByteArray &encoded)
{
    cancel();
    const quint64 generation = ++m_generation;
    m_running = true;
    m_gotAudio = false;
    const int bucketMs = m_bucketMs;
    QMetaObject::invokeMethod(m_worker, [worker = m_worker, generation, bucketMs] {
        worker->begin(generation, bucketMs);
    });

    m_decoder = new QAudioDecoder;
    auto *source = new QBuffer(m_decoder);
    source->setData(encoded);
    source->open(QIODevice::ReadOnly);
    // No target format: decode to whatever the stream has (Vorbis gives Float, Opus 48 kHz);
    // the accumulator reads every sample format, which avoids a resampling pass.
    m_decoder->setSourceDevice(source);
    connect(m_decoder, &QAudioDecoder::bufferReady, this, &WaveformDecoder::readBuffers);
    connect(m_decoder, &QAudioDecoder::finished, this, &WaveformDecoder::onDecoderFinished);
    connect(m_decoder,
            qOverload<QAudioDecoder::Error>(&QAudioDecoder::error),
            this,
            &WaveformDecoder::onDecoderError);
    m_decoder->start();
}

void WaveformDecoder::cancel()
{
    stopDecoder();
    ++m_generation;
    m_running = false;
    m_waveform = {};
    m_error.clear();
}

bool WaveformDecoder::isRunning() const
{
    return m_running;
}

Waveform WaveformDecoder::waveform() const
{
    return m_waveform;
}

QString WaveformDecoder::errorString() const
{
    return m_error;
}

void WaveformDecoder::readBuffers()
{
    if (!m_decoder)
        return;
    const quint64 generation = m_generation;
    while (m_decoder->bufferAvailable()) {
        const QAudioBuffer buffer = m_decoder->read();
        if (!buffer.isValid())
            continue;
        m_gotAudio = true;
        QMetaObject::invokeMethod(m_worker, [worker = m_worker, generation, buffer] {
            worker->add(generation, buffer);
        });
    }
}

void WaveformDecoder::onDecoderFinished()
{
    readBuffers();
    const quint64 generation = m_generation;
    stopDecoder();
    if (!m_gotAudio) {
        m_running = false;
        m_error = tr("The recording contains no audio.");
        emit failed(m_error);
        return;
    }
    QMetaObject::invokeMethod(m_worker,
                              [worker = m_worker, generation] { worker->finish(generation); });
}

void WaveformDecoder::onDecoderError()
{
    const QString detail = m_decoder ? m_decoder->errorString() : QString();
    qCDebug(lcRecording) << "waveform decoding failed:" << detail;
    stopDecoder();
    ++m_generation; // drop what the worker still has in flight
    m_running = false;
    m_error = tr("The recording could not be decoded: it is not in an audio format the app can "
                 "read.");
    emit failed(m_error);
}

void WaveformDecoder::onSnapshot(quint64 generation, const Waveform &waveform)
{
    if (generation != m_generation)
        return;
    m_waveform = waveform;
    if (waveform.complete)
        m_running = false;
    emit updated(m_waveform);
}

void WaveformDecoder::stopDecoder()
{
    if (!m_decoder)
        return;
    m_decoder->disconnect(this);
    m_decoder->stop();
    // Often called from the decoder's own signals: deleting it there would pull the rug.
    std::exchange(m_decoder, nullptr)->deleteLater();
}

} // namespace Revox

#include "waveformdecoder.moc"
