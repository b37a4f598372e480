#pragma once

#include <QAudioFormat>
#include <QList>
#include <QMetaType>

namespace Revox {

// A recording's loudness over time: for each lane (one for mono, left and right for stereo) the
// peak level, 0..1, of every `bucketMs` slice of audio.
struct Waveform
{
    static constexpr int DefaultBucketMs = 20;

    int bucketMs = DefaultBucketMs;
    QList<QList<float>> lanes;
    qint64 durationMs = 0; // of the audio decoded so far
    bool complete = false; // false while decoding is still running

    int laneCount() const { return int(lanes.size()); }
    int bucketCount() const { return lanes.isEmpty() ? 0 : int(lanes.constFirst().size()); }
    bool isEmpty() const { return bucketCount() == 0; }
    float peak() const; // the loudest bucket of any lane
};

// Folds decoded PCM into a Waveform. Plain data, no threads: WaveformDecoder feeds it each buffer.
class WaveformAccumulator final
{
public:
    explicit WaveformAccumulator(int bucketMs = Waveform::DefaultBucketMs);

    // Interleaved frames in `format` (UInt8, Int16, Int32 or Float; any channel count: channels
    // past the second are folded into the right lane). Unsupported formats are ignored and
    // reported by the return value.
    bool add(const QAudioFormat &format, const char *data, qsizetype bytes);
    Waveform waveform(bool complete) const;

private:
    template<typename Sample>
    void addFrames(const Sample *samples, qsizetype frames, int channels, float scale, float offset);
    void startBucketsUpTo(qsizetype index);

    int m_bucketMs;
    QList<QList<float>> m_lanes;
    int m_sampleRate = 0;
    qint64 m_framesAtRate = 0; // frames decoded at m_sampleRate
    qint64 m_usBeforeRate = 0; // audio decoded at earlier sample rates, in microseconds
};

} // namespace Revox

Q_DECLARE_METATYPE(Revox::Waveform)
