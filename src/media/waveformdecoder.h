#pragma once

#include "media/waveform.h"

#include <QElapsedTimer>
#include <QObject>

#include <optional>

class QAudioDecoder;

namespace Revox {

// Turns an encoded recording (Ogg, WAV, MP3, Opus… whatever GStreamer decodes) into a Waveform.
// Partial waveforms arrive while decoding runs, so the view can draw as soon as anything is known.
//
// Everything here runs on the thread that owns the object (the GUI thread), without a thread of
// its own: QAudioDecoder is asynchronous. GStreamer decodes on its own streaming threads and
// queues each decoded buffer (at most 4, then it waits for read()); QAudioDecoder::read() then
// copies the buffer on this thread anyway, and finding its peaks is one more pass over the same
// few kilobytes. A worker thread would only add a second copy of every buffer, generations to
// drop stale results, and a thread to join on destruction.
class WaveformDecoder final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(WaveformDecoder)

public:
    enum class Failure {
        None,
        NotAudio,           // GStreamer found no audio it can decode in the bytes
        DecoderUnavailable, // no multimedia backend, or GStreamer without its base plugins
    };

    explicit WaveformDecoder(QObject *parent = nullptr);
    ~WaveformDecoder() override;

    void setBucketMs(int milliseconds);
    // Replaces whatever is being decoded; `encoded` is copied (implicitly shared).
    void start(const QByteArray &encoded);
    void cancel();

    bool isRunning() const { return m_running; }
    // Whether decoding has produced audio since start(): GStreamer can read this recording.
    bool hasFoundAudio() const { return m_foundAudio; }
    Waveform waveform() const { return m_waveform; }
    Failure failure() const { return m_failure; }
    QString errorString() const { return m_error; }

signals:
    // Once per start(), at the first decoded buffer, before the first updated().
    void audioFound();
    // While decoding, with complete == false; once at the end with complete == true.
    void updated(const Revox::Waveform &waveform);
    // Never emitted from inside start().
    void failed(const QString &message);

private:
    void readBuffers();
    void onDecoderFinished();
    void onDecoderError();
    void reportErrorLater();
    void fail(Failure failure, const QString &message);
    void publish(bool complete);
    void stopDecoder();

    QAudioDecoder *m_decoder = nullptr; // owns its source buffer
    std::optional<WaveformAccumulator> m_accumulator;
    QElapsedTimer m_sinceUpdate;
    Waveform m_waveform;
    QString m_error;
    Failure m_failure = Failure::None;
    quint64 m_generation = 0; // drops a failure queued for a decode that was replaced
    int m_bucketMs = Waveform::DefaultBucketMs;
    bool m_running = false;
    bool m_starting = false; // inside QAudioDecoder::start()
    bool m_foundAudio = false;
};

} // namespace Revox
