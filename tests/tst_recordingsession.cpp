#include "core/api/apiclient.h"
#include "core/common/retrypolicy.h"
#include "fakerevoxserver.h"
#include "media/recordingsession.h"
#include "recordingtesthelpers.h"
#include "support/recordinghost.h"

#include <QAudioOutput>
#include <QElapsedTimer>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace Revox;
using namespace Revox::RecordingTests;
using State = RecordingSession::State;

// RecordingSession without a widget: loading, failures, playback on real audio through
// GStreamer (a silent sink on machines without a sound card) and the waveform. Work replaced,
// cancelled or destroyed half-way, and saving a copy, are in tst_recordingsessionlifetime.
class tst_RecordingSession : public QObject
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
    void failedDownloadCanBeRetried();
    void durationAndPlayback();
    void seekLandsNearTarget_data();
    void seekLandsNearTarget();
    void doubleSpeedRunsTwiceAsFast();
    void volumeAndMute();
    void waveformLanes_data();
    void waveformLanes();
    void switchingStopsAndReplaces();
    void apiKeyNeverReachesTheRecordingHost();
    void bundledSamplePlaysOffline();

private:
    QString recordingUrl(const QString &name) const;
    bool load(const QString &name);
    // How fast the position runs against the wall clock, over `audioMs` of playback.
    double measureRate(qint64 audioMs);

    FakeRevoxServer *m_server = nullptr;
    RecordingSession *m_session = nullptr;
};

QString tst_RecordingSession::recordingUrl(const QString &name) const
{
    return m_server->baseUrl().toString() + QStringLiteral("/recordings/") + name;
}

bool tst_RecordingSession::load(const QString &name)
{
    QSignalSpy states(m_session, &RecordingSession::stateChanged);
    m_session->load(QStringLiteral("call_1"), QStringLiteral("att_2"), recordingUrl(name));
    while (m_session->state() == State::Loading) {
        if (!states.wait(LoadTimeoutMs))
            return false;
    }
    return m_session->state() == State::Ready;
}

double tst_RecordingSession::measureRate(qint64 audioMs)
{
    QSignalSpy positions(m_session, &RecordingSession::positionChanged);
    const qint64 start = m_session->positionMs();
    QElapsedTimer clock;
    clock.start();
    while (m_session->positionMs() - start < audioMs) {
        if (!positions.wait(5000))
            return 0.0;
    }
    return double(m_session->positionMs() - start) / clock.elapsed();
}

void tst_RecordingSession::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    Q_INIT_RESOURCE(sample_call);
    m_server = new FakeRevoxServer(this);
    QVERIFY(m_server->listen());
    m_server->setApiKey(QStringLiteral("sk_test_secret"));
    addRecordings(*m_server);
}

void tst_RecordingSession::init()
{
    m_session = new RecordingSession;
    m_server->clearRequests();
}

void tst_RecordingSession::cleanup()
{
    delete std::exchange(m_session, nullptr);
}

void tst_RecordingSession::noRecording_data()
{
    QTest::addColumn<QVariant>("url");
    QTest::newRow("null") << QVariant();
    QTest::newRow("empty") << QVariant(QString());
    QTest::newRow("blank") << QVariant(QStringLiteral("   "));
}

void tst_RecordingSession::noRecording()
{
    QFETCH(QVariant, url);
    QCOMPARE(m_session->messageText(), QStringLiteral("No recording"));
    m_session->load(QStringLiteral("c"),
                    QStringLiteral("a"),
                    url.isValid() ? std::optional(url.toString()) : std::nullopt);
    QCOMPARE(m_session->state(), State::NoRecording);
    QCOMPARE(m_session->messageText(), QStringLiteral("No recording for this attempt"));
    QCOMPARE(m_session->durationMs(), 0);
    QVERIFY(!m_session->canSave());
    m_session->play();
    QCOMPARE(m_session->state(), State::NoRecording);
}

void tst_RecordingSession::refusedLinks_data()
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

void tst_RecordingSession::refusedLinks()
{
    QFETCH(QString, url);
    QFETCH(QString, scheme);
    QSignalSpy saved(m_session, &RecordingSession::saveFinished);
    m_session->load(QStringLiteral("c"), QStringLiteral("a"), url);
    QCOMPARE(m_session->state(), State::Error);
    QCOMPARE(m_session->messageText(),
             QStringLiteral(
                 "The recording's link is a \"%1:\" address, which the app does not open: "
                 "only http and https recordings are played.")
                 .arg(scheme));
    QVERIFY(!m_session->canRetry());
    m_session->play();
    QCOMPARE(m_session->state(), State::Error);
    // Nothing to save either, and no file appears.
    QTemporaryDir dir;
    m_session->saveCopyTo(dir.filePath(QStringLiteral("x.ogg")));
    QCOMPARE(saved.count(), 1);
    QCOMPARE(saved.constFirst().at(0).toBool(), false);
    QVERIFY(!QFile::exists(dir.filePath(QStringLiteral("x.ogg"))));
}

void tst_RecordingSession::goneRecording_data()
{
    QTest::addColumn<QString>("name");
    QTest::newRow("unknown recording") << QStringLiteral("deleted.ogg");
    QTest::newRow("path traversal") << QStringLiteral("..%2F..%2Fcall%2Fsample");
}

void tst_RecordingSession::goneRecording()
{
    QFETCH(QString, name);
    QSignalSpy states(m_session, &RecordingSession::stateChanged);
    m_session->load(QStringLiteral("c"), QStringLiteral("a"), recordingUrl(name));
    QCOMPARE(m_session->state(), State::Loading);
    QVERIFY(m_session->isBusy());
    QVERIFY(states.wait(LoadTimeoutMs));
    QCOMPARE(m_session->state(), State::Error);
    QCOMPARE(m_session->messageText(),
             QStringLiteral("The recording is gone or its link expired (404)."));
    QVERIFY(!m_session->canRetry()); // trying again would not bring it back
    QVERIFY(!m_session->isBusy());
    QCOMPARE(m_session->durationMs(), 0);
}

void tst_RecordingSession::undecodableBytes()
{
    QVERIFY(!load(QStringLiteral("expired.ogg")));
    QCOMPARE(m_session->state(), State::Error);
    QVERIFY2(m_session->messageText().startsWith(
                 QLatin1String("The recording could not be decoded")),
             qPrintable(m_session->messageText()));
    QVERIFY(m_session->statusText().startsWith(QLatin1String("No waveform")));
    QVERIFY(m_session->waveform().isEmpty());
    QVERIFY(m_session->isDownloaded());
    // GStreamer's player is never started for bytes GStreamer could not decode.
    QVERIFY(!m_session->hasMediaPlayer());
    // What arrived can still be kept, e.g. to send to support.
    QTemporaryDir dir;
    QSignalSpy saved(m_session, &RecordingSession::saveFinished);
    m_session->saveCopyTo(dir.filePath(QStringLiteral("bad.ogg")));
    QVERIFY(saved.count() == 1 || saved.wait());
    QVERIFY(saved.constFirst().at(0).toBool());
}

void tst_RecordingSession::failedDownloadCanBeRetried()
{
    Test::RecordingHost host;
    QVERIFY(host.start());
    host.setRoute("/flaky.ogg", {503, "text/html", "<html>busy</html>"});
    QSignalSpy states(m_session, &RecordingSession::stateChanged);
    m_session->load(QStringLiteral("c"),
                    QStringLiteral("a"),
                    host.url(QStringLiteral("/flaky.ogg")).toString());
    QVERIFY(states.wait(LoadTimeoutMs));
    QCOMPARE(m_session->state(), State::Error);
    QVERIFY2(m_session->messageText().contains(QLatin1String("HTTP 503")),
             qPrintable(m_session->messageText()));
    QVERIFY(m_session->canRetry());
    QVERIFY(!m_session->isShowing(QStringLiteral("c"),
                                  QStringLiteral("a"),
                                  host.url(QStringLiteral("/flaky.ogg")).toString()));

    host.setRoute("/flaky.ogg", {200, "audio/ogg", audioFixture(QStringLiteral("tone-10s.ogg"))});
    m_session->retry();
    QCOMPARE(m_session->state(), State::Loading);
    QVERIFY(!m_session->canRetry());
    QTRY_COMPARE_WITH_TIMEOUT(m_session->state(), State::Ready, LoadTimeoutMs);
    QVERIFY(qAbs(m_session->durationMs() - 10000) <= 100);
    // The busy host was tried three times, as the API is (RetryPolicy); "Try again" sent one more.
    QCOMPARE(host.requests().size(), RetryPolicy::MaxTries + 1);
}

void tst_RecordingSession::durationAndPlayback()
{
    QSignalSpy states(m_session, &RecordingSession::stateChanged);
    QVERIFY(load(QStringLiteral("tone-10s.ogg")));
    QVERIFY2(qAbs(m_session->durationMs() - 10000) <= 100,
             qPrintable(QString::number(m_session->durationMs())));
    QCOMPARE(m_session->positionMs(), 0);
    QVERIFY(m_session->hasMediaPlayer());
    m_session->play();
    QTRY_COMPARE_WITH_TIMEOUT(m_session->state(), State::Playing, 5000);
    QTRY_VERIFY_WITH_TIMEOUT(m_session->positionMs() > 500, 5000);
    m_session->pause();
    QTRY_COMPARE(m_session->state(), State::Ready);
    const qint64 pausedAt = m_session->positionMs();
    QSignalSpy positions(m_session, &RecordingSession::positionChanged);
    positions.wait(300); // a paused player reports nothing, or the same place
    QVERIFY(qAbs(m_session->positionMs() - pausedAt) < 100);
    QCOMPARE(states.constFirst().at(0).value<State>(), State::Loading);
    // Headless machines (CI) have no sound card: GStreamer plays into a silent sink, the clock
    // runs as above, and the user is told why there is nothing to hear.
    if (!m_session->hasAudioOutput())
        QCOMPARE(m_session->messageText(),
                 QStringLiteral("No audio output device was found, so playback is silent. The "
                                "waveform and Save recording as… still work."));
    else
        QCOMPARE(m_session->messageText(), QString());
}

void tst_RecordingSession::seekLandsNearTarget_data()
{
    QTest::addColumn<qint64>("target");
    QTest::addColumn<bool>("playing");
    QTest::addColumn<qint64>("expected");
    QTest::newRow("paused, 7.5 s") << qint64(7500) << false << qint64(7500);
    QTest::newRow("paused, back to 1 s") << qint64(1000) << false << qint64(1000);
    QTest::newRow("playing, 4 s") << qint64(4000) << true << qint64(4000);
    QTest::newRow("before the start") << qint64(-3000) << false << qint64(0);
}

void tst_RecordingSession::seekLandsNearTarget()
{
    QFETCH(qint64, target);
    QFETCH(bool, playing);
    QFETCH(qint64, expected);
    QVERIFY(load(QStringLiteral("tone-10s.ogg")));
    if (playing) {
        m_session->play();
        QTRY_VERIFY_WITH_TIMEOUT(m_session->positionMs() > 200, 5000);
    } else {
        m_session->seek(2500); // somewhere else first
        QTRY_VERIFY(qAbs(m_session->positionMs() - 2500) <= 250);
    }
    QSignalSpy shown(m_session, &RecordingSession::positionChanged);
    m_session->seek(target);
    // While playing the clock keeps running after the jump; allow for that, not for a miss.
    const qint64 slack = playing ? 600 : 250;
    QTRY_VERIFY2_WITH_TIMEOUT(m_session->positionMs() >= expected - 250
                                  && m_session->positionMs() <= expected + slack,
                              qPrintable(QString::number(m_session->positionMs())),
                              5000);
    qInfo("seek to %lld landed at %lld", target, m_session->positionMs());
    // What the views were told, which the waveform's playhead shows.
    QVERIFY(!shown.isEmpty());
    QVERIFY(shown.constLast().at(0).toLongLong() >= expected - 250);
}

void tst_RecordingSession::doubleSpeedRunsTwiceAsFast()
{
    QVERIFY(load(QStringLiteral("tone-10s.ogg")));
    QSignalSpy rates(m_session, &RecordingSession::playbackRateChanged);
    m_session->setPlaybackRate(2.0);
    QCOMPARE(m_session->playbackRate(), 2.0);
    QCOMPARE(rates.count(), 1);
    m_session->play();
    QTRY_VERIFY_WITH_TIMEOUT(m_session->positionMs() > 300, 5000);
    const double ratio = measureRate(3000);
    qInfo("2x: ratio %.2f", ratio);
    QVERIFY2(ratio > 1.5 && ratio < 2.6, qPrintable(QString::number(ratio)));

    m_session->setPlaybackRate(0.5);
    measureRate(100); // while the new rate takes over
    const double slowRatio = measureRate(600);
    qInfo("0.5x: ratio %.2f", slowRatio);
    QVERIFY2(slowRatio > 0.3 && slowRatio < 0.75, qPrintable(QString::number(slowRatio)));
    m_session->setPlaybackRate(9.0);
    QCOMPARE(m_session->playbackRate(), 2.0); // the fastest offered
}

void tst_RecordingSession::volumeAndMute()
{
    // Set before any media exists: the output made for the first recording takes them.
    QVERIFY(!m_session->findChild<QAudioOutput *>());
    m_session->setVolume(50);
    m_session->setMuted(true);
    QVERIFY(load(QStringLiteral("tone-10s.ogg")));
    auto *output = m_session->findChild<QAudioOutput *>();
    QVERIFY(output);
    QVERIFY(output->isMuted());
    // The scale is perceptual (logarithmic), the output linear: half-way is well under half.
    QVERIFY2(output->volume() > 0.05f && output->volume() < 0.4f,
             qPrintable(QString::number(output->volume())));
    QSignalSpy volumes(m_session, &RecordingSession::volumeChanged);
    m_session->setVolume(250);
    QCOMPARE(output->volume(), 1.0f);
    QCOMPARE(m_session->volume(), 100);
    QCOMPARE(volumes.constLast().at(0).toInt(), 100);
    m_session->setMuted(false);
    QVERIFY(!output->isMuted());
    QVERIFY(!m_session->isMuted());
    m_session->setMuted(true);
    QVERIFY(output->isMuted());
}

void tst_RecordingSession::waveformLanes_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<int>("lanes");
    QTest::addColumn<int>("buckets");
    QTest::addColumn<double>("peak");
    QTest::newRow("mono Ogg") << QStringLiteral("tone-10s.ogg") << 1 << 500 << 0.5;
    QTest::newRow("mono WAV") << QStringLiteral("tone-mono.wav") << 1 << 150 << 0.5;
    QTest::newRow("stereo Ogg") << QStringLiteral("tone-stereo.ogg") << 2 << 150 << 0.8;
}

void tst_RecordingSession::waveformLanes()
{
    QFETCH(QString, name);
    QFETCH(int, lanes);
    QFETCH(int, buckets);
    QFETCH(double, peak);
    QSignalSpy waves(m_session, &RecordingSession::waveformChanged);
    m_session->load(QStringLiteral("c"), QStringLiteral("a"), recordingUrl(name));
    while (!m_session->waveform().complete)
        QVERIFY(waves.wait(LoadTimeoutMs));
    const Waveform waveform = m_session->waveform();
    QCOMPARE(waveform.laneCount(), lanes);
    QVERIFY2(qAbs(waveform.bucketCount() - buckets) <= 1,
             qPrintable(QString::number(waveform.bucketCount())));
    QVERIFY2(waveform.peak() > peak - 0.05 && waveform.peak() < peak + 0.08,
             qPrintable(QString::number(waveform.peak())));
    // Partial waveforms came first, so a view can draw while decoding.
    QVERIFY(waves.size() >= 2);
}

void tst_RecordingSession::switchingStopsAndReplaces()
{
    QVERIFY(load(QStringLiteral("tone-10s.ogg")));
    m_session->play();
    QTRY_VERIFY_WITH_TIMEOUT(m_session->positionMs() > 300, 5000);
    QSignalSpy recordings(m_session, &RecordingSession::recordingChanged);
    m_session->load(QStringLiteral("call_1"),
                    QStringLiteral("att_3"),
                    recordingUrl(QStringLiteral("tone-stereo.ogg")));
    QCOMPARE(recordings.count(), 1);
    QCOMPARE(m_session->attemptId(), QStringLiteral("att_3"));
    QCOMPARE(m_session->state(), State::Loading);
    QCOMPARE(m_session->positionMs(), 0);
    QTRY_COMPARE_WITH_TIMEOUT(m_session->state(), State::Ready, LoadTimeoutMs);
    QVERIFY(qAbs(m_session->durationMs() - 3000) <= 100);
    QTRY_COMPARE_WITH_TIMEOUT(m_session->waveform().laneCount(), 2, LoadTimeoutMs);
    QCOMPARE(m_session->suggestedFileName(), QStringLiteral("call_1-att_3.ogg"));

    // An attempt without a recording replaces it too.
    m_session->load(QStringLiteral("call_1"), QStringLiteral("att_4"), std::nullopt);
    QCOMPARE(m_session->state(), State::NoRecording);
    QCOMPARE(m_session->messageText(), QStringLiteral("No recording for this attempt"));
    QVERIFY(m_session->waveform().isEmpty());
    QSignalSpy late(m_session, &RecordingSession::stateChanged);
    QVERIFY(!late.wait(200)); // nothing late from the replaced recordings
    QCOMPARE(m_session->state(), State::NoRecording);
}

void tst_RecordingSession::apiKeyNeverReachesTheRecordingHost()
{
    ApiClient client;
    client.setSettings(m_server->clientSettings(QStringLiteral("sk_test_secret")));
    QSignalSpy fetched(client.fetchCall(QStringLiteral("sample")), &FetchJob::finished);
    QVERIFY(fetched.wait(10000));
    const FetchResult result = fetched.constFirst().at(0).value<FetchResult>();
    QVERIFY2(result.isOk(), qPrintable(result.message));
    const CallAttempt &attempt = result.call->callAttempts.constFirst();
    QVERIFY(attempt.recordingUrl.has_value());
    QVERIFY(attempt.recordingUrl->startsWith(m_server->baseUrl().toString()));

    m_session->load(result.call->id, attempt.id, attempt.recordingUrl);
    QTRY_COMPARE_WITH_TIMEOUT(m_session->state(), State::Ready, LoadTimeoutMs);
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

void tst_RecordingSession::bundledSamplePlaysOffline()
{
    m_session->load(QStringLiteral("sample"),
                    QStringLiteral("att"),
                    QStringLiteral("qrc:/sample/recording-human.ogg"));
    QTRY_COMPARE_WITH_TIMEOUT(m_session->state(), State::Ready, LoadTimeoutMs);
    QVERIFY(m_session->durationMs() > 20000);
    m_session->play();
    QTRY_VERIFY_WITH_TIMEOUT(m_session->positionMs() > 300, 5000);
    QTRY_VERIFY_WITH_TIMEOUT(m_session->waveform().complete, LoadTimeoutMs);
    QVERIFY(m_server->requests().isEmpty());
}

QTEST_GUILESS_MAIN(tst_RecordingSession)
#include "tst_recordingsession.moc"
