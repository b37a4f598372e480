#include "gui/recording/recordingcontrols.h"
#include "gui/recording/recordingplayerparts.h"

#include "media/recordingsession.h"

#include <QComboBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QLocale>
#include <QProgressBar>
#include <QSlider>
#include <QStandardPaths>
#include <QToolButton>

namespace Revox {

using namespace RecordingPlayerParts;

RecordingControls::RecordingControls(RecordingSession *session, QWidget *parent)
    : QWidget(parent)
    , m_session(session)
{
    m_playIcon = themedIcon(this, "media-playback-start", QStyle::SP_MediaPlay);
    m_pauseIcon = themedIcon(this, "media-playback-pause", QStyle::SP_MediaPause);
    m_volumeIcon = themedIcon(this, "audio-volume-high", QStyle::SP_MediaVolume);
    m_mutedIcon = themedIcon(this, "audio-volume-muted", QStyle::SP_MediaVolumeMuted);
    buildUi();
    connectSession();
    showState();
    showRate(session->playbackRate());
    showVolume(session->volume());
    showMuted(session->isMuted());
}

void RecordingControls::buildUi()
{
    m_playButton = makeToolButton(this, "playButton", m_playIcon, tr("Play (Space or K)"));
    m_playButton->setAutoRaise(false);
    m_playButton->setIconSize(QSize(24, 24));
    m_backButton = makeToolButton(this,
                                  "backButton",
                                  themedIcon(this,
                                             "media-seek-backward",
                                             QStyle::SP_MediaSeekBackward),
                                  tr("Back 5 s (J or Left; with Shift 15 s)"));
    m_forwardButton = makeToolButton(this,
                                     "forwardButton",
                                     themedIcon(this,
                                                "media-seek-forward",
                                                QStyle::SP_MediaSeekForward),
                                     tr("Forward 5 s (L or Right; with Shift 15 s)"));

    m_elapsedLabel = new QLabel(this);
    m_totalLabel = new QLabel(this);
    for (QLabel *label : {m_elapsedLabel, m_totalLabel}) {
        label->setTextFormat(Qt::PlainText);
        label->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
        label->setMinimumWidth(label->fontMetrics().horizontalAdvance(QStringLiteral("0:00:00")));
    }
    m_elapsedLabel->setObjectName(QStringLiteral("elapsedLabel"));
    m_elapsedLabel->setAccessibleName(tr("Elapsed"));
    m_totalLabel->setObjectName(QStringLiteral("totalLabel"));
    m_totalLabel->setAccessibleName(tr("Length"));
    m_totalLabel->setAlignment(Qt::AlignLeft | Qt::AlignVCenter);

    m_seekSlider = new QSlider(Qt::Horizontal, this);
    m_seekSlider->setObjectName(QStringLiteral("seekSlider"));
    m_seekSlider->setAccessibleName(tr("Position"));
    m_seekSlider->setSingleStep(ShortSkipMs);
    m_seekSlider->setPageStep(LongSkipMs);
    m_seekSlider->setRange(0, 0);
    m_seekSlider->installEventFilter(this);

    m_speedBox = new QComboBox(this);
    m_speedBox->setObjectName(QStringLiteral("speedBox"));
    // Qt 6.4's GStreamer backend changes the rate without GStreamer's scaletempo, so the pitch
    // follows the speed; say so rather than surprise.
    m_speedBox->setToolTip(tr("Playback speed (the pitch changes with the speed)"));
    m_speedBox->setAccessibleName(tr("Playback speed"));
    for (double speed : RecordingSession::playbackRates())
        m_speedBox->addItem(QStringLiteral("%1×").arg(QLocale().toString(speed)), speed);

    m_muteButton = makeToolButton(this, "muteButton", m_volumeIcon, tr("Mute"));
    m_muteButton->setCheckable(true);
    m_volumeSlider = new QSlider(Qt::Horizontal, this);
    m_volumeSlider->setObjectName(QStringLiteral("volumeSlider"));
    m_volumeSlider->setRange(0, 100);
    m_volumeSlider->setMaximumWidth(90);
    m_volumeSlider->setToolTip(tr("Volume"));
    m_volumeSlider->setAccessibleName(tr("Volume"));

    m_saveButton = makeToolButton(this,
                                  "saveButton",
                                  themedIcon(this, "document-save-as", QStyle::SP_DialogSaveButton),
                                  tr("Save recording as…"));
    m_saveButton->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    m_saveBar = new QProgressBar(this);
    m_saveBar->setObjectName(QStringLiteral("saveBar"));
    m_saveBar->setMaximumWidth(120);
    m_saveBar->setAccessibleName(tr("Saving the recording"));
    m_saveBar->hide();

    auto *controls = new QHBoxLayout(this);
    controls->setContentsMargins(0, 0, 0, 0);
    controls->setSpacing(4);
    controls->addWidget(m_backButton);
    controls->addWidget(m_playButton);
    controls->addWidget(m_forwardButton);
    controls->addSpacing(6);
    controls->addWidget(m_elapsedLabel);
    controls->addWidget(m_seekSlider, 1);
    controls->addWidget(m_totalLabel);
    controls->addSpacing(6);
    controls->addWidget(m_speedBox);
    controls->addWidget(m_muteButton);
    controls->addWidget(m_volumeSlider);
    controls->addSpacing(6);
    controls->addWidget(m_saveBar);
    controls->addWidget(m_saveButton);
}

void RecordingControls::connectSession()
{
    RecordingSession *session = m_session;
    // Requests: with the session as the context, so a click after it is gone does nothing.
    connect(m_playButton, &QToolButton::clicked, session, &RecordingSession::togglePlayPause);
    connect(m_backButton, &QToolButton::clicked, session, [session] {
        session->skip(-ShortSkipMs);
    });
    connect(m_forwardButton, &QToolButton::clicked, session, [session] {
        session->skip(ShortSkipMs);
    });
    connect(m_seekSlider, &QSlider::sliderPressed, this, [this] { m_sliderHeld = true; });
    connect(m_seekSlider, &QSlider::sliderReleased, session, [this, session] {
        m_sliderHeld = false;
        session->seek(m_seekSlider->value());
    });
    connect(m_seekSlider, &QSlider::actionTriggered, this, [this](int action) {
        // Clicks on the groove and keyboard steps; drags seek on release. Queued: the slider
        // applies the action after this signal.
        if (action != QAbstractSlider::SliderMove)
            QMetaObject::invokeMethod(
                this,
                [this] {
                    if (m_session)
                        m_session->seek(m_seekSlider->value());
                },
                Qt::QueuedConnection);
    });
    connect(m_seekSlider, &QSlider::sliderMoved, this, [this](int value) {
        m_elapsedLabel->setText(clockText(value));
        emit scrubbed(value);
    });
    connect(m_speedBox, &QComboBox::activated, session, [this, session](int index) {
        session->setPlaybackRate(m_speedBox->itemData(index).toDouble());
    });
    connect(m_muteButton, &QToolButton::toggled, session, &RecordingSession::setMuted);
    connect(m_volumeSlider, &QSlider::valueChanged, session, &RecordingSession::setVolume);
    connect(m_saveButton, &QToolButton::clicked, this, &RecordingControls::saveRecordingAs);

    // State
    connect(session, &RecordingSession::stateChanged, this, &RecordingControls::showState);
    connect(session, &RecordingSession::recordingChanged, this, &RecordingControls::showState);
    connect(session, &RecordingSession::durationChanged, this, &RecordingControls::showDuration);
    connect(session, &RecordingSession::positionChanged, this, &RecordingControls::showPosition);
    connect(session, &RecordingSession::playbackRateChanged, this, &RecordingControls::showRate);
    connect(session, &RecordingSession::volumeChanged, this, &RecordingControls::showVolume);
    connect(session, &RecordingSession::mutedChanged, this, &RecordingControls::showMuted);
    connect(session, &RecordingSession::savingChanged, this, &RecordingControls::showSaving);
    connect(session, &RecordingSession::saveProgress, this, &RecordingControls::showSaveProgress);
}

bool RecordingControls::eventFilter(QObject *watched, QEvent *event)
{
    // The seek slider's own arrow handling knows nothing of Shift: arrows skip like J and L.
    if (watched == m_seekSlider && event->type() == QEvent::KeyPress) {
        auto *key = static_cast<QKeyEvent *>(event);
        if (key->key() == Qt::Key_Left || key->key() == Qt::Key_Right) {
            if (m_session && m_session->isPlayable()) {
                const int step = key->modifiers() & Qt::ShiftModifier ? LongSkipMs : ShortSkipMs;
                m_session->skip(key->key() == Qt::Key_Left ? -step : step);
            }
            return true;
        }
    }
    return QWidget::eventFilter(watched, event);
}

void RecordingControls::saveRecordingAs()
{
    if (!m_session || !m_session->canSave())
        return;
    QString folder = QStandardPaths::writableLocation(QStandardPaths::DownloadLocation);
    if (folder.isEmpty())
        folder = QDir::homePath();
    const QString name = m_session->suggestedFileName();
    const QString path = QFileDialog::getSaveFileName(this,
                                                      tr("Save Recording"),
                                                      QDir(folder).filePath(name),
                                                      tr("Audio files (*.%1);;All files (*)")
                                                          .arg(QFileInfo(name).suffix()));
    if (!path.isEmpty() && m_session)
        m_session->saveCopyTo(path);
}

void RecordingControls::showState()
{
    if (!m_session)
        return;
    const RecordingSession::State state = m_session->state();
    const bool playable = m_session->isPlayable();
    for (QWidget *widget :
         std::initializer_list<QWidget *>{m_backButton, m_forwardButton, m_seekSlider, m_speedBox})
        widget->setEnabled(playable);
    m_playButton->setEnabled(playable || state == RecordingSession::State::Loading);
    const bool playing = state == RecordingSession::State::Playing;
    const QString text = playing ? tr("Pause (Space or K)") : tr("Play (Space or K)");
    m_playButton->setIcon(playing ? m_pauseIcon : m_playIcon);
    m_playButton->setToolTip(text);
    m_playButton->setAccessibleName(text);
    m_saveButton->setEnabled(m_session->canSave() && !m_session->isSaving());
    showDuration(m_session->durationMs());
    showPosition(m_session->positionMs());
}

void RecordingControls::showDuration(qint64 milliseconds)
{
    m_seekSlider->setRange(0, int(milliseconds));
    m_totalLabel->setText(milliseconds > 0 ? clockText(milliseconds) : QStringLiteral("–:––"));
}

void RecordingControls::showPosition(qint64 milliseconds)
{
    if (!m_sliderHeld)
        m_seekSlider->setValue(int(milliseconds));
    m_elapsedLabel->setText(clockText(milliseconds));
}

void RecordingControls::showRate(double rate)
{
    const int index = m_speedBox->findData(rate);
    if (index >= 0)
        m_speedBox->setCurrentIndex(index);
}

void RecordingControls::showVolume(int percent)
{
    if (m_volumeSlider->value() != percent)
        m_volumeSlider->setValue(percent);
}

void RecordingControls::showMuted(bool muted)
{
    m_muteButton->setChecked(muted);
    m_muteButton->setIcon(muted ? m_mutedIcon : m_volumeIcon);
    const QString text = muted ? tr("Unmute") : tr("Mute");
    m_muteButton->setToolTip(text);
    m_muteButton->setAccessibleName(text);
}

void RecordingControls::showSaving(bool saving)
{
    if (saving) {
        m_saveBar->setRange(0, 0);
        m_saveBar->show();
    } else {
        m_saveBar->hide();
    }
    showState();
}

void RecordingControls::showSaveProgress(qint64 received, qint64 total)
{
    if (total <= 0)
        return;
    m_saveBar->setRange(0, 1000);
    m_saveBar->setValue(int(received * 1000 / total));
}

} // namespace Revox
