#include "recordingplayer.h"
#include "recordingplayerparts.h"

#include "waveformview.h"

#include <QAbstractItemView>
#include <QApplication>
#include <QComboBox>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QLocale>
#include <QProgressBar>
#include <QPushButton>
#include <QShortcut>
#include <QSlider>
#include <QStackedWidget>
#include <QToolButton>
#include <QVBoxLayout>

namespace Revox {

namespace RecordingPlayerParts {

QString clockText(qint64 milliseconds)
{
    const qint64 seconds = std::max<qint64>(0, milliseconds) / 1000;
    if (seconds >= 3600)
        return QStringLiteral("%1:%2:%3")
            .arg(seconds / 3600)
            .arg(seconds / 60 % 60, 2, 10, QLatin1Char('0'))
            .arg(seconds % 60, 2, 10, QLatin1Char('0'));
    return QStringLiteral("%1:%2").arg(seconds / 60).arg(seconds % 60, 2, 10, QLatin1Char('0'));
}

QIcon themedIcon(const QWidget *widget, const char *name, QStyle::StandardPixmap fallback)
{
    return QIcon::fromTheme(QLatin1String(name), widget->style()->standardIcon(fallback));
}

QToolButton *makeToolButton(QWidget *parent, const QIcon &icon, const QString &text)
{
    auto *button = new QToolButton(parent);
    button->setIcon(icon);
    button->setText(text);
    button->setToolTip(text);
    button->setAccessibleName(text);
    button->setAutoRaise(true);
    return button;
}

const QList<double> &speeds()
{
    static const QList<double> values{0.5, 0.75, 1.0, 1.25, 1.5, 1.75, 2.0};
    return values;
}

bool usesSpaceItself(const QWidget *widget)
{
    return qobject_cast<const QAbstractButton *>(widget)
           || qobject_cast<const QAbstractItemView *>(widget)
           || qobject_cast<const QComboBox *>(widget);
}

} // namespace RecordingPlayerParts

using namespace RecordingPlayerParts;

void RecordingPlayer::buildUi()
{
    m_pages = new QStackedWidget(this);

    // The empty/failed state: a sentence instead of a dead player.
    auto *emptyPage = new QWidget(m_pages);
    m_emptyLabel = new QLabel(emptyPage);
    m_emptyLabel->setTextFormat(Qt::PlainText);
    m_emptyLabel->setWordWrap(true);
    m_emptyLabel->setAlignment(Qt::AlignCenter);
    m_emptyLabel->setForegroundRole(QPalette::PlaceholderText);
    m_retryButton = new QPushButton(tr("Try again"), emptyPage);
    connect(m_retryButton, &QPushButton::clicked, this, &RecordingPlayer::retry);
    m_emptyLabel->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
    auto *emptyLayout = new QHBoxLayout(emptyPage);
    emptyLayout->addWidget(m_emptyLabel, 1);
    emptyLayout->addWidget(m_retryButton);

    auto *playerPage = new QWidget(m_pages);
    m_waveformView = new WaveformView(playerPage);
    connect(m_waveformView, &WaveformView::seekRequested, this, &RecordingPlayer::seek);
    m_loadingBar = new QProgressBar(playerPage);
    m_loadingBar->setTextVisible(false);
    m_loadingBar->setMaximumHeight(4);
    m_loadingBar->setAccessibleName(tr("Loading the recording"));

    m_playButton = makeToolButton(playerPage,
                                  themedIcon(this, "media-playback-start", QStyle::SP_MediaPlay),
                                  tr("Play (Space or K)"));
    m_playButton->setAutoRaise(false);
    m_playButton->setIconSize(QSize(24, 24));
    connect(m_playButton, &QToolButton::clicked, this, &RecordingPlayer::togglePlayPause);
    m_backButton = makeToolButton(playerPage,
                                  themedIcon(this,
                                             "media-seek-backward",
                                             QStyle::SP_MediaSeekBackward),
                                  tr("Back 5 s (J or Left; with Shift 15 s)"));
    connect(m_backButton, &QToolButton::clicked, this, [this] { skip(-ShortSkipMs); });
    m_forwardButton = makeToolButton(playerPage,
                                     themedIcon(this,
                                                "media-seek-forward",
                                                QStyle::SP_MediaSeekForward),
                                     tr("Forward 5 s (L or Right; with Shift 15 s)"));
    connect(m_forwardButton, &QToolButton::clicked, this, [this] { skip(ShortSkipMs); });

    m_elapsedLabel = new QLabel(playerPage);
    m_totalLabel = new QLabel(playerPage);
    for (QLabel *label : {m_elapsedLabel, m_totalLabel}) {
        label->setTextFormat(Qt::PlainText);
        label->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
        label->setMinimumWidth(label->fontMetrics().horizontalAdvance(QStringLiteral("0:00:00")));
    }
    m_elapsedLabel->setAccessibleName(tr("Elapsed"));
    m_totalLabel->setAccessibleName(tr("Length"));
    m_totalLabel->setAlignment(Qt::AlignLeft | Qt::AlignVCenter);

    m_seekSlider = new QSlider(Qt::Horizontal, playerPage);
    m_seekSlider->setAccessibleName(tr("Position"));
    m_seekSlider->setSingleStep(ShortSkipMs);
    m_seekSlider->setPageStep(LongSkipMs);
    m_seekSlider->installEventFilter(this);
    connect(m_seekSlider, &QSlider::sliderPressed, this, [this] { m_sliderHeld = true; });
    connect(m_seekSlider, &QSlider::sliderReleased, this, [this] {
        m_sliderHeld = false;
        seek(m_seekSlider->value());
    });
    connect(m_seekSlider, &QSlider::actionTriggered, this, [this](int action) {
        // Clicks on the groove and keyboard steps; drags seek on release.
        if (action != QAbstractSlider::SliderMove)
            QMetaObject::invokeMethod(
                this, [this] { seek(m_seekSlider->value()); }, Qt::QueuedConnection);
    });
    connect(m_seekSlider, &QSlider::sliderMoved, this, [this](int value) {
        m_waveformView->setPositionMs(value);
        m_elapsedLabel->setText(clockText(value));
    });

    m_speedBox = new QComboBox(playerPage);
    // Qt 6.4's GStreamer backend changes the rate without GStreamer's scaletempo, so the pitch
    // follows the speed; say so rather than surprise.
    m_speedBox->setToolTip(tr("Playback speed (the pitch changes with the speed)"));
    m_speedBox->setAccessibleName(tr("Playback speed"));
    for (double speed : speeds())
        m_speedBox->addItem(QStringLiteral("%1×").arg(QLocale().toString(speed)), speed);
    m_speedBox->setCurrentIndex(int(speeds().indexOf(1.0)));
    connect(m_speedBox, &QComboBox::activated, this, [this](int index) {
        setPlaybackRate(m_speedBox->itemData(index).toDouble());
    });

    m_muteButton = makeToolButton(playerPage,
                                  themedIcon(this, "audio-volume-high", QStyle::SP_MediaVolume),
                                  tr("Mute"));
    m_muteButton->setCheckable(true);
    connect(m_muteButton, &QToolButton::toggled, this, &RecordingPlayer::setMuted);
    m_volumeSlider = new QSlider(Qt::Horizontal, playerPage);
    m_volumeSlider->setRange(0, 100);
    m_volumeSlider->setValue(100);
    m_volumeSlider->setMaximumWidth(90);
    m_volumeSlider->setToolTip(tr("Volume"));
    m_volumeSlider->setAccessibleName(tr("Volume"));
    connect(m_volumeSlider, &QSlider::valueChanged, this, &RecordingPlayer::setVolume);

    m_saveButton = makeToolButton(playerPage,
                                  themedIcon(this, "document-save-as", QStyle::SP_DialogSaveButton),
                                  tr("Save recording as…"));
    m_saveButton->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    connect(m_saveButton, &QToolButton::clicked, this, &RecordingPlayer::saveRecordingAs);
    m_saveBar = new QProgressBar(playerPage);
    m_saveBar->setMaximumWidth(120);
    m_saveBar->setAccessibleName(tr("Saving the recording"));
    m_saveBar->hide();

    m_messageLabel = new QLabel(playerPage);
    m_messageLabel->setTextFormat(Qt::PlainText);
    m_messageLabel->setWordWrap(true);
    m_messageLabel->hide();

    auto *controls = new QHBoxLayout;
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

    auto *playerLayout = new QVBoxLayout(playerPage);
    playerLayout->setContentsMargins(0, 0, 0, 0);
    playerLayout->setSpacing(4);
    playerLayout->addWidget(m_waveformView);
    playerLayout->addWidget(m_loadingBar);
    playerLayout->addLayout(controls);
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
    const auto add = [this](const QKeySequence &keys, auto slot) {
        auto *shortcut = new QShortcut(keys, this, slot, Qt::WindowShortcut);
        m_shortcuts.append(shortcut);
    };
    auto *space = new QShortcut(QKeySequence(Qt::Key_Space),
                                this,
                                nullptr,
                                nullptr,
                                Qt::WindowShortcut);
    m_shortcuts.append(space);
    connect(space, &QShortcut::activated, this, [this, space] {
        // Space belongs to whatever has focus when it acts on Space itself (a button clicks, a
        // list selects, a transcript card expands): hand it back instead of toggling playback.
        QWidget *focus = QApplication::focusWidget();
        if (focus && !isAncestorOf(focus) && usesSpaceItself(focus)) {
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
        togglePlayPause();
    });
    add(QKeySequence(Qt::Key_K), [this] { togglePlayPause(); });
    add(QKeySequence(Qt::Key_J), [this] { skip(-ShortSkipMs); });
    add(QKeySequence(Qt::Key_L), [this] { skip(ShortSkipMs); });
    add(QKeySequence(Qt::SHIFT | Qt::Key_J), [this] { skip(-LongSkipMs); });
    add(QKeySequence(Qt::SHIFT | Qt::Key_L), [this] { skip(LongSkipMs); });
}

} // namespace Revox
