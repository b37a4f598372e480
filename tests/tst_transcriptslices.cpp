// The parser reads transcripts a slice at a time (TranscriptSlices): these tests show that the cut
// is where the transcripts are, that anything unusual makes it decline, and that the call a user
// sees is the same as from one parse of the whole body, for the odd and the broken alike.
#include "core/call/callparser.h"
#include "core/call/samplecall.h"
#include "core/call/transcriptslices.h"
#include "support/parseagreement.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSemaphore>
#include <QTest>
#include <QThreadPool>

using namespace Revox;

// Declared before the test data: moc does not follow raw string literals holding quotes.
class tst_TranscriptSlices : public QObject
{
    Q_OBJECT

private slots:
    void cutsOutEveryTranscript_data();
    void cutsOutEveryTranscript();
    void declines_data();
    void declines();
    void sameCallAsWholeParse_data();
    void sameCallAsWholeParse();
    void repeatedTranscriptIsReadOnce();
    void differingLastAttemptIsReadOnItsOwn();
    void busyThreadPoolReadsOnThisThread();
};

namespace {

// Turns with text that looks like structure: quotes, backslashes and brackets inside strings,
// nested arrays and objects in tool arguments, and a tool result holding JSON in a string.
QByteArray turns(int count, const QByteArray &marker = QByteArray())
{
    QByteArray out = "[";
    for (int i = 0; i < count; ++i) {
        if (i > 0)
            out += i % 7 == 0 ? " ,\n  " : ",";
        if (i % 10 == 9) {
            out += R"({"role":"tool","tool_name":"lookup","tool_arguments":{"q":"]}\"[{","n":[1,[2,{"d":"}"}]],"e":{}},)"
                   R"("content":"{\"ok\":true,\"rows\":[1,2]}","tool_is_error":false})";
        } else {
            out += R"({"role":")" + QByteArray(i % 2 ? "assistant" : "user")
                   + R"(","content":"turn )" + QByteArray::number(i) + marker
                   + R"( says \"hi\\\" [ { } ] \\\\ ok"})";
        }
    }
    return out + "]";
}

QByteArray attempt(const QByteArray &id, const QByteArray &transcript)
{
    return R"({"id":")" + id + R"(","status":"completed","phone_number":"+33612345678",)"
           + R"("started_at":"2026-01-02T10:00:00Z","transcript":)" + transcript + "}";
}

// A call with two attempts, the latest repeated as `last_call_attempt` unless told otherwise.
QByteArray call(const QByteArray &latestTranscript,
                const QByteArray &lastTranscript = QByteArray(),
                const QByteArray &olderTranscript = turns(3))
{
    const QByteArray latest = attempt("a2", latestTranscript);
    const QByteArray last = lastTranscript.isNull() ? latest : attempt("a2", lastTranscript);
    return R"({"call": {"id":"call-1","status":"completed","call_attempts":[)" + latest + ",\n"
           + attempt("a1", olderTranscript) + R"(], "last_call_attempt": )" + last
           + R"(, "sentiment": {"score": 0.5}}})";
}

QByteArrayView bytes(const QByteArray &body, const TranscriptSlices::Range &range)
{
    return QByteArrayView(body.constData() + range.begin, range.size());
}

// The transcript as the slices give it back: every slice parsed on its own, joined.
QJsonArray rejoined(const QByteArray &body, const TranscriptSlices::Transcript &transcript)
{
    QJsonArray out;
    for (const TranscriptSlices::Range &slice : transcript.slices) {
        const QJsonDocument document = QJsonDocument::fromJson(
            "[" + bytes(body, slice).toByteArray() + "]");
        if (!document.isArray())
            qFatal("a slice does not parse on its own");
        for (const QJsonValue &value : document.array())
            out.append(value);
    }
    return out;
}

} // namespace

void tst_TranscriptSlices::cutsOutEveryTranscript_data()
{
    QTest::addColumn<qsizetype>("sliceBytes");
    QTest::addColumn<int>("latestTurns");
    QTest::addColumn<int>("expectedSlices");

    QTest::newRow("one slice when the transcript is small")
        << TranscriptSlices::DefaultSliceBytes << 40 << 1;
    QTest::newRow("one turn per slice") << qsizetype(1) << 40 << 40;
    QTest::newRow("a few turns per slice") << qsizetype(1000) << 40 << -1;
    QTest::newRow("empty transcript has no slices") << qsizetype(1) << 0 << 0;
}

void tst_TranscriptSlices::cutsOutEveryTranscript()
{
    QFETCH(qsizetype, sliceBytes);
    QFETCH(int, latestTurns);
    QFETCH(int, expectedSlices);

    const QByteArray body = call(turns(latestTurns));
    const std::optional<TranscriptSlices> found = TranscriptSlices::find(body, sliceBytes);
    QVERIFY(found);
    QCOMPARE(found->attempts.size(), 2);
    QVERIFY(found->attempts.at(0) && found->attempts.at(1) && found->lastAttempt);
    const QList<TranscriptSlices::Slice> &slices = found->attempts.at(0)->slices;
    if (expectedSlices >= 0)
        QCOMPARE(slices.size(), expectedSlices);
    else
        QVERIFY(slices.size() > 1 && slices.size() < latestTurns);
    for (qsizetype i = 0; i + 1 < slices.size(); ++i)
        QVERIFY(slices.at(i).size() >= sliceBytes); // only the last slice may be short
    qsizetype counted = 0;
    for (const TranscriptSlices::Slice &slice : slices) {
        QVERIFY(slice.turns > 0);
        counted += slice.turns;
    }
    QCOMPARE(counted, qsizetype(latestTurns));

    const QByteArray skeleton = call("[]", QByteArray(), "[]");
    QCOMPARE(found->skeleton, skeleton);

    const QJsonObject whole
        = QJsonDocument::fromJson(body).object().value(QLatin1String("call")).toObject();
    const QJsonArray attempts = whole.value(QLatin1String("call_attempts")).toArray();
    const auto transcriptOf = [](const QJsonValue &attempt) {
        return attempt.toObject().value(QLatin1String("transcript")).toArray();
    };
    QCOMPARE(rejoined(body, *found->attempts.at(0)), transcriptOf(attempts.at(0)));
    QCOMPARE(rejoined(body, *found->attempts.at(1)), transcriptOf(attempts.at(1)));
    QCOMPARE(rejoined(body, *found->lastAttempt),
             transcriptOf(whole.value(QLatin1String("last_call_attempt"))));
    QCOMPARE(bytes(body, found->attempts.at(0)->array), QByteArrayView(turns(latestTurns)));
}

void tst_TranscriptSlices::declines_data()
{
    QTest::addColumn<QByteArray>("body");

    QTest::newRow("no transcript at all") << QByteArray(R"({"call": {"id": "x"}})");
    QTest::newRow("transcript is null") << call("null", "null", "null");
    QTest::newRow("key written with an escape")
        << QByteArray(R"({"call": {"id":"x","call_attempts":[{"transcr\u0069pt":[]}]}})");
    QTest::newRow("root key written with an escape")
        << QByteArray(R"({"c\u0061ll": {"call_attempts":[{"transcript":[]}]}})");
    QTest::newRow("transcript given twice")
        << QByteArray(R"({"call": {"call_attempts":[{"transcript":[],"transcript":[{}]}]}})");
    QTest::newRow("call given twice")
        << QByteArray(R"({"call": {"call_attempts":[{"transcript":[]}]}, "call": {}})");
    QTest::newRow("call_attempts given twice")
        << QByteArray(R"({"call": {"call_attempts":[{"transcript":[]}],"call_attempts":[]}})");
    QTest::newRow("byte order mark") << "\xEF\xBB\xBF" + call(turns(2));
    QTest::newRow("trailing garbage") << call(turns(2)) + "x";
    QTest::newRow("two documents") << call(turns(2)) + call(turns(2));
    QTest::newRow("truncated") << call(turns(20)).left(300);
    QTest::newRow("unterminated string in a turn")
        << QByteArray(R"({"call": {"call_attempts":[{"transcript":[{"content":"abc}]}]}})");
    QTest::newRow("missing comma between turns")
        << QByteArray(R"({"call": {"call_attempts":[{"transcript":[{} {}]}]}})");
    QTest::newRow("trailing comma in a transcript")
        << QByteArray(R"({"call": {"call_attempts":[{"transcript":[{},]}]}})");
    QTest::newRow("top-level list")
        << QByteArray(R"([{"call": {"call_attempts":[{"transcript":[]}]}}])");
    QTest::newRow("empty") << QByteArray();
}

void tst_TranscriptSlices::declines()
{
    QFETCH(QByteArray, body);
    QVERIFY(!TranscriptSlices::find(body, 1));
}

void tst_TranscriptSlices::sameCallAsWholeParse_data()
{
    QTest::addColumn<QByteArray>("body");

    const QByteArray longTranscript = turns(3000); // several 64 KiB slices
    QTest::newRow("bundled sample call") << SampleCall::json();
    QTest::newRow("two attempts, latest repeated") << call(turns(30));
    QTest::newRow("3,000 turns in several slices") << call(longTranscript);
    QTest::newRow("last attempt differs by one letter") << call(turns(30), turns(30, "!"));
    QTest::newRow("last attempt is the same JSON spaced differently")
        << call(turns(30), QByteArray(turns(30)).replace(",", " , "));
    QTest::newRow("last attempt without transcript") << call(turns(30), "null");
    QTest::newRow("empty transcripts") << call("[]", "[]", "[ ]");
    QTest::newRow("whitespace everywhere") << QByteArray(
        " \n{ \"call\" :\t{ \"id\" : \"x\" , \"call_attempts\" : [ { \"id\" : \"a\" , "
        "\"transcript\" : [ { \"role\" : \"user\" , \"content\" : \"hi\" } ] } ] } } \r\n");
    QTest::newRow("brackets and quotes inside texts") << call(turns(30, R"( ]} \" [{ \\)"));

    // Broken inside a transcript: the whole parse names the problem; so must parse().
    QByteArray mismatched = call(longTranscript);
    mismatched.replace(mismatched.indexOf(R"("content":"turn 2500 )") - 1, 1, "[");
    QTest::newRow("mismatched bracket deep in a long transcript") << mismatched;
    QByteArray invalidUtf8 = call(longTranscript);
    invalidUtf8.replace("turn 2900 ", "turn \xff\xfe ");
    QTest::newRow("invalid UTF-8 in a later slice") << invalidUtf8;
    QTest::newRow("missing comma between turns")
        << QByteArray(R"({"call": {"id":"x","call_attempts":[{"transcript":[{} {}]}]}})");
    QTest::newRow("trailing comma in a transcript")
        << QByteArray(R"({"call": {"id":"x","call_attempts":[{"transcript":[{},]}]}})");
    QTest::newRow("truncated in a transcript") << call(longTranscript).left(200000);
    QByteArray noId = call(turns(30));
    noId.replace(R"("id":"call-1",)", "");
    noId.replace("turn 20 ", "turn 20 \xff");
    QTest::newRow("not a call and not valid UTF-8: the JSON error wins") << noId;

    // Wrong shapes inside slices: warnings and errors must name the same turn index.
    QByteArray stringTurn = call(longTranscript);
    stringTurn.replace(R"({"role":"user","content":"turn 2500 says)",
                       R"("hello",{"role":"user","content":"turn 2500 says)");
    QTest::newRow("a turn that is text, in a later slice") << stringTurn;
    QByteArray numberRole = call(longTranscript);
    numberRole.replace(R"("role":"user","content":"turn 2998 )",
                       R"("role":7,"content":"turn 2998 )");
    QTest::newRow("a role that is a number, in the last slice") << numberRole;
    QByteArray wrongRoles = numberRole;
    wrongRoles.replace(R"("role":"user","content":"turn 4 )", R"("role":[],"content":"turn 4 )");
    wrongRoles.replace(R"("role":"user","content":"turn 1502 )", R"("content":"turn 1502 )");
    QTest::newRow("wrong roles in the first, middle and last slices") << wrongRoles;
    QTest::newRow("attempt that is not an object")
        << QByteArray(R"({"call": {"id":"x","call_attempts":["a1",{"transcript":[]}]}})");
    QTest::newRow("transcript that is an object") << call("{}");
    QTest::newRow("deeply nested tool arguments")
        << call("[{\"role\":\"tool\",\"tool_arguments\":" + QByteArray(3000, '[')
                + QByteArray(3000, ']') + "}]");
    QTest::newRow("unknown fields kept")
        << call(turns(5)).replace(R"("sentiment")", R"("mood":[1,2],"sentiment")");
}

void tst_TranscriptSlices::sameCallAsWholeParse()
{
    QFETCH(QByteArray, body);
    const QString whole = TestSupport::fingerprint(CallParser::parseWhole(body));
    // A long transcript's slices are read in as many runs as the global pool has threads, side
    // by side: one run (a single core), two, and more runs than this machine has cores.
    QThreadPool *pool = QThreadPool::globalInstance();
    const int threads = pool->maxThreadCount();
    for (const int runs : {1, 2, 5}) {
        pool->setMaxThreadCount(runs);
        const QString sliced = TestSupport::fingerprint(CallParser::parse(body));
        pool->setMaxThreadCount(threads);
        QVERIFY2(sliced == whole, qPrintable(QStringLiteral("%1 runs").arg(runs)));
    }
}

void tst_TranscriptSlices::repeatedTranscriptIsReadOnce()
{
    const CallParseResult result = CallParser::parse(call(turns(3000)));
    QVERIFY2(result.isValid(), qPrintable(result.error.message));
    const Call &shown = *result.call;
    QVERIFY(shown.lastCallAttempt && shown.lastCallAttempt->transcript);
    QCOMPARE(shown.lastCallAttempt->transcript->size(), 3000);
    // Shared, not a second copy of 3,000 turns.
    QVERIFY(shown.lastCallAttempt->transcript->constData()
            == shown.callAttempts.constFirst().transcript->constData());
    QCOMPARE(shown.otherFields.keys(), QStringList{QStringLiteral("sentiment")});
}

void tst_TranscriptSlices::differingLastAttemptIsReadOnItsOwn()
{
    const CallParseResult result = CallParser::parse(call(turns(300), turns(300, "!")));
    QVERIFY2(result.isValid(), qPrintable(result.error.message));
    const Call &shown = *result.call;
    QVERIFY(shown.lastCallAttempt && shown.lastCallAttempt->transcript);
    QVERIFY(shown.lastCallAttempt->transcript->constData()
            != shown.callAttempts.constFirst().transcript->constData());
    QVERIFY(
        shown.lastCallAttempt->transcript->at(4).content.contains(QLatin1String("turn 4! says")));
    QVERIFY(!shown.callAttempts.constFirst().transcript->at(4).content.contains(QLatin1Char('!')));
}

// With every pool thread taken, the runs are read here rather than waited for: no deadlock, and
// the same call.
void tst_TranscriptSlices::busyThreadPoolReadsOnThisThread()
{
    QByteArray body = call(turns(3000));
    body.replace(R"("role":"user","content":"turn 2998 )", R"("role":7,"content":"turn 2998 )");
    QThreadPool *pool = QThreadPool::globalInstance();
    const int threads = pool->maxThreadCount();
    pool->setMaxThreadCount(4);
    QSemaphore occupied;
    QSemaphore release;
    for (int i = 0; i < 4; ++i) {
        pool->start([&] {
            occupied.release();
            release.acquire();
        });
    }
    occupied.acquire(4);
    const CallParseResult parsed = CallParser::parse(body);
    release.release(4);
    pool->waitForDone();
    pool->setMaxThreadCount(threads);

    QVERIFY2(parsed.isValid(), qPrintable(parsed.error.message));
    QCOMPARE(parsed.call->callAttempts.constFirst().transcript->size(), 3000);
    const QStringList aboutTurns = parsed.warnings.filter(QLatin1String("transcript["));
    QCOMPARE(aboutTurns,
             QStringList{QStringLiteral("`call.call_attempts[0].transcript[2998].role` should be "
                                        "text but is a number; ignored.")});
    QCOMPARE(TestSupport::fingerprint(parsed),
             TestSupport::fingerprint(CallParser::parseWhole(body)));
}

QTEST_GUILESS_MAIN(tst_TranscriptSlices)
#include "tst_transcriptslices.moc"
