#include "recordingplayer.h"
#include "recordingplayerparts.h"

#include "recordingdownloader.h"
#include "recordinglogging.h"
#include "waveformdecoder.h"
#include "waveformview.h"

#include <QAudioDevice>
#include <QAudioOutput>
#include <QBuffer>
#include <QComboBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QMediaDevices>
#include <QProgressBar>
#include <QPushButton>
#include <QShortcut>
#include <QSlider>
#include <QStackedWidget>
#include <QStandardPaths>
#include <QStyle>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>
#include <QWindow>

namespace Revox {

using namespace RecordingPlayerParts;

RecordingPlayer::RecordingPlayer(QWidget *parent)
    : QWidget(parent)
    , m_downloader(new RecordingDownloader(this))
    , m_saver(new RecordingDownloader(this))
    , m_decoder(new WaveformDecoder(this))
{
    m_playIcon = themedIcon(this, "media-playback-start", QStyle::SP_MediaPlay);
    m_pauseIcon = themedIcon(this, "media-playback-pause", QStyle::SP_MediaPause);
    m_volumeIcon = themedIcon(this, "audio-volume-high", QStyle::SP_MediaVolume);
    m_mutedIcon = themedIcon(this, "audio-volume-muted", QStyle::SP_MediaVolumeMuted);
    buildUi();
    setUpShortcuts();

    connect(m_downloader, &RecordingDownloader::progress, this, &RecordingPlayer::onFetchProgress);
    connect(m_downloader, &RecordingDownloader::finished, this, &RecordingPlayer::onFetched);
    connect(m_saver, &RecordingDownloader::progress, this, &RecordingPlayer::onSaveProgress);
    connect(m_saver, &RecordingDownloader::finished, this, &RecordingPlayer::onSaved);
    connect(m_decoder, &WaveformDecoder::updated, this, &RecordingPlayer::onWaveform);
    connect(m_decoder, &WaveformDecoder::failed, this, &RecordingPlayer::onWaveformFailed);
    showNoRecording(tr("No recording"));
}

RecordingPlayer::~RecordingPlayer()
{
    if (m_player)
        m_player->disconnect(this);
    releaseMedia();
}

void RecordingPlayer::ensureMedia()
{
    if (m_player)
        return;
    // Made on the first recording, not with the widget: QMediaPlayer starts the GStreamer
    // backend and QAudioOutput connects to the sound server, a fifth of the app's startup
    // (callgrind) for a window that may never play anything.
    m_player = new QMediaPlayer(this);
    m_audioOutput = new QAudioOutput(this);
    // Qt 6.4's GStreamer backend only plays with an audio output attached; without a sound card
    // GStreamer falls back to a silent sink and the clock still runs.
    m_player->setAudioOutput(m_audioOutput);
    m_player->setPlaybackRate(m_rate);
    m_audioOutput->setVolume(m_volume);
    m_audioOutput->setMuted(m_muted);
    connect(m_player, &QMediaPlayer::mediaStatusChanged, this, &RecordingPlayer::onMediaStatus);
    connect(m_player, &QMediaPlayer::playbackStateChanged, this, &RecordingPlayer::onPlaybackState);
    connect(m_player, &QMediaPlayer::errorOccurred, this, &RecordingPlayer::onMediaError);
    connect(m_player, &QMediaPlayer::durationChanged, this, [this](qint64 duration) {
        m_seekSlider->setRange(0, int(duration));
        m_waveformView->setDurationMs(duration);
        updateTimeLabels();
        emit durationChanged(duration);
    });
    connect(m_player, &QMediaPlayer::positionChanged, this, [this](qint64 position) {
        if (!m_sliderHeld)
            m_seekSlider->setValue(int(position));
        m_waveformView->setPositionMs(position);
        updateTimeLabels();
        emit positionChanged(position);
    });

    auto *devices = new QMediaDevices(this);
    connect(devices, &QMediaDevices::audioOutputsChanged, this, [this] {
        m_audioOutput->setDevice(QMediaDevices::defaultAudioOutput());
        updateNotice();
    });
}

void RecordingPlayer::keyPressEvent(QKeyEvent *event)
{
    // Arrows only while focus is in the player, so lists and text elsewhere keep theirs.
    const bool shift = event->modifiers() & Qt::ShiftModifier;
    if (event->key() == Qt::Key_Left || event->key() == Qt::Key_Right) {
        if (m_state == State::Ready || m_state == State::Playing) {
            const int step = shift ? LongSkipMs : ShortSkipMs;
            skip(event->key() == Qt::Key_Left ? -step : step);
            event->accept();
            return;
        }
    }
    QWidget::keyPressEvent(event);
}

bool RecordingPlayer::eventFilter(QObject *watched, QEvent *event)
{
    if (m_watchingWindow && watched == window()
        && (event->type() == QEvent::Paint || event->type() == QEvent::Hide)) {
        m_watchingWindow = false;
        watched->removeEventFilter(this);
        postStartMedia();
        return false;
    }
    // The seek slider's own arrow handling knows nothing of Shift; route arrows to skip().
    if (watched == m_seekSlider && event->type() == QEvent::KeyPress) {
        auto *key = static_cast<QKeyEvent *>(event);
        if (key->key() == Qt::Key_Left || key->key() == Qt::Key_Right) {
            keyPressEvent(key);
            return true;
        }
    }
    return QWidget::eventFilter(watched, event);
}

void RecordingPlayer::setRecording(const QString &callId,
                                   const QString &attemptId,
                                   const std::optional<QString> &recordingUrl)
{
    releaseMedia();
    m_downloader->cancel();
    m_decoder->cancel();
    m_callId = callId;
    m_attemptId = attemptId;
    m_recordingUrl = recordingUrl;
    m_hasRecording = true;
    m_bytes.clear();
    m_contentType.clear();
    m_playWhenLoaded = false;
    m_pendingSeekMs = -1;
    m_waveformView->setWaveform({});
    m_waveformView->setDurationMs(0);
    m_waveformView->setPositionMs(0);
    m_seekSlider->setRange(0, 0);
    emit waveformChanged();

    m_link = RecordingLink::fromApi(recordingUrl);
    switch (m_link.kind) {
    case RecordingLink::Kind::None:
        showNoRecording(m_link.message);
        return;
    case RecordingLink::Kind::Refused:
        showError(m_link.message, false);
        return;
    case RecordingLink::Kind::Web:
    case RecordingLink::Kind::Resource:
        break;
    }
    m_pages->setCurrentIndex(1);
    m_waveformView->setPlaceholderText(tr("Loading the recording…"));
    m_loadingBar->setRange(0, 0);
    m_loadingBar->show();
    setMessage(QString());
    setState(State::Loading);
    m_fetchId = m_downloader->fetch(m_link.url);
}

void RecordingPlayer::clear()
{
    releaseMedia();
    m_downloader->cancel();
    m_decoder->cancel();
    m_link = {};
    m_bytes.clear();
    m_callId.clear();
    m_attemptId.clear();
    m_recordingUrl.reset();
    m_hasRecording = false;
    m_waveformView->setWaveform({});
    emit waveformChanged();
    showNoRecording(tr("No recording"));
}

bool RecordingPlayer::isShowing(const QString &callId,
                                const QString &attemptId,
                                const std::optional<QString> &recordingUrl) const
{
    return m_hasRecording && m_state != State::Error && callId == m_callId
           && attemptId == m_attemptId && recordingUrl == m_recordingUrl;
}

void RecordingPlayer::retry()
{
    if (m_link.canOpen())
        setRecording(m_callId, m_attemptId, m_recordingUrl);
}

void RecordingPlayer::releaseMedia()
{
    m_pendingStart = 0;
    if (m_player) {
        m_player->stop();
        // The player must let go of the device before it is deleted.
        m_player->setSource(QUrl());
    }
    delete std::exchange(m_source, nullptr);
}

RecordingPlayer::State RecordingPlayer::state() const
{
    return m_state;
}

qint64 RecordingPlayer::durationMs() const
{
    return m_source ? m_player->duration() : 0;
}

qint64 RecordingPlayer::positionMs() const
{
    return m_source ? m_player->position() : 0;
}

double RecordingPlayer::playbackRate() const
{
    return m_rate;
}

QString RecordingPlayer::messageText() const
{
    return m_message;
}

Waveform RecordingPlayer::waveform() const
{
    return m_waveformView->waveform();
}

WaveformView *RecordingPlayer::waveformView() const
{
    return m_waveformView;
}

bool RecordingPlayer::isSaving() const
{
    return m_saver->isBusy();
}

QString RecordingPlayer::suggestedFileName() const
{
    return RecordingFiles::suggestedFileName(m_callId, m_attemptId, m_contentType, m_link.url);
}

bool RecordingPlayer::hasMediaPlayer() const
{
    return m_player != nullptr;
}

bool RecordingPlayer::hasAudioOutput() const
{
    return !QMediaDevices::audioOutputs().isEmpty();
}

void RecordingPlayer::play()
{
    if (m_state == State::Loading) {
        m_playWhenLoaded = true;
        return;
    }
    if (m_state == State::Ready)
        m_player->play();
}

void RecordingPlayer::pause()
{
    m_playWhenLoaded = false;
    if (m_state == State::Playing)
        m_player->pause();
}

void RecordingPlayer::togglePlayPause()
{
    if (m_state == State::Playing || (m_state == State::Loading && m_playWhenLoaded))
        pause();
    else
        play();
}

void RecordingPlayer::seek(qint64 milliseconds)
{
    if (m_state == State::Loading) {
        m_pendingSeekMs = std::max<qint64>(0, milliseconds);
        return;
    }
    if (m_state != State::Ready && m_state != State::Playing)
        return;
    const qint64 duration = m_player->duration();
    const qint64 target = std::clamp<qint64>(milliseconds, 0, std::max<qint64>(0, duration));
    m_player->setPosition(target);
    // Show the jump at once; the backend reports it a moment later.
    m_waveformView->setPositionMs(target);
    if (!m_sliderHeld)
        m_seekSlider->setValue(int(target));
    m_elapsedLabel->setText(clockText(target));
}

void RecordingPlayer::skip(qint64 milliseconds)
{
    seek(positionMs() + milliseconds);
}

void RecordingPlayer::setPlaybackRate(double rate)
{
    rate = std::clamp(rate, speeds().constFirst(), speeds().constLast());
    m_rate = rate;
    if (m_player)
        m_player->setPlaybackRate(rate);
    const int index = m_speedBox->findData(rate);
    if (index >= 0)
        m_speedBox->setCurrentIndex(index);
}

void RecordingPlayer::setVolume(int percent)
{
    percent = std::clamp(percent, 0, 100);
    // The slider is perceptual; the output wants a linear gain.
    m_volume = float(QAudio::convertVolume(percent / 100.0,
                                           QAudio::LogarithmicVolumeScale,
                                           QAudio::LinearVolumeScale));
    if (m_audioOutput)
        m_audioOutput->setVolume(m_volume);
    if (m_volumeSlider->value() != percent)
        m_volumeSlider->setValue(percent);
}

void RecordingPlayer::setMuted(bool muted)
{
    m_muted = muted;
    if (m_audioOutput)
        m_audioOutput->setMuted(muted);
    m_muteButton->setChecked(muted);
    m_muteButton->setIcon(muted ? m_mutedIcon : m_volumeIcon);
    const QString text = muted ? tr("Unmute") : tr("Mute");
    m_muteButton->setToolTip(text);
    m_muteButton->setAccessibleName(text);
}

void RecordingPlayer::saveRecordingAs()
{
    if (!m_link.canOpen())
        return;
    QString folder = QStandardPaths::writableLocation(QStandardPaths::DownloadLocation);
    if (folder.isEmpty())
        folder = QDir::homePath();
    const QString path = QFileDialog::getSaveFileName(
        this,
        tr("Save Recording"),
        QDir(folder).filePath(suggestedFileName()),
        tr("Audio files (*.%1);;All files (*)").arg(QFileInfo(suggestedFileName()).suffix()));
    if (!path.isEmpty())
        saveRecordingTo(path);
}

void RecordingPlayer::saveRecordingTo(const QString &path)
{
    if (!m_link.canOpen()) {
        emit saveFinished(false, tr("There is no recording to save."));
        return;
    }
    m_savePath = path;
    m_saveBar->setRange(0, 0);
    m_saveBar->show();
    m_saveButton->setEnabled(false);
    if (!m_bytes.isEmpty()) {
        // Already here: no second download.
        m_saveBar->setRange(0, 100);
        m_saveBar->setValue(100);
        const QString error = RecordingFiles::write(path, m_bytes);
        RecordingDownload result;
        result.status = error.isEmpty() ? RecordingDownload::Status::Ok
                                        : RecordingDownload::Status::WriteError;
        result.message = error;
        result.savedPath = error.isEmpty() ? path : QString();
        m_saveId = 0;
        onSaved(0, result);
        return;
    }
    m_saveId = m_saver->saveTo(m_link.url, path);
}

void RecordingPlayer::onFetchProgress(quint64 id, qint64 received, qint64 total)
{
    if (id != m_fetchId)
        return;
    if (total > 0) {
        m_loadingBar->setRange(0, 1000);
        m_loadingBar->setValue(int(received * 1000 / total));
        m_waveformView->setPlaceholderText(
            tr("Loading the recording… %1%").arg(received * 100 / total));
    }
}

void RecordingPlayer::onFetched(quint64 id, const RecordingDownload &result)
{
    if (id != m_fetchId)
        return;
    if (!result.isOk()) {
        const bool transient = result.status == RecordingDownload::Status::ConnectionError
                               || result.status == RecordingDownload::Status::Timeout
                               || result.status == RecordingDownload::Status::HttpError;
        showError(result.message, transient);
        return;
    }
    m_bytes = result.data;
    m_contentType = result.contentType;
    m_waveformView->setPlaceholderText(tr("Drawing the waveform…"));
    m_pendingStart = id;
    // The bundled sample's recording arrives in the app's first event-loop pass: decoding and
    // starting the media backend then would hold back the window's first paint. A shown window
    // that has not painted yet is waited for; either way the start waits for the events already
    // queued to be handled, and the player shows "Loading" meanwhile.
    QWidget *top = window();
    const bool painted = !top->isVisible()
                         || (top->windowHandle() && top->windowHandle()->isExposed());
    if (painted) {
        postStartMedia();
    } else if (!m_watchingWindow) {
        m_watchingWindow = true;
        top->installEventFilter(this);
    }
}

void RecordingPlayer::postStartMedia()
{
    // A zero timer fires once the events already waiting (the paint among them) are handled.
    QTimer::singleShot(0, this, [this] { startMedia(m_pendingStart); });
}

void RecordingPlayer::startMedia(quint64 id)
{
    if (id == 0 || id != m_fetchId || m_state != State::Loading)
        return; // replaced or cleared meanwhile
    m_pendingStart = 0;
    ensureMedia();
    m_decoder->start(m_bytes);
    m_source = new QBuffer(this);
    m_source->setData(m_bytes);
    m_source->open(QIODevice::ReadOnly);
    // Played from memory: GStreamer never contacts the recording's host itself.
    m_player->setSourceDevice(m_source, m_link.url);
}

void RecordingPlayer::onSaveProgress(quint64 id, qint64 received, qint64 total)
{
    if (id != m_saveId || total <= 0)
        return;
    m_saveBar->setRange(0, 1000);
    m_saveBar->setValue(int(received * 1000 / total));
}

void RecordingPlayer::onSaved(quint64 id, const RecordingDownload &result)
{
    if (id != m_saveId)
        return;
    m_saveId = 0;
    m_saveBar->hide();
    updateControls();
    const QString message = result.isOk() ? tr("Saved the recording to %1.")
                                                .arg(QDir::toNativeSeparators(result.savedPath))
                                          : result.message;
    setMessage(message);
    emit saveFinished(result.isOk(), message);
}

void RecordingPlayer::onMediaStatus(QMediaPlayer::MediaStatus status)
{
    qCDebug(lcRecording) << "media status" << status;
    switch (status) {
    case QMediaPlayer::LoadedMedia:
        if (m_state == State::Loading) {
            m_loadingBar->hide();
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
        m_loadingBar->setRange(0, 0);
        m_loadingBar->show();
        break;
    case QMediaPlayer::BufferedMedia:
        if (m_state != State::Loading)
            m_loadingBar->hide();
        break;
    case QMediaPlayer::InvalidMedia:
        if (m_state != State::Error)
            onMediaError(QMediaPlayer::FormatError, QString());
        break;
    case QMediaPlayer::EndOfMedia:
    case QMediaPlayer::NoMedia:
    case QMediaPlayer::LoadingMedia:
        break;
    }
}

void RecordingPlayer::onPlaybackState(QMediaPlayer::PlaybackState state)
{
    if (m_state == State::Error || m_state == State::Loading || m_state == State::NoRecording)
        return;
    setState(state == QMediaPlayer::PlayingState ? State::Playing : State::Ready);
}

void RecordingPlayer::onMediaError(QMediaPlayer::Error error, const QString &detail)
{
    if (error == QMediaPlayer::NoError || !m_source)
        return;
    qCDebug(lcRecording) << "playback failed:" << error << detail;
    m_loadingBar->hide();
    m_playWhenLoaded = false;
    QString text;
    switch (error) {
    case QMediaPlayer::FormatError:
    case QMediaPlayer::ResourceError:
        text = tr("The recording could not be decoded: it is not in an audio format the app can "
                  "play. Save recording as… still keeps the file.");
        break;
    default:
        text = tr("The recording could not be played: %1").arg(detail);
        break;
    }
    setMessage(text);
    m_messageIsError = true;
    m_waveformView->setPlaceholderText(tr("No waveform"));
    setState(State::Error);
}

void RecordingPlayer::onWaveform(const Waveform &waveform)
{
    m_waveformView->setWaveform(waveform);
    emit waveformChanged();
}

void RecordingPlayer::onWaveformFailed(const QString &message)
{
    m_waveformView->setPlaceholderText(tr("No waveform: %1").arg(message));
    emit waveformChanged();
}

void RecordingPlayer::setState(State state)
{
    if (state != State::Error)
        m_messageIsError = false;
    const bool changed = m_state != state;
    m_state = state;
    updateControls();
    if (changed)
        emit stateChanged(state);
}

void RecordingPlayer::setMessage(const QString &text)
{
    if (m_pages->currentIndex() == 0)
        m_emptyLabel->setText(text);
    m_messageLabel->setText(text);
    m_messageLabel->setVisible(!text.isEmpty() && m_pages->currentIndex() == 1);
    if (m_message == text)
        return;
    m_message = text;
    emit messageChanged(text);
}

void RecordingPlayer::showNoRecording(const QString &text)
{
    m_pages->setCurrentIndex(0);
    m_retryButton->hide();
    setMessage(text);
    setState(State::NoRecording);
}

void RecordingPlayer::showError(const QString &text, bool canRetry)
{
    m_pages->setCurrentIndex(0);
    m_retryButton->setVisible(canRetry);
    setMessage(text);
    m_messageIsError = true;
    setState(State::Error);
}

void RecordingPlayer::updateControls()
{
    const bool playable = m_state == State::Ready || m_state == State::Playing;
    for (QWidget *widget :
         std::initializer_list<QWidget *>{m_backButton, m_forwardButton, m_seekSlider, m_speedBox})
        widget->setEnabled(playable);
    m_playButton->setEnabled(playable || m_state == State::Loading);
    const bool playing = m_state == State::Playing;
    const QString text = playing ? tr("Pause (Space or K)") : tr("Play (Space or K)");
    m_playButton->setIcon(playing ? m_pauseIcon : m_playIcon);
    m_playButton->setToolTip(text);
    m_playButton->setAccessibleName(text);
    m_saveButton->setEnabled(m_link.canOpen() && !m_saver->isBusy());
    for (QShortcut *shortcut : std::as_const(m_shortcuts))
        shortcut->setEnabled(playable || m_state == State::Loading);
    updateTimeLabels();
}

void RecordingPlayer::updateTimeLabels()
{
    const qint64 duration = durationMs();
    m_elapsedLabel->setText(clockText(positionMs()));
    m_totalLabel->setText(duration > 0 ? clockText(duration) : QStringLiteral("–:––"));
}

void RecordingPlayer::updateNotice()
{
    if (m_messageIsError || m_pages->currentIndex() != 1)
        return;
    setMessage(hasAudioOutput()
                   ? QString()
                   : tr("No audio output device was found, so playback is silent. The waveform "
                        "and Save recording as… still work."));
}

} // namespace Revox
