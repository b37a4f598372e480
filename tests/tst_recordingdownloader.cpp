#include "recordingdownloader.h"
#include "recordinglink.h"
#include "support/recordinghost.h"

#include <QFile>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

using namespace Revox;
using Status = RecordingDownload::Status;

class tst_RecordingDownloader : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void links_data();
    void links();
    void fileNames_data();
    void fileNames();
    void fetchesTheBytesWithoutCredentials();
    void failures_data();
    void failures();
    void followsWebRedirects();
    void unreachableHostNamesOnlyTheHost();
    void redirectLoopEnds();
    void saveWritesAnIdenticalFile();
    void droppedConnectionLeavesNoFile();
    void droppedConnectionKeepsAnEarlierFile();
    void tooLargeStopsEarly();
    void stallTimesOut();
    void bundledSampleNeedsNoNetwork();
    void cancelEndsWithCancelled();

private:
    static QByteArray fixture(const QString &name);
    RecordingDownload run(RecordingDownloader &downloader, quint64 id);

    Test::RecordingHost *m_host = nullptr;
    QByteArray m_ogg;
};

QByteArray tst_RecordingDownloader::fixture(const QString &name)
{
    QFile file(QStringLiteral(REVOX_TEST_DATA_DIR "/audio/") + name);
    if (!file.open(QIODevice::ReadOnly))
        qFatal("missing fixture");
    return file.readAll();
}

RecordingDownload tst_RecordingDownloader::run(RecordingDownloader &downloader, quint64 id)
{
    QSignalSpy finished(&downloader, &RecordingDownloader::finished);
    if (!finished.wait(10000))
        return {Status::Cancelled, QStringLiteral("test: no finished() signal")};
    [&] { QCOMPARE(finished.count(), 1); }();
    [&] { QCOMPARE(finished.constFirst().at(0).toULongLong(), id); }();
    return finished.constFirst().at(1).value<RecordingDownload>();
}

void tst_RecordingDownloader::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    m_ogg = fixture(QStringLiteral("tone-10s.ogg"));
}

void tst_RecordingDownloader::init()
{
    delete m_host;
    m_host = new Test::RecordingHost(this);
    QVERIFY(m_host->start());
}

void tst_RecordingDownloader::links_data()
{
    QTest::addColumn<QVariant>("input");
    QTest::addColumn<int>("kind");
    QTest::addColumn<QString>("url");

    const auto none = int(RecordingLink::Kind::None);
    const auto web = int(RecordingLink::Kind::Web);
    const auto resource = int(RecordingLink::Kind::Resource);
    const auto refused = int(RecordingLink::Kind::Refused);
    QTest::newRow("null") << QVariant() << none << QString();
    QTest::newRow("empty") << QVariant(QString()) << none << QString();
    QTest::newRow("whitespace") << QVariant(QStringLiteral("  \n")) << none << QString();
    QTest::newRow("https signed link")
        << QVariant(QStringLiteral("https://cdn.example.com/rec/a.ogg?X-Amz-Signature=abc")) << web
        << QStringLiteral("https://cdn.example.com/rec/a.ogg?X-Amz-Signature=abc");
    QTest::newRow("http with stray spaces")
        << QVariant(QStringLiteral("  http://127.0.0.1:8080/r.wav ")) << web
        << QStringLiteral("http://127.0.0.1:8080/r.wav");
    QTest::newRow("credentials are dropped")
        << QVariant(QStringLiteral("https://user:secret@cdn.example.com/a.ogg")) << web
        << QStringLiteral("https://cdn.example.com/a.ogg");
    QTest::newRow("upper-case scheme") << QVariant(QStringLiteral("HTTPS://cdn.example.com/a.ogg"))
                                       << web << QStringLiteral("https://cdn.example.com/a.ogg");
    QTest::newRow("bundled sample")
        << QVariant(QStringLiteral("qrc:/sample/recording-human.ogg")) << resource
        << QStringLiteral("qrc:/sample/recording-human.ogg");
    QTest::newRow("other app resource")
        << QVariant(QStringLiteral("qrc:/icons/revox-inspector.svg")) << refused << QString();
    QTest::newRow("resource escaping the sample folder")
        << QVariant(QStringLiteral("qrc:/sample/../icons/revox-inspector.svg")) << refused
        << QString();
    QTest::newRow("file") << QVariant(QStringLiteral("file:///etc/passwd")) << refused << QString();
    QTest::newRow("javascript") << QVariant(QStringLiteral("javascript:alert(1)")) << refused
                                << QString();
    QTest::newRow("data") << QVariant(QStringLiteral("data:audio/ogg;base64,T2dnUw==")) << refused
                          << QString();
    QTest::newRow("ftp") << QVariant(QStringLiteral("ftp://example.com/a.ogg")) << refused
                         << QString();
    QTest::newRow("relative path")
        << QVariant(QStringLiteral("/recordings/a.ogg")) << refused << QString();
    QTest::newRow("http without host")
        << QVariant(QStringLiteral("http:///a.ogg")) << refused << QString();
    QTest::newRow("garbage") << QVariant(QStringLiteral("ht tp://exa mple")) << refused
                             << QString();
}

void tst_RecordingDownloader::links()
{
    QFETCH(QVariant, input);
    QFETCH(int, kind);
    QFETCH(QString, url);
    const std::optional<QString> text = input.isValid() ? std::optional(input.toString())
                                                        : std::nullopt;
    const RecordingLink link = RecordingLink::fromApi(text);
    QCOMPARE(int(link.kind), kind);
    QCOMPARE(link.url.toString(), url);
    QCOMPARE(link.canOpen(), !url.isEmpty());
    if (link.kind == RecordingLink::Kind::None)
        QCOMPARE(link.message, QStringLiteral("No recording for this attempt"));
    if (link.kind == RecordingLink::Kind::Refused)
        QVERIFY2(link.message.contains(QLatin1String("not")), qPrintable(link.message));
}

void tst_RecordingDownloader::fileNames_data()
{
    QTest::addColumn<QString>("callId");
    QTest::addColumn<QString>("attemptId");
    QTest::addColumn<QByteArray>("contentType");
    QTest::addColumn<QString>("url");
    QTest::addColumn<QString>("expected");

    QTest::newRow("type wins over path")
        << QStringLiteral("call_1") << QStringLiteral("att_2")
        << QByteArray("audio/mpeg; charset=binary") << QStringLiteral("https://h/x.ogg")
        << QStringLiteral("call_1-att_2.mp3");
    QTest::newRow("path when type says nothing")
        << QStringLiteral("c") << QStringLiteral("a") << QByteArray("application/octet-stream")
        << QStringLiteral("https://h/rec.WAV?sig=1") << QStringLiteral("c-a.wav");
    QTest::newRow("neither") << QStringLiteral("c") << QStringLiteral("a") << QByteArray()
                             << QStringLiteral("https://h/download?id=3")
                             << QStringLiteral("c-a.audio");
    QTest::newRow("hostile ids") << QStringLiteral("../../etc/passwd") << QStringLiteral("a/b\\c:d")
                                 << QByteArray("audio/ogg") << QStringLiteral("https://h/r")
                                 << QStringLiteral("etc_passwd-a_b_c_d.ogg");
    QTest::newRow("empty ids") << QString() << QStringLiteral("   ") << QByteArray("audio/wav")
                               << QString() << QStringLiteral("call-attempt.wav");
}

void tst_RecordingDownloader::fileNames()
{
    QFETCH(QString, callId);
    QFETCH(QString, attemptId);
    QFETCH(QByteArray, contentType);
    QFETCH(QString, url);
    QFETCH(QString, expected);
    QCOMPARE(RecordingFiles::suggestedFileName(callId, attemptId, contentType, QUrl(url)), expected);
}

void tst_RecordingDownloader::fetchesTheBytesWithoutCredentials()
{
    m_host->setRoute("/r/tone.ogg", {200, "audio/ogg", m_ogg});
    RecordingDownloader downloader;
    QSignalSpy progress(&downloader, &RecordingDownloader::progress);
    QUrl url = m_host->url(QStringLiteral("/r/tone.ogg"));
    url.setUserInfo(QStringLiteral("user:secret"));
    const quint64 id = downloader.fetch(url);
    QVERIFY(downloader.isBusy());
    const RecordingDownload result = run(downloader, id);
    QVERIFY2(result.isOk(), qPrintable(result.message));
    QCOMPARE(result.data, m_ogg);
    QCOMPARE(result.size, m_ogg.size());
    QCOMPARE(result.httpStatus, 200);
    QCOMPARE(result.contentType, QByteArray("audio/ogg"));
    QVERIFY(!progress.isEmpty());
    QCOMPARE(progress.constLast().at(1).toLongLong(), m_ogg.size());
    QCOMPARE(progress.constLast().at(2).toLongLong(), m_ogg.size());
    QVERIFY(!downloader.isBusy());

    QCOMPARE(m_host->requests().size(), 1);
    const auto headers = m_host->requests().constFirst().headers;
    QVERIFY2(!headers.contains("authorization"), headers.value("authorization").constData());
    QVERIFY(!headers.contains("cookie"));
}

void tst_RecordingDownloader::failures_data()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("location");
    QTest::addColumn<int>("expected");
    QTest::addColumn<QString>("message");

    QTest::newRow("404") << 404 << QByteArray() << int(Status::Gone)
                         << QStringLiteral("The recording is gone or its link expired (404).");
    QTest::newRow("403 expired signature")
        << 403 << QByteArray() << int(Status::Gone)
        << QStringLiteral("The recording is gone or its link expired (403).");
    QTest::newRow("410") << 410 << QByteArray() << int(Status::Gone)
                         << QStringLiteral("The recording is gone or its link expired (410).");
    QTest::newRow("500") << 500 << QByteArray() << int(Status::HttpError)
                         << QStringLiteral("HTTP 500");
    QTest::newRow("redirect to file") << 302 << QByteArray("file:///etc/passwd")
                                      << int(Status::UnsafeRedirect) << QStringLiteral("redirect");
    QTest::newRow("redirect to data") << 302 << QByteArray("data:audio/ogg;base64,T2dnUw==")
                                      << int(Status::UnsafeRedirect) << QStringLiteral("redirect");
}

void tst_RecordingDownloader::failures()
{
    QFETCH(int, status);
    QFETCH(QByteArray, location);
    QFETCH(int, expected);
    QFETCH(QString, message);
    Test::RecordingHost::Route route{status, "text/html", "<html>nope</html>"};
    route.location = location;
    m_host->setRoute("/r/x", route);
    RecordingDownloader downloader;
    const RecordingDownload result = run(downloader,
                                         downloader.fetch(m_host->url(QStringLiteral("/r/x"))));
    QCOMPARE(int(result.status), expected);
    QVERIFY2(result.message.contains(message), qPrintable(result.message));
    QVERIFY(result.data.isEmpty());
}

void tst_RecordingDownloader::followsWebRedirects()
{
    m_host->setRoute("/r/old", {301, "text/plain", {}, "/r/new.ogg"});
    m_host->setRoute("/r/new.ogg", {200, "audio/ogg", m_ogg});
    RecordingDownloader downloader;
    const RecordingDownload result = run(downloader,
                                         downloader.fetch(m_host->url(QStringLiteral("/r/old"))));
    QVERIFY2(result.isOk(), qPrintable(result.message));
    QCOMPARE(result.data, m_ogg);
    QCOMPARE(result.url.path(), QStringLiteral("/r/new.ogg"));
    QCOMPARE(m_host->requests().size(), 2);
    for (const auto &request : m_host->requests())
        QVERIFY(!request.headers.contains("authorization"));
}

void tst_RecordingDownloader::unreachableHostNamesOnlyTheHost()
{
    QTcpServer closed;
    QVERIFY(closed.listen(QHostAddress::LocalHost));
    const quint16 port = closed.serverPort();
    closed.close();
    RecordingDownloader downloader;
    const QUrl url(QStringLiteral("http://127.0.0.1:%1/r.ogg?X-Amz-Signature=s3cr3t").arg(port));
    const RecordingDownload result = run(downloader, downloader.fetch(url));
    QCOMPARE(result.status, Status::ConnectionError);
    QCOMPARE(result.message,
             QStringLiteral("The recording's host (127.0.0.1) refused the connection."));
    QVERIFY(!result.message.contains(QLatin1String("s3cr3t")));
}

void tst_RecordingDownloader::redirectLoopEnds()
{
    m_host->setRoute("/r/a", {302, "text/plain", {}, "/r/b"});
    m_host->setRoute("/r/b", {302, "text/plain", {}, "/r/a"});
    RecordingDownloader downloader;
    const RecordingDownload result = run(downloader,
                                         downloader.fetch(m_host->url(QStringLiteral("/r/a"))));
    QCOMPARE(result.status, Status::UnsafeRedirect);
    QCOMPARE(result.message, QStringLiteral("The recording's host redirected more than 5 times."));
    QVERIFY(result.data.isEmpty());
    QCOMPARE(m_host->requests().size(), RecordingDownloader::MaximumRedirects + 1);
}

void tst_RecordingDownloader::saveWritesAnIdenticalFile()
{
    m_host->setRoute("/r/tone.ogg", {200, "audio/ogg", m_ogg});
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("call-attempt.ogg"));
    RecordingDownloader downloader;
    const RecordingDownload result
        = run(downloader, downloader.saveTo(m_host->url(QStringLiteral("/r/tone.ogg")), path));
    QVERIFY2(result.isOk(), qPrintable(result.message));
    QCOMPARE(result.savedPath, path);
    QVERIFY(result.data.isEmpty());
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QCOMPARE(file.readAll(), m_ogg);
    QCOMPARE(QDir(dir.path()).entryList(QDir::Files | QDir::Hidden),
             QStringList{QStringLiteral("call-attempt.ogg")});
}

void tst_RecordingDownloader::droppedConnectionLeavesNoFile()
{
    const QByteArray big = m_ogg.repeated(40); // ~440 KB, so the drop happens mid-transfer
    Test::RecordingHost::Route route{200, "audio/ogg", big};
    route.dropAfter = big.size() / 2;
    m_host->setRoute("/r/big.ogg", route);
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("big.ogg"));
    RecordingDownloader downloader;
    QSignalSpy progress(&downloader, &RecordingDownloader::progress);
    const RecordingDownload result
        = run(downloader, downloader.saveTo(m_host->url(QStringLiteral("/r/big.ogg")), path));
    QCOMPARE(result.status, Status::ConnectionError);
    QVERIFY2(result.message.startsWith(
                 QLatin1String("The connection dropped before the whole recording arrived")),
             qPrintable(result.message));
    QVERIFY(!progress.isEmpty()); // bytes did arrive before the drop
    QVERIFY(!QFile::exists(path));
    QVERIFY(QDir(dir.path()).entryList(QDir::Files | QDir::Hidden).isEmpty());

    // The in-memory fetch fails the same way.
    const RecordingDownload fetched = run(downloader,
                                          downloader.fetch(
                                              m_host->url(QStringLiteral("/r/big.ogg"))));
    QCOMPARE(fetched.status, Status::ConnectionError);
    QVERIFY(fetched.data.isEmpty());
}

void tst_RecordingDownloader::droppedConnectionKeepsAnEarlierFile()
{
    Test::RecordingHost::Route route{200, "audio/ogg", m_ogg};
    route.dropAfter = m_ogg.size() / 3;
    m_host->setRoute("/r/cut.ogg", route);
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("keep.ogg"));
    QVERIFY(RecordingFiles::write(path, "earlier").isEmpty());
    RecordingDownloader downloader;
    const RecordingDownload result
        = run(downloader, downloader.saveTo(m_host->url(QStringLiteral("/r/cut.ogg")), path));
    QCOMPARE(result.status, Status::ConnectionError);
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QCOMPARE(file.readAll(), QByteArray("earlier"));
}

void tst_RecordingDownloader::tooLargeStopsEarly()
{
    m_host->setRoute("/r/tone.ogg", {200, "audio/ogg", m_ogg});
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("large.ogg"));
    RecordingDownloader downloader;
    downloader.setMaximumSize(1000);
    const RecordingDownload result
        = run(downloader, downloader.saveTo(m_host->url(QStringLiteral("/r/tone.ogg")), path));
    QCOMPARE(result.status, Status::TooLarge);
    QVERIFY2(result.message.contains(QLatin1String("more than")), qPrintable(result.message));
    QVERIFY(!QFile::exists(path));
}

void tst_RecordingDownloader::stallTimesOut()
{
    Test::RecordingHost::Route route{200, "audio/ogg", m_ogg};
    route.stall = true;
    m_host->setRoute("/r/stall.ogg", route);
    RecordingDownloader downloader;
    downloader.setTransferTimeout(300);
    const RecordingDownload result = run(downloader,
                                         downloader.fetch(
                                             m_host->url(QStringLiteral("/r/stall.ogg"))));
    QCOMPARE(result.status, Status::Timeout);
    QVERIFY2(result.message.contains(QLatin1String("stopped sending")), qPrintable(result.message));
}

void tst_RecordingDownloader::bundledSampleNeedsNoNetwork()
{
    Q_INIT_RESOURCE(sample_call);
    QFile resource(QStringLiteral(":/sample/recording-human.ogg"));
    QVERIFY(resource.open(QIODevice::ReadOnly));
    const QByteArray expected = resource.readAll();
    RecordingDownloader downloader;
    const RecordingDownload result = run(downloader,
                                         downloader.fetch(QUrl(
                                             QStringLiteral("qrc:/sample/recording-human.ogg"))));
    QVERIFY2(result.isOk(), qPrintable(result.message));
    QCOMPARE(result.data, expected);
    QCOMPARE(result.contentType, QByteArray("audio/ogg"));

    const RecordingDownload refused = run(downloader,
                                          downloader.fetch(
                                              QUrl(QStringLiteral("file:///etc/passwd"))));
    QCOMPARE(refused.status, Status::Refused);
    QVERIFY(refused.data.isEmpty());
    QVERIFY2(refused.message.contains(QLatin1String("\"file:\"")), qPrintable(refused.message));
}

void tst_RecordingDownloader::cancelEndsWithCancelled()
{
    Test::RecordingHost::Route route{200, "audio/ogg", m_ogg};
    route.stall = true;
    m_host->setRoute("/r/stall.ogg", route);
    RecordingDownloader downloader;
    QSignalSpy finished(&downloader, &RecordingDownloader::finished);
    const quint64 first = downloader.fetch(m_host->url(QStringLiteral("/r/stall.ogg")));
    // A new transfer replaces the running one, which ends as cancelled.
    m_host->setRoute("/r/tone.ogg", {200, "audio/ogg", m_ogg});
    const quint64 second = downloader.fetch(m_host->url(QStringLiteral("/r/tone.ogg")));
    QTRY_COMPARE(finished.count(), 2);
    QCOMPARE(finished.at(0).at(0).toULongLong(), first);
    QCOMPARE(finished.at(0).at(1).value<RecordingDownload>().status, Status::Cancelled);
    QCOMPARE(finished.at(1).at(0).toULongLong(), second);
    QVERIFY(finished.at(1).at(1).value<RecordingDownload>().isOk());

    const quint64 third = downloader.fetch(m_host->url(QStringLiteral("/r/stall.ogg")));
    downloader.cancel();
    QVERIFY(!downloader.isBusy());
    QTRY_COMPARE(finished.count(), 3);
    QCOMPARE(finished.at(2).at(0).toULongLong(), third);
    QCOMPARE(finished.at(2).at(1).value<RecordingDownload>().status, Status::Cancelled);
}

QTEST_GUILESS_MAIN(tst_RecordingDownloader)
#include "tst_recordingdownloader.moc"
