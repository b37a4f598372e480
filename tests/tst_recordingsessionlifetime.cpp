#include "fakerevoxserver.h"
#include "media/recordingsession.h"
#include "recordingtesthelpers.h"
#include "support/fulldisk.h"
#include "support/recordinghost.h"

#include <QPointer>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace Revox;
using namespace Revox::RecordingTests;
using State = RecordingSession::State;

// RecordingSession's work in flight (a download, a decode, a player opening, a copy being
// saved): replaced, cancelled, held, or destroyed half-way; and GStreamer without its plugins.
class tst_RecordingSessionLifetime : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();

    void switchingAttemptsMidDownload();
    void switchingAttemptsMidDecode();
    void cancelStopsLoading();
    void cancelStopsASave();
    void heldMediaStartWaits();
    void destroyedMidDownload();
    void destroyedMidDecode();
    void destroyedWhilePlaying();
    void destroyedAfterPlaybackFailed();
    void missingGStreamerPlugins();
    void saveWritesAnIdenticalFile();
    void saveFailureHalfWayLeavesNoFile();
    void saveFailureShowsTheCause_data();
    void saveFailureShowsTheCause();

private:
    QString recordingUrl(const QString &name) const;
    QString stalledUrl() const;
    bool waitForState(State state);
    // Runs the queued calls that GStreamer and the network may still have in flight.
    static void handlePendingEvents();

    QTemporaryDir m_gstreamer;
    std::optional<QString> m_gstreamerProblem;
    FakeRevoxServer *m_server = nullptr;
    Test::RecordingHost *m_host = nullptr;
    QPointer<RecordingSession> m_session;
};

QString tst_RecordingSessionLifetime::recordingUrl(const QString &name) const
{
    return m_server->baseUrl().toString() + QStringLiteral("/recordings/") + name;
}

QString tst_RecordingSessionLifetime::stalledUrl() const
{
    return m_host->url(QStringLiteral("/stalled.ogg")).toString();
}

bool tst_RecordingSessionLifetime::waitForState(State state)
{
    QSignalSpy states(m_session, &RecordingSession::stateChanged);
    while (m_session->state() != state) {
        if (!states.wait(LoadTimeoutMs))
            return false;
    }
    return true;
}

void tst_RecordingSessionLifetime::handlePendingEvents()
{
    for (int pass = 0; pass < 5; ++pass) {
        QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete);
        QCoreApplication::processEvents(QEventLoop::AllEvents, 50);
    }
}

void tst_RecordingSessionLifetime::initTestCase()
{
    // First: GStreamer reads its plugin path when Qt Multimedia first starts it.
    m_gstreamerProblem = limitGStreamerPlugins(m_gstreamer.path());
    QStandardPaths::setTestModeEnabled(true);
    Q_INIT_RESOURCE(sample_call);
    m_server = new FakeRevoxServer(this);
    QVERIFY(m_server->listen());
    addRecordings(*m_server);
    // Sends its headers, then nothing: a download that is still running.
    m_host = new Test::RecordingHost(this);
    QVERIFY(m_host->start());
    Test::RecordingHost::Route stalled{200,
                                       "audio/ogg",
                                       audioFixture(QStringLiteral("tone-10s.ogg"))};
    stalled.stall = true;
    m_host->setRoute("/stalled.ogg", stalled);
}

void tst_RecordingSessionLifetime::init()
{
    m_session = new RecordingSession;
    m_server->clearRequests();
}

void tst_RecordingSessionLifetime::cleanup()
{
    delete m_session;
}

void tst_RecordingSessionLifetime::switchingAttemptsMidDownload()
{
    const qsizetype requestsBefore = m_host->requests().size();
    m_session->load(QStringLiteral("call_1"), QStringLiteral("att_1"), stalledUrl());
    QTRY_COMPARE_WITH_TIMEOUT(m_host->requests().size(), requestsBefore + 1, LoadTimeoutMs);
    QCOMPARE(m_session->state(), State::Loading);

    m_session->load(QStringLiteral("call_1"),
                    QStringLiteral("att_2"),
                    recordingUrl(QStringLiteral("tone-stereo.ogg")));
    QVERIFY(waitForState(State::Ready));
    QVERIFY(qAbs(m_session->durationMs() - 3000) <= 100);
    QCOMPARE(m_session->attemptId(), QStringLiteral("att_2"));
    QCOMPARE(m_session->messageText().contains(QLatin1String("cancel")), false);
    QSignalSpy late(m_session, &RecordingSession::stateChanged);
    QVERIFY(!late.wait(200)); // the abandoned download says nothing
    QCOMPARE(m_session->state(), State::Ready);
}

void tst_RecordingSessionLifetime::switchingAttemptsMidDecode()
{
    // The bundled sample (over 20 s of speech) is still being decoded when the next one comes.
    QSignalSpy waves(m_session, &RecordingSession::waveformChanged);
    m_session->load(QStringLiteral("sample"),
                    QStringLiteral("att_1"),
                    QStringLiteral("qrc:/sample/recording-human.ogg"));
    QVERIFY(waves.wait(LoadTimeoutMs));
    QVERIFY(!m_session->waveform().complete);
    m_session->load(QStringLiteral("call_1"),
                    QStringLiteral("att_2"),
                    recordingUrl(QStringLiteral("tone-stereo.ogg")));
    QVERIFY(m_session->waveform().isEmpty());
    QTRY_VERIFY_WITH_TIMEOUT(m_session->waveform().complete, LoadTimeoutMs);
    // Only the stereo tone's lanes and length: nothing of the sample was kept or came late.
    QCOMPARE(m_session->waveform().laneCount(), 2);
    QVERIFY(qAbs(m_session->waveform().durationMs - 3000) <= 30);
    QVERIFY(waitForState(State::Ready));
    QVERIFY(qAbs(m_session->durationMs() - 3000) <= 100);
}

void tst_RecordingSessionLifetime::cancelStopsLoading()
{
    const qsizetype requestsBefore = m_host->requests().size();
    m_session->load(QStringLiteral("c"), QStringLiteral("a"), stalledUrl());
    QTRY_COMPARE_WITH_TIMEOUT(m_host->requests().size(), requestsBefore + 1, LoadTimeoutMs);
    QSignalSpy states(m_session, &RecordingSession::stateChanged);
    m_session->cancel();
    QCOMPARE(m_session->state(), State::Error);
    QCOMPARE(m_session->messageText(), QStringLiteral("Loading the recording was stopped."));
    QVERIFY(m_session->canRetry());
    QVERIFY(!m_session->isBusy());
    QVERIFY(!m_session->isDownloaded());
    QVERIFY(!states.wait(200)); // the cancelled download's own ending is not reported
    QCOMPARE(states.count(), 1);

    m_session->retry();
    QCOMPARE(m_session->state(), State::Loading);
    QTRY_COMPARE_WITH_TIMEOUT(m_host->requests().size(), requestsBefore + 2, LoadTimeoutMs);
    // Nothing to stop once it has loaded.
    m_session->load(QStringLiteral("c"),
                    QStringLiteral("a"),
                    recordingUrl(QStringLiteral("tone-10s.ogg")));
    QVERIFY(waitForState(State::Ready));
    m_session->cancel();
    QCOMPARE(m_session->state(), State::Ready);
}

void tst_RecordingSessionLifetime::cancelStopsASave()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("copy.ogg"));
    QSignalSpy saved(m_session, &RecordingSession::saveFinished);
    QSignalSpy saving(m_session, &RecordingSession::savingChanged);
    m_session->load(QStringLiteral("c"), QStringLiteral("a"), stalledUrl());
    m_session->saveCopyTo(path); // not downloaded yet: streamed from the host
    QVERIFY(m_session->isSaving());
    m_session->cancel();
    QVERIFY(saved.wait(LoadTimeoutMs));
    QCOMPARE(saved.constFirst().at(0).toBool(), false);
    QVERIFY(!m_session->isSaving());
    QCOMPARE(saving.constLast().at(0).toBool(), false);
    QVERIFY(QDir(dir.path()).entryList(QDir::Files | QDir::Hidden).isEmpty());
}

void tst_RecordingSessionLifetime::heldMediaStartWaits()
{
    m_session->holdMediaStart(true);
    QSignalSpy status(m_session, &RecordingSession::statusTextChanged);
    m_session->load(QStringLiteral("c"),
                    QStringLiteral("a"),
                    recordingUrl(QStringLiteral("tone-10s.ogg")));
    while (m_session->statusText() != QStringLiteral("Drawing the waveform…"))
        QVERIFY2(status.wait(LoadTimeoutMs), qPrintable(m_session->statusText()));
    QVERIFY(m_session->isDownloaded());
    QSignalSpy waves(m_session, &RecordingSession::waveformChanged);
    QVERIFY(!waves.wait(300)); // held: nothing is decoded, no player is made
    QCOMPARE(m_session->state(), State::Loading);
    QVERIFY(!m_session->hasMediaPlayer());
    m_session->play(); // asked for while held: plays once loaded

    m_session->holdMediaStart(false);
    QVERIFY(waitForState(State::Playing));
    QVERIFY(m_session->hasMediaPlayer());
    QTRY_VERIFY_WITH_TIMEOUT(m_session->waveform().complete, LoadTimeoutMs);
}

void tst_RecordingSessionLifetime::destroyedMidDownload()
{
    QTemporaryDir dir;
    const qsizetype requestsBefore = m_host->requests().size();
    m_session->load(QStringLiteral("c"), QStringLiteral("a"), stalledUrl());
    m_session->saveCopyTo(dir.filePath(QStringLiteral("copy.ogg")));
    QTRY_COMPARE_WITH_TIMEOUT(m_host->requests().size(), requestsBefore + 2, LoadTimeoutMs);
    QCOMPARE(m_session->state(), State::Loading);
    QVERIFY(m_session->isSaving());
    delete m_session;
    handlePendingEvents();
    // The half-saved copy went with it.
    QVERIFY(QDir(dir.path()).entryList(QDir::Files | QDir::Hidden).isEmpty());
}

void tst_RecordingSessionLifetime::destroyedMidDecode()
{
    QSignalSpy waves(m_session, &RecordingSession::waveformChanged);
    m_session->load(QStringLiteral("sample"),
                    QStringLiteral("att"),
                    QStringLiteral("qrc:/sample/recording-human.ogg"));
    QVERIFY(waves.wait(LoadTimeoutMs));
    // The first buffer has been decoded and the player is opening the recording.
    QVERIFY(!m_session->waveform().complete);
    QVERIFY(m_session->hasMediaPlayer());
    QCOMPARE(m_session->state(), State::Loading);
    delete m_session;
    handlePendingEvents();
}

void tst_RecordingSessionLifetime::destroyedWhilePlaying()
{
    m_session->load(QStringLiteral("c"),
                    QStringLiteral("a"),
                    recordingUrl(QStringLiteral("tone-10s.ogg")));
    QVERIFY(waitForState(State::Ready));
    m_session->play();
    QTRY_VERIFY_WITH_TIMEOUT(m_session->positionMs() > 300, 5000);
    delete m_session;
    handlePendingEvents();
}

void tst_RecordingSessionLifetime::destroyedAfterPlaybackFailed()
{
    m_session->load(QStringLiteral("c"),
                    QStringLiteral("a"),
                    recordingUrl(QStringLiteral("expired.ogg")));
    QVERIFY(waitForState(State::Error));
    delete m_session;
    handlePendingEvents();
}

void tst_RecordingSessionLifetime::missingGStreamerPlugins()
{
    const QString plugins = qEnvironmentVariable("REVOX_TEST_GSTREAMER_PLUGINS");
    if (plugins.isEmpty())
        QSKIP("runs as tst_recordingsession_nogstreamer and _nogoodplugins");
    if (m_gstreamerProblem)
        QSKIP(qPrintable(*m_gstreamerProblem));
    m_session->load(QStringLiteral("c"),
                    QStringLiteral("a"),
                    recordingUrl(QStringLiteral("tone-10s.ogg")));
    QSignalSpy states(m_session, &RecordingSession::stateChanged);
    while (m_session->state() == State::Loading)
        QVERIFY(states.wait(LoadTimeoutMs));
    if (plugins == QLatin1String("none")) {
        // Qt 6.4's QMediaPlayer crashes in its constructor without GStreamer's plugins: the
        // session never makes one, and says what is missing.
        QCOMPARE(m_session->state(), State::Error);
        QVERIFY2(m_session->messageText().contains(QLatin1String("GStreamer")),
                 qPrintable(m_session->messageText()));
        QVERIFY(!m_session->hasMediaPlayer());
    } else {
        // Without -good, Qt 6.4 opens the recording (with no length) and fails once it plays.
        QVERIFY(m_session->hasMediaPlayer());
        m_session->play();
        while (m_session->state() != State::Error)
            QVERIFY(states.wait(LoadTimeoutMs));
        QVERIFY2(m_session->messageText().contains(QLatin1String("gstreamer1.0-plugins-good")),
                 qPrintable(m_session->messageText()));
    }
    QVERIFY(m_session->isDownloaded()); // it can still be saved
    // The destruction once seen to crash: the player's owner going after GStreamer failed.
    delete m_session;
    handlePendingEvents();
}

void tst_RecordingSessionLifetime::saveWritesAnIdenticalFile()
{
    m_session->load(QStringLiteral("call_1"),
                    QStringLiteral("att_2"),
                    recordingUrl(QStringLiteral("tone-10s.ogg")));
    QVERIFY(waitForState(State::Ready));
    QCOMPARE(m_session->suggestedFileName(), QStringLiteral("call_1-att_2.ogg"));
    QTemporaryDir dir;
    const QString path = dir.filePath(m_session->suggestedFileName());
    QSignalSpy saved(m_session, &RecordingSession::saveFinished);
    const int requestsBefore = int(m_server->requests().size());
    m_session->saveCopyTo(path);
    QVERIFY(saved.count() == 1 || saved.wait());
    QVERIFY2(saved.constFirst().at(0).toBool(), qPrintable(saved.constFirst().at(1).toString()));
    QCOMPARE(fileContents(path), audioFixture(QStringLiteral("tone-10s.ogg")));
    QVERIFY(m_session->messageText().startsWith(QLatin1String("Saved the recording to")));
    QCOMPARE(m_session->savedCopyPath(), path);
    // Saved from memory: the recording was downloaded exactly once.
    QCOMPARE(int(m_server->requests().size()), requestsBefore);
    QCOMPARE(QDir(dir.path()).entryList(QDir::Files | QDir::Hidden).size(), 1);
}

void tst_RecordingSessionLifetime::saveFailureHalfWayLeavesNoFile()
{
    // The fake Revox server serves recordings faithfully; this host drops the connection.
    const QByteArray big = audioFixture(QStringLiteral("tone-10s.ogg")).repeated(30);
    Test::RecordingHost::Route route{200, "audio/ogg", big};
    route.dropAfter = big.size() / 2;
    m_host->setRoute("/cut.ogg", route);
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("cut.ogg"));
    QSignalSpy saved(m_session, &RecordingSession::saveFinished);
    m_session->load(QStringLiteral("c"),
                    QStringLiteral("a"),
                    m_host->url(QStringLiteral("/cut.ogg")).toString());
    m_session->saveCopyTo(path); // while still loading: streamed to the file
    QVERIFY(m_session->isSaving());
    QVERIFY(saved.wait(LoadTimeoutMs));
    QCOMPARE(saved.constFirst().at(0).toBool(), false);
    QVERIFY(!saved.constFirst().at(1).toString().isEmpty());
    QVERIFY(!QFile::exists(path));
    QVERIFY(QDir(dir.path()).entryList(QDir::Files | QDir::Hidden).isEmpty());
    // The session's own download failed the same way, with a way to try again.
    QTRY_COMPARE_WITH_TIMEOUT(m_session->state(), State::Error, LoadTimeoutMs);
    QVERIFY2(m_session->messageText().contains(QLatin1String("connection dropped")),
             qPrintable(m_session->messageText()));
    QVERIFY(m_session->canRetry());
}

void tst_RecordingSessionLifetime::saveFailureShowsTheCause_data()
{
    QTest::addColumn<QString>("target");
    QTest::addColumn<QString>("cause");
    QTest::newRow("full disk") << QStringLiteral("full disk") << QStringLiteral("No space left");
    QTest::newRow("FIFO") << QStringLiteral("fifo") << QStringLiteral("not a regular file");
}

void tst_RecordingSessionLifetime::saveFailureShowsTheCause()
{
    QFETCH(QString, target);
    QFETCH(QString, cause);
    // Every way of saving is covered in tst_recordingdownloader; this is what the user reads.
    m_session->load(QStringLiteral("c"),
                    QStringLiteral("a"),
                    recordingUrl(QStringLiteral("tone-10s.ogg")));
    QVERIFY(waitForState(State::Ready));
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
    QSignalSpy saved(m_session, &RecordingSession::saveFinished);
    QVERIFY(saved.isValid());
    m_session->saveCopyTo(path);
    QVERIFY(saved.count() == 1 || saved.wait());
    QCOMPARE(saved.constFirst().at(0).toBool(), false);
    QVERIFY2(m_session->messageText().contains(cause), qPrintable(m_session->messageText()));
    QVERIFY(m_session->savedCopyPath().isEmpty());
    if (target == QLatin1String("fifo"))
        QCOMPARE(FullDisk::fileType(path), QStringLiteral("fifo"));
    else
        QCOMPARE(fileContents(path), oldFile);
}

QTEST_GUILESS_MAIN(tst_RecordingSessionLifetime)
#include "tst_recordingsessionlifetime.moc"
