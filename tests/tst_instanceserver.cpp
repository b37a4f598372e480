// The single-instance hand-off over real local sockets: a server in this process, the blocking
// client on a thread of its own (as main() runs it, with no event loop), and raw peers that send
// what no client of ours would. Every test gets its own XDG_RUNTIME_DIR, never the user's.
#include "core/api/callreference.h"
#include "core/cli/exitstatus.h"
#include "core/instance/instancehandoff.h"
#include "core/instance/instancelocation.h"
#include "core/instance/instanceserver.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QLocalServer>
#include <QLocalSocket>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <cstring>
#include <memory>

#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

using namespace Revox;
using Outcome = InstanceHandoff::Result::Outcome;

Q_DECLARE_METATYPE(InstanceRequest::Kind)
Q_DECLARE_METATYPE(InstanceRefusal::Reason)

namespace {

// The blocking client on a thread, so this thread's event loop can serve it meanwhile.
class HandOffThread final : public QThread
{
public:
    HandOffThread(const InstanceRequest &request, const QString &path, int timeoutMs = 3000)
        : m_request(request)
        , m_path(path)
        , m_timeoutMs(timeoutMs)
    {}

    InstanceHandoff::Result result;

protected:
    void run() override { result = InstanceHandoff::tryHandOff(m_request, m_path, m_timeoutMs); }

private:
    InstanceRequest m_request;
    QString m_path;
    int m_timeoutMs;
};

// What a peer of any kind gets back for `bytes`, sent as they are.
QByteArray answerTo(const QString &path, const QByteArray &bytes)
{
    QLocalSocket peer;
    peer.connectToServer(path);
    if (!peer.waitForConnected(2000))
        return "<not connected>";
    peer.write(bytes);
    QByteArray answer;
    const bool ended = QTest::qWaitFor(
        [&] {
            if (peer.bytesAvailable() > 0)
                answer += peer.readAll();
            return answer.contains('\n') || peer.state() != QLocalSocket::ConnectedState;
        },
        5000);
    if (!ended)
        return QByteArray("<timed out>") + answer;
    return peer.bytesAvailable() > 0 ? answer + peer.readAll() : answer;
}

mode_t modeOf(const QString &path)
{
    struct stat info = {};
    return ::lstat(QFile::encodeName(path).constData(), &info) == 0 ? info.st_mode : 0;
}

uid_t ownerOf(const QString &path)
{
    struct stat info = {};
    return ::lstat(QFile::encodeName(path).constData(), &info) == 0 ? info.st_uid : uid_t(-1);
}

} // namespace

class tst_InstanceServer final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();

    void requestsReachTheWindow_data();
    void requestsReachTheWindow();
    void refusalsSayWhatTheCommandLineSays_data();
    void refusalsSayWhatTheCommandLineSays();
    void hostileMessagesAreRefused_data();
    void hostileMessagesAreRefused();
    void silentPeerIsDropped_data();
    void silentPeerIsDropped();
    void tooManyPeersAreDropped();
    void slowPeerDoesNotBlockOthers();
    void clientGivesUpOnAServerThatDoesNotAnswer_data();
    void clientGivesUpOnAServerThatDoesNotAnswer();
    void noServerMeansNoInstance();
    void socketIsOwnerOnly();
    void staleSocketIsReplaced();
    void liveServerIsNeverReplaced();
    void fallbackFolderWithoutRuntimeDir();
    void runtimeDirOthersCanEnterIsNotUsed();

private:
    std::unique_ptr<QTemporaryDir> m_runtime;
    std::unique_ptr<InstanceServer> m_server;
    QString m_path;
    QByteArray m_savedRuntime;
    QByteArray m_savedTmp;
};

void tst_InstanceServer::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    m_savedRuntime = qgetenv("XDG_RUNTIME_DIR");
    m_savedTmp = qgetenv("TMPDIR");
}

void tst_InstanceServer::init()
{
    m_runtime = std::make_unique<QTemporaryDir>();
    QVERIFY(m_runtime->isValid());
    QVERIFY(QFile::setPermissions(m_runtime->path(),
                                  QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner));
    qputenv("XDG_RUNTIME_DIR", QFile::encodeName(m_runtime->path()));
    m_path = InstanceLocation::socketPath();
    QCOMPARE(m_path, m_runtime->filePath(QStringLiteral("revox-inspector.socket")));
    m_server = std::make_unique<InstanceServer>();
    QCOMPARE(m_server->listen(m_path), InstanceServer::ListenResult::Listening);
}

void tst_InstanceServer::cleanup()
{
    m_server.reset();
    m_runtime.reset();
    qputenv("XDG_RUNTIME_DIR", m_savedRuntime);
    qputenv("TMPDIR", m_savedTmp);
}

void tst_InstanceServer::requestsReachTheWindow_data()
{
    QTest::addColumn<InstanceRequest>("request");
    QTest::addColumn<InstanceRequest::Kind>("kind");
    QTest::addColumn<QString>("expected"); // the absolute file or the reference

    const QString self = QCoreApplication::applicationFilePath();
    QTest::newRow("absolute file")
        << InstanceRequest::openFile(self, QString()) << InstanceRequest::Kind::File << self;
    QTest::newRow("relative file resolves against the sender's folder")
        << InstanceRequest::openFile(QStringLiteral("./tst_instanceserver"),
                                     QCoreApplication::applicationDirPath())
        << InstanceRequest::Kind::File << QCoreApplication::applicationFilePath();
    QTest::newRow("desktop link") << InstanceRequest::fetch(
        QStringLiteral("revox-inspector://call/abc"))
                                  << InstanceRequest::Kind::Reference
                                  << QStringLiteral("revox-inspector://call/abc");
    QTest::newRow("bare ID with quotes, as typed")
        << InstanceRequest::fetch(QStringLiteral(" \"abc-123\" "))
        << InstanceRequest::Kind::Reference << QStringLiteral(" \"abc-123\" ");
    QTest::newRow("sample") << InstanceRequest::sample() << InstanceRequest::Kind::Sample
                            << QString();
    QTest::newRow("nothing to open: raise")
        << InstanceRequest::activate() << InstanceRequest::Kind::Activate << QString();
}

void tst_InstanceServer::requestsReachTheWindow()
{
    QFETCH(InstanceRequest, request);
    QFETCH(InstanceRequest::Kind, kind);
    QFETCH(QString, expected);

    QSignalSpy received(m_server.get(), &InstanceServer::requestReceived);
    QVERIFY(received.isValid());
    HandOffThread client(request, m_path);
    client.start();
    QVERIFY(received.wait(5000));
    QVERIFY(client.wait(5000));
    QCOMPARE(client.result.outcome, Outcome::Accepted);
    QCOMPARE(received.size(), 1);
    const auto got = received.at(0).at(0).value<InstanceRequest>();
    QCOMPARE(got.kind, kind);
    if (kind == InstanceRequest::Kind::File)
        QCOMPARE(got.absoluteFile(), expected);
    if (kind == InstanceRequest::Kind::Reference)
        QCOMPARE(got.reference, expected);
}

void tst_InstanceServer::refusalsSayWhatTheCommandLineSays_data()
{
    QTest::addColumn<InstanceRequest>("request");
    QTest::addColumn<QString>("message");
    QTest::addColumn<int>("exitStatus");

    const auto reference = [](const QString &text) { return CallReference::parse(text).error; };
    for (const QString &bad : {QStringLiteral("x..y"),
                               QStringLiteral("a/b"),
                               QStringLiteral("https://example.com/nothing"),
                               QStringLiteral("javascript://call/x"),
                               QStringLiteral("id\u0007bell"),
                               QString(200 + 1, QLatin1Char('a')),
                               QString()}) {
        QTest::newRow(qPrintable(QStringLiteral("reference %1").arg(bad.left(30))))
            << InstanceRequest::fetch(bad) << reference(bad) << 2;
    }
    const QString cwd = QDir::tempPath();
    QTest::newRow("missing file") << InstanceRequest::openFile(QStringLiteral("no-such.json"), cwd)
                                  << QStringLiteral("Cannot open no-such.json: no such file.") << 4;
    QTest::newRow("directory")
        << InstanceRequest::openFile(cwd, QString())
        << QStringLiteral("Cannot open %1: it is a directory, not a saved call response.").arg(cwd)
        << 6;
    QTest::newRow("device that never ends")
        << InstanceRequest::openFile(QStringLiteral("/dev/zero"), QString())
        << QStringLiteral("Cannot open /dev/zero: it is not a regular file: a character device "
                          "cannot be a saved call response.")
        << 6;
}

void tst_InstanceServer::refusalsSayWhatTheCommandLineSays()
{
    QFETCH(InstanceRequest, request);
    QFETCH(QString, message);
    QFETCH(int, exitStatus);

    QVERIFY(!message.isEmpty());
    QSignalSpy received(m_server.get(), &InstanceServer::requestReceived);
    HandOffThread client(request, m_path);
    client.start();
    QVERIFY(QTest::qWaitFor([&] { return client.isFinished(); }, 5000));
    QCOMPARE(client.result.outcome, Outcome::Refused);
    QCOMPARE(client.result.refusal.message, message);
    QCOMPARE(int(ExitStatus::forRefusal(client.result.refusal)), exitStatus);
    QCOMPARE(received.size(), 0);
}

void tst_InstanceServer::hostileMessagesAreRefused_data()
{
    QTest::addColumn<QByteArray>("bytes");

    QTest::newRow("not JSON") << QByteArray("hello\n");
    QTest::newRow("empty line") << QByteArray("\n");
    QTest::newRow("array") << QByteArray("[1,2,3]\n");
    QTest::newRow("no version") << QByteArray("{\"sample\":true}\n");
    QTest::newRow("future version") << QByteArray("{\"version\":2,\"sample\":true}\n");
    QTest::newRow("version as text") << QByteArray("{\"version\":\"1\",\"sample\":true}\n");
    QTest::newRow("version 1.5") << QByteArray("{\"version\":1.5}\n");
    QTest::newRow("file is a number") << QByteArray("{\"version\":1,\"file\":42}\n");
    QTest::newRow("file is empty") << QByteArray("{\"version\":1,\"file\":\"\"}\n");
    QTest::newRow("relative file without folder")
        << QByteArray("{\"version\":1,\"file\":\"call.json\"}\n");
    QTest::newRow("relative file, relative folder")
        << QByteArray("{\"version\":1,\"file\":\"call.json\",\"cwd\":\"tmp\"}\n");
    QTest::newRow("folder is an object")
        << QByteArray("{\"version\":1,\"file\":\"/x\",\"cwd\":{}}\n");
    QTest::newRow("reference is null") << QByteArray("{\"version\":1,\"reference\":null}\n");
    QTest::newRow("sample is false") << QByteArray("{\"version\":1,\"sample\":false}\n");
    QTest::newRow("sample is 1") << QByteArray("{\"version\":1,\"sample\":1}\n");
    QTest::newRow("two things to open")
        << QByteArray("{\"version\":1,\"file\":\"/etc/hostname\",\"reference\":\"abc\"}\n");
    QTest::newRow("NUL bytes") << QByteArray("{\"version\":1,\0\0\0}\n", 18);
    QTest::newRow("invalid UTF-8") << QByteArray("{\"version\":1,\"reference\":\"\xff\xfe\"}\n");
    QTest::newRow("deep nesting") << QByteArray(4000, '[') + QByteArray("\n");
    QTest::newRow("over the limit, with a newline")
        << QByteArray("{\"version\":1,\"reference\":\"")
               + QByteArray(InstanceRequest::MaxMessageBytes, 'a') + QByteArray("\"}\n");
    QTest::newRow("1 MiB without a newline") << QByteArray(1024 * 1024, 'x');
}

void tst_InstanceServer::hostileMessagesAreRefused()
{
    QFETCH(QByteArray, bytes);

    QSignalSpy received(m_server.get(), &InstanceServer::requestReceived);
    const QByteArray answer = answerTo(m_path, bytes);
    // Refused with a reason, whatever the bytes were; never taken for a request. A peer that is
    // still writing when the server hangs up gets EPIPE, and Qt then drops the unread answer.
    if (bytes.size() <= InstanceRequest::MaxMessageBytes * 2) {
        QVERIFY2(InstanceProtocol::parseReply(answer.trimmed()).isRefused(), answer.constData());
        QVERIFY2(answer.startsWith("{\"error\":"), answer.constData());
    }
    QVERIFY2(!answer.contains("\"ok\":true"), answer.constData());
    QCOMPARE(received.size(), 0);
    // The server is still there for the next, well-formed request.
    QCOMPARE(answerTo(m_path, InstanceRequest::sample().toMessage()), QByteArray("{\"ok\":true}\n"));
    QCOMPARE(received.size(), 1);
}

void tst_InstanceServer::silentPeerIsDropped_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::newRow("says nothing") << QByteArray();
    QTest::newRow("half a line") << QByteArray("{\"version\":1,");
}

void tst_InstanceServer::silentPeerIsDropped()
{
    QFETCH(QByteArray, bytes);

    m_server->setReadTimeout(200);
    QLocalSocket peer;
    QSignalSpy disconnected(&peer, &QLocalSocket::disconnected);
    peer.connectToServer(m_path);
    QVERIFY(peer.waitForConnected(2000));
    peer.write(bytes);
    QElapsedTimer timer;
    timer.start();
    QVERIFY(disconnected.wait(5000));
    QVERIFY2(timer.elapsed() < 3000, qPrintable(QString::number(timer.elapsed())));
    QCOMPARE(peer.readAll(), QByteArray()); // dropped, not answered
}

void tst_InstanceServer::tooManyPeersAreDropped()
{
    m_server->setReadTimeout(60000); // the idle peers stay until the test lets them go
    std::vector<std::unique_ptr<QLocalSocket>> idle;
    for (int i = 0; i < InstanceServer::MaxPeers; ++i) {
        idle.push_back(std::make_unique<QLocalSocket>());
        idle.back()->connectToServer(m_path);
        QVERIFY(idle.back()->waitForConnected(2000));
    }
    QLocalSocket extra;
    QSignalSpy dropped(&extra, &QLocalSocket::disconnected);
    extra.connectToServer(m_path);
    QVERIFY(extra.waitForConnected(2000));
    QVERIFY(dropped.wait(2000));
    // Once the idle peers go, the server answers again.
    idle.clear();
    QTRY_COMPARE(answerTo(m_path, InstanceRequest::sample().toMessage()),
                 QByteArray("{\"ok\":true}\n"));
}

void tst_InstanceServer::slowPeerDoesNotBlockOthers()
{
    QLocalSocket slow;
    slow.connectToServer(m_path);
    QVERIFY(slow.waitForConnected(2000));
    slow.write("{\"version\":1,");
    QElapsedTimer timer;
    timer.start();
    QCOMPARE(answerTo(m_path, InstanceRequest::sample().toMessage()), QByteArray("{\"ok\":true}\n"));
    QVERIFY2(timer.elapsed() < 1000, qPrintable(QString::number(timer.elapsed())));
}

void tst_InstanceServer::clientGivesUpOnAServerThatDoesNotAnswer_data()
{
    QTest::addColumn<QByteArray>("answer");
    QTest::addColumn<InstanceRefusal::Reason>("reason"); // when it answers at all
    const auto bad = InstanceRefusal::Reason::BadRequest;
    QTest::newRow("silent") << QByteArray() << bad;
    QTest::newRow("garbage") << QByteArray("garbage\n") << bad;
    QTest::newRow("endless line") << QByteArray(64 * 1024, 'x') << bad;
    // Refusals without words (found by fuzz_instancemessage): the sender still prints a reason.
    QTest::newRow("refusal, no reason, no text") << QByteArray("{\"ok\":false}\n") << bad;
    QTest::newRow("refusal, no text")
        << QByteArray("{\"ok\":false,\"reason\":\"invalid-reference\"}\n")
        << InstanceRefusal::Reason::InvalidReference;
    QTest::newRow("missing file, no text")
        << QByteArray("{\"ok\":false,\"reason\":\"missing-file\"}\n")
        << InstanceRefusal::Reason::MissingFile;
}

void tst_InstanceServer::clientGivesUpOnAServerThatDoesNotAnswer()
{
    QFETCH(QByteArray, answer);
    QFETCH(InstanceRefusal::Reason, reason);

    // A stuck or foreign program on the socket, instead of a window.
    m_server.reset();
    QLocalServer stuck;
    QVERIFY(stuck.listen(m_path));
    QList<QLocalSocket *> peers;
    connect(&stuck, &QLocalServer::newConnection, this, [&] {
        QLocalSocket *peer = stuck.nextPendingConnection();
        peers.append(peer);
        peer->write(answer);
    });
    HandOffThread client(InstanceRequest::sample(), m_path, 300);
    QElapsedTimer timer;
    timer.start();
    client.start();
    QVERIFY(QTest::qWaitFor([&] { return client.isFinished(); }, 5000));
    QVERIFY2(timer.elapsed() < 2000, qPrintable(QString::number(timer.elapsed())));
    // Garbage reads as a refusal this version does not understand; main() opens a window then.
    QVERIFY(client.result.outcome == Outcome::Failed || client.result.refusal.reason == reason);
    if (client.result.outcome == Outcome::Refused)
        QVERIFY(!client.result.refusal.message.isEmpty());
}

void tst_InstanceServer::noServerMeansNoInstance()
{
    m_server->close(); // as the app does when it quits
    QVERIFY(!m_server->isListening());
    QVERIFY(!QFile::exists(m_path)); // closing the server removes its socket
    const InstanceHandoff::Result result = InstanceHandoff::tryHandOff(InstanceRequest::sample(),
                                                                       m_path);
    QCOMPARE(result.outcome, Outcome::NoInstance);
}

void tst_InstanceServer::socketIsOwnerOnly()
{
    const QString dir = QFileInfo(m_path).path();
    QCOMPARE(modeOf(dir) & 0777, mode_t(0700));
    QCOMPARE(ownerOf(dir), ::geteuid());
    const mode_t socket = modeOf(m_path);
    QVERIFY(S_ISSOCK(socket));
    QCOMPARE(socket & 0077, mode_t(0)); // UserAccessOption: no group or other bits
    QCOMPARE(ownerOf(m_path), ::geteuid());
}

void tst_InstanceServer::staleSocketIsReplaced()
{
    // What a SIGKILLed window leaves: a bound socket file nobody listens on.
    m_server.reset();
    const int fd = ::socket(AF_UNIX, SOCK_STREAM, 0);
    QVERIFY(fd >= 0);
    sockaddr_un address = {};
    address.sun_family = AF_UNIX;
    const QByteArray encoded = QFile::encodeName(m_path);
    std::memcpy(address.sun_path, encoded.constData(), size_t(encoded.size()) + 1);
    QCOMPARE(::bind(fd, reinterpret_cast<sockaddr *>(&address), sizeof(address)), 0);
    ::close(fd);
    QVERIFY(S_ISSOCK(modeOf(m_path)));
    QCOMPARE(InstanceHandoff::tryHandOff(InstanceRequest::sample(), m_path).outcome,
             Outcome::NoInstance);

    m_server = std::make_unique<InstanceServer>();
    QCOMPARE(m_server->listen(m_path), InstanceServer::ListenResult::Listening);
    QCOMPARE(answerTo(m_path, InstanceRequest::sample().toMessage()), QByteArray("{\"ok\":true}\n"));
}

void tst_InstanceServer::liveServerIsNeverReplaced()
{
    InstanceServer second;
    QCOMPARE(second.listen(m_path), InstanceServer::ListenResult::AnotherIsRunning);
    QVERIFY(!second.isListening());
    QSignalSpy first(m_server.get(), &InstanceServer::requestReceived);
    QCOMPARE(answerTo(m_path, InstanceRequest::sample().toMessage()), QByteArray("{\"ok\":true}\n"));
    QCOMPARE(first.size(), 1);
}

void tst_InstanceServer::fallbackFolderWithoutRuntimeDir()
{
    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    qputenv("TMPDIR", QFile::encodeName(tmp.path()));
    qunsetenv("XDG_RUNTIME_DIR");
    const QString expected = tmp.filePath(QStringLiteral("revox-inspector-%1").arg(::geteuid()));

    QCOMPARE(InstanceLocation::socketDirectory(), expected);
    QCOMPARE(modeOf(expected) & 0777, mode_t(0700));
    // A folder of ours that someone made readable is made private again.
    QVERIFY(QFile::setPermissions(expected,
                                  QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner
                                      | QFile::ReadOther | QFile::ExeOther));
    QCOMPARE(InstanceLocation::socketDirectory(), expected);
    QCOMPARE(modeOf(expected) & 0777, mode_t(0700));
    // A link planted under the name is never followed.
    QVERIFY(QDir(expected).removeRecursively());
    QVERIFY(QFile::link(tmp.path(), expected));
    QCOMPARE(InstanceLocation::socketDirectory(), QString());
    QCOMPARE(InstanceLocation::socketPath(), QString());
}

void tst_InstanceServer::runtimeDirOthersCanEnterIsNotUsed()
{
    QTemporaryDir open;
    QVERIFY(open.isValid());
    // Qt then falls back to $TMPDIR/runtime-<user>: a private TMPDIR keeps that one unused too.
    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    qputenv("TMPDIR", QFile::encodeName(tmp.path()));
    QVERIFY(QFile::setPermissions(open.path(),
                                  QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner
                                      | QFile::ReadGroup | QFile::ExeGroup));
    qputenv("XDG_RUNTIME_DIR", QFile::encodeName(open.path()));
    QCOMPARE(InstanceLocation::socketPath(), QString());
    InstanceServer server;
    QCOMPARE(server.listen(InstanceLocation::socketPath()), InstanceServer::ListenResult::Failed);
    QCOMPARE(InstanceHandoff::tryHandOff(InstanceRequest::sample(), InstanceLocation::socketPath())
                 .outcome,
             Outcome::NoInstance);
}

QTEST_GUILESS_MAIN(tst_InstanceServer)
#include "tst_instanceserver.moc"
