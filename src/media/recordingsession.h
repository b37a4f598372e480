#pragma once

#include "core/recording/recordinglink.h"
#include "media/waveform.h"

#include <QMediaPlayer>
#include <QObject>

#include <optional>

class QAudioOutput;
class QBuffer;
class QMediaDevices;

namespace Revox {

class RecordingDownloader;
class WaveformDecoder;
struct RecordingDownload;

// One attempt's recording and everything done with it, without a widget: the download (through
// RecordingDownloader, never with the API key), the waveform (WaveformDecoder), playback
// (QMediaPlayer with its QAudioOutput) and the state the controls show. Requests come in through
// the slots; state goes out through the getters and their change signals, as Qt's player example
// splits Player from PlayerControls. The recording is downloaded once and played from memory, so
// the waveform, playback and saving share one transfer and the bundled sample plays offline.
//
// The media backend is made for the first recording that GStreamer shows it can decode (its
// first decoded buffer), not before: QMediaPlayer starts GStreamer's player and QAudioOutput
// connects to the sound server, a fifth of the app's startup for a window that may never play
// anything, and Qt 6.4's QMediaPlayer crashes in its constructor when GStreamer has no plugins.
class RecordingSession final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RecordingSession)

public:
    enum class State {
        NoRecording, // nothing to play, or the attempt has no recording
        Loading,     // downloading, decoding or opening the media
        Ready,       // loaded, not playing
        Playing,
        Error, // see messageText()
    };
    Q_ENUM(State)

    explicit RecordingSession(QObject *parent = nullptr);
    // Stops playback and every transfer, and emits nothing while doing so.
    ~RecordingSession() override;

    // The speeds offered, slowest first; setPlaybackRate() keeps within them.
    static const QList<double> &playbackRates();

    // What load() was last given.
    QString callId() const { return m_callId; }
    QString attemptId() const { return m_attemptId; }
    std::optional<QString> recordingUrl() const { return m_recordingUrl; }
    // Whether exactly this recording is what load() was last given, and it has not failed.
    bool isShowing(const QString &callId,
                   const QString &attemptId,
                   const std::optional<QString> &recordingUrl) const;
    // Whether the recording's bytes have arrived (they may still fail to play).
    bool isDownloaded() const { return !m_bytes.isEmpty(); }
    // Whether there is a link the app opens, so a copy can be saved (streamed if need be).
    bool canSave() const { return m_link.canOpen(); }
    QString suggestedFileName() const;

    State state() const { return m_state; }
    bool isPlayable() const { return m_state == State::Ready || m_state == State::Playing; }
    // The sentence for the user (an error, the empty state, or a notice), empty when none.
    QString messageText() const { return m_message; }
    // Whether retry() may help: a transient download failure, or a cancelled load.
    bool canRetry() const { return m_state == State::Error && m_canRetry; }
    // What to show where the waveform goes while it is empty ("Loading the recording… 40%").
    QString statusText() const { return m_statusText; }
    // Downloading, opening or buffering; progress in ‰ of the download, -1 while unknown.
    bool isBusy() const { return m_busy; }
    int progressPermille() const { return m_permille; }
    qint64 durationMs() const;
    qint64 positionMs() const;
    double playbackRate() const { return m_rate; }
    int volume() const { return m_volume; } // 0..100, perceptual (the slider's scale)
    bool isMuted() const { return m_muted; }
    Waveform waveform() const { return m_waveform; }
    bool isSaving() const { return m_saving; }
    // The last copy saved, empty when none.
    QString savedCopyPath() const { return m_savedCopyPath; }
    bool hasAudioOutput() const;
    bool hasMediaPlayer() const;

public slots:
    // Stops and replaces whatever was loaded. std::nullopt (or an empty URL) is "No recording
    // for this attempt"; links other than http/https and the app's bundled sample are refused.
    void load(const QString &callId,
              const QString &attemptId,
              const std::optional<QString> &recordingUrl);
    void clear();
    void retry();
    // Stops loading (download, decoding, opening) and any save in progress.
    void cancel();
    // While held, a downloaded recording waits before decoding and opening the media: the window
    // holds it until its first paint, so the bundled sample never delays that paint.
    void holdMediaStart(bool hold);

    void play();
    void pause();
    void togglePlayPause();
    void seek(qint64 milliseconds);
    void skip(qint64 milliseconds);
    void setPlaybackRate(double rate);
    void setVolume(int percent);
    void setMuted(bool muted);
    // Writes the recording to `path` through SafeFileWriter: from memory when it is downloaded,
    // else by streaming it from its host. Ends with saveFinished().
    void saveCopyTo(const QString &path);

signals:
    // Another recording, or none: the IDs, canSave() and suggestedFileName() changed.
    void recordingChanged();
    void stateChanged(Revox::RecordingSession::State state);
    void messageChanged(const QString &text);
    void statusTextChanged(const QString &text);
    void progressChanged(); // isBusy() or progressPermille()
    void durationChanged(qint64 milliseconds);
    void positionChanged(qint64 milliseconds);
    void waveformChanged();
    void playbackRateChanged(double rate);
    void volumeChanged(int percent);
    void mutedChanged(bool muted);
    void savingChanged(bool saving);
    // `total` is -1 while the size is unknown.
    void saveProgress(qint64 received, qint64 total);
    void saveFinished(bool ok, const QString &message);

private:
    void stopLoading();
    void setState(State state);
    void setMessage(const QString &text);
    void setStatusText(const QString &text);
    void setBusy(bool busy, int permille = -1);
    void showNoRecording(const QString &text);
    void showError(const QString &text, bool canRetry);
    void updateNotice();
    void postStart();
    void startDecoding(quint64 fetchId);
    void startPlayer();
    void ensureMedia();
    void releaseMedia();

    void onFetchProgress(quint64 id, qint64 received, qint64 total);
    void onFetched(quint64 id, const Revox::RecordingDownload &result);
    void onSaveProgress(quint64 id, qint64 received, qint64 total);
    void onSaved(quint64 id, const Revox::RecordingDownload &result);
    void onAudioFound();
    void onWaveform(const Revox::Waveform &waveform);
    void onWaveformFailed(const QString &message);
    void onMediaStatus(QMediaPlayer::MediaStatus status);
    void onPlaybackState(QMediaPlayer::PlaybackState state);
    void onMediaError(QMediaPlayer::Error error, const QString &detail);
    void showPlaybackError(const QString &text);
    static QString undecodableText();

    // What is loaded
    QString m_callId;
    QString m_attemptId;
    std::optional<QString> m_recordingUrl;
    bool m_hasRecording = false; // load() was called since the last clear()
    RecordingLink m_link;
    QByteArray m_bytes;
    QByteArray m_contentType;

    // What the controls show
    State m_state = State::NoRecording;
    QString m_message;
    bool m_messageIsError = false;
    bool m_canRetry = false;
    QString m_statusText;
    bool m_busy = false;
    int m_permille = -1;
    Waveform m_waveform;
    QString m_savedCopyPath;

    // Requests waiting for the media
    bool m_playWhenLoaded = false;
    qint64 m_pendingSeekMs = -1;
    quint64 m_fetchId = 0;
    bool m_startPending = false; // downloaded, waiting to decode
    bool m_startHeld = false;
    quint64 m_saveId = 0; // 0 while saving from memory
    bool m_saving = false;
    // Applied to the media objects when they are made.
    double m_rate = 1.0;
    int m_volume = 100;
    bool m_muted = false;

    // Machinery, all owned
    RecordingDownloader *m_downloader = nullptr;
    RecordingDownloader *m_saver = nullptr;
    WaveformDecoder *m_decoder = nullptr;
    QMediaPlayer *m_player = nullptr; // see ensureMedia()
    QAudioOutput *m_audioOutput = nullptr;
    QMediaDevices *m_devices = nullptr;
    QBuffer *m_source = nullptr; // what m_player plays; set once the recording decodes
};

} // namespace Revox
