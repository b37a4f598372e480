#include "core/call/callparser.h"
#include "core/call/enumtext.h"
#include "core/call/format.h"
#include "core/call/samplecall.h"
#include "core/export/textreport.h"

#include <QTest>

using namespace Revox;

class tst_TextReport : public QObject
{
    Q_OBJECT

private slots:
    void sampleSummaryNamesWhatMatters();
    void toolCallsAreBlocksWithTheirError();
    void unknownEnumValuesAreShownRaw();
    void durations_data();
    void durations();
    void toolArguments_data();
    void toolArguments();
    void explanations();
};

void tst_TextReport::sampleSummaryNamesWhatMatters()
{
    const Call call = *CallParser::parse(SampleCall::json()).call;
    const QString summary = TextReport::callSummary(call);
    QVERIFY(
        summary.contains(QStringLiteral("Completed — Finished: no more attempts will be made.")));
    QVERIFY(summary.contains(QLatin1String("+33612345678")));
    QVERIFY(summary.contains(QLatin1String("November appointment reminders")));
    QVERIFY(summary.contains(QLatin1String("openai/gpt-4.1 via azure (OpenRouter)")));
    QVERIFY(summary.contains(QLatin1String("2025-11-12 08:58:47.201 UTC")));
    QVERIFY(summary.contains(QLatin1String("Metadata: patient_id")));
}

void tst_TextReport::toolCallsAreBlocksWithTheirError()
{
    const Call call = *CallParser::parse(SampleCall::json()).call;
    const QString text = TextReport::transcript(call.callAttempts.constFirst());
    QVERIFY(text.contains(QLatin1String("Agent: Hi, this is Nora")));
    QVERIFY(text.contains(QLatin1String("Caller: Yes, speaking.")));
    QVERIFY(text.contains(QStringLiteral("[tool] book_appointment — FAILED\n")));
    QVERIFY(text.contains(QLatin1String("    error:\n      Timeout: the scheduling service")));
    // String arguments that hold JSON come out pretty-printed.
    QVERIFY(text.contains(QLatin1String("      {\n          \"appointment_id\": \"apt_55987\",")));
    QVERIFY(!TextReport::transcript(call.callAttempts.constFirst(), false)
                 .contains(QLatin1String("[tool]")));
    QCOMPARE(TextReport::transcript(call.callAttempts.constLast()),
             QStringLiteral("(no transcript for this attempt)"));
}

void tst_TextReport::unknownEnumValuesAreShownRaw()
{
    QCOMPARE(EnumText::label(EnumField::AttemptResult, QStringLiteral("fax_machine")),
             QStringLiteral("fax_machine"));
    QCOMPARE(EnumText::explanation(EnumField::AttemptResult, QStringLiteral("fax_machine")),
             QString());
    QCOMPARE(EnumText::label(EnumField::AttemptResult, OpenEnum()), QStringLiteral("—"));
    // A value known in one field is not borrowed by another.
    QCOMPARE(EnumText::isKnown(EnumField::AttemptStatus, QStringLiteral("busy")), false);
    QVERIFY(!EnumText::expectedIsCompleted(QStringLiteral("paused")));
    QCOMPARE(EnumText::expectedIsCompleted(QStringLiteral("completed")), true);
    QCOMPARE(EnumText::expectedIsCancelled(QStringLiteral("completed")), false);
}

void tst_TextReport::durations_data()
{
    QTest::addColumn<qint64>("ms");
    QTest::addColumn<QString>("text");
    QTest::newRow("sub-second") << qint64(420) << QStringLiteral("0.4 s");
    QTest::newRow("seconds") << qint64(8423) << QStringLiteral("8.4 s");
    QTest::newRow("tens of seconds") << qint64(42'000) << QStringLiteral("42 s");
    QTest::newRow("minutes") << qint64(103'212) << QStringLiteral("1 min 43 s");
    QTest::newRow("hours") << qint64(3'725'000) << QStringLiteral("1 h 02 min");
    QTest::newRow("negative (clock skew)") << qint64(-2000) << QStringLiteral("−2.0 s");
}

void tst_TextReport::durations()
{
    QFETCH(qint64, ms);
    QFETCH(QString, text);
    QCOMPARE(Format::duration(ms), text);
}

void tst_TextReport::toolArguments_data()
{
    QTest::addColumn<int>("kind");
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("expected");
    QTest::newRow("plain string as-is")
        << int(ToolArguments::Kind::String) << QStringLiteral("note this")
        << QStringLiteral("note this");
    QTest::newRow("JSON string pretty")
        << int(ToolArguments::Kind::String) << QStringLiteral("{\"a\":1}")
        << QStringLiteral("{\n    \"a\": 1\n}");
    QTest::newRow("broken JSON string as-is")
        << int(ToolArguments::Kind::String) << QStringLiteral("{\"a\":")
        << QStringLiteral("{\"a\":");
    QTest::newRow("absent") << int(ToolArguments::Kind::Absent) << QString() << QString();
}

void tst_TextReport::toolArguments()
{
    QFETCH(int, kind);
    QFETCH(QString, text);
    QFETCH(QString, expected);
    ToolArguments args;
    args.kind = ToolArguments::Kind(kind);
    args.text = text;
    QCOMPARE(Format::toolArguments(args), expected);
}

void tst_TextReport::explanations()
{
    QCOMPARE(EnumText::explanation(EnumField::DialError,
                                   QStringLiteral("no_international_permission")),
             QStringLiteral("The caller's number is not allowed to call this country."));
    QCOMPARE(EnumText::explanation(EnumField::AttemptResult, QStringLiteral("ios-screening-filter")),
             QStringLiteral("Blocked by iOS call screening before reaching the person."));
}

QTEST_GUILESS_MAIN(tst_TextReport)
#include "tst_textreport.moc"
