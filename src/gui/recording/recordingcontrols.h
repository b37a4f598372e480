#pragma once

#include <QIcon>
#include <QPointer>
#include <QWidget>

class QComboBox;
class QLabel;
class QProgressBar;
class QSlider;
class QToolButton;

namespace Revox {

class RecordingSession;

// The transport row under the waveform: back 5 s, play/pause, forward 5 s, elapsed, the seek
// slider, length, speed, mute, volume and "Save recording as…". It shows a RecordingSession's
// state and hands every click to it, as PlayerControls does in Qt's player example; it plays,
// downloads and decodes nothing itself. The session must outlive it.
class RecordingControls final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RecordingControls)

public:
    static constexpr int ShortSkipMs = 5000;
    static constexpr int LongSkipMs = 15000;

    explicit RecordingControls(RecordingSession *session, QWidget *parent = nullptr);

public slots:
    // Asks where to save, then RecordingSession::saveCopyTo().
    void saveRecordingAs();

signals:
    // The seek slider is being dragged to `milliseconds`; the seek itself happens on release.
    void scrubbed(qint64 milliseconds);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void buildUi();
    void connectSession();
    void showState();
    void showDuration(qint64 milliseconds);
    void showPosition(qint64 milliseconds);
    void showRate(double rate);
    void showVolume(int percent);
    void showMuted(bool muted);
    void showSaving(bool saving);
    void showSaveProgress(qint64 received, qint64 total);

    QPointer<RecordingSession> m_session;
    // Made once: a new QIcon per state change gets new pixmaps rendered and cached under a new
    // key each time, and the pixmap cache grew with every call shown (tests/leakcheck).
    QIcon m_playIcon;
    QIcon m_pauseIcon;
    QIcon m_volumeIcon;
    QIcon m_mutedIcon;

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
    bool m_sliderHeld = false;
};

} // namespace Revox
