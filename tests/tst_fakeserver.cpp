#include "fakerevoxserver.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QRegularExpression>
#include <QScopeGuard>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace Revox;

namespace {

struct Answer
{
    int status = 0;
    QByteArray body;
    std::unique_ptr<QNetworkReply> reply; // for headers
};

QByteArray sampleRecording()
{
    QFile file(QStringLiteral(":/sample/recording-human.ogg"));
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

} // namespace

class TestFakeServer final : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void rangeRequests_data();
    void rangeRequests();
    void scenarios_data();
    void scenarios();
    void bearerKeyIsChecked();
    void callsDirectoryCannotBeEscaped();
    void sampleRecordingsAreServedHere();
    void scriptsRunInTurnAndRestart();
    void otherMethodsAreRefused();
    void programPrintsItsUrlAndServes();

private:
    void get(const QString &path,
             const QList<std::pair<QByteArray, QByteArray>> &headers,
             Answer *answer,
             const QByteArray &method = "GET");

    std::unique_ptr<FakeRevoxServer> m_server;
    QNetworkAccessManager m_network;
};

void TestFakeServer::init()
{
    m_network.setRedirectPolicy(QNetworkRequest::ManualRedirectPolicy);
    m_server = std::make_unique<FakeRevoxServer>();
    QVERIFY(m_server->listen());
    m_server->setApiKey(QStringLiteral("sk_fake"));
}

void TestFakeServer::cleanup()
{
    m_server.reset();
}

void TestFakeServer::get(const QString &path,
                         const QList<std::pair<QByteArray, QByteArray>> &headers,
                         Answer *answer,
                         const QByteArray &method)
{
    QNetworkRequest request(QUrl(m_server->baseUrl().toString() + path));
    for (const auto &[name, value] : headers)
        request.setRawHeader(name, value);
    answer->reply.reset(m_network.sendCustomRequest(request, method));
    QSignalSpy finished(answer->reply.get(), &QNetworkReply::finished);
    QVERIFY(answer->reply->isFinished() || finished.wait());
    answer->status = answer->reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    answer->body = answer->reply->readAll();
}

void TestFakeServer::rangeRequests_data()
{
    const qint64 size = sampleRecording().size();
    QVERIFY(size > 1000);
    QTest::addColumn<QByteArray>("range");
    QTest::addColumn<int>("status");
    QTest::addColumn<qint64>("start"); // of the bytes sent; -1 for none
    QTest::addColumn<qint64>("length");
    QTest::addColumn<QByteArray>("contentRange");

    const QByteArray total = QByteArray::number(size);
    QTest::newRow("no Range: the whole file") << QByteArray() << 200 << 0LL << size << QByteArray();
    QTest::newRow("first 10 bytes")
        << QByteArray("bytes=0-9") << 206 << 0LL << 10LL << "bytes 0-9/" + total;
    QTest::newRow("open-ended from 100")
        << QByteArray("bytes=100-") << 206 << 100LL << size - 100
        << "bytes 100-" + QByteArray::number(size - 1) + '/' + total;
    QTest::newRow("last 500 bytes") << QByteArray("bytes=-500") << 206 << size - 500 << 500LL
                                    << "bytes " + QByteArray::number(size - 500) + '-'
                                           + QByteArray::number(size - 1) + '/' + total;
    QTest::newRow("end past the file is clamped")
        << QByteArray("bytes=0-99999999") << 206 << 0LL << size
        << "bytes 0-" + QByteArray::number(size - 1) + '/' + total;
    QTest::newRow("start at the end: 416")
        << "bytes=" + total + '-' << 416 << -1LL << 0LL << "bytes */" + total;
    QTest::newRow("zero-length suffix: 416")
        << QByteArray("bytes=-0") << 416 << -1LL << 0LL << "bytes */" + total;
    QTest::newRow("reversed range is ignored")
        << QByteArray("bytes=9-0") << 200 << 0LL << size << QByteArray();
    QTest::newRow("garbage is ignored")
        << QByteArray("bytes=abc") << 200 << 0LL << size << QByteArray();
    QTest::newRow("several ranges: the whole file")
        << QByteArray("bytes=0-1,5-6") << 200 << 0LL << size << QByteArray();
    QTest::newRow("other unit is ignored")
        << QByteArray("items=0-5") << 200 << 0LL << size << QByteArray();
}

void TestFakeServer::rangeRequests()
{
    QFETCH(QByteArray, range);
    QFETCH(int, status);
    QFETCH(qint64, start);
    QFETCH(qint64, length);
    QFETCH(QByteArray, contentRange);

    QList<std::pair<QByteArray, QByteArray>> headers;
    if (!range.isEmpty())
        headers.append({"Range", range});
    Answer answer;
    get(QStringLiteral("/recordings/recording-human.ogg"), headers, &answer);
    QCOMPARE(answer.status, status);
    QCOMPARE(answer.reply->rawHeader("Accept-Ranges"), QByteArray("bytes"));
    QCOMPARE(answer.reply->rawHeader("Content-Range"), contentRange);
    if (start >= 0) {
        QCOMPARE(answer.reply->rawHeader("Content-Type"), QByteArray("audio/ogg"));
        QCOMPARE(answer.body, sampleRecording().mid(start, length));
    }
    // Recordings are public to whoever has the URL: no key asked for, none sent by us.
    QVERIFY(!m_server->requests().constLast().hasHeader("authorization"));
}

void TestFakeServer::scenarios_data()
{
    QTest::addColumn<QString>("id");
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("header");
    QTest::addColumn<QByteArray>("value"); // a regular expression

    QTest::newRow("sample") << QStringLiteral("sample") << 200 << QByteArray("content-type")
                            << QByteArray("^application/json$");
    QTest::newRow("401") << QStringLiteral("scenario-401") << 401 << QByteArray() << QByteArray();
    QTest::newRow("403") << QStringLiteral("scenario-403") << 403 << QByteArray() << QByteArray();
    QTest::newRow("404") << QStringLiteral("scenario-404") << 404 << QByteArray() << QByteArray();
    QTest::newRow("429 first") << QStringLiteral("scenario-429-then-ok") << 429
                               << QByteArray("retry-after") << QByteArray("^1$");
    QTest::newRow("500 first") << QStringLiteral("scenario-500-then-ok") << 500 << QByteArray()
                               << QByteArray();
    QTest::newRow("always 500") << QStringLiteral("scenario-always-500") << 500 << QByteArray()
                                << QByteArray();
    QTest::newRow("HTML 200") << QStringLiteral("scenario-html-200") << 200
                              << QByteArray("content-type") << QByteArray("^text/html");
    QTest::newRow("redirect same origin") << QStringLiteral("scenario-redirect-same-origin") << 302
                                          << QByteArray("location") << QByteArray("^/call/sample$");
    QTest::newRow("redirect cross origin")
        << QStringLiteral("scenario-redirect-cross-origin") << 302 << QByteArray("location")
        << QByteArray("^http://127\\.0\\.0\\.1:\\d+/call/");
    QTest::newRow("truncated JSON")
        << QStringLiteral("scenario-truncated-json") << 200 << QByteArray() << QByteArray();
    QTest::newRow("unknown ID") << QStringLiteral("nope") << 404 << QByteArray() << QByteArray();
}

void TestFakeServer::scenarios()
{
    QFETCH(QString, id);
    QFETCH(int, status);
    QFETCH(QByteArray, header);
    QFETCH(QByteArray, value);

    Answer answer;
    get(QStringLiteral("/call/") + id, {{"Authorization", "Bearer sk_fake"}}, &answer);
    QCOMPARE(answer.status, status);
    if (!header.isEmpty()) {
        const QString actual = QString::fromLatin1(answer.reply->rawHeader(header));
        QVERIFY2(QRegularExpression(QString::fromLatin1(value)).match(actual).hasMatch(),
                 qPrintable(actual));
    }
    if (header == "location" && id.contains(QLatin1String("cross")))
        QVERIFY(answer.reply->rawHeader(header).startsWith(m_server->otherOriginUrl().toEncoded()));
}

void TestFakeServer::bearerKeyIsChecked()
{
    Answer answer;
    get(QStringLiteral("/call/sample"), {}, &answer);
    QCOMPARE(answer.status, 401);
    get(QStringLiteral("/call/sample"), {{"Authorization", "Bearer sk_other"}}, &answer);
    QCOMPARE(answer.status, 401);
    get(QStringLiteral("/call/sample"), {{"Authorization", "sk_fake"}}, &answer);
    QCOMPARE(answer.status, 401);
    get(QStringLiteral("/call/sample"), {{"Authorization", "Bearer sk_fake"}}, &answer);
    QCOMPARE(answer.status, 200);

    m_server->setApiKey(QString()); // no check
    get(QStringLiteral("/call/sample"), {}, &answer);
    QCOMPARE(answer.status, 200);

    const QList<RecordedRequest> requests = m_server->requests();
    QCOMPARE(requests.size(), 5);
    QCOMPARE(requests.at(3).header("authorization"), QByteArray("Bearer sk_fake"));
    QCOMPARE(requests.at(3).method, QByteArray("GET"));
    QCOMPARE(requests.at(3).path, QByteArray("/call/sample"));
}

void TestFakeServer::callsDirectoryCannotBeEscaped()
{
    QTemporaryDir root;
    QVERIFY(root.isValid());
    QVERIFY(QDir(root.path()).mkdir(QStringLiteral("calls")));
    const auto write = [](const QString &path, const QByteArray &bytes) {
        QFile file(path);
        return file.open(QIODevice::WriteOnly) && file.write(bytes) == bytes.size();
    };
    QVERIFY(write(root.filePath(QStringLiteral("calls/call_42.json")),
                  "{\"call\":{\"id\":\"call_42\"}}"));
    QVERIFY(write(root.filePath(QStringLiteral("secret.json")), "{\"secret\":true}"));
    m_server->setCallsDirectory(root.filePath(QStringLiteral("calls")));
    m_server->addCall(QStringLiteral("memory"), "{\"call\":{\"id\":\"memory\"}}");

    const QList<std::pair<QByteArray, QByteArray>> key{{"Authorization", "Bearer sk_fake"}};
    Answer answer;
    get(QStringLiteral("/call/call_42"), key, &answer);
    QCOMPARE(answer.status, 200);
    QCOMPARE(answer.body, QByteArray("{\"call\":{\"id\":\"call_42\"}}"));
    get(QStringLiteral("/call/memory"), key, &answer);
    QCOMPARE(answer.status, 200);
    QVERIFY(answer.body.contains("memory"));

    for (const char *escape : {"/call/..%2Fsecret", "/call/%2E%2E%2Fsecret", "/call/../secret"}) {
        get(QString::fromLatin1(escape), key, &answer);
        QCOMPARE(answer.status, 404);
        QVERIFY(!answer.body.contains("secret\":true"));
    }
}

void TestFakeServer::sampleRecordingsAreServedHere()
{
    const QJsonObject call = QJsonDocument::fromJson(m_server->sampleCallJson())
                                 .object()
                                 .value(QLatin1String("call"))
                                 .toObject();
    QStringList urls;
    for (const QJsonValue &attempt : call.value(QLatin1String("call_attempts")).toArray()) {
        const QString url = attempt.toObject().value(QLatin1String("recording_url")).toString();
        if (!url.isEmpty())
            urls << url;
    }
    QCOMPARE(urls.size(), 2);
    for (const QString &url : std::as_const(urls)) {
        QVERIFY2(url.startsWith(m_server->baseUrl().toString() + QStringLiteral("/recordings/")),
                 qPrintable(url));
        Answer answer;
        get(QUrl(url).path(), {}, &answer);
        QCOMPARE(answer.status, 200);
        QVERIFY(answer.body.startsWith("OggS"));
    }
    // A replacement ID is put into the call itself.
    const QJsonObject renamed = QJsonDocument::fromJson(
                                    m_server->sampleCallJson(QStringLiteral("x1")))
                                    .object()
                                    .value(QLatin1String("call"))
                                    .toObject();
    QCOMPARE(renamed.value(QLatin1String("id")).toString(), QStringLiteral("x1"));
}

void TestFakeServer::scriptsRunInTurnAndRestart()
{
    m_server->addScript(QStringLiteral("s"), {{500, {}, {}}, {503, {}, {}}, {200, {}, "{}"}});
    const QList<std::pair<QByteArray, QByteArray>> key{{"Authorization", "Bearer sk_fake"}};
    Answer answer;
    QList<int> statuses;
    for (int i = 0; i < 4; ++i) {
        get(QStringLiteral("/call/s"), key, &answer);
        statuses << answer.status;
    }
    QCOMPARE(statuses, QList<int>({500, 503, 200, 500}));
    m_server->clearRequests();
    QVERIFY(m_server->requests().isEmpty());
    get(QStringLiteral("/call/s"), key, &answer);
    QCOMPARE(answer.status, 500);
}

void TestFakeServer::otherMethodsAreRefused()
{
    Answer answer;
    get(QStringLiteral("/call/sample"), {{"Authorization", "Bearer sk_fake"}}, &answer, "POST");
    QCOMPARE(answer.status, 405);
    get(QStringLiteral("/call/sample"), {{"Authorization", "Bearer sk_fake"}}, &answer, "HEAD");
    QCOMPARE(answer.status, 200);
    QVERIFY(answer.body.isEmpty());
    QVERIFY(answer.reply->header(QNetworkRequest::ContentLengthHeader).toLongLong() > 1000);
    get(QStringLiteral("/nothing/here"), {}, &answer);
    QCOMPARE(answer.status, 404);
}

void TestFakeServer::programPrintsItsUrlAndServes()
{
    QProcess program;
    // Killed on every way out of this function, a failed check included.
    const auto stop = qScopeGuard([&program] {
        program.kill();
        program.waitForFinished();
    });
    program.start(QStringLiteral(REVOX_FAKE_SERVER_PATH),
                  {QStringLiteral("--port"),
                   QStringLiteral("0"),
                   QStringLiteral("--api-key"),
                   QStringLiteral("sk_prog")});
    QVERIFY(program.waitForStarted());
    QTRY_VERIFY(program.canReadLine());
    const QString line = QString::fromUtf8(program.readLine()).trimmed();
    const QRegularExpressionMatch match
        = QRegularExpression(QStringLiteral("(http://127\\.0\\.0\\.1:\\d+)$")).match(line);
    QVERIFY2(match.hasMatch(), qPrintable(line));

    QNetworkRequest request(QUrl(match.captured(1) + QStringLiteral("/call/sample")));
    request.setRawHeader("Authorization", "Bearer sk_prog");
    std::unique_ptr<QNetworkReply> reply(m_network.get(request));
    QTRY_VERIFY(reply->isFinished());
    QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 200);
    QVERIFY(reply->readAll().contains("call_01JD8X4K2M7QY5ZP3N6RWTB9HE"));
    // It logs what it was asked, and never a header's value.
    QByteArray output;
    QTRY_VERIFY(
        (output += program.readAllStandardOutput()).contains("GET /call/sample  (with a key)"));
    QVERIFY(!output.contains("sk_prog"));
}

QTEST_GUILESS_MAIN(TestFakeServer)
#include "tst_fakeserver.moc"
