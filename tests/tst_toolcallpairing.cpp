// ToolCallPairing: every shape of tool call the API's schema allows, mixed and malformed ones,
// described the way a reader of the transcript sees them, and its cost at 100,000 turns.
#include "core/call/toolcallpairing.h"
#include "toolcallturns.h"

#include <QElapsedTimer>
#include <QTest>

using namespace Revox;
using namespace Revox::ToolCallTurns;
using namespace Qt::Literals::StringLiterals;

namespace {

// One letter per turn: S speech, C[…] a call made while speaking with its results' turns (1-based),
// R k/n@c result k of n of the call in turn c, O a result without its call, T a standalone call.
// A trailing ! marks a turn of a failed call (or a failed orphan).
QString describe(const ToolCallPairing &pairing)
{
    QStringList parts;
    for (int turn = 0; turn < pairing.turnCount(); ++turn) {
        QString part;
        switch (pairing.kind(turn)) {
        case ToolCallPairing::Kind::Speech:
            part = QStringLiteral("S");
            break;
        case ToolCallPairing::Kind::SpeechWithCall: {
            QStringList results;
            for (const int result : pairing.resultTurns(turn))
                results.append(QString::number(result + 1));
            part = QStringLiteral("C[%1]").arg(results.join(QLatin1Char(',')));
            break;
        }
        case ToolCallPairing::Kind::Result:
            part = QStringLiteral("R%1/%2@%3")
                       .arg(pairing.resultNumber(turn))
                       .arg(pairing.resultCount(turn))
                       .arg(pairing.callTurn(turn) + 1);
            break;
        case ToolCallPairing::Kind::OrphanResult:
            part = QStringLiteral("O");
            break;
        case ToolCallPairing::Kind::StandaloneCall:
            part = QStringLiteral("T");
            break;
        }
        if (pairing.callFailed(turn))
            part += QLatin1Char('!');
        parts.append(part);
    }
    return parts.join(QLatin1Char(' '));
}

TranscriptEntry standalone(const QString &name, const QString &content, bool failed = false)
{
    return resultWithArguments(name, QStringLiteral("{\"n\": 1}"), content, failed);
}

const QString check = QStringLiteral("check_availability");
const QString book = QStringLiteral("book_appointment");
const QJsonObject args{{QStringLiteral("date"), QStringLiteral("2025-11-19")}};

} // namespace

class tst_ToolCallPairing final : public QObject
{
    Q_OBJECT

private slots:
    void shapes_data();
    void shapes();
    void words();
    void englishForExports();
    void hundredThousandTurns();
};

void tst_ToolCallPairing::shapes_data()
{
    QTest::addColumn<QList<TranscriptEntry>>("turns");
    QTest::addColumn<QString>("expected");
    QTest::addColumn<int>("toolCalls");
    QTest::addColumn<int>("failed");
    QTest::addColumn<int>("orphans");

    const TranscriptEntry hello = said(QStringLiteral("user"), QStringLiteral("Hello?"));
    QTest::newRow("speech-only") << QList<TranscriptEntry>{hello, said(u"assistant"_s, u"Hi"_s)}
                                 << u"S S"_s << 0 << 0 << 0;
    QTest::newRow("call-one-result")
        << QList<TranscriptEntry>{callWhileSaying(checkWords(), check, args),
                                  result(check, QStringLiteral("{\"slots\": []}"))}
        << u"C[2] R1/1@1"_s << 1 << 0 << 0;
    QTest::newRow("call-failure-retry")
        << callFailureRetry() << u"S C[3,4] R1/2@2 R2/2@2 S"_s << 1 << 0 << 0;
    QTest::newRow("call-failure-only")
        << QList<TranscriptEntry>{callWhileSaying(checkWords(), check, args),
                                  result(check, QStringLiteral("Timeout"), true)}
        << u"C[2]! R1/1@1!"_s << 1 << 1 << 0;
    QTest::newRow("call-success-then-failure")
        << QList<TranscriptEntry>{callWhileSaying(checkWords(), check, args),
                                  result(check, QStringLiteral("ok")),
                                  result(check, QStringLiteral("gone"), true)}
        << u"C[2,3]! R1/2@1! R2/2@1!"_s << 1 << 1 << 0;
    QTest::newRow("result-empty-content")
        << QList<TranscriptEntry>{callWhileSaying(checkWords(), check, args), result(check, {})}
        << u"C[2] R1/1@1"_s << 1 << 0 << 0;
    QTest::newRow("call-no-result")
        << QList<TranscriptEntry>{callWhileSaying(checkWords(), check, args), hello} << u"C[] S"_s
        << 1 << 0 << 0;
    QTest::newRow("result-without-call")
        << QList<TranscriptEntry>{hello, result(check, QStringLiteral("{\"slots\": []}"))}
        << u"S O"_s << 1 << 0 << 1;
    QTest::newRow("failed-result-without-call")
        << QList<TranscriptEntry>{result(check, QStringLiteral("boom"), true)} << u"O!"_s << 1 << 1
        << 1;
    // Today's shape: name, arguments and result in one `tool` turn, each its own call, even when
    // the same tool is called again.
    QTest::newRow("standalone") << QList<TranscriptEntry>{standalone(book,
                                                                     QStringLiteral("Timeout"),
                                                                     true),
                                                          hello,
                                                          standalone(book,
                                                                     QStringLiteral("confirmed"))}
                                << u"T! S T"_s << 2 << 1 << 0;
    QTest::newRow("standalone-after-an-assistant-call-is-its-result")
        << QList<TranscriptEntry>{callWhileSaying(checkWords(), check, args),
                                  standalone(check, QStringLiteral("ok"))}
        << u"C[2] R1/1@1"_s << 1 << 0 << 0;
    QTest::newRow("two-tools-interleaved")
        << QList<TranscriptEntry>{callWhileSaying(checkWords(), check, args),
                                  callWhileSaying(QStringLiteral("And booking it."), book, args),
                                  result(book, QStringLiteral("Timeout"), true),
                                  result(check, QStringLiteral("{\"slots\": []}")),
                                  result(book, QStringLiteral("confirmed"))}
        << u"C[4] C[3,5] R1/2@2 R1/1@1 R2/2@2"_s << 2 << 0 << 0;
    QTest::newRow("same-tool-two-calls-results-go-to-the-latest")
        << QList<TranscriptEntry>{callWhileSaying(checkWords(), check, args),
                                  result(check, QStringLiteral("none")),
                                  callWhileSaying(QStringLiteral("Thursday then?"), check, args),
                                  result(check, QStringLiteral("Timeout"), true),
                                  result(check, QStringLiteral("{\"slots\": [\"9:00\"]}"))}
        << u"C[2] R1/1@1 C[4,5] R1/2@3 R2/2@3"_s << 2 << 0 << 0;
    // The docs' own example: tool fields on a `user` turn. The role says who spoke: its content
    // is what the caller said, and the turn carries a call whose result is not there; the turn's
    // own tool_is_error says the call failed.
    TranscriptEntry userCall = said(QStringLiteral("user"), QStringLiteral("content"));
    userCall.toolName = QStringLiteral("tool_name");
    userCall.toolArguments.setObject({{QStringLiteral("foo"), QStringLiteral("bar")}});
    userCall.toolIsError = true;
    QTest::newRow("docs-example-user-turn")
        << QList<TranscriptEntry>{userCall} << u"C[]!"_s << 1 << 1 << 0;
    QTest::newRow("unknown-role-speech")
        << QList<TranscriptEntry>{said(QStringLiteral("supervisor"), QStringLiteral("note"))}
        << u"S"_s << 0 << 0 << 0;
    TranscriptEntry supervisorCall = said(QStringLiteral("supervisor"),
                                          QStringLiteral("Escalating"));
    supervisorCall.toolName = QStringLiteral("transfer");
    QTest::newRow("unknown-role-with-call")
        << QList<TranscriptEntry>{supervisorCall, result(QStringLiteral("transfer"), u"done"_s)}
        << u"C[2] R1/1@1"_s << 1 << 0 << 0;
    TranscriptEntry noRole;
    noRole.content = QStringLiteral("who?");
    TranscriptEntry noRoleTool = noRole;
    noRoleTool.toolName = check;
    TranscriptEntry bareTool;
    bareTool.role = QStringLiteral("tool");
    TranscriptEntry nullFlag = result(check, QStringLiteral("ok"));
    nullFlag.toolIsError.reset();
    QTest::newRow("null-and-missing-fields")
        << QList<TranscriptEntry>{noRole, noRoleTool, bareTool, nullFlag} << u"S O O O"_s << 3 << 0
        << 3;
    // A call without a name: no result can be shown to be its.
    TranscriptEntry unnamedCall = callWhileSaying(checkWords(), QString(), args);
    TranscriptEntry argsOnlyCall = said(QStringLiteral("assistant"), QStringLiteral("Hm."));
    argsOnlyCall.toolArguments.kind = ToolArguments::Kind::String;
    argsOnlyCall.toolArguments.text = QStringLiteral("{");
    QTest::newRow("unnamed-calls")
        << QList<TranscriptEntry>{unnamedCall, argsOnlyCall, result(QString(), u"x"_s)}
        << u"C[] C[] O"_s << 3 << 0 << 1;
    QTest::newRow("result-before-its-call")
        << QList<TranscriptEntry>{result(check, QStringLiteral("early")),
                                  callWhileSaying(checkWords(), check, args)}
        << u"O C[]"_s << 2 << 0 << 1;
    TranscriptEntry flaggedSpeech = said(QStringLiteral("assistant"), QStringLiteral("Sorry."));
    flaggedSpeech.toolIsError = true;
    QTest::newRow("error-flag-alone-is-speech")
        << QList<TranscriptEntry>{flaggedSpeech} << u"S"_s << 0 << 0 << 0;
    QTest::newRow("empty") << QList<TranscriptEntry>{} << u""_s << 0 << 0 << 0;
}

void tst_ToolCallPairing::shapes()
{
    QFETCH(QList<TranscriptEntry>, turns);
    QFETCH(QString, expected);
    QFETCH(int, toolCalls);
    QFETCH(int, failed);
    QFETCH(int, orphans);
    const ToolCallPairing pairing(turns);
    QCOMPARE(pairing.turnCount(), turns.size());
    QCOMPARE(describe(pairing), expected);
    QCOMPARE(pairing.toolCallCount(), toolCalls);
    QCOMPARE(pairing.failedCount(), failed);
    QCOMPARE(pairing.orphanCount(), orphans);
    // Spoken words are never a result, and a result is never speech.
    for (int turn = 0; turn < pairing.turnCount(); ++turn) {
        QVERIFY(!(pairing.hasSpeech(turn) && pairing.hasResult(turn)));
        if (turns.at(turn).role == QStringLiteral("assistant"))
            QVERIFY(pairing.hasSpeech(turn));
    }
}

void tst_ToolCallPairing::words()
{
    const ToolCallPairing pairing(callFailureRetry());
    QCOMPARE(pairing.note(1), QStringLiteral("Results in turns 3 and 4"));
    QCOMPARE(pairing.headline(2), QStringLiteral("result 1 of 2"));
    QCOMPARE(pairing.headline(3), QStringLiteral("result 2 of 2, retry after a failure"));
    QCOMPARE(pairing.note(3), QStringLiteral("Call in turn 2"));
    QVERIFY(pairing.isRetryAfterFailure(3));
    QVERIFY(!pairing.isRetryAfterFailure(2));
    QCOMPARE(pairing.headline(0), QString());
    QCOMPARE(pairing.note(0), QString());

    const ToolCallPairing alone({callWhileSaying(checkWords(), check, args),
                                 result(check, QStringLiteral("ok")),
                                 result(book, QStringLiteral("ok"))});
    QCOMPARE(alone.note(0), QStringLiteral("Result in turn 2"));
    QCOMPARE(alone.headline(1), QStringLiteral("result"));
    QCOMPARE(alone.headline(2), QStringLiteral("result without its call"));
    QCOMPARE(alone.note(2), QStringLiteral("Its call is not in the transcript"));
    const ToolCallPairing none({callWhileSaying(checkWords(), check, args)});
    QCOMPARE(none.note(0), QStringLiteral("No result in the transcript"));

    QList<TranscriptEntry> many{callWhileSaying(checkWords(), check, args)};
    for (int i = 0; i < 3; ++i)
        many.append(result(check, QStringLiteral("r")));
    QCOMPARE(ToolCallPairing(many).note(0), QStringLiteral("Results in turns 2, 3 and 4"));
}

void tst_ToolCallPairing::englishForExports()
{
    // No translator is installed in tests: both give the source text, and the English one never
    // goes through a translator at all.
    const ToolCallPairing pairing(callFailureRetry());
    QCOMPARE(pairing.headline(3, ToolCallPairing::Language::English),
             pairing.headline(3, ToolCallPairing::Language::Translated));
    QCOMPARE(pairing.note(1, ToolCallPairing::Language::English),
             QStringLiteral("Results in turns 3 and 4"));
}

void tst_ToolCallPairing::hundredThousandTurns()
{
    // The pairing runs on the GUI thread each time a call is shown: it must stay a few ms.
    QList<TranscriptEntry> turns;
    turns.reserve(100000);
    const QList<TranscriptEntry> block = callFailureRetry();
    while (turns.size() + block.size() <= 100000)
        turns.append(block);
    QElapsedTimer timer;
    timer.start();
    const ToolCallPairing pairing(turns);
    const qint64 ms = timer.elapsed();
    QCOMPARE(pairing.toolCallCount(), turns.size() / block.size());
    QCOMPARE(pairing.resultTurns(turns.size() - 4),
             (QList<int>{int(turns.size()) - 3, int(turns.size()) - 2}));
    qInfo("pairing %lld turns: %lld ms", qint64(turns.size()), ms);
    QVERIFY2(ms < 500, qPrintable(QString::number(ms)));
}

QTEST_GUILESS_MAIN(tst_ToolCallPairing)
#include "tst_toolcallpairing.moc"
