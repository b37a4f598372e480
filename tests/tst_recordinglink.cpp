// What the app makes of a recording link from the API, and the file name it suggests for it.
#include "core/recording/recordinglink.h"

#include <QTest>

#include <optional>

using namespace Revox;

class tst_RecordingLink final : public QObject
{
    Q_OBJECT

private slots:
    void links_data();
    void links();
    void fileNames_data();
    void fileNames();
};

void tst_RecordingLink::links_data()
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

void tst_RecordingLink::links()
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

void tst_RecordingLink::fileNames_data()
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

void tst_RecordingLink::fileNames()
{
    QFETCH(QString, callId);
    QFETCH(QString, attemptId);
    QFETCH(QByteArray, contentType);
    QFETCH(QString, url);
    QFETCH(QString, expected);
    QCOMPARE(RecordingFiles::suggestedFileName(callId, attemptId, contentType, QUrl(url)), expected);
}

QTEST_GUILESS_MAIN(tst_RecordingLink)
#include "tst_recordinglink.moc"
