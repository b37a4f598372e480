// Every export format on a tool call made while speaking, its failed result and the retry, a
// call with no result and a result whose call is missing: the agent's words are written as
// speech, never under a result heading, and each result says which of its call's results it is.
// With tools left out, the words of a turn that called a tool stay.
#include "core/call/samplecall.h"
#include "exportchecks.h"
#include "toolcallturns.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QTest>

using namespace Revox;
using namespace Revox::ExportChecks;
using namespace Revox::ToolCallTurns;

namespace {

const QString noteWords = QStringLiteral("I'll note that for the front desk.");

// The sample call whose latest attempt holds every shape.
Call toolCall()
{
    QList<TranscriptEntry> turns = callFailureRetry();
    turns.append(
        callWhileSaying(noteWords,
                        QStringLiteral("add_note"),
                        QJsonObject{{QStringLiteral("text"), QStringLiteral("afternoons")}}));
    turns.append(result(QStringLiteral("send_sms"), QStringLiteral("queued")));
    Call call = sampleCall();
    call.callAttempts[0].transcript = turns;
    return call;
}

QString exportedText(ExportFormat format, bool tools = true)
{
    return QString::fromUtf8(
        exported(toolCall(), options(format, AttemptSelection::latest(), tools, false)));
}

} // namespace

class tst_ExportToolCalls final : public QObject
{
    Q_OBJECT

private slots:
    void spokenWordsAreNeverAResult_data();
    void spokenWordsAreNeverAResult();
    void markdownNamesEachResult();
    void textNamesEachResult();
    void htmlKeepsWordsOutOfCards();
    void jsonAndCsvKeepTheWordsWithoutTools();
};

void tst_ExportToolCalls::spokenWordsAreNeverAResult_data()
{
    QTest::addColumn<ExportFormat>("format");
    QTest::addColumn<bool>("tools");
    for (const bool tools : {true, false}) {
        const char *suffix = tools ? "" : "-no-tools";
        QTest::addRow("text%s", suffix) << ExportFormat::Text << tools;
        QTest::addRow("markdown%s", suffix) << ExportFormat::Markdown << tools;
        QTest::addRow("html%s", suffix) << ExportFormat::Html << tools;
        QTest::addRow("csv%s", suffix) << ExportFormat::Csv << tools;
        QTest::addRow("json%s", suffix) << ExportFormat::Json << tools;
    }
}

void tst_ExportToolCalls::spokenWordsAreNeverAResult()
{
    QFETCH(ExportFormat, format);
    QFETCH(bool, tools);
    const QString out = exportedText(format, tools);
    // The words are there, tools or not (Markdown escapes the final period of neither).
    QVERIFY2(out.contains(QStringLiteral("Let me check the calendar for Wednesday")),
             qPrintable(out));
    QVERIFY(out.contains(QStringLiteral("I'll note that for the front desk")));
    // …and never right under a result heading, whatever the format's spelling of it.
    static const QRegularExpression resultThenWords(
        QStringLiteral("(result|Result)[^\\n]*\\n+[ `a-z]*\\n?[ ]*(Let me check|I'll note)"));
    QVERIFY2(!resultThenWords.match(out).hasMatch(), qPrintable(out));
    if (!tools) {
        QVERIFY(!out.contains(QStringLiteral("Timeout: the calendar")));
        QVERIFY(!out.contains(QStringLiteral("queued")));
    }
}

void tst_ExportToolCalls::markdownNamesEachResult()
{
    const QString md = exportedText(ExportFormat::Markdown);
    const QStringList expected{
        QStringLiteral("**Agent:** Let me check the calendar for Wednesday."),
        QStringLiteral("**Tool call: check_availability**"),
        QStringLiteral("*Results in turns 3 and 4*"),
        QStringLiteral("**Tool result: check_availability** — result 1 of 2 — **failed**"),
        QStringLiteral("*Call in turn 2*"),
        QStringLiteral("**Tool result: check_availability** — result 2 of 2, retry after a "
                       "failure"),
        QStringLiteral("**Tool call: add_note**"),
        QStringLiteral("*No result in the transcript*"),
        QStringLiteral("**Tool result: send_sms** — result without its call"),
        QStringLiteral("*Its call is not in the transcript*"),
    };
    qsizetype from = 0;
    for (const QString &line : expected) {
        const qsizetype at = md.indexOf(QLatin1Char('\n') + line + QLatin1Char('\n'), from);
        QVERIFY2(at >= 0, qPrintable(line + QStringLiteral("\n---\n") + md));
        from = at + 1; // in this order
    }
    // The card of a call made while speaking has no result section of its own.
    const qsizetype call = md.indexOf(QStringLiteral("**Tool call: check_availability**"));
    const qsizetype firstResult = md.indexOf(QStringLiteral("**Tool result:"));
    QVERIFY(!md.mid(call, firstResult - call).contains(QStringLiteral("Result:")));
}

void tst_ExportToolCalls::textNamesEachResult()
{
    const QString text = exportedText(ExportFormat::Text);
    QVERIFY2(text.contains(QStringLiteral("Agent: Let me check the calendar for Wednesday.\n\n"
                                          "[tool] check_availability\n"
                                          "    (Results in turns 3 and 4)\n"
                                          "    arguments:\n")),
             qPrintable(text));
    QVERIFY(text.contains(QStringLiteral("[tool] check_availability — result 1 of 2 — FAILED\n"
                                         "    (Call in turn 2)\n"
                                         "    error:\n"
                                         "      Timeout: the calendar did not answer within 5 s")));
    QVERIFY(text.contains(
        QStringLiteral("[tool] check_availability — result 2 of 2, retry after a failure\n"
                       "    (Call in turn 2)\n"
                       "    arguments:\n")));
    QVERIFY(text.contains(QStringLiteral("[tool] add_note\n    (No result in the transcript)\n")));
    QVERIFY(text.contains(QStringLiteral("[tool] send_sms — result without its call\n"
                                         "    (Its call is not in the transcript)\n"
                                         "    result:\n      queued")));
    // The words said while calling add_note are speech, and nothing follows them as a result.
    QVERIFY(text.contains(QStringLiteral("Agent: ") + noteWords + QStringLiteral("\n\n[tool]")));

    const QString noTools = exportedText(ExportFormat::Text, false);
    QVERIFY(noTools.contains(QStringLiteral("Agent: Let me check the calendar for Wednesday.")));
    QVERIFY(!noTools.contains(QStringLiteral("[tool]")));
}

void tst_ExportToolCalls::htmlKeepsWordsOutOfCards()
{
    const QString html = exportedText(ExportFormat::Html);
    QVERIFY(html.contains(QStringLiteral(
        "<div class=\"content api\" dir=\"auto\">Let me check the calendar for Wednesday.</div>")));
    QVERIFY(!html.contains(QStringLiteral(">Let me check the calendar for Wednesday.</pre>")));
    QVERIFY(html.contains(QStringLiteral("— result 2 of 2, retry after a failure")));
    QVERIFY(html.contains(QStringLiteral("<div class=\"note\">No result in the transcript</div>")));
}

void tst_ExportToolCalls::jsonAndCsvKeepTheWordsWithoutTools()
{
    const QJsonObject root
        = QJsonDocument::fromJson(exportedText(ExportFormat::Json, false).toUtf8()).object();
    const QJsonArray turns = root.value(QStringLiteral("attempts"))
                                 .toArray()
                                 .at(0)
                                 .toObject()
                                 .value(QStringLiteral("transcript"))
                                 .toArray();
    QStringList indexes;
    for (const QJsonValue &turn : turns) {
        indexes.append(QString::number(turn[QStringLiteral("index")].toInt()));
        QVERIFY(turn[QStringLiteral("tool")].isNull());
    }
    QCOMPARE(indexes.join(QLatin1Char(',')), QStringLiteral("1,2,5,6"));
    QCOMPARE(turns.at(1)[QStringLiteral("content")].toString(), checkWords());

    bool ok = false;
    const QList<QStringList> rows = readCsv(exportedText(ExportFormat::Csv, false).toUtf8(), &ok);
    QVERIFY(ok);
    QCOMPARE(rows.size(), 5); // the header and four turns
    QCOMPARE(rows.at(2).at(3), checkWords());
    QCOMPARE(rows.at(2).at(4), QString()); // no tool name without tools

    // With tools, JSON keeps every turn as sent: the words in `content`, the call in `tool`.
    const QJsonObject all = QJsonDocument::fromJson(exportedText(ExportFormat::Json).toUtf8())
                                .object();
    const QJsonObject call = all.value(QStringLiteral("attempts"))
                                 .toArray()
                                 .at(0)
                                 .toObject()
                                 .value(QStringLiteral("transcript"))
                                 .toArray()
                                 .at(1)
                                 .toObject();
    QCOMPARE(call.value(QStringLiteral("content")).toString(), checkWords());
    QCOMPARE(call.value(QStringLiteral("tool")).toObject().value(QStringLiteral("name")).toString(),
             QStringLiteral("check_availability"));
}

QTEST_MAIN(tst_ExportToolCalls)
#include "tst_exporttoolcalls.moc"
