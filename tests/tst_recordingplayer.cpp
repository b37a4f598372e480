#include "apiclient.h"
#include "fakerevoxserver.h"
#include "mainwindow.h"
#include "recordingplayer.h"
#include "samplecall.h"
#include "support/fulldisk.h"
#include "support/recordinghost.h"
#include "waveformview.h"

#include <QApplication>
#include <QAudioOutput>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLineEdit>
#include <QMediaPlayer>
#include <QPushButton>
#include <QSignalSpy>
#include <QSlider>
#include <QStandardPaths>
#include <QStyle>
#include <QStyleFactory>
#include <QTemporaryDir>
#include <QTest>
#include <QVBoxLayout>

using namespace Revox;
using State = RecordingPlayer::State;

namespace {

constexpr int LoadTimeoutMs = 15000;

QByteArray fixture(const QString &name)
{
    QFile file(QStringLiteral(REVOX_TEST_DATA_DIR "/audio/") + name);
    if (!file.open(QIODevice::ReadOnly))
        qFatal("missing fixture");
    return file.readAll();
}

// Calls `onPaint` at each paint of `widget` itself (before its children paint).
class PaintWatcher final : public QObject
{
public:
    PaintWatcher(QWidget *widget, std::function<void()> onPaint)
        : m_onPaint(std::move(onPaint))
    {
        widget->installEventFilter(this);
    }
    bool painted() const { return m_painted; }

protected:
    bool eventFilter(QObject *watched, QEvent *event) override
    {
        if (event->type() == QEvent::Paint) {
            m_painted = true;
            m_onPaint();
        }
        return QObject::eventFilter(watched, event);
    }

private:
    std::function<void()> m_onPaint;
    bool m_painted = false;
};

QByteArray fileContents(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

} // namespace

class tst_RecordingPlayer : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();

    void noRecording_data();
    void noRecording();
    void refusedLinks_data();
    void refusedLinks();
    void goneRecording_data();
    void goneRecording();
    void undecodableBytes();
    void durationAndPlayback();
    void seekLandsNearTarget_data();
    void seekLandsNearTarget();
    void doubleSpeedRunsTwiceAsFast();
    void volumeAndMute();
    void waveformLanes_data();
    void waveformLanes();
    void waveformClickSeeks();
    void keyboard();
    void textFieldKeepsItsKeys();
    void spaceStaysWithButtons();
    void saveWritesAnIdenticalFile();
    void saveFailureHalfWayLeavesNoFile();
    void saveFailureShowsTheCause_data();
    void saveFailureShowsTheCause();
    void switchingStopsAndReplaces();
    void apiKeyNeverReachesTheRecordingHost();
    void bundledSamplePlaysOffline();
    void mainWindowFollowsTheSelectedAttempt();
    void mainWindowSampleCallPlaysOffline();
    void mediaIsMadeAfterTheFirstPaint();
    void noMediaWithoutARecording();
    void screenshots();

private:
    QString recordingUrl(const QString &name) const;
    bool load(const QString &name);

    FakeRevoxServer *m_server = nullptr;
    RecordingPlayer *m_player = nullptr;
    QByteArray m_tone;
    QByteArray m_stereo;
};

QString tst_RecordingPlayer::recordingUrl(const QString &name) const
{
    return m_server->baseUrl().toString() + QStringLiteral("/recordings/") + name;
}

bool tst_RecordingPlayer::load(const QString &name)
{
    m_player->setRecording(QStringLiteral("call_1"), QStringLiteral("att_2"), recordingUrl(name));
    return QTest::qWaitFor([this] { return m_player->state() == State::Ready; }, LoadTimeoutMs);
}

void tst_RecordingPlayer::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    Q_INIT_RESOURCE(sample_call);
    m_tone = fixture(QStringLiteral("tone-10s.ogg"));
    m_stereo = fixture(QStringLiteral("tone-stereo.ogg"));
    m_server = new FakeRevoxServer(this);
    QVERIFY(m_server->listen());
    m_server->setApiKey(QStringLiteral("sk_test_secret"));
    m_server->addRecording(QStringLiteral("tone-10s.ogg"), m_tone, "audio/ogg");
    m_server->addRecording(QStringLiteral("tone-stereo.ogg"), m_stereo, "audio/ogg");
    m_server->addRecording(QStringLiteral("tone-mono.wav"),
                           fixture(QStringLiteral("tone-mono.wav")),
                           "audio/wav");
    m_server->addRecording(QStringLiteral("expired.ogg"),
                           "<!doctype html><title>Link expired</title><p>Please sign in.",
                           "audio/ogg");
}

void tst_RecordingPlayer::init()
{
    m_player = new RecordingPlayer;
    m_player->resize(720, 150);
    m_server->clearRequests();
}

void tst_RecordingPlayer::cleanup()
{
    delete std::exchange(m_player, nullptr);
}

void tst_RecordingPlayer::noRecording_data()
{
    QTest::addColumn<QVariant>("url");
    QTest::newRow("null") << QVariant();
    QTest::newRow("empty") << QVariant(QString());
    QTest::newRow("blank") << QVariant(QStringLiteral("   "));
}

void tst_RecordingPlayer::noRecording()
{
    QFETCH(QVariant, url);
    m_player->setRecording(QStringLiteral("c"),
                           QStringLiteral("a"),
                           url.isValid() ? std::optional(url.toString()) : std::nullopt);
    QCOMPARE(m_player->state(), State::NoRecording);
    QCOMPARE(m_player->messageText(), QStringLiteral("No recording for this attempt"));
    QCOMPARE(m_player->durationMs(), 0);
    m_player->play();
    QCOMPARE(m_player->state(), State::NoRecording);
}

void tst_RecordingPlayer::refusedLinks_data()
{
    QTest::addColumn<QString>("url");
    QTest::addColumn<QString>("scheme");
    QTest::newRow("file") << QStringLiteral("file:///etc/passwd") << QStringLiteral("file");
    QTest::newRow("javascript") << QStringLiteral("javascript:alert(document.cookie)")
                                << QStringLiteral("javascript");
    QTest::newRow("data") << QStringLiteral("data:audio/ogg;base64,T2dnUwACAAAA")
                          << QStringLiteral("data");
    QTest::newRow("ftp") << QStringLiteral("ftp://127.0.0.1/rec.ogg") << QStringLiteral("ftp");
}

void tst_RecordingPlayer::refusedLinks()
{
    QFETCH(QString, url);
    QFETCH(QString, scheme);
    QSignalSpy saved(m_player, &RecordingPlayer::saveFinished);
    m_player->setRecording(QStringLiteral("c"), QStringLiteral("a"), url);
    QCOMPARE(m_player->state(), State::Error);
    QCOMPARE(m_player->messageText(),
             QStringLiteral(
                 "The recording's link is a \"%1:\" address, which the app does not open: "
                 "only http and https recordings are played.")
                 .arg(scheme));
    m_player->play();
    QCOMPARE(m_player->state(), State::Error);
    // Nothing to save either, and no file appears.
    QTemporaryDir dir;
    m_player->saveRecordingTo(dir.filePath(QStringLiteral("x.ogg")));
    QCOMPARE(saved.count(), 1);
    QCOMPARE(saved.constFirst().at(0).toBool(), false);
    QVERIFY(!QFile::exists(dir.filePath(QStringLiteral("x.ogg"))));
}

void tst_RecordingPlayer::goneRecording_data()
{
    QTest::addColumn<QString>("name");
    QTest::newRow("unknown recording") << QStringLiteral("deleted.ogg");
    QTest::newRow("path traversal") << QStringLiteral("..%2F..%2Fcall%2Fsample");
}

void tst_RecordingPlayer::goneRecording()
{
    QFETCH(QString, name);
    m_player->setRecording(QStringLiteral("c"), QStringLiteral("a"), recordingUrl(name));
    QCOMPARE(m_player->state(), State::Loading);
    QTRY_COMPARE_WITH_TIMEOUT(m_player->state(), State::Error, LoadTimeoutMs);
    QCOMPARE(m_player->messageText(),
             QStringLiteral("The recording is gone or its link expired (404)."));
    QCOMPARE(m_player->durationMs(), 0);
}

void tst_RecordingPlayer::undecodableBytes()
{
    m_player->setRecording(QStringLiteral("call_1"),
                           QStringLiteral("att_2"),
                           recordingUrl(QStringLiteral("expired.ogg")));
    QTRY_COMPARE_WITH_TIMEOUT(m_player->state(), State::Error, LoadTimeoutMs);
    QVERIFY2(m_player->messageText().startsWith(
                 QLatin1String("The recording could not be decoded")),
             qPrintable(m_player->messageText()));
    QTRY_VERIFY(
        m_player->waveformView()->placeholderText().startsWith(QLatin1String("No waveform")));
    QVERIFY(m_player->waveform().isEmpty());
    // What arrived can still be kept, e.g. to send to support.
    QTemporaryDir dir;
    QSignalSpy saved(m_player, &RecordingPlayer::saveFinished);
    m_player->saveRecordingTo(dir.filePath(QStringLiteral("bad.ogg")));
    QTRY_COMPARE(saved.count(), 1);
    QVERIFY(saved.constFirst().at(0).toBool());
}

void tst_RecordingPlayer::durationAndPlayback()
{
    QSignalSpy states(m_player, &RecordingPlayer::stateChanged);
    QVERIFY(load(QStringLiteral("tone-10s.ogg")));
    QVERIFY2(qAbs(m_player->durationMs() - 10000) <= 100,
             qPrintable(QString::number(m_player->durationMs())));
    QCOMPARE(m_player->positionMs(), 0);
    m_player->play();
    QTRY_COMPARE_WITH_TIMEOUT(m_player->state(), State::Playing, 5000);
    QTRY_VERIFY_WITH_TIMEOUT(m_player->positionMs() > 500, 5000);
    m_player->pause();
    QTRY_COMPARE(m_player->state(), State::Ready);
    const qint64 pausedAt = m_player->positionMs();
    QTest::qWait(300);
    QVERIFY(qAbs(m_player->positionMs() - pausedAt) < 100);
    QCOMPARE(states.constFirst().at(0).value<State>(), State::Loading);
    // Headless machines (CI) have no sound card: GStreamer plays into a silent sink, the clock
    // runs as above, and the user is told why there is nothing to hear.
    if (!m_player->hasAudioOutput())
        QCOMPARE(m_player->messageText(),
                 QStringLiteral("No audio output device was found, so playback is silent. The "
                                "waveform and Save recording as… still work."));
    else
        QCOMPARE(m_player->messageText(), QString());
}

void tst_RecordingPlayer::seekLandsNearTarget_data()
{
    QTest::addColumn<qint64>("target");
    QTest::addColumn<bool>("playing");
    QTest::addColumn<qint64>("expected");
    QTest::newRow("paused, 7.5 s") << qint64(7500) << false << qint64(7500);
    QTest::newRow("paused, back to 1 s") << qint64(1000) << false << qint64(1000);
    QTest::newRow("playing, 4 s") << qint64(4000) << true << qint64(4000);
    QTest::newRow("before the start") << qint64(-3000) << false << qint64(0);
}

void tst_RecordingPlayer::seekLandsNearTarget()
{
    QFETCH(qint64, target);
    QFETCH(bool, playing);
    QFETCH(qint64, expected);
    QVERIFY(load(QStringLiteral("tone-10s.ogg")));
    if (playing) {
        m_player->play();
        QTRY_VERIFY_WITH_TIMEOUT(m_player->positionMs() > 200, 5000);
    } else {
        m_player->seek(2500); // somewhere else first
        QTRY_VERIFY(qAbs(m_player->positionMs() - 2500) <= 250);
    }
    m_player->seek(target);
    // While playing the clock keeps running after the jump; allow for that, not for a miss.
    const qint64 slack = playing ? 600 : 250;
    QTRY_VERIFY2_WITH_TIMEOUT(m_player->positionMs() >= expected - 250
                                  && m_player->positionMs() <= expected + slack,
                              qPrintable(QString::number(m_player->positionMs())),
                              5000);
    qInfo("seek to %lld landed at %lld", target, m_player->positionMs());
    QVERIFY(m_player->waveformView()->positionMs() >= expected - 250);
}

void tst_RecordingPlayer::doubleSpeedRunsTwiceAsFast()
{
    QVERIFY(load(QStringLiteral("tone-10s.ogg")));
    m_player->setPlaybackRate(2.0);
    QCOMPARE(m_player->playbackRate(), 2.0);
    m_player->play();
    QTRY_VERIFY_WITH_TIMEOUT(m_player->positionMs() > 300, 5000);
    const qint64 startPosition = m_player->positionMs();
    QElapsedTimer clock;
    clock.start();
    QTest::qWait(1500);
    const qint64 advanced = m_player->positionMs() - startPosition;
    const double ratio = double(advanced) / clock.elapsed();
    qInfo("2x: %lld ms of audio in %lld ms (ratio %.2f)", advanced, clock.elapsed(), ratio);
    QVERIFY2(ratio > 1.5 && ratio < 2.6, qPrintable(QString::number(ratio)));

    m_player->setPlaybackRate(0.5);
    QTest::qWait(200);
    const qint64 slowStart = m_player->positionMs();
    clock.restart();
    QTest::qWait(1200);
    const double slowRatio = double(m_player->positionMs() - slowStart) / clock.elapsed();
    qInfo("0.5x: ratio %.2f", slowRatio);
    QVERIFY2(slowRatio > 0.3 && slowRatio < 0.75, qPrintable(QString::number(slowRatio)));
}

void tst_RecordingPlayer::volumeAndMute()
{
    // Set before any media exists: the output made for the first recording takes them.
    QVERIFY(!m_player->findChild<QAudioOutput *>());
    m_player->setVolume(50);
    m_player->setMuted(true);
    QVERIFY(load(QStringLiteral("tone-10s.ogg")));
    auto *output = m_player->findChild<QAudioOutput *>();
    QVERIFY(output);
    QVERIFY(output->isMuted());
    // The slider is perceptual (logarithmic), the output linear: half-way is well under half.
    QVERIFY2(output->volume() > 0.05f && output->volume() < 0.4f,
             qPrintable(QString::number(output->volume())));
    m_player->setVolume(250);
    QCOMPARE(output->volume(), 1.0f);
    m_player->setMuted(false);
    QVERIFY(!output->isMuted());
    m_player->setMuted(true);
    QVERIFY(output->isMuted());
}

void tst_RecordingPlayer::waveformLanes_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<int>("lanes");
    QTest::addColumn<int>("buckets");
    QTest::addColumn<double>("peak");
    QTest::newRow("mono Ogg") << QStringLiteral("tone-10s.ogg") << 1 << 500 << 0.5;
    QTest::newRow("mono WAV") << QStringLiteral("tone-mono.wav") << 1 << 150 << 0.5;
    QTest::newRow("stereo Ogg") << QStringLiteral("tone-stereo.ogg") << 2 << 150 << 0.8;
}

void tst_RecordingPlayer::waveformLanes()
{
    QFETCH(QString, name);
    QFETCH(int, lanes);
    QFETCH(int, buckets);
    QFETCH(double, peak);
    m_player->setRecording(QStringLiteral("c"), QStringLiteral("a"), recordingUrl(name));
    QTRY_VERIFY_WITH_TIMEOUT(m_player->waveform().complete, LoadTimeoutMs);
    const Waveform waveform = m_player->waveform();
    QCOMPARE(waveform.laneCount(), lanes);
    QVERIFY2(qAbs(waveform.bucketCount() - buckets) <= 1,
             qPrintable(QString::number(waveform.bucketCount())));
    QVERIFY2(waveform.peak() > peak - 0.05 && waveform.peak() < peak + 0.08,
             qPrintable(QString::number(waveform.peak())));
    QCOMPARE(m_player->waveformView()->waveform().bucketCount(), waveform.bucketCount());
}

void tst_RecordingPlayer::waveformClickSeeks()
{
    QVERIFY(load(QStringLiteral("tone-10s.ogg")));
    m_player->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_player));
    WaveformView *view = m_player->waveformView();
    const int x = view->xAt(6000);
    QTest::mouseClick(view, Qt::LeftButton, {}, QPoint(x, view->height() / 2));
    QTRY_VERIFY2(qAbs(m_player->positionMs() - 6000) <= 250,
                 qPrintable(QString::number(m_player->positionMs())));
    QCOMPARE(m_player->state(), State::Ready); // a click seeks, it does not start playback
}

void tst_RecordingPlayer::keyboard()
{
    QWidget window;
    auto *layout = new QVBoxLayout(&window);
    auto *field = new QLineEdit(&window);
    layout->addWidget(field);
    m_player->setParent(&window);
    layout->addWidget(m_player);
    window.show();
    QVERIFY(QTest::qWaitForWindowActive(&window));
    QVERIFY(load(QStringLiteral("tone-10s.ogg")));
    window.setFocus();

    QTest::keyClick(&window, Qt::Key_K);
    QTRY_COMPARE(m_player->state(), State::Playing);
    QTest::keyClick(&window, Qt::Key_Space);
    QTRY_COMPARE(m_player->state(), State::Ready);
    const auto expectAt = [this](qint64 target) {
        QTRY_VERIFY2(qAbs(m_player->positionMs() - target) <= 250,
                     qPrintable(
                         QStringLiteral("%1, expected %2").arg(m_player->positionMs()).arg(target)));
    };
    m_player->seek(1000);
    expectAt(1000);
    QTest::keyClick(&window, Qt::Key_L);
    expectAt(6000);
    QTest::keyClick(&window, Qt::Key_J);
    expectAt(1000);
    QTest::keyClick(&window, Qt::Key_L, Qt::ShiftModifier); // past the end: stops at the end
    expectAt(m_player->durationMs());
    QTest::keyClick(&window, Qt::Key_J, Qt::ShiftModifier);
    expectAt(m_player->durationMs() - 15000 > 0 ? m_player->durationMs() - 15000 : 0);

    // Arrows skip while the player has focus.
    auto *slider = m_player->findChild<QSlider *>();
    slider->setFocus();
    m_player->seek(2000);
    expectAt(2000);
    QTest::keyClick(slider, Qt::Key_Right);
    expectAt(7000);
    QTest::keyClick(slider, Qt::Key_Left, Qt::ShiftModifier);
    expectAt(0);
    m_player->setParent(nullptr);
}

void tst_RecordingPlayer::textFieldKeepsItsKeys()
{
    QWidget window;
    auto *layout = new QVBoxLayout(&window);
    auto *field = new QLineEdit(&window);
    layout->addWidget(field);
    m_player->setParent(&window);
    layout->addWidget(m_player);
    window.show();
    QVERIFY(QTest::qWaitForWindowActive(&window));
    QVERIFY(load(QStringLiteral("tone-10s.ogg")));
    field->setFocus();
    QTest::keyClicks(field, QStringLiteral("k l j"));
    QCOMPARE(field->text(), QStringLiteral("k l j"));
    QTest::qWait(200);
    QCOMPARE(m_player->state(), State::Ready);
    QCOMPARE(m_player->positionMs(), 0);
    m_player->setParent(nullptr);
}

void tst_RecordingPlayer::spaceStaysWithButtons()
{
    QWidget window;
    auto *layout = new QVBoxLayout(&window);
    auto *button = new QPushButton(QStringLiteral("Other"), &window);
    layout->addWidget(button);
    m_player->setParent(&window);
    layout->addWidget(m_player);
    window.show();
    QVERIFY(QTest::qWaitForWindowActive(&window));
    QVERIFY(load(QStringLiteral("tone-10s.ogg")));
    QSignalSpy clicked(button, &QPushButton::clicked);
    button->setFocus();
    QTest::keyClick(button, Qt::Key_Space);
    QCOMPARE(clicked.count(), 1);
    QTest::qWait(200);
    QCOMPARE(m_player->state(), State::Ready);
    // K still plays from there.
    QTest::keyClick(button, Qt::Key_K);
    QTRY_COMPARE(m_player->state(), State::Playing);
    m_player->setParent(nullptr);
}

void tst_RecordingPlayer::saveWritesAnIdenticalFile()
{
    QVERIFY(load(QStringLiteral("tone-10s.ogg")));
    QCOMPARE(m_player->suggestedFileName(), QStringLiteral("call_1-att_2.ogg"));
    QTemporaryDir dir;
    const QString path = dir.filePath(m_player->suggestedFileName());
    QSignalSpy saved(m_player, &RecordingPlayer::saveFinished);
    const int requestsBefore = int(m_server->requests().size());
    m_player->saveRecordingTo(path);
    QTRY_COMPARE(saved.count(), 1);
    QVERIFY2(saved.constFirst().at(0).toBool(), qPrintable(saved.constFirst().at(1).toString()));
    QCOMPARE(fileContents(path), m_tone);
    QVERIFY(m_player->messageText().startsWith(QLatin1String("Saved the recording to")));
    // Saved from memory: the recording was downloaded exactly once.
    QCOMPARE(int(m_server->requests().size()), requestsBefore);
    QCOMPARE(QDir(dir.path()).entryList(QDir::Files | QDir::Hidden).size(), 1);
}

void tst_RecordingPlayer::saveFailureHalfWayLeavesNoFile()
{
    // The fake Revox server serves recordings faithfully; this host drops the connection.
    Test::RecordingHost host;
    QVERIFY(host.start());
    const QByteArray big = m_tone.repeated(30);
    Test::RecordingHost::Route route{200, "audio/ogg", big};
    route.dropAfter = big.size() / 2;
    host.setRoute("/cut.ogg", route);
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("cut.ogg"));
    QSignalSpy saved(m_player, &RecordingPlayer::saveFinished);
    m_player->setRecording(QStringLiteral("c"),
                           QStringLiteral("a"),
                           host.url(QStringLiteral("/cut.ogg")).toString());
    m_player->saveRecordingTo(path); // while still loading: streamed to the file
    QVERIFY(m_player->isSaving());
    QTRY_COMPARE_WITH_TIMEOUT(saved.count(), 1, LoadTimeoutMs);
    QCOMPARE(saved.constFirst().at(0).toBool(), false);
    QVERIFY(!saved.constFirst().at(1).toString().isEmpty());
    QVERIFY(!QFile::exists(path));
    QVERIFY(QDir(dir.path()).entryList(QDir::Files | QDir::Hidden).isEmpty());
    // The player's own download failed the same way, with a way to try again.
    QTRY_COMPARE_WITH_TIMEOUT(m_player->state(), State::Error, LoadTimeoutMs);
    QVERIFY2(m_player->messageText().contains(QLatin1String("connection dropped")),
             qPrintable(m_player->messageText()));
}

void tst_RecordingPlayer::saveFailureShowsTheCause_data()
{
    QTest::addColumn<QString>("target");
    QTest::addColumn<QString>("cause");
    QTest::newRow("full disk") << QStringLiteral("full disk") << QStringLiteral("No space left");
    QTest::newRow("FIFO") << QStringLiteral("fifo") << QStringLiteral("not a regular file");
}

void tst_RecordingPlayer::saveFailureShowsTheCause()
{
    QFETCH(QString, target);
    QFETCH(QString, cause);
    // Every way of saving is covered in tst_recordingdownloader; this is what the user reads.
    QVERIFY(load(QStringLiteral("tone-10s.ogg")));
    FullDisk::SmallTmpfs disk(256 * 1024);
    const QString path = disk.filePath(QStringLiteral("saved.ogg"));
    const QByteArray oldFile = "an earlier recording";
    if (target == QLatin1String("fifo")) {
        QCOMPARE(::mkfifo(QFile::encodeName(path).constData(), 0600), 0);
    } else {
        if (!disk.isMounted())
            QSKIP("mounting a tmpfs needs root; tst_recordingdownloader runs this in a namespace");
        QVERIFY(FullDisk::writeWhole(path, oldFile));
        QVERIFY(disk.fillLeaving(0));
    }
    QSignalSpy saved(m_player, &RecordingPlayer::saveFinished);
    QVERIFY(saved.isValid());
    m_player->saveRecordingTo(path);
    QTRY_COMPARE(saved.count(), 1);
    QCOMPARE(saved.constFirst().at(0).toBool(), false);
    QVERIFY2(m_player->messageText().contains(cause), qPrintable(m_player->messageText()));
    if (target == QLatin1String("fifo"))
        QCOMPARE(FullDisk::fileType(path), QStringLiteral("fifo"));
    else
        QCOMPARE(fileContents(path), oldFile);
}

void tst_RecordingPlayer::switchingStopsAndReplaces()
{
    QVERIFY(load(QStringLiteral("tone-10s.ogg")));
    m_player->play();
    QTRY_VERIFY_WITH_TIMEOUT(m_player->positionMs() > 300, 5000);
    m_player->setRecording(QStringLiteral("call_1"),
                           QStringLiteral("att_3"),
                           recordingUrl(QStringLiteral("tone-stereo.ogg")));
    QCOMPARE(m_player->state(), State::Loading);
    QCOMPARE(m_player->positionMs(), 0);
    QTRY_COMPARE_WITH_TIMEOUT(m_player->state(), State::Ready, LoadTimeoutMs);
    QVERIFY(qAbs(m_player->durationMs() - 3000) <= 100);
    QTRY_COMPARE_WITH_TIMEOUT(m_player->waveform().laneCount(), 2, LoadTimeoutMs);
    QCOMPARE(m_player->suggestedFileName(), QStringLiteral("call_1-att_3.ogg"));

    // An attempt without a recording replaces it too.
    m_player->setRecording(QStringLiteral("call_1"), QStringLiteral("att_4"), std::nullopt);
    QCOMPARE(m_player->state(), State::NoRecording);
    QCOMPARE(m_player->messageText(), QStringLiteral("No recording for this attempt"));
    QVERIFY(m_player->waveform().isEmpty());
    QTest::qWait(200); // nothing late from the replaced recordings
    QCOMPARE(m_player->state(), State::NoRecording);
}

void tst_RecordingPlayer::apiKeyNeverReachesTheRecordingHost()
{
    ApiClient client;
    ApiSettings settings;
    settings.baseUrl = m_server->baseUrl();
    settings.apiKey = QStringLiteral("sk_test_secret");
    client.setSettings(settings);
    QSignalSpy fetched(&client, &ApiClient::finished);
    client.fetchCall(QStringLiteral("sample"));
    QVERIFY(fetched.wait(10000));
    const FetchResult result = fetched.constFirst().at(1).value<FetchResult>();
    QVERIFY2(result.isOk(), qPrintable(result.message));
    const CallAttempt &attempt = result.call->callAttempts.constFirst();
    QVERIFY(attempt.recordingUrl.has_value());
    QVERIFY(attempt.recordingUrl->startsWith(m_server->baseUrl().toString()));

    m_player->setRecording(result.call->id, attempt.id, attempt.recordingUrl);
    QTRY_COMPARE_WITH_TIMEOUT(m_player->state(), State::Ready, LoadTimeoutMs);
    int recordingRequests = 0;
    for (const RecordedRequest &request : m_server->requests()) {
        if (request.path.startsWith("/recordings/")) {
            ++recordingRequests;
            QVERIFY2(!request.hasHeader("authorization"),
                     request.header("authorization").constData());
            QVERIFY(!request.hasHeader("cookie"));
        } else {
            QCOMPARE(request.header("authorization"), QByteArray("Bearer sk_test_secret"));
        }
    }
    QCOMPARE(recordingRequests, 1); // one download serves waveform and playback
}

void tst_RecordingPlayer::bundledSamplePlaysOffline()
{
    m_player->setRecording(QStringLiteral("sample"),
                           QStringLiteral("att"),
                           QStringLiteral("qrc:/sample/recording-human.ogg"));
    QTRY_COMPARE_WITH_TIMEOUT(m_player->state(), State::Ready, LoadTimeoutMs);
    QVERIFY(m_player->durationMs() > 20000);
    m_player->play();
    QTRY_VERIFY_WITH_TIMEOUT(m_player->positionMs() > 300, 5000);
    QTRY_VERIFY_WITH_TIMEOUT(m_player->waveform().complete, LoadTimeoutMs);
    QVERIFY(m_server->requests().isEmpty());
}

void tst_RecordingPlayer::mainWindowFollowsTheSelectedAttempt()
{
    MainWindow window;
    window.show();
    QVERIFY(window.showResponse(m_server->sampleCallJson(QStringLiteral("call_main")),
                                QStringLiteral("test")));
    auto *player = window.findChild<RecordingPlayer *>();
    QVERIFY(player);
    QVERIFY(window.recordingArea()->isAncestorOf(player));
    QCOMPARE(window.selectedAttemptIndex(), 0);
    QTRY_COMPARE_WITH_TIMEOUT(player->state(), State::Ready, LoadTimeoutMs);
    const qint64 humanDuration = player->durationMs();
    QVERIFY(humanDuration > 20000);
    QCOMPARE(player->suggestedFileName(), QStringLiteral("call_main-att_3c9e1f07.ogg"));
    player->play();
    QTRY_VERIFY_WITH_TIMEOUT(player->positionMs() > 300, 5000);

    // Another attempt: the playing recording stops and the voicemail's replaces it.
    window.selectAttempt(1);
    QCOMPARE(player->state(), State::Loading);
    QTRY_COMPARE_WITH_TIMEOUT(player->state(), State::Ready, LoadTimeoutMs);
    QVERIFY(player->durationMs() < humanDuration);
    QCOMPARE(player->positionMs(), 0);
    QCOMPARE(player->suggestedFileName(), QStringLiteral("call_main-att_8b21d4aa.ogg"));

    // An attempt without a recording says so.
    window.selectAttempt(2);
    QCOMPARE(player->state(), State::NoRecording);
    QCOMPARE(player->messageText(), QStringLiteral("No recording for this attempt"));

    // A call without attempts clears the player.
    window.selectAttempt(0);
    QTRY_COMPARE_WITH_TIMEOUT(player->state(), State::Ready, LoadTimeoutMs);
    QJsonObject response
        = QJsonDocument::fromJson(m_server->sampleCallJson(QStringLiteral("call_empty"))).object();
    QJsonObject call = response.value(QLatin1String("call")).toObject();
    call.insert(QStringLiteral("call_attempts"), QJsonArray());
    call.remove(QStringLiteral("last_call_attempt"));
    response.insert(QStringLiteral("call"), call);
    QVERIFY(window.showResponse(QJsonDocument(response).toJson(), QStringLiteral("test")));
    QCOMPARE(window.selectedAttemptIndex(), -1);
    QCOMPARE(player->state(), State::NoRecording);

    // Recordings came from the recording endpoint only, each fetched once, never with a key.
    int recordingRequests = 0;
    for (const RecordedRequest &request : m_server->requests()) {
        QVERIFY(request.path.startsWith("/recordings/"));
        QVERIFY(!request.hasHeader("authorization"));
        ++recordingRequests;
    }
    QCOMPARE(recordingRequests, 3);
}

void tst_RecordingPlayer::mainWindowSampleCallPlaysOffline()
{
    MainWindow window;
    window.openSampleCall();
    auto *player = window.findChild<RecordingPlayer *>();
    QVERIFY(player);
    QTRY_COMPARE_WITH_TIMEOUT(player->state(), State::Ready, LoadTimeoutMs);
    QTRY_VERIFY_WITH_TIMEOUT(player->waveform().complete, LoadTimeoutMs);
    QVERIFY(player->durationMs() > 20000);
    QVERIFY(m_server->requests().isEmpty());
    const QString outDir = qEnvironmentVariable("REVOX_SCREENSHOT_DIR");
    if (!outDir.isEmpty()) {
        window.resize(1280, 820);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        player->seek(12000);
        QTest::qWait(300);
        QVERIFY(
            window.grab().save(QDir(outDir).filePath(QStringLiteral("mainwindow-recording.png"))));
    }
}

void tst_RecordingPlayer::mediaIsMadeAfterTheFirstPaint()
{
    // Starting the media backend is a fifth of the app's startup: the window comes up without
    // it, paints first, and the player makes it for the first recording shown.
    MainWindow window;
    window.resize(1100, 760);
    auto *player = window.findChild<RecordingPlayer *>();
    QVERIFY(player);
    QVERIFY(!player->hasMediaPlayer());
    QVERIFY(!window.findChild<QMediaPlayer *>());
    QVERIFY(!window.findChild<QAudioOutput *>());

    // Shown with a call whose attempt has a recording, as `revox-inspector --sample` does.
    bool mediaAtFirstPaint = true;
    PaintWatcher watcher(&window, [&] {
        if (mediaAtFirstPaint)
            mediaAtFirstPaint = player->hasMediaPlayer();
    });
    window.show();
    window.openSampleCall();
    QCOMPARE(player->state(), State::Loading);
    QTRY_VERIFY_WITH_TIMEOUT(watcher.painted(), LoadTimeoutMs);
    QVERIFY(!mediaAtFirstPaint);

    // Then it plays as before: waveform, duration, position.
    QTRY_COMPARE_WITH_TIMEOUT(player->state(), State::Ready, LoadTimeoutMs);
    QVERIFY(player->hasMediaPlayer());
    QCOMPARE(window.findChildren<QMediaPlayer *>().size(), 1);
    QVERIFY(player->durationMs() > 20000);
    player->play();
    QTRY_VERIFY_WITH_TIMEOUT(player->positionMs() > 300, 5000);
    QTRY_VERIFY_WITH_TIMEOUT(player->waveform().complete, LoadTimeoutMs);

    // Another attempt reuses the same media objects.
    window.selectAttempt(1);
    QTRY_COMPARE_WITH_TIMEOUT(player->state(), State::Ready, LoadTimeoutMs);
    QCOMPARE(window.findChildren<QMediaPlayer *>().size(), 1);
    QCOMPARE(window.findChildren<QAudioOutput *>().size(), 1);
}

void tst_RecordingPlayer::noMediaWithoutARecording()
{
    // A call whose attempts have no recording never starts the media backend.
    MainWindow window;
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QJsonObject response = QJsonDocument::fromJson(SampleCall::json()).object();
    QJsonObject call = response.value(QLatin1String("call")).toObject();
    QJsonArray attempts = call.value(QLatin1String("call_attempts")).toArray();
    for (qsizetype i = 0; i < attempts.size(); ++i) {
        QJsonObject attempt = attempts.at(i).toObject();
        attempt.remove(QStringLiteral("recording_url"));
        attempts.replace(i, attempt);
    }
    call.insert(QStringLiteral("call_attempts"), attempts);
    call.remove(QStringLiteral("last_call_attempt"));
    response.insert(QStringLiteral("call"), call);
    QVERIFY(window.showResponse(QJsonDocument(response).toJson(), QStringLiteral("test")));
    auto *player = window.findChild<RecordingPlayer *>();
    QCOMPARE(player->state(), State::NoRecording);
    QTest::qWait(200); // nothing is pending that could still make one
    QVERIFY(!player->hasMediaPlayer());
    QVERIFY(!window.findChild<QMediaPlayer *>());
}

void tst_RecordingPlayer::screenshots()
{
    // Light and dark palettes: the waveform must be drawn (played part in the highlight colour,
    // the rest visible against the base colour), whatever the theme.
    QApplication::setStyle(QStyleFactory::create(QStringLiteral("Fusion")));
    QVERIFY(load(QStringLiteral("tone-stereo.ogg")));
    QTRY_VERIFY_WITH_TIMEOUT(m_player->waveform().complete, LoadTimeoutMs);
    m_player->seek(1200);
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
    m_player->setRecording(QStringLiteral("c"), QStringLiteral("a"), std::nullopt);
    QVERIFY(
        m_player->grab().save(QDir(outDir).filePath(QStringLiteral("recordingplayer-none.png"))));
    m_player->setRecording(QStringLiteral("c"),
                           QStringLiteral("a"),
                           recordingUrl(QStringLiteral("gone.ogg")));
    QTRY_COMPARE_WITH_TIMEOUT(m_player->state(), State::Error, LoadTimeoutMs);
    QVERIFY(
        m_player->grab().save(QDir(outDir).filePath(QStringLiteral("recordingplayer-404.png"))));
    m_player->setRecording(QStringLiteral("c"),
                           QStringLiteral("a"),
                           QStringLiteral("qrc:/sample/recording-human.ogg"));
    QVERIFY(m_player->grab().save(
        QDir(outDir).filePath(QStringLiteral("recordingplayer-loading.png"))));
    QTRY_VERIFY_WITH_TIMEOUT(m_player->waveform().complete, LoadTimeoutMs);
    m_player->seek(9000);
    QTRY_VERIFY(m_player->waveformView()->positionMs() >= 8000);
    m_player->setPalette(QApplication::style()->standardPalette());
    QVERIFY(
        m_player->grab().save(QDir(outDir).filePath(QStringLiteral("recordingplayer-speech.png"))));
}

QTEST_MAIN(tst_RecordingPlayer)
#include "tst_recordingplayer.moc"
