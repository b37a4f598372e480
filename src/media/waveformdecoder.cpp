#include "media/waveformdecoder.h"

#include "core/recording/recordinglogging.h"

#include <QAudioBuffer>
#include <QAudioDecoder>
#include <QBuffer>

namespace Revox {

namespace {

// Often enough to look live, rarely enough that copying the lanes never shows.
constexpr int UpdateIntervalMs = 150;

} // namespace

WaveformDecoder::WaveformDecoder(QObject *parent)
    : QObject(parent)
{
    qRegisterMetaType<Revox::Waveform>();
}

WaveformDecoder::~WaveformDecoder()
{
    if (m_decoder) {
        m_decoder->disconnect(this);
        // Stops GStreamer's threads before the source buffer (a child of the decoder) goes.
        m_decoder->stop();
        delete m_decoder;
    }
}

void WaveformDecoder::setBucketMs(int milliseconds)
{
    m_bucketMs = std::max(1, milliseconds);
}

void WaveformDecoder::start(const QByteArray &encoded)
{
    cancel();
    m_running = true;
    m_accumulator.emplace(m_bucketMs);

    // A child, so one still waiting for its deleteLater() goes with this object at the latest.
    m_decoder = new QAudioDecoder(this);
    if (!m_decoder->isSupported()) {
        // No multimedia backend: say so once start() has returned.
        reportErrorLater();
        return;
    }
    auto *source = new QBuffer(m_decoder);
    source->setData(encoded);
    source->open(QIODevice::ReadOnly);
    // No target format: decode to whatever the stream has (Vorbis gives Float, Opus 48 kHz);
    // the accumulator reads every sample format, which avoids a resampling pass.
    m_decoder->setSourceDevice(source);
    // GStreamer emits bufferReady() on its streaming thread: queued here, as the auto connection
    // does across threads, so readBuffers() always runs on this object's thread.
    connect(m_decoder,
            &QAudioDecoder::bufferReady,
            this,
            &WaveformDecoder::readBuffers,
            Qt::QueuedConnection);
    connect(m_decoder, &QAudioDecoder::finished, this, &WaveformDecoder::onDecoderFinished);
    connect(m_decoder,
            qOverload<QAudioDecoder::Error>(&QAudioDecoder::error),
            this,
            &WaveformDecoder::onDecoderError);
    m_starting = true;
    m_decoder->start();
    m_starting = false;
}

void WaveformDecoder::cancel()
{
    stopDecoder();
    ++m_generation;
    m_running = false;
    m_starting = false;
    m_foundAudio = false;
    m_accumulator.reset();
    m_waveform = {};
    m_error.clear();
    m_failure = Failure::None;
}

void WaveformDecoder::readBuffers()
{
    // Queued calls can outlive the decoder they came from; the current one is read instead,
    // which is harmless.
    if (!m_decoder || !m_accumulator)
        return;
    bool found = false;
    while (m_decoder->bufferAvailable()) {
        const QAudioBuffer buffer = m_decoder->read();
        if (!buffer.isValid())
            continue;
        if (!m_accumulator->add(buffer.format(), buffer.constData<char>(), buffer.byteCount()))
            qCWarning(lcRecording) << "waveform: skipped audio in an unsupported sample format";
        found = true;
    }
    if (!found)
        return;
    if (!m_foundAudio) {
        m_foundAudio = true;
        m_sinceUpdate.start();
        const quint64 generation = m_generation;
        emit audioFound();
        if (generation != m_generation)
            return; // a receiver cancelled or restarted
        publish(false);
    } else if (m_sinceUpdate.elapsed() >= UpdateIntervalMs) {
        m_sinceUpdate.restart();
        publish(false);
    }
}

void WaveformDecoder::onDecoderFinished()
{
    readBuffers();
    if (!m_running || !m_accumulator)
        return;
    stopDecoder();
    if (!m_foundAudio) {
        fail(Failure::NotAudio, tr("The recording contains no audio."));
        return;
    }
    m_running = false;
    publish(true);
    m_accumulator.reset();
}

// onDecoderError() from the event loop, unless this decoding has been cancelled or replaced by then.
void WaveformDecoder::reportErrorLater()
{
    QMetaObject::invokeMethod(
        this,
        [this, generation = m_generation] {
            if (generation == m_generation && m_running)
                onDecoderError();
        },
        Qt::QueuedConnection);
}

void WaveformDecoder::onDecoderError()
{
    const QString detail = m_decoder ? m_decoder->errorString() : QString();
    // GStreamer reports bytes it cannot read as FormatError ("Could not determine type of
    // stream", "missing a plug-in" for a type it knows but cannot decode); a missing playbin
    // (no base plugins) as ResourceError, and no backend at all as NotSupportedError.
    const bool formatError = m_decoder && m_decoder->error() == QAudioDecoder::FormatError;
    qCDebug(lcRecording) << "waveform decoding failed:" << detail;
    if (m_starting) {
        // Reported synchronously from inside QAudioDecoder::start(): not from inside ours.
        reportErrorLater();
        return;
    }
    stopDecoder();
    if (formatError) {
        fail(Failure::NotAudio,
             tr("The recording could not be decoded: it is not in an audio format the app can "
                "read."));
    } else {
        fail(Failure::DecoderUnavailable,
             tr("The recording could not be decoded: the system's audio decoder (GStreamer and "
                "its plugins) is missing or incomplete (%1).")
                 .arg(detail));
    }
}

void WaveformDecoder::fail(Failure failure, const QString &message)
{
    m_running = false;
    m_accumulator.reset();
    m_failure = failure;
    m_error = message;
    emit failed(m_error);
}

void WaveformDecoder::publish(bool complete)
{
    m_waveform = m_accumulator->waveform(complete);
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
