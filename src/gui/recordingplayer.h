#pragma once

#include "recordinglink.h"
#include "waveform.h"

#include <QIcon>
#include <QMediaPlayer>
#include <QWidget>

#include <optional>

class QAudioOutput;
class QBuffer;
class QComboBox;
class QLabel;
class QProgressBar;
class QPushButton;
class QShortcut;
class QSlider;
class QStackedWidget;
class QToolButton;

namespace Revox {

class RecordingDownloader;
class WaveformDecoder;
class WaveformView;
struct RecordingDownload;

// Plays one attempt's recording: play/pause, seek slider and clickable waveform, ±5/15 s skips,
// speed, volume, "Save recording as…". The recording is downloaded once by RecordingDownloader
// (never with the API key) and played from memory, so the waveform, playback and saving share
// one transfer and the bundled sample plays offline.
class RecordingPlayer final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RecordingPlayer)

public:
    enum class State {
        NoRecording, // nothing to play, or the attempt has no recording
        Loading,     // downloading or opening the media
        Ready,       // loaded, not playing
        Playing,
        Error, // see messageText()
    };
    Q_ENUM(State)

    static constexpr int ShortSkipMs = 5000;
    static constexpr int LongSkipMs = 15000;

    explicit RecordingPlayer(QWidget *parent = nullptr);
    ~RecordingPlayer() override;

    // Stops and replaces whatever was loaded. std::nullopt (or an empty URL) shows "No recording
    // for this attempt"; links other than http/https and the app's bundled sample are refused.
    void setRecording(const QString &callId,
                      const QString &attemptId,
                      const std::optional<QString> &recordingUrl);
    void clear();
    // Whether exactly this recording is what setRecording() was last given.
    bool isShowing(const QString &callId,
                   const QString &attemptId,
                   const std::optional<QString> &recordingUrl) const;

    State state() const;
    qint64 durationMs() const;
    qint64 positionMs() const;
    double playbackRate() const;
    // The sentence shown to the user (an error, the empty state, or a notice), empty when none.
    QString messageText() const;
    Waveform waveform() const;
    WaveformView *waveformView() const;
    bool isSaving() const;
    QString suggestedFileName() const;
    bool hasAudioOutput() const;
    // Whether the media backend (QMediaPlayer, QAudioOutput) exists yet: it is made when the
    // first recording has been downloaded, after the window's first paint.
    bool hasMediaPlayer() const;

public slots:
    void play();
    void pause();
    void togglePlayPause();
    void seek(qint64 milliseconds);
    void skip(qint64 milliseconds);
    void setPlaybackRate(double rate);
    void setVolume(int percent);
    void setMuted(bool muted);
    // Asks where to save, then saveRecordingTo().
    void saveRecordingAs();
    // Writes the recording to `path` through QSaveFile: from memory when it is downloaded,
    // else by streaming it from its host. Ends with saveFinished().
    void saveRecordingTo(const QString &path);

signals:
    void stateChanged(Revox::RecordingPlayer::State state);
    void durationChanged(qint64 milliseconds);
    void positionChanged(qint64 milliseconds);
    void waveformChanged();
    void messageChanged(const QString &text);
    void saveFinished(bool ok, const QString &message);

protected:
    void keyPressEvent(QKeyEvent *event) override;
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void buildUi();
    void setUpShortcuts();
    void setState(State state);
    void setMessage(const QString &text);
    void showNoRecording(const QString &text);
    void showError(const QString &text, bool canRetry);
    void updateControls();
    void updateTimeLabels();
    void updateNotice();
    void releaseMedia();
    void ensureMedia();
    void postStartMedia();
    void startMedia(quint64 fetchId);
    void retry();

    void onFetchProgress(quint64 id, qint64 received, qint64 total);
    void onFetched(quint64 id, const RecordingDownload &result);
    void onSaveProgress(quint64 id, qint64 received, qint64 total);
    void onSaved(quint64 id, const RecordingDownload &result);
    void onMediaStatus(QMediaPlayer::MediaStatus status);
    void onPlaybackState(QMediaPlayer::PlaybackState state);
    void onMediaError(QMediaPlayer::Error error, const QString &detail);
    void onWaveform(const Waveform &waveform);
    void onWaveformFailed(const QString &message);

    // Data
    QString m_callId;
    QString m_attemptId;
    std::optional<QString> m_recordingUrl;
    bool m_hasRecording = false; // setRecording() was called since the last clear()
    RecordingLink m_link;
    QByteArray m_bytes;
    QByteArray m_contentType;
    State m_state = State::NoRecording;
    // Made once: a new QIcon per state change gets new pixmaps rendered and cached under a new
    // key each time, and the pixmap cache grew with every call shown (tests/leakcheck).
    QIcon m_playIcon;
    QIcon m_pauseIcon;
    QIcon m_volumeIcon;
    QIcon m_mutedIcon;
    QString m_message;
    bool m_messageIsError = false;
    bool m_playWhenLoaded = false;
    qint64 m_pendingSeekMs = -1;
    quint64 m_fetchId = 0;
    quint64 m_pendingStart = 0; // a download waiting for the window's first paint
    bool m_watchingWindow = false;
    // Applied to the media objects when they are made.
    double m_rate = 1.0;
    float m_volume = 1.0f;
    bool m_muted = false;
    quint64 m_saveId = 0;
    QString m_savePath;

    // Machinery
    RecordingDownloader *m_downloader = nullptr;
    RecordingDownloader *m_saver = nullptr;
    WaveformDecoder *m_decoder = nullptr;
    QMediaPlayer *m_player = nullptr; // see ensureMedia()
    QAudioOutput *m_audioOutput = nullptr;
    QBuffer *m_source = nullptr;

    // Widgets
    QStackedWidget *m_pages = nullptr;
    QLabel *m_emptyLabel = nullptr;
    QPushButton *m_retryButton = nullptr;
    WaveformView *m_waveformView = nullptr;
    QProgressBar *m_loadingBar = nullptr;
    QToolButton *m_playButton = nullptr;
    QToolButton *m_backButton = nullptr;
    QToolButton *m_forwardButton = nullptr;
    QSlider *m_seekSlider = nullptr;
    QLabel *m_elapsedLabel = nullptr;
    QLabel *m_totalLabel = nullptr;
    QComboBox *m_speedBox = nullptr;
    QToolButton *m_muteButton = nullptr;
    QSlider *m_volumeSlider = nullptr;
    QToolButton *m_saveButton = nullptr;
    QProgressBar *m_saveBar = nullptr;
    QLabel *m_messageLabel = nullptr;
    QList<QShortcut *> m_shortcuts;
    bool m_sliderHeld = false;
};

} // namespace Revox
