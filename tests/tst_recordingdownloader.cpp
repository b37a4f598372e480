#include "core/common/networkpolicy.h"
#include "core/recording/recordingdownloader.h"
#include "core/recording/recordinglink.h"
#include "support/fulldisk.h"
#include "support/recordinghost.h"

#include <QFile>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

#include <sys/sysmacros.h>

using namespace Revox;
using Status = RecordingDownload::Status;

class tst_RecordingDownloader : public QObject
{
    Q_OBJECT

public:
    // Before the application exists: a user namespace to mount the tmpfs in, when not root.
    static void initMain() { FullDisk::enterMountNamespaceIfNeeded(); }

private slots:
    void initTestCase();
    void init();
    void fetchesTheBytesWithoutCredentials();
    void failures_data();
    void failures();
    void busyHostIsTriedAgain_data();
    void busyHostIsTriedAgain();
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
    void fullDiskKeepsTheOldFile_data();
    void fullDiskKeepsTheOldFile();
    void specialTargetsAreRefused_data();
    void specialTargetsAreRefused();

private:
    static QByteArray fixture(const QString &name);
    RecordingDownload run(RecordingDownloader &downloader, quint64 id);
    // Saves `bytes` to `path` the way named ("streamed", "bundled" or "memory"); the message for
    // the user on failure, an empty string on success.
    QString save(const QString &way, const QByteArray &bytes, const QString &path);

    Test::RecordingHost *m_host = nullptr;
    QByteArray m_ogg;
    QByteArray m_bundled;
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
    Q_INIT_RESOURCE(sample_call);
    QFile bundled(QStringLiteral(":/sample/recording-human.ogg"));
    QVERIFY(bundled.open(QIODevice::ReadOnly));
    m_bundled = bundled.readAll();
}

void tst_RecordingDownloader::init()
{
    delete m_host;
    m_host = new Test::RecordingHost(this);
    QVERIFY(m_host->start());
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

void tst_RecordingDownloader::busyHostIsTriedAgain_data()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<bool>("save");
    QTest::addColumn<int>("expectedTries"); // before the host answers the recording
    QTest::newRow("503, fetched") << 503 << false << 2;
    QTest::newRow("503, saved to a file") << 503 << true << 2;
    QTest::newRow("429") << 429 << false << 2;
    // What another try cannot fix is said at once.
    QTest::newRow("404") << 404 << false << 1;
    QTest::newRow("400") << 400 << false << 1;
}

// The API client's rules (RetryPolicy): a busy host is asked again after a back-off; the user
// sees the recording, not the host's hiccup. A save that was retried holds only the recording.
void tst_RecordingDownloader::busyHostIsTriedAgain()
{
    QFETCH(int, status);
    QFETCH(bool, save);
    QFETCH(int, expectedTries);
    m_host->setRoute("/r/busy.ogg", {status, "text/html", "<html>busy, try later</html>"});
    RecordingDownloader downloader;
    QSignalSpy finished(&downloader, &RecordingDownloader::finished);
    QTemporaryDir dir;
    const QString target = dir.filePath(QStringLiteral("copy.ogg"));
    const QUrl url = m_host->url(QStringLiteral("/r/busy.ogg"));
    if (save)
        downloader.saveTo(url, target);
    else
        downloader.fetch(url);
    // The host recovers once it has refused the first try.
    QTRY_COMPARE(m_host->requests().size(), 1);
    m_host->setRoute("/r/busy.ogg", {200, "audio/ogg", m_ogg});
    QVERIFY(!finished.isEmpty() || finished.wait(10000));
    const RecordingDownload result = finished.constFirst().at(1).value<RecordingDownload>();
    QCOMPARE(m_host->requests().size(), expectedTries);
    if (expectedTries == 1) {
        QVERIFY(!result.isOk());
        return;
    }
    QVERIFY2(result.isOk(), qPrintable(result.message));
    if (save) {
        QFile copy(target);
        QVERIFY(copy.open(QIODevice::ReadOnly));
        QCOMPARE(copy.readAll(), m_ogg);
    } else {
        QCOMPARE(result.data, m_ogg);
    }
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
    QCOMPARE(m_host->requests().size(), NetworkPolicy::MaxRedirects + 1);
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

QString tst_RecordingDownloader::save(const QString &way,
                                      const QByteArray &bytes,
                                      const QString &path)
{
    if (way == QLatin1String("memory")) // Save recording as… after the player has the bytes
        return RecordingFiles::write(path, bytes);
    QUrl url(QStringLiteral("qrc:/sample/recording-human.ogg"));
    if (way == QLatin1String("streamed")) {
        m_host->setRoute("/r/save.ogg", {200, "audio/ogg", bytes});
        url = m_host->url(QStringLiteral("/r/save.ogg"));
    }
    RecordingDownloader downloader;
    const RecordingDownload result = run(downloader, downloader.saveTo(url, path));
    if (result.isOk())
        return result.savedPath == path ? QString() : QStringLiteral("test: saved elsewhere");
    if (result.status != Status::WriteError)
        return QStringLiteral("test: not a write error: ") + result.message;
    return result.message;
}

void tst_RecordingDownloader::fullDiskKeepsTheOldFile_data()
{
    QTest::addColumn<QString>("way");
    QTest::addColumn<QByteArray>("recording");
    QTest::addColumn<qint64>("leaveBytes");
    // 11 KB stays in QFileDevice's 16 KiB buffer until the flush that QSaveFile::commit() ignores;
    // 43 KB and the 107 KB bundled sample meet the full disk in write() itself.
    const QByteArray small = m_ogg;
    const QByteArray large = m_ogg.repeated(4);
    for (const qint64 leave : {qint64(0), qint64(4096)}) {
        const char *room = leave == 0 ? "disk 100% full" : "4 KiB left";
        const auto row = [&](const char *name, const char *way, const QByteArray &bytes) {
            QTest::addRow("%s, %s", name, room) << QString::fromLatin1(way) << bytes << leave;
        };
        row("streamed, 11 KB", "streamed", small);
        row("streamed, 43 KB", "streamed", large);
        row("bundled sample, 107 KB", "bundled", m_bundled);
        row("from memory, 11 KB", "memory", small);
        row("from memory, 43 KB", "memory", large);
    }
}

void tst_RecordingDownloader::fullDiskKeepsTheOldFile()
{
    QFETCH(QString, way);
    QFETCH(QByteArray, recording);
    QFETCH(qint64, leaveBytes);
    const QByteArray oldFile = "an earlier recording, which must survive a failed save\n";

    FullDisk::SmallTmpfs disk(512 * 1024);
    if (!disk.isMounted())
        QSKIP(qPrintable(disk.whyNot()));
    const QString target = disk.filePath(QStringLiteral("saved.ogg"));
    QVERIFY(FullDisk::writeWhole(target, oldFile));
    QVERIFY2(disk.fillLeaving(leaveBytes), qPrintable(QString::number(disk.freeBytes())));

    const QString message = save(way, recording, target);
    QVERIFY2(message.contains(QLatin1String("No space left")), qPrintable(message));
    QVERIFY2(message.contains(target), qPrintable(message));
    QVERIFY2(!message.contains(QLatin1String("Unknown error")), qPrintable(message));
    QFile kept(target);
    QVERIFY(kept.open(QIODevice::ReadOnly));
    QCOMPARE(kept.readAll(), oldFile);
    kept.close();
    QCOMPARE(disk.entries(), QStringList({QStringLiteral("filler"), QStringLiteral("saved.ogg")}));

    // The failure was the disk's: with room again, the same save replaces the file.
    QVERIFY(disk.removeFiller());
    const QString retry = save(way, recording, target);
    QVERIFY2(retry.isEmpty(), qPrintable(retry));
    QVERIFY(kept.open(QIODevice::ReadOnly));
    QCOMPARE(kept.readAll(), recording);
}

void tst_RecordingDownloader::specialTargetsAreRefused_data()
{
    QTest::addColumn<QString>("way");
    QTest::addColumn<QString>("kind");
    for (const char *way : {"streamed", "bundled", "memory"}) {
        QTest::addRow("%s, FIFO", way) << QString::fromLatin1(way) << QStringLiteral("fifo");
        QTest::addRow("%s, link to a FIFO", way)
            << QString::fromLatin1(way) << QStringLiteral("link");
    }
    QTest::newRow("streamed, a copy of /dev/null")
        << QStringLiteral("streamed") << QStringLiteral("char");
}

void tst_RecordingDownloader::specialTargetsAreRefused()
{
    QFETCH(QString, way);
    QFETCH(QString, kind);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString fifo = dir.filePath(QStringLiteral("fifo.ogg"));
    QString target = fifo;
    if (kind == QLatin1String("char")) {
        // Never the real /dev/null: run as root, a regression would rename a file over it.
        if (::mknod(QFile::encodeName(fifo).constData(), S_IFCHR | 0666, makedev(1, 3)) != 0)
            QSKIP("mknod of a character device needs root outside a user namespace");
    } else {
        QCOMPARE(::mkfifo(QFile::encodeName(fifo).constData(), 0600), 0);
        if (kind == QLatin1String("link")) {
            target = dir.filePath(QStringLiteral("link.ogg"));
            QVERIFY(QFile::link(fifo, target));
        }
    }
    QCOMPARE(FullDisk::fileType(target), kind);

    // Opening a FIFO for writing would block until a reader came: the refusal must come first.
    const QString message = save(way, m_ogg, target);
    QVERIFY2(message.contains(QLatin1String("not a regular file")), qPrintable(message));
    QCOMPARE(FullDisk::fileType(target), kind);
    if (kind != QLatin1String("char"))
        QCOMPARE(FullDisk::fileType(fifo), QStringLiteral("fifo"));
    // Refused before the download: the host was never asked.
    QVERIFY(m_host->requests().isEmpty());
}

QTEST_GUILESS_MAIN(tst_RecordingDownloader)
#include "tst_recordingdownloader.moc"
