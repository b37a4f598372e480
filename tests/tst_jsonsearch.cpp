// Find in the Raw JSON tab (JsonSearch), the paths it copies (JsonPath) and decoded strings: the
// fast search over the body finds exactly what a search of every shown line finds.
#include "core/call/samplecall.h"
#include "core/json/jsonlayout.h"
#include "core/json/jsonpath.h"
#include "core/json/jsonsearch.h"
#include "jsonbodies.h"

#include <QTest>

using namespace Revox;
using JsonBodies::naiveFind;

class tst_JsonSearch : public QObject
{
    Q_OBJECT

private slots:
    void find_data();
    void find();
    void findAgreesWithLines_data();
    void findAgreesWithLines();
    void paths_data();
    void paths();
    void decodeString_data();
    void decodeString();
};

namespace {

// UTF-8 test text (the build refuses implicit conversions from char *).
QString u(const char *text)
{
    return QString::fromUtf8(text);
}

} // namespace

void tst_JsonSearch::find_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("needle");
    QTest::addColumn<QList<JsonMatch>>("expected");
    const QByteArray body = R"({"Name":"nora","list":["NORA nora",12],"x":"caf)"
                            "\xc3\xa9 nora\"}";
    QTest::newRow("case-insensitive in keys and values")
        << body << u("name") << QList<JsonMatch>{{1, 5}};
    QTest::newRow("several on a line, columns in characters")
        << body << u("NoRa") << QList<JsonMatch>{{1, 13}, {3, 9}, {3, 14}, {6, 15}};
    QTest::newRow("across key and value")
        << body << "\"name\": \"nora\"" << QList<JsonMatch>{{1, 4}};
    QTest::newRow("with the comma") << body << u("ra\",") << QList<JsonMatch>{{1, 15}, {3, 16}};
    QTest::newRow("non-ASCII needle") << body << u("CAF\xc3\x89") << QList<JsonMatch>{{6, 10}};
    QTest::newRow("no overlaps") << QByteArray(R"(["aaaa"])") << u("aa")
                                 << QList<JsonMatch>{{1, 5}, {1, 7}};
    QTest::newRow("indentation") << QByteArray(R"({"a":{"b":1}})") << "    \"b"
                                 << QList<JsonMatch>{{2, 4}};
    QTest::newRow("not JSON: by its own lines")
        << QByteArray("<p>\r\n<b>nora</b>\n") << u("NORA") << QList<JsonMatch>{{1, 3}};
    QTest::newRow("nothing") << body << u("zebra") << QList<JsonMatch>();
}

void tst_JsonSearch::find()
{
    QFETCH(QByteArray, body);
    QFETCH(QString, needle);
    QFETCH(QList<JsonMatch>, expected);
    const JsonLayout layout = JsonLayout::build(body);
    const QList<JsonMatch> found = JsonSearch::find(layout, needle);
    QCOMPARE(found, expected);
    QCOMPARE(found, naiveFind(layout, needle));
}

void tst_JsonSearch::findAgreesWithLines_data()
{
    QTest::addColumn<QString>("needle");
    for (const char *needle : {"e",
                               "E",
                               "call",
                               "\"",
                               "\\",
                               "\\\"",
                               "1",
                               "0,",
                               "\": \"",
                               "  ",
                               "{}",
                               "[]",
                               "-0",
                               "null",
                               "é",
                               "ke",
                               "caf",
                               "z\",",
                               "apt_55987"})
        QTest::newRow(needle) << QString::fromUtf8(needle);
}

void tst_JsonSearch::findAgreesWithLines()
{
    QFETCH(QString, needle);
    for (const QByteArray &body : {SampleCall::json(), JsonBodies::odd()}) {
        const JsonLayout layout = JsonLayout::build(body);
        QCOMPARE(JsonSearch::find(layout, needle), naiveFind(layout, needle));
    }
}

void tst_JsonSearch::paths_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<QByteArray>("key"); // empty: an array element, index 12
    QTest::addColumn<QString>("expected");
    QTest::newRow("first member") << QString() << QByteArray("\"call\"") << u("call");
    QTest::newRow("member") << u("call") << QByteArray("\"call_attempts\"")
                            << u("call.call_attempts");
    QTest::newRow("element") << u("call.transcript") << QByteArray() << u("call.transcript[12]");
    QTest::newRow("element at the root") << QString() << QByteArray() << u("[12]");
    QTest::newRow("space in key") << u("a") << QByteArray("\"odd key\"") << u("a[\"odd key\"]");
    QTest::newRow("starts with a digit") << u("a") << QByteArray("\"1st\"") << u("a[\"1st\"]");
    QTest::newRow("empty key") << u("a") << QByteArray("\"\"") << u("a[\"\"]");
    QTest::newRow("dot in key") << u("a") << QByteArray("\"a.b\"") << u("a[\"a.b\"]");
    QTest::newRow("escaped quote kept")
        << u("a") << QByteArray(R"("say \"hi\"")") << u(R"(a["say \"hi\""])");
    QTest::newRow("escaped identifier") << u("a") << QByteArray(R"("\u0061b")") << u("a.ab");
    QTest::newRow("dollar and underscore") << u("a") << QByteArray("\"$_x9\"") << u("a.$_x9");
    QTest::newRow("non-ASCII letter quoted")
        << u("a") << QByteArray("\"caf\xc3\xa9\"") << QStringLiteral("a[\"caf\u00e9\"]");
}

void tst_JsonSearch::paths()
{
    QFETCH(QString, path);
    QFETCH(QByteArray, key);
    QFETCH(QString, expected);
    QCOMPARE(key.isEmpty() ? JsonPath::element(path, 12) : JsonPath::member(path, key), expected);
}

void tst_JsonSearch::decodeString_data()
{
    QTest::addColumn<QByteArray>("token");
    QTest::addColumn<QString>("expected");
    QTest::newRow("plain") << QByteArray("\"abc\"") << u("abc");
    QTest::newRow("escapes") << QByteArray(R"("\"\\\/\b\f\n\r\t")") << u("\"\\/\b\f\n\r\t");
    QTest::newRow("unicode escape") << QByteArray(R"("\u00e9")") << QStringLiteral("\u00e9");
    QTest::newRow("surrogate pair")
        << QByteArray(R"("\ud83d\ude00")") << QString::fromUtf8("\xf0\x9f\x98\x80");
    QTest::newRow("lone high surrogate") << QByteArray(R"("\ud83dx")") << QStringLiteral("\ufffdx");
    QTest::newRow("lone low surrogate") << QByteArray(R"("\ude00")") << QStringLiteral("\ufffd");
    QTest::newRow("UTF-8") << QByteArray("\"\xe6\x97\xa5\"") << QStringLiteral("\u65e5");
    QTest::newRow("cut escape") << QByteArray("\"a\\") << QStringLiteral("a\ufffd");
}

void tst_JsonSearch::decodeString()
{
    QFETCH(QByteArray, token);
    QFETCH(QString, expected);
    QCOMPARE(JsonLayout::decodeString(token), expected);
}

QTEST_GUILESS_MAIN(tst_JsonSearch)
#include "tst_jsonsearch.moc"
