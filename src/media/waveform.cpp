#include "media/waveform.h"

#include <algorithm>
#include <cmath>

namespace Revox {

float Waveform::peak() const
{
    float peak = 0.0f;
    for (const QList<float> &lane : lanes) {
        for (float level : lane)
            peak = std::max(peak, level);
    }
    return peak;
}

WaveformAccumulator::WaveformAccumulator(int bucketMs)
    : m_bucketMs(std::max(1, bucketMs))
{}

bool WaveformAccumulator::add(const QAudioFormat &format, const char *data, qsizetype bytes)
{
    const int channels = format.channelCount();
    const int bytesPerFrame = format.bytesPerFrame();
    if (!format.isValid() || channels <= 0 || bytesPerFrame <= 0 || format.sampleRate() <= 0)
        return false;
    if (m_lanes.isEmpty())
        m_lanes.resize(channels >= 2 ? 2 : 1);
    if (format.sampleRate() != m_sampleRate) {
        if (m_sampleRate > 0)
            m_usBeforeRate += m_framesAtRate * 1000000 / m_sampleRate;
        m_sampleRate = format.sampleRate();
        m_framesAtRate = 0;
    }
    const qsizetype frames = bytes / bytesPerFrame;
    switch (format.sampleFormat()) {
    case QAudioFormat::UInt8:
        addFrames(reinterpret_cast<const quint8 *>(data), frames, channels, 1.0f / 128, -128.0f);
        return true;
    case QAudioFormat::Int16:
        addFrames(reinterpret_cast<const qint16 *>(data), frames, channels, 1.0f / 32768, 0.0f);
        return true;
    case QAudioFormat::Int32:
        addFrames(reinterpret_cast<const qint32 *>(data),
                  frames,
                  channels,
                  1.0f / 2147483648.0f,
                  0.0f);
        return true;
    case QAudioFormat::Float:
        addFrames(reinterpret_cast<const float *>(data), frames, channels, 1.0f, 0.0f);
        return true;
    case QAudioFormat::Unknown:
    case QAudioFormat::NSampleFormats:
        break;
    }
    return false;
}

template<typename Sample>
void WaveformAccumulator::addFrames(
    const Sample *samples, qsizetype frames, int channels, float scale, float offset)
{
    const qint64 bucketUs = qint64(m_bucketMs) * 1000;
    qsizetype frame = 0;
    while (frame < frames) {
        // Walk bucket by bucket so the inner loop is a plain peak search.
        const qint64 us = m_usBeforeRate + m_framesAtRate * 1000000 / m_sampleRate;
        const qsizetype bucket = qsizetype(us / bucketUs);
        startBucketsUpTo(bucket);
        const qint64 bucketEndUs = (bucket + 1) * bucketUs;
        const qint64 endFrameAtRate = ((bucketEndUs - m_usBeforeRate) * m_sampleRate + 999999)
                                      / 1000000;
        const qsizetype count = std::clamp<qsizetype>(qsizetype(endFrameAtRate - m_framesAtRate),
                                                      1,
                                                      frames - frame);
        float peaks[2] = {0.0f, 0.0f};
        const Sample *p = samples + frame * channels;
        for (qsizetype i = 0; i < count; ++i) {
            for (int c = 0; c < channels; ++c) {
                const float level = std::fabs((float(p[c]) + offset) * scale);
                float &peak = peaks[(c == 0 || m_lanes.size() == 1) ? 0 : 1];
                peak = std::max(peak, level);
            }
            p += channels;
        }
        for (qsizetype lane = 0; lane < m_lanes.size(); ++lane) {
            float &stored = m_lanes[lane][bucket];
            // NaN and out-of-range floats from a broken stream must not break the drawing.
            const float level = std::isfinite(peaks[lane]) ? std::min(peaks[lane], 1.0f) : 1.0f;
            stored = std::max(stored, level);
        }
        frame += count;
        m_framesAtRate += count;
    }
}

void WaveformAccumulator::startBucketsUpTo(qsizetype index)
{
    for (QList<float> &lane : m_lanes) {
        if (lane.size() <= index)
            lane.resize(index + 1, 0.0f);
    }
}

Waveform WaveformAccumulator::waveform(bool complete) const
{
    Waveform waveform;
    waveform.bucketMs = m_bucketMs;
    waveform.lanes = m_lanes;
    waveform.complete = complete;
    if (m_sampleRate > 0)
        waveform.durationMs = (m_usBeforeRate + m_framesAtRate * 1000000 / m_sampleRate) / 1000;
    return waveform;
}

} // namespace Revox
