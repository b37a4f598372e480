#include "gui/recording/recordingplayer.h"

#include "gui/common/elidedlabel.h"
#include "gui/recording/recordingplayerparts.h"

#include "gui/recording/recordingcontrols.h"
#include "gui/recording/waveformview.h"
#include "media/recordingsession.h"

#include <QApplication>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QShortcut>
#include <QStackedWidget>
#include <QVBoxLayout>
#include <QWindow>

namespace Revox {

using namespace RecordingPlayerParts;
using State = RecordingSession::State;

RecordingPlayer::RecordingPlayer(RecordingSession *session, QWidget *parent)
    : QWidget(parent)
    , m_session(session)
{
    buildUi();
    setUpShortcuts();
    connectSession();
    showPage();
    showProgress();
    m_waveformView->setWaveform(session->waveform());
    m_waveformView->setPlaceholderText(session->statusText());
}

RecordingPlayer::~RecordingPlayer()
{
    releaseMediaStart();
}

RecordingSession *RecordingPlayer::session() const
{
    return m_session;
}

WaveformView *RecordingPlayer::waveformView() const
{
    return m_waveformView;
}

RecordingControls *RecordingPlayer::controls() const
{
    return m_controls;
}

void RecordingPlayer::buildUi()
{
    m_pages = new QStackedWidget(this);
    m_pages->setObjectName(QStringLiteral("pages"));

    // The empty/failed state: a sentence instead of a dead player.
    auto *emptyPage = new QWidget(m_pages);
    m_emptyLabel = new QLabel(emptyPage);
    m_emptyLabel->setObjectName(QStringLiteral("emptyLabel"));
    m_emptyLabel->setTextFormat(Qt::PlainText);
    m_emptyLabel->setWordWrap(true);
    m_emptyLabel->setAlignment(Qt::AlignCenter);
    m_emptyLabel->setForegroundRole(QPalette::PlaceholderText);
    m_emptyLabel->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
    m_retryButton = new QPushButton(tr("Try again"), emptyPage);
    m_retryButton->setObjectName(QStringLiteral("retryButton"));
    auto *emptyLayout = new QHBoxLayout(emptyPage);
    emptyLayout->addWidget(m_emptyLabel, 1);
    emptyLayout->addWidget(m_retryButton);

    auto *playerPage = new QWidget(m_pages);
    m_waveformView = new WaveformView(playerPage);
    m_loadingBar = new QProgressBar(playerPage);
    m_loadingBar->setObjectName(QStringLiteral("loadingBar"));
    m_loadingBar->setTextVisible(false);
    m_loadingBar->setMaximumHeight(4);
    // Hidden once loaded, its room kept: the player's height never depends on the recording.
    QSizePolicy keepRoom = m_loadingBar->sizePolicy();
    keepRoom.setRetainSizeWhenHidden(true);
    m_loadingBar->setSizePolicy(keepRoom);
    m_loadingBar->setAccessibleName(tr("Loading the recording"));
    m_controls = new RecordingControls(m_session, playerPage);
    // One line, always there (empty when all is well), so that a message never changes the
    // player's height and with it the transcript's; what does not fit is in its tooltip.
    m_messageLabel = new ElidedLabel(playerPage);
    m_messageLabel->setObjectName(QStringLiteral("messageLabel"));

    auto *playerLayout = new QVBoxLayout(playerPage);
    playerLayout->setContentsMargins(0, 0, 0, 0);
    playerLayout->setSpacing(4);
    playerLayout->addWidget(m_waveformView);
    playerLayout->addWidget(m_loadingBar);
    playerLayout->addWidget(m_controls);
    playerLayout->addWidget(m_messageLabel);

    m_pages->addWidget(emptyPage);
    m_pages->addWidget(playerPage);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_pages);
    setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Maximum);
}

void RecordingPlayer::setUpShortcuts()
{
    // Window-wide, like a media player's: a text field takes these keys first (it accepts the
    // ShortcutOverride for printable keys), so typing a call ID never toggles playback. Arrows
    // are handled in keyPressEvent(), only while focus is in the player.
    RecordingSession *session = m_session;
    const auto add = [this, session](const QKeySequence &keys, qint64 skipMs) {
        auto *shortcut = new QShortcut(keys, this, nullptr, nullptr, Qt::WindowShortcut);
        m_shortcuts.append(shortcut);
        connect(shortcut, &QShortcut::activated, session, [session, skipMs] {
            if (skipMs == 0)
                session->togglePlayPause();
            else
                session->skip(skipMs);
        });
    };
    auto *space = new QShortcut(QKeySequence(Qt::Key_Space),
                                this,
                                nullptr,
                                nullptr,
                                Qt::WindowShortcut);
    m_shortcuts.append(space);
    connect(space, &QShortcut::activated, session, [this, session, space] {
        // Space belongs to whatever has focus when it acts on Space itself (a button clicks, a
        // list selects, a transcript card expands): hand it back instead of toggling playback.
        QWidget *focus = QApplication::focusWidget();
        if (handsSpaceTo(focus)) {
            // Sent key events go through the shortcut map again: step aside meanwhile.
            space->setEnabled(false);
            QKeyEvent press(QEvent::KeyPress, Qt::Key_Space, Qt::NoModifier, QStringLiteral(" "));
            QKeyEvent release(QEvent::KeyRelease,
                              Qt::Key_Space,
                              Qt::NoModifier,
                              QStringLiteral(" "));
            QCoreApplication::sendEvent(focus, &press);
            QCoreApplication::sendEvent(focus, &release);
            space->setEnabled(true);
            return;
        }
        session->togglePlayPause();
    });
    add(QKeySequence(Qt::Key_K), 0);
    add(QKeySequence(Qt::Key_J), -RecordingControls::ShortSkipMs);
    add(QKeySequence(Qt::Key_L), RecordingControls::ShortSkipMs);
    add(QKeySequence(Qt::SHIFT | Qt::Key_J), -RecordingControls::LongSkipMs);
    add(QKeySequence(Qt::SHIFT | Qt::Key_L), RecordingControls::LongSkipMs);
}

bool RecordingPlayer::handsSpaceTo(QWidget *focus) const
{
    return focus && !isAncestorOf(focus) && usesSpaceItself(focus)
           && !m_spacePlaysIn.contains(focus);
}

void RecordingPlayer::letSpacePlayIn(QWidget *view)
{
    m_spacePlaysIn.append(view);
}

void RecordingPlayer::connectSession()
{
    RecordingSession *session = m_session;
    connect(m_retryButton, &QPushButton::clicked, session, &RecordingSession::retry);
    connect(m_waveformView, &WaveformView::seekRequested, session, &RecordingSession::seek);
    connect(m_controls, &RecordingControls::scrubbed, m_waveformView, &WaveformView::setPositionMs);

    connect(session, &RecordingSession::stateChanged, this, &RecordingPlayer::showPage);
    connect(session, &RecordingSession::messageChanged, this, &RecordingPlayer::showPage);
    connect(session, &RecordingSession::progressChanged, this, &RecordingPlayer::showProgress);
    connect(session,
            &RecordingSession::statusTextChanged,
            m_waveformView,
            &WaveformView::setPlaceholderText);
    connect(session, &RecordingSession::waveformChanged, this, [this] {
        m_waveformView->setWaveform(m_session->waveform());
    });
    connect(session,
            &RecordingSession::durationChanged,
            m_waveformView,
            &WaveformView::setDurationMs);
    connect(session,
            &RecordingSession::positionChanged,
            m_waveformView,
            &WaveformView::setPositionMs);
}

void RecordingPlayer::showPage()
{
    if (!m_session)
        return;
    const State state = m_session->state();
    const bool playable = m_session->isPlayable();
    // A recording that arrived but does not play keeps its page: it can still be saved.
    const bool showsPlayer = state == State::Loading || playable
                             || (state == State::Error && m_session->isDownloaded());
    m_pages->setCurrentIndex(showsPlayer ? 1 : 0);
    const QString message = m_session->messageText();
    if (!showsPlayer)
        m_emptyLabel->setText(message);
    m_retryButton->setVisible(!showsPlayer && m_session->canRetry());
    m_messageLabel->setFullText(showsPlayer ? message : QString());
    for (QShortcut *shortcut : std::as_const(m_shortcuts))
        shortcut->setEnabled(playable || state == State::Loading);
    showProgress();
}

void RecordingPlayer::showProgress()
{
    if (!m_session)
        return;
    const int permille = m_session->progressPermille();
    if (permille < 0) {
        m_loadingBar->setRange(0, 0);
    } else {
        m_loadingBar->setRange(0, 1000);
        m_loadingBar->setValue(permille);
    }
    m_loadingBar->setVisible(m_session->isBusy() && m_pages->currentIndex() == 1);
}

void RecordingPlayer::keyPressEvent(QKeyEvent *event)
{
    // Arrows only while focus is in the player, so lists and text elsewhere keep theirs.
    if ((event->key() == Qt::Key_Left || event->key() == Qt::Key_Right) && m_session
        && m_session->isPlayable()) {
        const int step = event->modifiers() & Qt::ShiftModifier ? RecordingControls::LongSkipMs
                                                                : RecordingControls::ShortSkipMs;
        m_session->skip(event->key() == Qt::Key_Left ? -step : step);
        event->accept();
        return;
    }
    QWidget::keyPressEvent(event);
}

void RecordingPlayer::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    // The bundled sample's recording arrives in the app's first event-loop pass: decoding it and
    // starting the media backend then would hold back the window's first paint. A window that is
    // being shown holds the session's media start until it has painted (or is hidden again).
    QWidget *top = window();
    const bool exposed = top->windowHandle() && top->windowHandle()->isExposed();
    if (exposed || m_unpaintedWindow || !m_session)
        return;
    m_unpaintedWindow = top;
    top->installEventFilter(this);
    m_session->holdMediaStart(true);
}

bool RecordingPlayer::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_unpaintedWindow
        && (event->type() == QEvent::Paint || event->type() == QEvent::Hide))
        releaseMediaStart();
    return QWidget::eventFilter(watched, event);
}

void RecordingPlayer::releaseMediaStart()
{
    QWidget *top = std::exchange(m_unpaintedWindow, nullptr);
    if (!top)
        return;
    top->removeEventFilter(this);
    if (m_session)
        m_session->holdMediaStart(false);
}

} // namespace Revox
