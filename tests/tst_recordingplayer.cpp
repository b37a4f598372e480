#include "fakerevoxserver.h"
#include "gui/common/elidedlabel.h"
#include "gui/recording/recordingcontrols.h"
#include "gui/recording/recordingplayer.h"
#include "gui/recording/waveformview.h"
#include "media/recordingsession.h"
#include "recordingtesthelpers.h"
#include "support/recordinghost.h"

#include <QApplication>
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QPointer>
#include <QProgressBar>
#include <QPushButton>
#include <QSignalSpy>
#include <QSlider>
#include <QStackedWidget>
#include <QStandardPaths>
#include <QStyle>
#include <QStyleFactory>
#include <QTest>
#include <QToolButton>
#include <QVBoxLayout>

using namespace Revox;
using namespace Revox::RecordingTests;
using State = RecordingSession::State;

// RecordingPlayer and RecordingControls: what they show of a RecordingSession, and what clicks
// and keys ask of it. In the main window: tst_recordingpanel.
class tst_RecordingPlayer : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();

    void showsWhyThereIsNothingToPlay();
    void tryAgainAfterATransientFailure();
    void undecodableSaysSoWhereTheWaveformGoes();
    void controlsFollowTheSession();
    void controlsAskTheSession();
    void waveformClickSeeks();
    void keyboard();
    void textFieldKeepsItsKeys();
    void spaceStaysWithButtons();
    void screenshots();

private:
    QString recordingUrl(const QString &name) const;
    bool load(const QString &name);
    // The player in a window, under a text field and a button; the window owns it from then on.
    QWidget *putInWindow();
    template<typename T>
    T *child(const char *name) const
    {
        return m_player->findChild<T *>(QLatin1String(name));
    }

    FakeRevoxServer *m_server = nullptr;
    // Guarded: a window a test made may have taken the player with it.
    QPointer<RecordingSession> m_session;
    QPointer<RecordingPlayer> m_player;
    QPointer<QWidget> m_window;
};

QString tst_RecordingPlayer::recordingUrl(const QString &name) const
{
    return m_server->baseUrl().toString() + QStringLiteral("/recordings/") + name;
}

bool tst_RecordingPlayer::load(const QString &name)
{
    m_session->load(QStringLiteral("call_1"), QStringLiteral("att_2"), recordingUrl(name));
    QSignalSpy states(m_session, &RecordingSession::stateChanged);
    while (m_session->state() == State::Loading) {
        if (!states.wait(LoadTimeoutMs))
            return false;
    }
    return m_session->state() == State::Ready;
}

QWidget *tst_RecordingPlayer::putInWindow()
{
    m_window = new QWidget;
    auto *layout = new QVBoxLayout(m_window);
    layout->addWidget(new QLineEdit(m_window));
    layout->addWidget(new QPushButton(QStringLiteral("Other"), m_window));
    m_player->setParent(m_window);
    layout->addWidget(m_player);
    m_window->show();
    return m_window;
}

void tst_RecordingPlayer::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    Q_INIT_RESOURCE(sample_call);
    m_server = new FakeRevoxServer(this);
    QVERIFY(m_server->listen());
    addRecordings(*m_server);
}

void tst_RecordingPlayer::init()
{
    m_session = new RecordingSession;
    m_player = new RecordingPlayer(m_session);
    m_player->resize(720, 150);
}

void tst_RecordingPlayer::cleanup()
{
    delete m_window;
    delete m_player;
    delete m_session;
}

void tst_RecordingPlayer::showsWhyThereIsNothingToPlay()
{
    auto *pages = child<QStackedWidget>("pages");
    QVERIFY(pages);
    auto *empty = child<QLabel>("emptyLabel");
    auto *retry = child<QPushButton>("retryButton");
    QCOMPARE(pages->currentIndex(), 0);
    QCOMPARE(empty->text(), QStringLiteral("No recording"));
    QVERIFY(retry->isHidden());

    m_session->load(QStringLiteral("c"), QStringLiteral("a"), std::nullopt);
    QCOMPARE(empty->text(), QStringLiteral("No recording for this attempt"));

    m_session->load(QStringLiteral("c"), QStringLiteral("a"), QStringLiteral("file:///etc/passwd"));
    QVERIFY(empty->text().startsWith(QLatin1String("The recording's link is a \"file:\"")));
    QVERIFY(retry->isHidden()); // it would be refused again

    QVERIFY(!load(QStringLiteral("deleted.ogg")));
    QCOMPARE(pages->currentIndex(), 0);
    QCOMPARE(empty->text(), QStringLiteral("The recording is gone or its link expired (404)."));
    QVERIFY(retry->isHidden());
}

void tst_RecordingPlayer::tryAgainAfterATransientFailure()
{
    Test::RecordingHost host;
    QVERIFY(host.start());
    host.setRoute("/flaky.ogg", {503, "text/html", "<html>busy</html>"});
    const QString url = host.url(QStringLiteral("/flaky.ogg")).toString();
    m_session->load(QStringLiteral("c"), QStringLiteral("a"), url);
    // Loading: the player's page, with the loading bar.
    QCOMPARE(child<QStackedWidget>("pages")->currentIndex(), 1);
    QVERIFY(!child<QProgressBar>("loadingBar")->isHidden());
    QCOMPARE(m_player->waveformView()->placeholderText(), QStringLiteral("Loading the recording…"));
    QSignalSpy states(m_session, &RecordingSession::stateChanged);
    QVERIFY(states.wait(LoadTimeoutMs));
    auto *retry = child<QPushButton>("retryButton");
    QCOMPARE(child<QStackedWidget>("pages")->currentIndex(), 0);
    QVERIFY(!retry->isHidden());
    QCOMPARE(retry->text(), QStringLiteral("Try again"));

    host.setRoute("/flaky.ogg", {200, "audio/ogg", audioFixture(QStringLiteral("tone-10s.ogg"))});
    QTest::mouseClick(retry, Qt::LeftButton);
    QCOMPARE(m_session->state(), State::Loading);
    QVERIFY(retry->isHidden());
    QTRY_COMPARE_WITH_TIMEOUT(m_session->state(), State::Ready, LoadTimeoutMs);
    QCOMPARE(child<QStackedWidget>("pages")->currentIndex(), 1);
    QVERIFY(child<QProgressBar>("loadingBar")->isHidden());
    QCOMPARE(child<QLabel>("totalLabel")->text(), QStringLiteral("0:10"));
}

void tst_RecordingPlayer::undecodableSaysSoWhereTheWaveformGoes()
{
    QVERIFY(!load(QStringLiteral("expired.ogg")));
    QCOMPARE(m_session->state(), State::Error);
    // Still the player's page: what arrived can be saved from there.
    QCOMPARE(child<QStackedWidget>("pages")->currentIndex(), 1);
    QVERIFY(m_player->waveformView()->placeholderText().startsWith(QLatin1String("No waveform")));
    auto *message = child<ElidedLabel>("messageLabel");
    QVERIFY(!message->isHidden());
    QVERIFY2(message->fullText().startsWith(QLatin1String("The recording could not be decoded")),
             qPrintable(message->fullText()));
    QVERIFY(child<QToolButton>("saveButton")->isEnabled());
    QVERIFY(!child<QToolButton>("playButton")->isEnabled());
}

void tst_RecordingPlayer::controlsFollowTheSession()
{
    auto *play = child<QToolButton>("playButton");
    auto *seek = child<QSlider>("seekSlider");
    m_session->load(QStringLiteral("call_1"),
                    QStringLiteral("att_2"),
                    recordingUrl(QStringLiteral("tone-10s.ogg")));
    // Loading: play may be asked for already, seeking not yet.
    QVERIFY(play->isEnabled());
    QVERIFY(!seek->isEnabled());
    QVERIFY(!child<QToolButton>("backButton")->isEnabled());
    QCOMPARE(child<QLabel>("totalLabel")->text(), QStringLiteral("–:––"));
    QTRY_COMPARE_WITH_TIMEOUT(m_session->state(), State::Ready, LoadTimeoutMs);
    QVERIFY(seek->isEnabled());
    QCOMPARE(seek->maximum(), int(m_session->durationMs()));
    QCOMPARE(play->toolTip(), QStringLiteral("Play (Space or K)"));
    QCOMPARE(play->accessibleName(), QStringLiteral("Play (Space or K)"));
    QCOMPARE(child<QLabel>("elapsedLabel")->text(), QStringLiteral("0:00"));

    m_session->play();
    QTRY_COMPARE(m_session->state(), State::Playing);
    QCOMPARE(play->toolTip(), QStringLiteral("Pause (Space or K)"));
    QCOMPARE(play->accessibleName(), QStringLiteral("Pause (Space or K)"));
    m_session->pause();
    m_session->seek(3200);
    QTRY_COMPARE(child<QLabel>("elapsedLabel")->text(), QStringLiteral("0:03"));
    QTRY_VERIFY(qAbs(seek->value() - 3200) <= 250);
    QVERIFY(qAbs(m_player->waveformView()->positionMs() - 3200) <= 250);

    // The waveform drawn is the session's, whole once decoded.
    QTRY_VERIFY_WITH_TIMEOUT(m_session->waveform().complete, LoadTimeoutMs);
    QCOMPARE(m_player->waveformView()->waveform().bucketCount(),
             m_session->waveform().bucketCount());
    QVERIFY(m_player->waveformView()->waveform().complete);

    m_session->setPlaybackRate(0.75);
    QCOMPARE(child<QComboBox>("speedBox")->currentData().toDouble(), 0.75);
    m_session->setVolume(30);
    QCOMPARE(child<QSlider>("volumeSlider")->value(), 30);
    m_session->setMuted(true);
    auto *mute = child<QToolButton>("muteButton");
    QVERIFY(mute->isChecked());
    QCOMPARE(mute->toolTip(), QStringLiteral("Unmute"));
    QCOMPARE(mute->accessibleName(), QStringLiteral("Unmute"));
}

void tst_RecordingPlayer::controlsAskTheSession()
{
    QVERIFY(load(QStringLiteral("tone-10s.ogg")));
    m_player->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_player));
    auto *play = child<QToolButton>("playButton");
    QTest::mouseClick(play, Qt::LeftButton);
    QTRY_COMPARE(m_session->state(), State::Playing);
    QTest::mouseClick(play, Qt::LeftButton);
    QTRY_COMPARE(m_session->state(), State::Ready);
    m_session->seek(6000);
    QTRY_VERIFY(qAbs(m_session->positionMs() - 6000) <= 250);
    QTest::mouseClick(child<QToolButton>("backButton"), Qt::LeftButton);
    QTRY_VERIFY2(qAbs(m_session->positionMs() - 1000) <= 250,
                 qPrintable(QString::number(m_session->positionMs())));
    QTest::mouseClick(child<QToolButton>("forwardButton"), Qt::LeftButton);
    QTRY_VERIFY(qAbs(m_session->positionMs() - 6000) <= 250);

    auto *speed = child<QComboBox>("speedBox");
    emit speed->activated(speed->findData(2.0));
    QCOMPARE(m_session->playbackRate(), 2.0);
    child<QSlider>("volumeSlider")->setValue(40);
    QCOMPARE(m_session->volume(), 40);
    QTest::mouseClick(child<QToolButton>("muteButton"), Qt::LeftButton);
    QVERIFY(m_session->isMuted());
    QTest::mouseClick(child<QToolButton>("muteButton"), Qt::LeftButton);
    QVERIFY(!m_session->isMuted());
}

void tst_RecordingPlayer::waveformClickSeeks()
{
    QVERIFY(load(QStringLiteral("tone-10s.ogg")));
    m_player->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_player));
    WaveformView *view = m_player->waveformView();
    const int x = view->xAt(6000);
    QTest::mouseClick(view, Qt::LeftButton, {}, QPoint(x, view->height() / 2));
    QTRY_VERIFY2(qAbs(m_session->positionMs() - 6000) <= 250,
                 qPrintable(QString::number(m_session->positionMs())));
    QCOMPARE(m_session->state(), State::Ready); // a click seeks, it does not start playback
}

void tst_RecordingPlayer::keyboard()
{
    QWidget *window = putInWindow();
    QVERIFY(QTest::qWaitForWindowActive(window));
    QVERIFY(load(QStringLiteral("tone-10s.ogg")));
    window->setFocus();

    QTest::keyClick(window, Qt::Key_K);
    QTRY_COMPARE(m_session->state(), State::Playing);
    QTest::keyClick(window, Qt::Key_Space);
    QTRY_COMPARE(m_session->state(), State::Ready);
    const auto expectAt = [this](qint64 target) {
        QTRY_VERIFY2(qAbs(m_session->positionMs() - target) <= 250,
                     qPrintable(
                         QStringLiteral("%1, expected %2").arg(m_session->positionMs()).arg(target)));
    };
    m_session->seek(1000);
    expectAt(1000);
    QTest::keyClick(window, Qt::Key_L);
    expectAt(6000);
    QTest::keyClick(window, Qt::Key_J);
    expectAt(1000);
    QTest::keyClick(window, Qt::Key_L, Qt::ShiftModifier); // past the end: stops at the end
    expectAt(m_session->durationMs());
    QTest::keyClick(window, Qt::Key_J, Qt::ShiftModifier);
    expectAt(m_session->durationMs() - 15000 > 0 ? m_session->durationMs() - 15000 : 0);

    // Arrows skip while the player has focus.
    auto *slider = child<QSlider>("seekSlider");
    slider->setFocus();
    m_session->seek(2000);
    expectAt(2000);
    QTest::keyClick(slider, Qt::Key_Right);
    expectAt(7000);
    QTest::keyClick(slider, Qt::Key_Left, Qt::ShiftModifier);
    expectAt(0);
}

void tst_RecordingPlayer::textFieldKeepsItsKeys()
{
    QWidget *window = putInWindow();
    QVERIFY(QTest::qWaitForWindowActive(window));
    QVERIFY(load(QStringLiteral("tone-10s.ogg")));
    auto *field = window->findChild<QLineEdit *>();
    field->setFocus();
    QSignalSpy states(m_session, &RecordingSession::stateChanged);
    QTest::keyClicks(field, QStringLiteral("k l j"));
    QCOMPARE(field->text(), QStringLiteral("k l j"));
    QVERIFY(!states.wait(200));
    QCOMPARE(m_session->state(), State::Ready);
    QCOMPARE(m_session->positionMs(), 0);
}

void tst_RecordingPlayer::spaceStaysWithButtons()
{
    QWidget *window = putInWindow();
    QVERIFY(QTest::qWaitForWindowActive(window));
    QVERIFY(load(QStringLiteral("tone-10s.ogg")));
    auto *button = window->findChild<QPushButton *>();
    QSignalSpy clicked(button, &QPushButton::clicked);
    QSignalSpy states(m_session, &RecordingSession::stateChanged);
    button->setFocus();
    QTest::keyClick(button, Qt::Key_Space);
    QCOMPARE(clicked.count(), 1);
    QVERIFY(!states.wait(200));
    QCOMPARE(m_session->state(), State::Ready);
    // K still plays from there.
    QTest::keyClick(button, Qt::Key_K);
    QTRY_COMPARE(m_session->state(), State::Playing);
}

void tst_RecordingPlayer::screenshots()
{
    // Light and dark palettes: the waveform must be drawn (played part in the highlight colour,
    // the rest visible against the base colour), whatever the theme.
    QApplication::setStyle(QStyleFactory::create(QStringLiteral("Fusion")));
    QVERIFY(load(QStringLiteral("tone-stereo.ogg")));
    QTRY_VERIFY_WITH_TIMEOUT(m_session->waveform().complete, LoadTimeoutMs);
    m_session->seek(1200);
    QTRY_VERIFY(m_player->waveformView()->positionMs() >= 1000);
    m_player->resize(760, m_player->sizeHint().height());
    QPalette dark(QColor(0x3a, 0x3c, 0x41), QColor(0x2b, 0x2d, 0x31));
    dark.setColor(QPalette::Base, QColor(0x1e, 0x1f, 0x22));
    dark.setColor(QPalette::Text, QColor(0xe6, 0xe6, 0xe6));
    dark.setColor(QPalette::WindowText, QColor(0xe6, 0xe6, 0xe6));
    dark.setColor(QPalette::ButtonText, QColor(0xe6, 0xe6, 0xe6));
    dark.setColor(QPalette::Highlight, QColor(0x4e, 0x9a, 0xf1));
    dark.setColor(QPalette::PlaceholderText, QColor(0x9a, 0x9a, 0x9a));
    const QList<std::pair<QString, QPalette>> themes{{QStringLiteral("light"),
                                                      QApplication::style()->standardPalette()},
                                                     {QStringLiteral("dark"), dark}};
    const QString outDir = qEnvironmentVariable("REVOX_SCREENSHOT_DIR");
    for (const auto &[name, palette] : themes) {
        m_player->setPalette(palette);
        const QImage image = m_player->grab().toImage();
        QVERIFY(!image.isNull());
        const QImage wave = m_player->waveformView()->grab().toImage();
        const QRgb highlight = palette.color(QPalette::Highlight).rgb();
        int played = 0;
        int drawn = 0;
        const QRgb base = palette.color(QPalette::Base).rgb();
        for (int y = 0; y < wave.height(); ++y) {
            for (int x = 0; x < wave.width(); ++x) {
                const QRgb pixel = wave.pixel(x, y);
                played += pixel == highlight;
                drawn += pixel != base;
            }
        }
        QVERIFY2(played > 200,
                 qPrintable(QStringLiteral("%1: %2 highlight pixels").arg(name).arg(played)));
        QVERIFY2(drawn > wave.width() * wave.height() / 10, qPrintable(name));
        if (!outDir.isEmpty())
            QVERIFY(image.save(
                QDir(outDir).filePath(QStringLiteral("recordingplayer-%1.png").arg(name))));
    }
    if (outDir.isEmpty())
        return;
    // For looking at by eye: the other states.
    m_session->load(QStringLiteral("c"), QStringLiteral("a"), std::nullopt);
    QVERIFY(
        m_player->grab().save(QDir(outDir).filePath(QStringLiteral("recordingplayer-none.png"))));
    QVERIFY(!load(QStringLiteral("gone.ogg")));
    QVERIFY(
        m_player->grab().save(QDir(outDir).filePath(QStringLiteral("recordingplayer-404.png"))));
    m_session->load(QStringLiteral("c"),
                    QStringLiteral("a"),
                    QStringLiteral("qrc:/sample/recording-human.ogg"));
    QVERIFY(m_player->grab().save(
        QDir(outDir).filePath(QStringLiteral("recordingplayer-loading.png"))));
    QTRY_VERIFY_WITH_TIMEOUT(m_session->waveform().complete, LoadTimeoutMs);
    m_session->seek(9000);
    QTRY_VERIFY(m_player->waveformView()->positionMs() >= 8000);
    m_player->setPalette(QApplication::style()->standardPalette());
    QVERIFY(
        m_player->grab().save(QDir(outDir).filePath(QStringLiteral("recordingplayer-speech.png"))));
}

QTEST_MAIN(tst_RecordingPlayer)
#include "tst_recordingplayer.moc"
