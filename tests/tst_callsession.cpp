// The one owner of the call on screen, without any window: every origin, attempt switches,
// a refresh that replaces the call, a fetch overtaken by a newer one or by a file.
#include "core/api/apiclient.h"
#include "core/call/samplecall.h"
#include "core/session/callsession.h"
#include "fakerevoxserver.h"
#include "librarytestdata.h"
#include "livecalls.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSemaphore>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QThreadPool>
#include <QtConcurrent/QtConcurrentRun>

#include <sys/stat.h>

using namespace Revox;
using TestCalls::jsonAnswer;
using TestCalls::liveCall;

namespace {

const QString ApiKey = QStringLiteral("sk_test_SESSION_0123456789");
const QString SampleId = QStringLiteral("call_01JD8X4K2M7QY5ZP3N6RWTB9HE");

// A call with two attempts (newest first), each with one turn naming it.
QByteArray twoAttempts(const QString &id, const QString &newestWords)
{
    using LibraryTestData::turn;
    const auto attempt = [](const QString &attemptId, const QString &words) {
        return QJsonObject{{QStringLiteral("id"), attemptId},
                           {QStringLiteral("status"), QStringLiteral("completed")},
                           {QStringLiteral("transcript"),
                            QJsonArray{turn(QStringLiteral("user"), words)}}};
    };
    return LibraryTestData::wrap(
        QJsonObject{{QStringLiteral("id"), id},
                    {QStringLiteral("status"), QStringLiteral("completed")},
                    {QStringLiteral("call_attempts"),
                     QJsonArray{attempt(QStringLiteral("att_new"), newestWords),
                                attempt(QStringLiteral("att_old"), QStringLiteral("busy line"))}}});
}

} // namespace

class tst_CallSession : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();
    void opensEveryOrigin_data();
    void opensEveryOrigin();
    void badBodyKeepsTheCallShown_data();
    void badBodyKeepsTheCallShown();
    void attemptSwitches();
    void fetchedCallIsShownOnce();
    void refreshReplacesTheCallAndKeepsTheAttempt();
    void newFetchReplacesTheOneInFlight_data();
    void newFetchReplacesTheOneInFlight();
    void openingAFileCancelsTheFetch();
    void failedFetchKeepsTheCallShown();
    void heldFetchGoesOutWhenReleased();
    void badReferenceFailsAtOnce();
    void largeBodyIsParsedOnAWorker();
    void largeBodyThatIsNotACallFailsLater();
    void whatIsOpenedNextDropsTheLargeBody_data();
    void whatIsOpenedNextDropsTheLargeBody();
    void largeFileIsReadOnAWorker();
    void largeFileThatCannotBeReadFailsLater_data();
    void largeFileThatCannotBeReadFailsLater();
    void fileRefusedAtOnceKeepsTheCallShown_data();
    void fileRefusedAtOnceKeepsTheCallShown();

private:
    std::unique_ptr<FakeRevoxServer> m_server;
    std::unique_ptr<ApiClient> m_client;
    std::unique_ptr<CallSession> m_session;
};

void tst_CallSession::init()
{
    m_server = std::make_unique<FakeRevoxServer>();
    QVERIFY(m_server->listen());
    m_server->setApiKey(ApiKey);
    m_client = std::make_unique<ApiClient>();
    m_client->setSettings(m_server->clientSettings(ApiKey));
    m_session = std::make_unique<CallSession>();
    m_session->setApiClient(m_client.get());
}

void tst_CallSession::cleanup()
{
    m_session.reset();
    m_client.reset();
    m_server.reset();
}

void tst_CallSession::opensEveryOrigin_data()
{
    QTest::addColumn<CallSession::Origin>("origin");
    QTest::addColumn<QString>("filePath");
    QTest::newRow("file") << CallSession::Origin::File << QStringLiteral("/tmp/call.json");
    QTest::newRow("library") << CallSession::Origin::Library << QString();
    QTest::newRow("live") << CallSession::Origin::Live << QString();
    QTest::newRow("sample") << CallSession::Origin::Sample << QString();
    QTest::newRow("api") << CallSession::Origin::Api << QString();
}

void tst_CallSession::opensEveryOrigin()
{
    QFETCH(CallSession::Origin, origin);
    QFETCH(QString, filePath);
    QSignalSpy changed(m_session.get(), &CallSession::callChanged);
    QSignalSpy attempt(m_session.get(), &CallSession::attemptChanged);
    QVERIFY(m_session->open(SampleCall::json(), origin, QStringLiteral("somewhere"), filePath));
    QCOMPARE(changed.size(), 1);
    QCOMPARE(changed.constFirst().constFirst().value<CallSession::Origin>(), origin);
    QCOMPARE(m_session->origin(), origin);
    QCOMPARE(m_session->callId(), SampleId);
    QCOMPARE(m_session->body(), SampleCall::json());
    QCOMPARE(m_session->sourceLabel(), QStringLiteral("somewhere"));
    QCOMPARE(m_session->filePath(), filePath);
    // The newest attempt is chosen, and said once.
    QCOMPARE(m_session->selectedAttempt(), 0);
    QCOMPARE(attempt.size(), 1);
    QCOMPARE(m_session->attempt()->id, m_session->call()->callAttempts.constFirst().id);
}

void tst_CallSession::badBodyKeepsTheCallShown_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::newRow("empty") << QByteArray();
    QTest::newRow("not json") << QByteArray("<html>502 Bad Gateway</html>");
    QTest::newRow("array") << QByteArray("[1, 2, 3]");
    QTest::newRow("no call") << QByteArray("{\"error\": \"nope\"}");
    QTest::newRow("call is null") << QByteArray("{\"call\": null}");
    QTest::newRow("truncated") << SampleCall::json().left(200);
}

void tst_CallSession::badBodyKeepsTheCallShown()
{
    QFETCH(QByteArray, body);
    QVERIFY(m_session->open(SampleCall::json(), CallSession::Origin::Sample, QStringLiteral("x")));
    const std::shared_ptr<const Call> shown = m_session->call();
    QSignalSpy changed(m_session.get(), &CallSession::callChanged);
    QSignalSpy failed(m_session.get(), &CallSession::failed);
    QVERIFY(!m_session->open(body, CallSession::Origin::File, QStringLiteral("bad.json")));
    QCOMPARE(changed.size(), 0);
    QCOMPARE(failed.size(), 1);
    QVERIFY2(failed.constFirst().constFirst().toString().startsWith(
                 QStringLiteral("Could not show bad.json.")),
             qPrintable(failed.constFirst().constFirst().toString()));
    QCOMPARE(m_session->call(), shown); // the very same call, not a copy
    QCOMPARE(m_session->origin(), CallSession::Origin::Sample);
}

void tst_CallSession::attemptSwitches()
{
    QVERIFY(m_session->open(twoAttempts(QStringLiteral("call_two"), QStringLiteral("hello")),
                            CallSession::Origin::File,
                            QStringLiteral("two.json")));
    QSignalSpy attempt(m_session.get(), &CallSession::attemptChanged);
    m_session->selectAttempt(1);
    QCOMPARE(attempt.size(), 1);
    QCOMPARE(attempt.constFirst().constFirst().toInt(), 1);
    QCOMPARE(m_session->attempt()->id, QStringLiteral("att_old"));
    m_session->selectAttempt(1); // already selected: nothing to say
    m_session->selectAttempt(2); // no such attempt
    m_session->selectAttempt(-2);
    QCOMPARE(attempt.size(), 1);
    QVERIFY(m_session->selectAttemptById(QStringLiteral("att_new")));
    QCOMPARE(m_session->selectedAttempt(), 0);
    QVERIFY(!m_session->selectAttemptById(QStringLiteral("att_missing")));
    m_session->selectAttempt(-1);
    QCOMPARE(m_session->attempt(), nullptr);
    QCOMPARE(attempt.size(), 3);
}

void tst_CallSession::fetchedCallIsShownOnce()
{
    QSignalSpy started(m_session.get(), &CallSession::fetchStarted);
    QSignalSpy ended(m_session.get(), &CallSession::fetchEnded);
    QSignalSpy changed(m_session.get(), &CallSession::callChanged);
    m_session->fetch(QStringLiteral("sample"));
    QCOMPARE(started.size(), 1);
    QVERIFY(m_session->isFetching());
    QVERIFY(changed.wait(10000));
    QCOMPARE(changed.constFirst().constFirst().value<CallSession::Origin>(),
             CallSession::Origin::Api);
    QCOMPARE(ended.size(), 1);
    QCOMPARE(ended.constFirst().constFirst().value<FetchResult::Status>(), FetchResult::Status::Ok);
    QVERIFY(!m_session->isFetching());
    QCOMPARE(m_session->callId(), SampleId);
    QVERIFY(m_session->sourceLabel().startsWith(QStringLiteral("Revox (")));
    QCOMPARE(m_session->lastReference(), QStringLiteral("sample"));
}

// A refresh brings a newer copy of the same call: it replaces the one shown, and an older
// attempt the user was reading stays selected.
void tst_CallSession::refreshReplacesTheCallAndKeepsTheAttempt()
{
    const QString id = QStringLiteral("call_refreshed");
    m_server->addScript(id,
                        {jsonAnswer(twoAttempts(id, QStringLiteral("first words"))),
                         jsonAnswer(twoAttempts(id, QStringLiteral("later words")))});
    QSignalSpy changed(m_session.get(), &CallSession::callChanged);
    m_session->fetch(id);
    QVERIFY(changed.wait(10000));
    const std::shared_ptr<const Call> first = m_session->call();
    m_session->selectAttempt(1);

    m_session->refresh();
    QVERIFY(changed.wait(10000));
    QCOMPARE(changed.size(), 2);
    QVERIFY(m_session->call() != first);
    QCOMPARE(m_session->call()->callAttempts.constFirst().transcript->constFirst().content,
             QStringLiteral("later words"));
    QCOMPARE(m_session->selectedAttempt(), 1);
    QCOMPARE(m_session->attempt()->id, QStringLiteral("att_old"));
    // The first copy is still whole for whoever holds it (an export running on it).
    QCOMPARE(first->callAttempts.constFirst().transcript->constFirst().content,
             QStringLiteral("first words"));
}

void tst_CallSession::newFetchReplacesTheOneInFlight_data()
{
    QTest::addColumn<QString>("first");
    QTest::addColumn<bool>("withoutKey"); // the first fails before anything is sent
    QTest::addColumn<int>("quietMs");     // how long to wait for a (wrong) late answer of the first

    QTest::newRow("first stalls") << QStringLiteral("scenario-stall") << false << 500;
    // The slow scenario answers after 1 s: the wait covers the moment it would have landed.
    QTest::newRow("first answers late") << QStringLiteral("scenario-slow") << false << 1300;
    QTest::newRow("first is waiting to retry")
        << QStringLiteral("scenario-always-500") << false << 1200;
    QTest::newRow("first fails before sending") << QStringLiteral("call_keyless") << true << 300;
}

// Jobs run side by side in the client, so which answer reaches the screen is the session's
// guarantee: only the latest fetch's, whatever the one it replaced does later.
void tst_CallSession::newFetchReplacesTheOneInFlight()
{
    QFETCH(QString, first);
    QFETCH(bool, withoutKey);
    QFETCH(int, quietMs);

    QSignalSpy started(m_session.get(), &CallSession::fetchStarted);
    QSignalSpy ended(m_session.get(), &CallSession::fetchEnded);
    QSignalSpy changed(m_session.get(), &CallSession::callChanged);
    QSignalSpy failed(m_session.get(), &CallSession::failed);
    QSignalSpy progress(m_session.get(), &CallSession::fetchProgress);
    const ApiSettings settings = m_client->settings();
    if (withoutKey) {
        ApiSettings keyless = settings;
        keyless.apiKey.clear();
        m_client->setSettings(keyless);
    }
    m_session->fetch(first);
    m_client->setSettings(settings);
    if (!withoutKey)
        QTRY_COMPARE(m_server->requests().size(), 1); // the first request is really out
    if (first == QLatin1String("scenario-always-500"))
        QTRY_COMPARE(progress.count(), 1);

    m_session->fetch(QStringLiteral("sample"));
    QCOMPARE(started.count(), 2);
    QVERIFY(changed.wait(10000));
    QCOMPARE(m_session->callId(), SampleId);
    QCOMPARE(ended.count(), 1);
    QCOMPARE(ended.constFirst().constFirst().value<FetchResult::Status>(), FetchResult::Status::Ok);
    QVERIFY(!m_session->isFetching());

    QVERIFY(!changed.wait(quietMs));
    QCOMPARE(changed.count(), 1);
    QCOMPARE(m_session->callId(), SampleId);
    QCOMPARE(ended.count(), 1);
    QCOMPARE(failed.count(), 0);
    QCOMPARE(progress.count(), first == QLatin1String("scenario-always-500") ? 1 : 0);
    // No retry of the replaced fetch went out.
    QCOMPARE(m_server->requests().size(), withoutKey ? 1 : 2);
}

void tst_CallSession::openingAFileCancelsTheFetch()
{
    const QString id = QStringLiteral("call_slow");
    ScriptedResponse slow = jsonAnswer(liveCall(id, QStringLiteral("completed")));
    slow.delayMs = 1500;
    m_server->addScript(id, {slow});
    QSignalSpy ended(m_session.get(), &CallSession::fetchEnded);
    QSignalSpy changed(m_session.get(), &CallSession::callChanged);
    m_session->fetch(id);
    QVERIFY(m_session->isFetching());
    QVERIFY(m_session->open(SampleCall::json(), CallSession::Origin::File, QStringLiteral("f")));
    QCOMPARE(ended.size(), 1);
    QCOMPARE(ended.constFirst().constFirst().value<FetchResult::Status>(),
             FetchResult::Status::Cancelled);
    QVERIFY(!m_session->isFetching());
    // The slow answer never replaces the file.
    QVERIFY(!changed.wait(2500));
    QCOMPARE(changed.size(), 1);
    QCOMPARE(m_session->callId(), SampleId);
    QCOMPARE(m_session->origin(), CallSession::Origin::File);
}

void tst_CallSession::failedFetchKeepsTheCallShown()
{
    QVERIFY(m_session->open(SampleCall::json(), CallSession::Origin::Sample, QStringLiteral("s")));
    QSignalSpy failed(m_session.get(), &CallSession::failed);
    m_session->fetch(QStringLiteral("call_not_there"));
    QVERIFY(failed.wait(10000));
    QVERIFY(!failed.constFirst().at(0).toString().isEmpty());
    QCOMPARE(failed.constFirst().at(1).toBool(), true); // a 404 may be a call not yet created
    QCOMPARE(m_session->callId(), SampleId);
}

void tst_CallSession::heldFetchGoesOutWhenReleased()
{
    m_session->holdFetches(QStringLiteral("Reading the API key from the keychain…"));
    QSignalSpy progress(m_session.get(), &CallSession::fetchProgress);
    QSignalSpy changed(m_session.get(), &CallSession::callChanged);
    m_session->fetch(QStringLiteral("sample"));
    QVERIFY(m_session->isFetching());
    QCOMPARE(progress.size(), 1);
    QCOMPARE(progress.constFirst().constFirst().toString(),
             QStringLiteral("Reading the API key from the keychain…"));
    QVERIFY(!changed.wait(300));
    QCOMPARE(m_server->requests().size(), 0);
    m_session->releaseFetches();
    QVERIFY(changed.wait(10000));
    QCOMPARE(m_session->callId(), SampleId);
    QCOMPARE(m_server->requests().size(), 1);

    // A held fetch can be cancelled like any other; nothing is sent.
    m_session->holdFetches(QStringLiteral("waiting"));
    QSignalSpy ended(m_session.get(), &CallSession::fetchEnded);
    m_session->fetch(QStringLiteral("sample"));
    m_session->cancelFetch();
    QCOMPARE(ended.size(), 1);
    m_session->releaseFetches();
    QVERIFY(!m_session->isFetching());
    QCOMPARE(m_server->requests().size(), 1);
}

void tst_CallSession::badReferenceFailsAtOnce()
{
    QSignalSpy failed(m_session.get(), &CallSession::failed);
    QSignalSpy started(m_session.get(), &CallSession::fetchStarted);
    m_session->fetch(QStringLiteral("https://evil.example/call/x y"));
    QCOMPARE(failed.size(), 1);
    QCOMPARE(failed.constFirst().at(1).toBool(), false);
    QCOMPARE(started.size(), 0);
    QVERIFY(!m_session->isFetching());
}

namespace {

// Large enough to be parsed on a worker (about 1.9 MiB).
QByteArray largeCall(const QString &id)
{
    const QByteArray body = LibraryTestData::longCall(id, 20000);
    Q_ASSERT(body.size() >= CallSession::ParseOnWorkerFrom);
    return body;
}

// Lets every parse still running end and its answer, if anyone still listens, arrive.
void settleWorkers()
{
    QThreadPool::globalInstance()->waitForDone();
    QCoreApplication::processEvents();
    QCoreApplication::processEvents();
}

} // namespace

void tst_CallSession::largeBodyIsParsedOnAWorker()
{
    QSignalSpy started(m_session.get(), &CallSession::openStarted);
    QSignalSpy changed(m_session.get(), &CallSession::callChanged);
    QSignalSpy ended(m_session.get(), &CallSession::openEnded);
    const QByteArray body = largeCall(QStringLiteral("call_large"));
    QVERIFY(m_session->open(body, CallSession::Origin::File, QStringLiteral("large.json")));
    // open() returned before the call was read: the window could paint meanwhile.
    QCOMPARE(started.size(), 1);
    QCOMPARE(started.constFirst().constFirst().toString(), QStringLiteral("large.json"));
    QCOMPARE(changed.size(), 0);
    QVERIFY(m_session->isOpening());
    QVERIFY(!m_session->call());

    QVERIFY(changed.wait(20000));
    QCOMPARE(ended.size(), 1);
    QVERIFY(!m_session->isOpening());
    QCOMPARE(m_session->callId(), QStringLiteral("call_large"));
    QCOMPARE(m_session->call()->callAttempts.constFirst().transcript->size(), 20000);
    QCOMPARE(m_session->origin(), CallSession::Origin::File);
    QCOMPARE(m_session->body(), body);
}

void tst_CallSession::largeBodyThatIsNotACallFailsLater()
{
    QVERIFY(m_session->open(SampleCall::json(), CallSession::Origin::Sample, QStringLiteral("s")));
    const std::shared_ptr<const Call> shown = m_session->call();
    QSignalSpy failed(m_session.get(), &CallSession::failed);
    QSignalSpy ended(m_session.get(), &CallSession::openEnded);
    // A large body cut short, as a full disk or an interrupted download leaves it.
    const QByteArray truncated = largeCall(QStringLiteral("call_cut")).chopped(1000);
    QVERIFY(m_session->open(truncated, CallSession::Origin::File, QStringLiteral("cut.json")));
    QVERIFY(failed.wait(20000));
    QVERIFY2(failed.constFirst().constFirst().toString().startsWith(
                 QStringLiteral("Could not show cut.json.")),
             qPrintable(failed.constFirst().constFirst().toString()));
    QCOMPARE(ended.size(), 1);
    QCOMPARE(m_session->call(), shown);
    QCOMPARE(m_session->body(), SampleCall::json());
}

void tst_CallSession::whatIsOpenedNextDropsTheLargeBody_data()
{
    QTest::addColumn<QString>("next");
    QTest::newRow("a small file") << QStringLiteral("file");
    QTest::newRow("another large file") << QStringLiteral("large");
    QTest::newRow("a fetch") << QStringLiteral("fetch");
    QTest::newRow("cancel (Esc)") << QStringLiteral("cancel");
}

void tst_CallSession::whatIsOpenedNextDropsTheLargeBody()
{
    QFETCH(QString, next);
    QSignalSpy changed(m_session.get(), &CallSession::callChanged);
    QSignalSpy ended(m_session.get(), &CallSession::openEnded);
    QVERIFY(m_session->open(largeCall(QStringLiteral("call_dropped")),
                            CallSession::Origin::File,
                            QStringLiteral("dropped.json")));
    QString expected;
    if (next == QLatin1String("file")) {
        QVERIFY(m_session->open(SampleCall::json(), CallSession::Origin::File, QStringLiteral("f")));
        expected = SampleId;
    } else if (next == QLatin1String("large")) {
        QVERIFY(m_session->open(largeCall(QStringLiteral("call_kept")),
                                CallSession::Origin::File,
                                QStringLiteral("kept.json")));
        QVERIFY(changed.wait(20000));
        expected = QStringLiteral("call_kept");
    } else if (next == QLatin1String("fetch")) {
        m_session->fetch(QStringLiteral("sample"));
        QVERIFY(changed.wait(10000));
        expected = SampleId;
    } else {
        m_session->cancelOpening();
    }
    QVERIFY(!m_session->isOpening());
    QVERIFY(ended.size() >= 1);
    settleWorkers();
    // The dropped body's parse ended unobserved: it never replaced what came after it.
    QCOMPARE(m_session->callId(), expected);
    QCOMPARE(changed.size(), expected.isEmpty() ? 0 : 1);
}

namespace {

QString writeFile(const QTemporaryDir &dir, const QString &name, const QByteArray &bytes)
{
    const QString path = dir.filePath(name);
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size() || !file.flush())
        qFatal("cannot write %s", qPrintable(path));
    return path;
}

// Holds every thread of the global pool until release(), so that work queued meanwhile (the
// read of a large file) starts only once the test has changed the file under it.
class PoolBlocker
{
public:
    PoolBlocker()
    {
        const int threads = QThreadPool::globalInstance()->maxThreadCount();
        for (int i = 0; i < threads; ++i)
            m_running.append(QtConcurrent::run([this] {
                m_started.release();
                m_gate.acquire();
            }));
        m_started.acquire(threads);
    }
    ~PoolBlocker() { release(); }
    void release()
    {
        m_gate.release(int(m_running.size()));
        for (QFuture<void> &running : m_running)
            running.waitForFinished();
        m_running.clear();
    }

private:
    QSemaphore m_started;
    QSemaphore m_gate;
    QList<QFuture<void>> m_running;
};

} // namespace

void tst_CallSession::largeFileIsReadOnAWorker()
{
    QTemporaryDir dir;
    const QByteArray body = largeCall(QStringLiteral("call_from_disk"));
    const QString path = writeFile(dir, QStringLiteral("disk.json"), body);
    QSignalSpy started(m_session.get(), &CallSession::openStarted);
    QSignalSpy changed(m_session.get(), &CallSession::callChanged);
    QSignalSpy ended(m_session.get(), &CallSession::openEnded);
    QVERIFY(m_session->openFile(path));
    // Neither read nor parsed yet: the window could paint meanwhile.
    QCOMPARE(started.size(), 1);
    QCOMPARE(started.constFirst().constFirst().toString(), QStringLiteral("disk.json"));
    QVERIFY(m_session->isOpening());
    QCOMPARE(m_session->openingLabel(), QStringLiteral("disk.json"));
    QVERIFY(!m_session->call());

    QVERIFY(changed.wait(20000));
    QCOMPARE(ended.size(), 1);
    QCOMPARE(m_session->callId(), QStringLiteral("call_from_disk"));
    QCOMPARE(m_session->origin(), CallSession::Origin::File);
    QCOMPARE(m_session->sourceLabel(), QStringLiteral("disk.json"));
    QCOMPARE(m_session->filePath(), QFileInfo(path).absoluteFilePath());
    QCOMPARE(m_session->body(), body);
}

void tst_CallSession::largeFileThatCannotBeReadFailsLater_data()
{
    QTest::addColumn<QString>("change");
    QTest::addColumn<QString>("expected");
    QTest::newRow("removed before it is read")
        << QStringLiteral("remove") << QStringLiteral("Cannot open %1: no such file.");
    QTest::newRow("replaced by a FIFO")
        << QStringLiteral("fifo") << QStringLiteral("Cannot open %1: it is not a regular file");
    QTest::newRow("cut short: not a call")
        << QStringLiteral("truncate") << QStringLiteral("Could not show big.json.");
}

void tst_CallSession::largeFileThatCannotBeReadFailsLater()
{
    QFETCH(QString, change);
    QFETCH(QString, expected);
    QVERIFY(m_session->open(SampleCall::json(), CallSession::Origin::Sample, QStringLiteral("s")));
    const std::shared_ptr<const Call> shown = m_session->call();
    QTemporaryDir dir;
    const QByteArray body = largeCall(QStringLiteral("call_big"));
    const QString path = writeFile(dir, QStringLiteral("big.json"), body);
    QSignalSpy failed(m_session.get(), &CallSession::failed);
    QSignalSpy ended(m_session.get(), &CallSession::openEnded);
    {
        PoolBlocker blocker;
        QVERIFY(m_session->openFile(path));
        QVERIFY(m_session->isOpening());
        QVERIFY(QFile::remove(path));
        if (change == QLatin1String("fifo"))
            QCOMPARE(::mkfifo(QFile::encodeName(path).constData(), 0600), 0);
        else if (change == QLatin1String("truncate"))
            writeFile(dir, QStringLiteral("big.json"), body.chopped(1000));
    }
    QVERIFY(failed.wait(20000));
    const QString message = failed.constFirst().constFirst().toString();
    QVERIFY2(message.startsWith(expected.contains(QLatin1String("%1")) ? expected.arg(path)
                                                                       : expected),
             qPrintable(message));
    QCOMPARE(failed.constFirst().at(1).toBool(), false);
    QCOMPARE(ended.size(), 1);
    QVERIFY(!m_session->isOpening());
    QCOMPARE(m_session->call(), shown);
    QCOMPARE(m_session->body(), SampleCall::json());
}

void tst_CallSession::fileRefusedAtOnceKeepsTheCallShown_data()
{
    QTest::addColumn<QString>("kind");
    QTest::addColumn<QString>("expected");
    QTest::newRow("missing") << QStringLiteral("missing") << QStringLiteral("no such file.");
    QTest::newRow("FIFO") << QStringLiteral("fifo") << QStringLiteral("it is not a regular file");
    QTest::newRow("directory") << QStringLiteral("directory")
                               << QStringLiteral("it is a directory");
}

void tst_CallSession::fileRefusedAtOnceKeepsTheCallShown()
{
    QFETCH(QString, kind);
    QFETCH(QString, expected);
    QVERIFY(m_session->open(SampleCall::json(), CallSession::Origin::Sample, QStringLiteral("s")));
    const std::shared_ptr<const Call> shown = m_session->call();
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("odd"));
    if (kind == QLatin1String("fifo"))
        QCOMPARE(::mkfifo(QFile::encodeName(path).constData(), 0600), 0);
    else if (kind == QLatin1String("directory"))
        QVERIFY(QDir().mkdir(path));
    QSignalSpy failed(m_session.get(), &CallSession::failed);
    QSignalSpy started(m_session.get(), &CallSession::openStarted);
    // Refused by its type or absence, before anything could wait on it (a FIFO has no writer).
    QVERIFY(!m_session->openFile(path));
    QCOMPARE(started.size(), 0);
    QCOMPARE(failed.size(), 1);
    const QString message = failed.constFirst().constFirst().toString();
    QVERIFY2(message.startsWith(QStringLiteral("Cannot open %1: ").arg(path)), qPrintable(message));
    QVERIFY2(message.contains(expected), qPrintable(message));
    QCOMPARE(m_session->call(), shown);
}

QTEST_GUILESS_MAIN(tst_CallSession)
#include "tst_callsession.moc"
