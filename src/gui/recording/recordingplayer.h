#pragma once

#include <QPointer>
#include <QWidget>

class QLabel;
class QProgressBar;
class QPushButton;
class QShortcut;
class QStackedWidget;

namespace Revox {

class ElidedLabel;

class RecordingControls;
class RecordingSession;
class WaveformView;

// Shows one RecordingSession: a sentence (with "Try again" when that may help) while there is
// nothing to play, else the waveform with its playhead, a loading bar, the RecordingControls row
// and a notice. Clicking the waveform seeks; Space or K, J, L (with Shift 15 s) act window-wide,
// the arrows while focus is in the player. It downloads, decodes and plays nothing itself: every
// request goes to the session, which must outlive it.
class RecordingPlayer final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RecordingPlayer)

public:
    explicit RecordingPlayer(RecordingSession *session, QWidget *parent = nullptr);
    ~RecordingPlayer() override;

    RecordingSession *session() const;
    // Space plays and pauses even while `view` has focus, though it is a view that would use
    // Space itself: the transcript, where people expect Space to work as on a media page.
    void letSpacePlayIn(QWidget *view);
    WaveformView *waveformView() const;
    RecordingControls *controls() const;

protected:
    void keyPressEvent(QKeyEvent *event) override;
    void showEvent(QShowEvent *event) override;
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void buildUi();
    void setUpShortcuts();
    // Whether Space belongs to `focus` (a button clicks, a list selects) rather than to playback.
    bool handsSpaceTo(QWidget *focus) const;
    void connectSession();
    void showPage();
    void showProgress();
    void releaseMediaStart();

    QPointer<RecordingSession> m_session;
    // The window whose first paint the session's media start waits for (see showEvent()).
    QPointer<QWidget> m_unpaintedWindow;

    QStackedWidget *m_pages = nullptr;
    QLabel *m_emptyLabel = nullptr;
    QPushButton *m_retryButton = nullptr;
    WaveformView *m_waveformView = nullptr;
    QProgressBar *m_loadingBar = nullptr;
    RecordingControls *m_controls = nullptr;
    ElidedLabel *m_messageLabel = nullptr;
    QList<QShortcut *> m_shortcuts;
    QList<QPointer<QWidget>> m_spacePlaysIn;
};

} // namespace Revox
