// The Raw JSON tab's re-indenter (JsonLayout): the response is shown as received (key order,
// number and string spelling), anything that is not JSON is shown line for line, and nothing
// about the input can make it recurse or crash.
#include "core/call/samplecall.h"
#include "core/json/jsonlayout.h"
#include "jsonbodies.h"

#include <QJsonDocument>
#include <QTest>

using namespace Revox;

class tst_JsonLayout : public QObject
{
    Q_OBJECT

private slots:
    void reindentsAsReceived_data();
    void reindentsAsReceived();
    void notJsonShownLineForLine_data();
    void notJsonShownLineForLine();
    void roundTrip_data();
    void roundTrip();
    void deepNestingIsIterative_data();
    void deepNestingIsIterative();
    void structure();
    void valueText();
    void partialLayoutsArePrefixes();
    void cancelled();
};

namespace {

// UTF-8 test text (the build refuses implicit conversions from char *).
QString u(const char *text)
{
    return QString::fromUtf8(text);
}

QStringList list(std::initializer_list<const char *> texts)
{
    QStringList out;
    for (const char *text : texts)
        out.append(u(text));
    return out;
}

QStringList lines(const JsonLayout &layout)
{
    QStringList out;
    for (qsizetype i = 0; i < layout.lineCount(); ++i)
        out.append(layout.lineText(i));
    return out;
}

QByteArray nested(int depth, bool objects)
{
    QByteArray out;
    for (int i = 0; i < depth; ++i)
        out += objects ? "{\"a\":" : "[";
    out += objects ? "{}" : "[]";
    for (int i = 0; i < depth; ++i)
        out += objects ? "}" : "]";
    return out;
}

} // namespace

void tst_JsonLayout::reindentsAsReceived_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QStringList>("expected");
    QTest::newRow("key order kept")
        << QByteArray(R"({"b":1,"a":2})") << list({"{", R"(    "b": 1,)", R"(    "a": 2)", "}"});
    QTest::newRow("numbers verbatim")
        << QByteArray(R"([1.0,1e3,-0,1.50,1E+2,-9007199254740991,0.1e-2])")
        << list({"[",
                 "    1.0,",
                 "    1e3,",
                 "    -0,",
                 "    1.50,",
                 "    1E+2,",
                 "    -9007199254740991,",
                 "    0.1e-2",
                 "]"});
    QTest::newRow("nested empties") << QByteArray(R"({"a":{},"b":[],"c":[{}, []],"d":{ },"e":[ 
 ]})")
                                    << list({"{",
                                             R"(    "a": {},)",
                                             R"(    "b": [],)",
                                             R"(    "c": [)",
                                             "        {},",
                                             "        []",
                                             "    ],",
                                             R"(    "d": {},)",
                                             R"(    "e": [])",
                                             "}"});
    QTest::newRow("escapes untouched, unicode as sent")
        << QByteArray("{\"\\u00e9\":\"\\\"q\\\" \\\\ \\/ \\n \\ud83d\\ude00\",\"caf\xc3\xa9\":"
                      "\"\xf0\x9f\x98\x80\"}")
        << list({"{",
                 R"(    "\u00e9": "\"q\" \\ \/ \n \ud83d\ude00",)",
                 "    \"caf\xc3\xa9\": \"\xf0\x9f\x98\x80\"",
                 "}"});
    QTest::newRow("bare number") << QByteArray("42") << list({"42"});
    QTest::newRow("bare string") << QByteArray(R"( "text" )") << list({R"("text")"});
    QTest::newRow("bare null") << QByteArray("null") << list({"null"});
    QTest::newRow("empty root object") << QByteArray("{}") << list({"{}"});
    QTest::newRow("root array of scalars")
        << QByteArray(R"([true,false,null,"x"])")
        << list({"[", "    true,", "    false,", "    null,", R"(    "x")", "]"});
    QTest::newRow("CRLF and tabs between tokens")
        << QByteArray("\r\n{ \"a\" :\t1 ,\r\n\"b\":[ 1 , 2 ] }\r\n  ")
        << list({"{", R"(    "a": 1,)", R"(    "b": [)", "        1,", "        2", "    ]", "}"});
    QTest::newRow("brackets and quotes inside strings")
        << QByteArray(R"({"k":"]}\"[{,:"})") << list({"{", R"(    "k": "]}\"[{,:")", "}"});
}

void tst_JsonLayout::reindentsAsReceived()
{
    QFETCH(QByteArray, body);
    QFETCH(QStringList, expected);
    const JsonLayout layout = JsonLayout::build(body);
    QVERIFY2(layout.isJson(), qPrintable(layout.error()));
    QVERIFY(layout.isComplete());
    QCOMPARE(layout.error(), QString());
    QCOMPARE(layout.errorOffset(), -1);
    QCOMPARE(lines(layout), expected);
    QCOMPARE(layout.text(), expected.join(QLatin1Char('\n')) + QLatin1Char('\n'));
    qsizetype longest = 0;
    for (const QString &line : expected)
        longest = std::max(longest, line.toUtf8().size());
    QVERIFY(layout.maxLineBytes() >= longest);
}

void tst_JsonLayout::notJsonShownLineForLine_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("error");
    QTest::addColumn<qsizetype>("offset");
    QTest::newRow("html page") << QByteArray(
        "<!DOCTYPE html>\n<html>\r\n<body>Bad gateway</body>\n")
                               << u("expected a value at line 1, column 1 (byte 0)")
                               << qsizetype(0);
    QTest::newRow("truncated") << QByteArray("{\"a\": [1, 2") << u("the text ends before the JSON")
                               << qsizetype(11);
    QTest::newRow("truncated in a string")
        << QByteArray("{\"a\": \"abc") << u("the text ends inside a string") << qsizetype(10);
    QTest::newRow("trailing comma in array")
        << QByteArray("[1,]") << u("expected a value") << qsizetype(3);
    QTest::newRow("trailing comma in object")
        << QByteArray("{\"a\":1,}") << u("expected a key in quotes") << qsizetype(7);
    QTest::newRow("missing colon")
        << QByteArray("{\"a\" 1}") << u("expected ':' after a key") << qsizetype(5);
    QTest::newRow("single quotes")
        << QByteArray("{'a':1}") << u("expected a key in quotes") << qsizetype(1);
    QTest::newRow("bad literal") << QByteArray("[tru]") << u("expected a value") << qsizetype(1);
    QTest::newRow("leading zero") << QByteArray("[01]") << u("expected ',' or ']'") << qsizetype(2);
    QTest::newRow("dot without digits")
        << QByteArray("[1.]") << u("no digits after a decimal point") << qsizetype(3);
    QTest::newRow("bare minus") << QByteArray("-") << u("a number without digits") << qsizetype(1);
    QTest::newRow("empty exponent")
        << QByteArray("1e+") << u("no digits in an exponent") << qsizetype(3);
    QTest::newRow("unknown escape")
        << QByteArray("\"\\x\"") << u("an unknown escape in a string") << qsizetype(2);
    QTest::newRow("short unicode escape")
        << QByteArray("\"\\u12\"") << u("a bad \\u escape") << qsizetype(5);
    QTest::newRow("raw newline in a string")
        << QByteArray("{\"a\":\"line\nnext\"}") << u("a control character inside a string")
        << qsizetype(10);
    QTest::newRow("text after the value")
        << QByteArray("{} x") << u("more text after the JSON value") << qsizetype(3);
    QTest::newRow("two values") << QByteArray("1 2") << u("more text after the JSON value")
                                << qsizetype(2);
    QTest::newRow("mismatched close")
        << QByteArray("[1}") << u("expected ',' or ']'") << qsizetype(2);
    QTest::newRow("byte order mark")
        << QByteArray("\xef\xbb\xbf{}") << u("expected a value") << qsizetype(0);
    QTest::newRow("error on a later line") << QByteArray("{\n  \"a\": 1,\n  \"b\": ?\n}")
                                           << u("at line 3, column 8 (byte 19)") << qsizetype(19);
    QTest::newRow("empty body") << QByteArray() << u("The response is empty.") << qsizetype(0);
    QTest::newRow("only blanks") << QByteArray(" \r\n\t") << u("only blanks") << qsizetype(0);
}

void tst_JsonLayout::notJsonShownLineForLine()
{
    QFETCH(QByteArray, body);
    QFETCH(QString, error);
    QFETCH(qsizetype, offset);
    const JsonLayout layout = JsonLayout::build(body);
    QVERIFY(!layout.isJson());
    QVERIFY(layout.isComplete());
    QVERIFY2(layout.error().contains(error), qPrintable(layout.error()));
    QCOMPARE(layout.errorOffset(), offset);
    // Shown exactly as received: its own lines, without their line ends.
    QStringList expected = QString::fromUtf8(body).split(QLatin1Char('\n'));
    if (!body.isEmpty() && body.endsWith('\n'))
        expected.removeLast();
    if (body.isEmpty())
        expected.clear();
    for (QString &line : expected) {
        if (line.endsWith(QLatin1Char('\r')))
            line.chop(1);
    }
    QCOMPARE(lines(layout), expected);
    QCOMPARE(layout.text(), QString::fromUtf8(body));
    for (qsizetype i = 0; i < layout.lineCount(); ++i)
        QCOMPARE(layout.kind(i), JsonLayout::Kind::Raw);
    QCOMPARE(layout.containerCount(), 0);
}

void tst_JsonLayout::roundTrip_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::newRow("sample call") << SampleCall::json();
    QTest::newRow("sample call compact")
        << QJsonDocument::fromJson(SampleCall::json()).toJson(QJsonDocument::Compact);
    QTest::newRow("odd body") << JsonBodies::odd();
    QTest::newRow("nested 200 deep") << nested(200, true);
    QTest::newRow("bare scalar") << QByteArray("[-0.0]");
}

void tst_JsonLayout::roundTrip()
{
    QFETCH(QByteArray, body);
    const JsonLayout layout = JsonLayout::build(body);
    QVERIFY2(layout.isJson(), qPrintable(layout.error()));
    QJsonParseError error;
    const QJsonDocument shown = QJsonDocument::fromJson(layout.text().toUtf8(), &error);
    QCOMPARE(error.error, QJsonParseError::NoError);
    QCOMPARE(shown, QJsonDocument::fromJson(body));
    // Every line is its key and value as sent: the bytes of the body, less its blanks.
    QByteArray tokens;
    for (qsizetype i = 0; i < layout.lineCount(); ++i) {
        tokens += layout.keyToken(i).toByteArray();
        tokens += layout.kind(i) == JsonLayout::Kind::Empty ? layout.valueText(i).toUtf8()
                                                            : layout.valueToken(i).toByteArray();
    }
    QByteArray withoutBlanks;
    bool inString = false;
    for (qsizetype i = 0; i < body.size(); ++i) {
        const char c = body.at(i);
        if (inString) {
            withoutBlanks += c;
            if (c == '\\')
                withoutBlanks += body.at(++i);
            else if (c == '"')
                inString = false;
            continue;
        }
        if (c == '"')
            inString = true;
        if (c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == ',' || c == ':')
            continue;
        withoutBlanks += c;
    }
    QCOMPARE(tokens, withoutBlanks);
}

void tst_JsonLayout::deepNestingIsIterative_data()
{
    QTest::addColumn<int>("depth");
    QTest::addColumn<bool>("objects");
    QTest::newRow("10,000 arrays") << 10000 << false;
    QTest::newRow("100,000 objects") << 100000 << true;
}

void tst_JsonLayout::deepNestingIsIterative()
{
    QFETCH(int, depth);
    QFETCH(bool, objects);
    const JsonLayout layout = JsonLayout::build(nested(depth, objects));
    QVERIFY(layout.isJson());
    QCOMPARE(layout.lineCount(), 2 * qsizetype(depth) + 1);
    QCOMPARE(layout.depth(depth), depth);
    QCOMPARE(layout.kind(depth), JsonLayout::Kind::Empty);
    QCOMPARE(layout.kind(layout.lineCount() - 1), JsonLayout::Kind::Close);
    QCOMPARE(layout.containerCount(), qsizetype(depth));
    QCOMPARE(layout.lineAfter(0), layout.lineCount());
    // Truncated that deep: still not a crash, and shown as received.
    const QByteArray cut = nested(depth, objects).left(depth);
    QVERIFY(!JsonLayout::build(cut).isJson());
}

void tst_JsonLayout::structure()
{
    const JsonLayout layout = JsonLayout::build(R"({"a":[1,{"b":2},[]],"c":{"d":null}})");
    QVERIFY(layout.isJson());
    // {  "a": [  1,  {  "b": 2  },  []  ],  "c": {  "d": null  }  }
    // 0  1       2   3  4       5   6    7   8       9          10 11
    QCOMPARE(layout.lineCount(), 12);
    QCOMPARE(layout.containerCount(), 4);
    QCOMPARE(layout.containerAt(0), 0);
    QCOMPARE(layout.container(0).count, 2u);
    QCOMPARE(layout.container(0).close, 11u);
    QCOMPARE(layout.containerAt(1), 1);
    QCOMPARE(layout.container(1).count, 3u);
    QCOMPARE(layout.container(1).close, 7u);
    QCOMPARE(layout.containerAt(3), 2);
    QCOMPARE(layout.container(2).count, 1u);
    QCOMPARE(layout.containerAt(2), -1);
    QCOMPARE(layout.containerAt(6), -1); // `[]` has no members
    QCOMPARE(layout.lineAfter(1), 8);
    QCOMPARE(layout.lineAfter(2), 3);
    QCOMPARE(layout.lineAfter(3), 6);
    QCOMPARE(layout.lineAfter(8), 11);
    QCOMPARE(layout.keyToken(1).toByteArray(), QByteArray("\"a\""));
    QCOMPARE(layout.keyToken(2).toByteArray(), QByteArray());
    QCOMPARE(layout.keyOffset(1), 1);
    QCOMPARE(layout.valueOffset(1), 5);
    QVERIFY(layout.hasComma(7));
    QVERIFY(!layout.hasComma(10));
}

void tst_JsonLayout::valueText()
{
    const JsonLayout layout = JsonLayout::build(R"({"a":[1,{"b":2.50},[]],"c":"x"})");
    QCOMPARE(layout.valueText(1),
             QStringLiteral("[\n    1,\n    {\n        \"b\": 2.50\n    },\n"
                            "    []\n]"));
    QCOMPARE(layout.valueText(3), QStringLiteral("{\n    \"b\": 2.50\n}"));
    QCOMPARE(layout.valueText(6), QStringLiteral("[]"));
    QCOMPARE(layout.valueText(8), QStringLiteral("\"x\""));
}

void tst_JsonLayout::partialLayoutsArePrefixes()
{
    QByteArray body = "[";
    for (int i = 0; i < 20000; ++i)
        body += (i ? "," : "") + QByteArray(R"({"role":"user","content":"turn )")
                + QByteArray::number(i) + R"("})";
    body += "]";
    QList<JsonLayout> partials;
    const JsonLayout layout = JsonLayout::build(body, {}, [&partials](const JsonLayout &partial) {
        partials.append(partial);
    });
    QVERIFY(layout.isComplete());
    QVERIFY(!partials.isEmpty());
    for (const JsonLayout &partial : std::as_const(partials)) {
        QVERIFY(!partial.isComplete());
        QVERIFY(!partial.isJson());
        QVERIFY(partial.lineCount() > 0 && partial.lineCount() < layout.lineCount());
        for (qsizetype i : {qsizetype(0), partial.lineCount() / 2, partial.lineCount() - 1})
            QCOMPARE(partial.lineText(i), layout.lineText(i));
    }
}

void tst_JsonLayout::cancelled()
{
    QByteArray body = "[";
    for (int i = 0; i < 200000; ++i)
        body += (i ? ",1" : "1");
    body += "]";
    const JsonLayout layout = JsonLayout::build(body, [] { return true; });
    QVERIFY(layout.isCancelled());
    QVERIFY(!layout.isJson());
}

QTEST_GUILESS_MAIN(tst_JsonLayout)
#include "tst_jsonlayout.moc"
