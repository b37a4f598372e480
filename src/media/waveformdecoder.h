#pragma once

#include "waveform.h"

#include <QObject>
#include <QThread>

class QAudioDecoder;

namespace Revox {

class WaveformWorker;

// Turns an encoded recording (Ogg, WAV, MP3, Opus… whatever GStreamer decodes) into a Waveform.
// QAudioDecoder decodes on GStreamer's own threads and the peak search runs on a worker thread,
// so the GUI thread only passes buffers along. Partial waveforms arrive while decoding runs, so
// the view can draw as soon as anything is known.
class WaveformDecoder final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(WaveformDecoder)

public:
    explicit WaveformDecoder(QObject *parent = nullptr);
    ~WaveformDecoder() override;

    void setBucketMs(int milliseconds);
    // Replaces whatever is being decoded; `encoded` is copied (implicitly shared).
    void start(const QByteArray &encoded);
    void cancel();

    bool isRunning() const;
    Waveform waveform() const;
    QString errorString() const;

signals:
    // While decoding, with complete == false; once at the end with complete == true.
    void updated(const Revox::Waveform &waveform);
    void failed(const QString &message);

private:
    void readBuffers();
    void onDecoderFinished();
    void onDecoderError();
    void onSnapshot(quint64 generation, const Revox::Waveform &waveform);
    void stopDecoder();

    QThread m_thread;
    WaveformWorker *m_worker = nullptr; // lives on m_thread
    QAudioDecoder *m_decoder = nullptr; // owns its source buffer
    Waveform m_waveform;
    QString m_error;
    quint64 m_generation = 0;
    int m_bucketMs = Waveform::DefaultBucketMs;
    bool m_running = false;
    bool m_gotAudio = false;
};

} // namespace Revox
