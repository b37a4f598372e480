#include "media/recordingsession.h"

#include "core/recording/recordinglogging.h"
#include "media/waveformdecoder.h"

#include <QAudioDevice>
#include <QAudioOutput>
#include <QBuffer>
#include <QMediaDevices>
#include <QTimer>

// RecordingSession's decoding and playback: the waveform decoder, QMediaPlayer and QAudioOutput.
// The download, saving and the state shown to the user are in recordingsession.cpp.

namespace Revox {

namespace {

// The volume scale is perceptual; the output wants a linear gain.
float linearVolume(int percent)
{
    return float(QAudio::convertVolume(percent / 100.0,
                                       QAudio::LogarithmicVolumeScale,
                                       QAudio::LinearVolumeScale));
}

} // namespace

qint64 RecordingSession::durationMs() const
{
    return m_source ? m_player->duration() : 0;
}

qint64 RecordingSession::positionMs() const
{
    return m_source ? m_player->position() : 0;
}

bool RecordingSession::hasAudioOutput() const
{
    return !QMediaDevices::audioOutputs().isEmpty();
}

bool RecordingSession::hasMediaPlayer() const
{
    return m_player != nullptr;
}

void RecordingSession::play()
{
    if (m_state == State::Loading) {
        m_playWhenLoaded = true;
        return;
    }
    if (m_state == State::Ready)
        m_player->play();
}

void RecordingSession::pause()
{
    m_playWhenLoaded = false;
    if (m_state == State::Playing)
        m_player->pause();
}

void RecordingSession::togglePlayPause()
{
    if (m_state == State::Playing || (m_state == State::Loading && m_playWhenLoaded))
        pause();
    else
        play();
}

void RecordingSession::seek(qint64 milliseconds)
{
    if (m_state == State::Loading) {
        m_pendingSeekMs = std::max<qint64>(0, milliseconds);
        return;
    }
    if (!isPlayable())
        return;
    const qint64 duration = m_player->duration();
    // QMediaPlayer reports the new position at once, then as it plays.
    m_player->setPosition(std::clamp<qint64>(milliseconds, 0, std::max<qint64>(0, duration)));
}

void RecordingSession::skip(qint64 milliseconds)
{
    seek(positionMs() + milliseconds);
}

void RecordingSession::setPlaybackRate(double rate)
{
    rate = std::clamp(rate, playbackRates().constFirst(), playbackRates().constLast());
    if (m_player)
        m_player->setPlaybackRate(rate);
    if (qFuzzyCompare(rate, m_rate))
        return;
    m_rate = rate;
    emit playbackRateChanged(rate);
}

void RecordingSession::setVolume(int percent)
{
    percent = std::clamp(percent, 0, 100);
    if (m_audioOutput)
        m_audioOutput->setVolume(linearVolume(percent));
    if (percent == m_volume)
        return;
    m_volume = percent;
    emit volumeChanged(percent);
}

void RecordingSession::setMuted(bool muted)
{
    if (m_audioOutput)
        m_audioOutput->setMuted(muted);
    if (muted == m_muted)
        return;
    m_muted = muted;
    emit mutedChanged(muted);
}

void RecordingSession::postStart()
{
    // Once the events already waiting (a paint among them) are handled.
    QTimer::singleShot(0, this, [this, id = m_fetchId] { startDecoding(id); });
}

void RecordingSession::startDecoding(quint64 fetchId)
{
    if (fetchId != m_fetchId || !m_startPending || m_startHeld || m_state != State::Loading)
        return; // replaced, cleared, already started or held again meanwhile
    m_startPending = false;
    m_decoder->start(m_bytes);
}

void RecordingSession::onAudioFound()
{
    if (m_state == State::Loading && !m_source)
        startPlayer();
}

void RecordingSession::startPlayer()
{
    ensureMedia();
    m_source = new QBuffer(this);
    m_source->setData(m_bytes);
    m_source->open(QIODevice::ReadOnly);
    // Played from memory: GStreamer never contacts the recording's host itself.
    m_player->setSourceDevice(m_source, m_link.url);
}

void RecordingSession::ensureMedia()
{
    if (m_player)
        return;
    m_player = new QMediaPlayer(this);
    m_audioOutput = new QAudioOutput(this);
    // Qt 6.4's GStreamer backend only plays with an audio output attached; without a sound card
    // GStreamer falls back to a silent sink and the clock still runs.
    m_player->setAudioOutput(m_audioOutput);
    m_player->setPlaybackRate(m_rate);
    m_audioOutput->setVolume(linearVolume(m_volume));
    m_audioOutput->setMuted(m_muted);
    connect(m_player, &QMediaPlayer::mediaStatusChanged, this, &RecordingSession::onMediaStatus);
    connect(m_player, &QMediaPlayer::playbackStateChanged, this, &RecordingSession::onPlaybackState);
    connect(m_player, &QMediaPlayer::errorOccurred, this, &RecordingSession::onMediaError);
    connect(m_player, &QMediaPlayer::durationChanged, this, &RecordingSession::durationChanged);
    connect(m_player, &QMediaPlayer::positionChanged, this, &RecordingSession::positionChanged);

    m_devices = new QMediaDevices(this);
    connect(m_devices, &QMediaDevices::audioOutputsChanged, this, [this] {
        m_audioOutput->setDevice(QMediaDevices::defaultAudioOutput());
        updateNotice();
    });
}

void RecordingSession::releaseMedia()
{
    if (m_player) {
        m_player->stop();
        // The player must let go of the device before it is deleted.
        m_player->setSource(QUrl());
    }
    delete std::exchange(m_source, nullptr);
}

void RecordingSession::onWaveform(const Waveform &waveform)
{
    m_waveform = waveform;
    emit waveformChanged();
}

void RecordingSession::onWaveformFailed(const QString &message)
{
    if (m_state == State::Loading && !m_source) {
        // Nothing GStreamer can decode: no player is made for it (see the class comment).
        if (m_decoder->failure() == WaveformDecoder::Failure::DecoderUnavailable)
            showPlaybackError(tr("%1 Save recording as… still keeps the file.").arg(message));
        else
            showPlaybackError(undecodableText());
        return;
    }
    setStatusText(tr("No waveform: %1").arg(message));
    emit waveformChanged();
}

void RecordingSession::onMediaStatus(QMediaPlayer::MediaStatus status)
{
    qCDebug(lcRecording) << "media status" << status;
    switch (status) {
    case QMediaPlayer::LoadedMedia:
        if (m_state == State::Loading) {
            setBusy(false);
            setState(State::Ready);
            updateNotice();
            if (m_pendingSeekMs >= 0)
                seek(std::exchange(m_pendingSeekMs, -1));
            if (std::exchange(m_playWhenLoaded, false))
                m_player->play();
        }
        break;
    case QMediaPlayer::BufferingMedia:
    case QMediaPlayer::StalledMedia:
        setBusy(true);
        break;
    case QMediaPlayer::BufferedMedia:
        if (m_state != State::Loading)
            setBusy(false);
        break;
    case QMediaPlayer::InvalidMedia:
        onMediaError(QMediaPlayer::FormatError, QString());
        break;
    case QMediaPlayer::EndOfMedia:
    case QMediaPlayer::NoMedia:
    case QMediaPlayer::LoadingMedia:
        break;
    }
}

void RecordingSession::onPlaybackState(QMediaPlayer::PlaybackState state)
{
    if (m_state == State::Error || m_state == State::Loading || m_state == State::NoRecording)
        return;
    setState(state == QMediaPlayer::PlayingState ? State::Playing : State::Ready);
}

void RecordingSession::onMediaError(QMediaPlayer::Error error, const QString &detail)
{
    if (error == QMediaPlayer::NoError || !m_source || m_state == State::Error)
        return;
    qCDebug(lcRecording) << "playback failed:" << error << detail;
    if (!m_waveform.isEmpty()) {
        // It decodes, so the player's own elements are what is missing: without
        // gstreamer1.0-plugins-good, Qt 6.4 loads it (with no length) and fails on play().
        showPlaybackError(tr("The recording decodes but could not be played (%1). GStreamer's "
                             "audio output may be missing (gstreamer1.0-plugins-good). Save "
                             "recording as… still keeps the file.")
                              .arg(detail));
        return;
    }
    switch (error) {
    case QMediaPlayer::FormatError:
    case QMediaPlayer::ResourceError:
        showPlaybackError(undecodableText());
        break;
    default:
        showPlaybackError(tr("The recording could not be played: %1").arg(detail));
        break;
    }
}

QString RecordingSession::undecodableText()
{
    return tr("The recording could not be decoded: it is not in an audio format the app can "
              "play. Save recording as… still keeps the file.");
}

void RecordingSession::showPlaybackError(const QString &text)
{
    m_playWhenLoaded = false;
    setStatusText(tr("No waveform"));
    showError(text, false);
}

void RecordingSession::updateNotice()
{
    if (m_messageIsError || (m_state != State::Loading && !isPlayable()))
        return;
    setMessage(hasAudioOutput()
                   ? QString()
                   : tr("No audio output device was found, so playback is silent. The waveform "
                        "and Save recording as… still work."));
}

} // namespace Revox
