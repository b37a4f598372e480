// SummaryModel: every field of the schema has a row, enums are explained, unknown values and
// fields are shown as sent, and deprecated flags that contradict the status are flagged.
#include "gui/summary/summarymodel.h"
#include "guitesthelpers.h"

#include <QAbstractItemModelTester>
#include <QJsonArray>
#include <QStandardPaths>
#include <QTest>

using namespace Revox;

class tst_SummaryModel final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }
    void everySchemaFieldHasARow_data();
    void everySchemaFieldHasARow();
    void sampleValues_data();
    void sampleValues();
    void exampleResponse();
    void deprecatedFlagsAgreeWithStatus();
    void hostileCalls_data();
    void hostileCalls();
    void clearing();
};

void tst_SummaryModel::everySchemaFieldHasARow_data()
{
    QTest::addColumn<QString>("key");
    const char *const keys[] = {
        "call.id",
        "call.status",
        "call.direction",
        "call.from_phone_number",
        "call.to_phone_number",
        "call.created_at",
        "call.scheduled_at",
        "call.calls_count",
        "call.organization_id",
        "call.first_sentence_delay_ms",
        "call.last_call_attempt",
        "call.is_completed",
        "call.is_cancelled",
        "call.campaign.id",
        "call.campaign.name",
        "call.metadata",
        "call.llm_model",
        "call.llm_model.type",
        "call.call_retry_config.max_retry_attempts",
        "call.call_retry_config.timezone",
        "call.call_retry_config.calling_windows[0].calling_window_start_time",
        "call.call_retry_config.calling_windows[0].calling_window_end_time",
        "call.call_retry_config.calling_windows[0].retry_delay_seconds",
        "call.assistant.id",
        "call.assistant.name",
        "call.assistant.organization_id",
        "call.assistant.prompt",
        "call.assistant.first_sentence",
        "call.assistant.first_sentence_mode",
        "call.assistant.first_sentence_delay_ms",
        "call.assistant.end_of_call_sentence",
        "call.assistant.voice.id",
        "call.assistant.voice.provider",
        "call.assistant.voice.speed",
        "call.assistant.voicemail_message",
        "call.assistant.transfer_phone_number",
        "call.assistant.ivr_navigation_enabled",
        "call.assistant.max_call_duration_secs",
        "call.assistant.background_sound",
        "call.assistant.webhook_url",
        "call.assistant.calendly.connection_id",
        "call.assistant.calendly.event_type_id",
        "call.assistant.llm_model",
        "call.assistant.created_at",
        "call.assistant.updated_at",
        "call.assistant.call_retry_config.max_retry_attempts",
        "call.assistant.call_retry_config.calling_windows[0].retry_delay_seconds",
        "call.assistant.faq_items[0].question",
        "call.assistant.faq_items[0].answer",
        "call.assistant.faq_items[0].id",
        "call.assistant.faq_items[0].needs_human_answer",
        "call.assistant.faq_items[0].source",
        "call.assistant.pending_faq_count",
        "call.assistant.structured_output_config[0].name",
        "call.assistant.structured_output_config[0].type",
        "call.assistant.structured_output_config[0].required",
        "call.assistant.structured_output_config[0].description",
        "call.assistant.structured_output_config[0].enum_options",
    };
    for (const char *key : keys)
        QTest::newRow(key) << QString::fromLatin1(key);
}

void tst_SummaryModel::everySchemaFieldHasARow()
{
    // The example response fills every documented field; attempts live in their own table.
    QFETCH(QString, key);
    SummaryModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setCall(TestCalls::example());
    const QModelIndex index = model.indexForKey(key);
    QVERIFY2(index.isValid(), qPrintable(key));
    QVERIFY(!index.siblingAtColumn(SummaryModel::Field).data().toString().isEmpty());
    QVERIFY(index.siblingAtColumn(SummaryModel::Value).data().isValid());
}

void tst_SummaryModel::sampleValues_data()
{
    QTest::addColumn<QString>("key");
    QTest::addColumn<QString>("value");
    QTest::addColumn<QString>("explanationContains");
    QTest::newRow("status") << QStringLiteral("call.status") << QStringLiteral("Completed")
                            << QStringLiteral("no more attempts");
    QTest::newRow("direction") << QStringLiteral("call.direction") << QStringLiteral("Outbound")
                               << QStringLiteral("called the number");
    QTest::newRow("created-local") << QStringLiteral("call.created_at")
                                   << QDateTime(QDate(2025, 11, 12), QTime(8, 58, 47, 201), Qt::UTC)
                                          .toLocalTime()
                                          .toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"))
                                   << QStringLiteral("2025-11-12 08:58:47.201 UTC");
    QTest::newRow("metadata") << QStringLiteral("call.metadata.patient_id")
                              << QStringLiteral("pat_7731") << QString();
    QTest::newRow("voice-speed") << QStringLiteral("call.assistant.voice.speed")
                                 << QStringLiteral("1.05") << QString();
    QTest::newRow("calling-window")
        << QStringLiteral("call.call_retry_config.calling_windows[1]")
        << QStringLiteral("2pm – 6:30pm, retry after 2 h 00 min") << QStringLiteral("time zone");
    QTest::newRow("first-sentence-mode")
        << QStringLiteral("call.assistant.first_sentence_mode") << QStringLiteral("Generated")
        << QStringLiteral("writes its first sentence");
    QTest::newRow("max-duration") << QStringLiteral("call.assistant.max_call_duration_secs")
                                  << QStringLiteral("10 min 00 s") << QString();
    QTest::newRow("model") << QStringLiteral("call.llm_model")
                           << QStringLiteral("openai/gpt-4.1 via azure (OpenRouter)") << QString();
    QTest::newRow("structured-field")
        << QStringLiteral("call.assistant.structured_output_config[0]")
        << QStringLiteral("Text, required") << QString();
    QTest::newRow("campaign") << QStringLiteral("call.campaign")
                              << QStringLiteral("November appointment reminders") << QString();
}

void tst_SummaryModel::sampleValues()
{
    QFETCH(QString, key);
    QFETCH(QString, value);
    QFETCH(QString, explanationContains);
    SummaryModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setCall(TestCalls::sample());
    const QModelIndex index = model.indexForKey(key);
    QVERIFY2(index.isValid(), qPrintable(key));
    QCOMPARE(index.siblingAtColumn(SummaryModel::Value).data().toString(), value);
    const QString explanation = index.data(SummaryModel::ExplanationRole).toString();
    QVERIFY2(explanation.contains(explanationContains), qPrintable(explanation));
    QVERIFY(model.inconsistencies().isEmpty());
}

void tst_SummaryModel::exampleResponse()
{
    SummaryModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setCall(TestCalls::example());
    // `{}` timestamps are "unknown", with the raw value kept.
    const QModelIndex created = model.indexForKey(QStringLiteral("call.created_at"));
    QCOMPARE(created.siblingAtColumn(SummaryModel::Value).data().toString(),
             QStringLiteral("unknown"));
    QCOMPARE(created.data(SummaryModel::RawValueRole).toString(), QStringLiteral("{}"));
    QCOMPARE(model.indexForKey(QStringLiteral("call.assistant.first_sentence_delay_ms"))
                 .siblingAtColumn(SummaryModel::Value)
                 .data()
                 .toString(),
             QStringLiteral("-9007199254740991 ms"));
    QCOMPARE(model.indexForKey(QStringLiteral("call.llm_model"))
                 .siblingAtColumn(SummaryModel::Value)
                 .data()
                 .toString(),
             QStringLiteral("gpt-4.1 (dedicated instance)"));
}

void tst_SummaryModel::deprecatedFlagsAgreeWithStatus()
{
    // The example says "initializing" yet is_completed and is_cancelled are both true.
    SummaryModel model;
    model.setCall(TestCalls::example());
    QCOMPARE(model.inconsistencies().size(), 2);
    const QModelIndex completed = model.indexForKey(QStringLiteral("call.is_completed"));
    QVERIFY(completed.data(SummaryModel::IsWarningRole).toBool());
    QVERIFY(completed.data(SummaryModel::ExplanationRole)
                .toString()
                .contains(QStringLiteral("initializing")));
    QVERIFY(completed.siblingAtColumn(SummaryModel::Value).data(Qt::DecorationRole).isValid());

    // An unknown status cannot contradict anything.
    model.setCall(TestCalls::parse(TestCalls::editedSample(
        [](QJsonObject &c) { c.insert(QStringLiteral("status"), QStringLiteral("paused")); })));
    QVERIFY(model.inconsistencies().isEmpty());
}

void tst_SummaryModel::hostileCalls_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("key");
    QTest::addColumn<QString>("value");

    QTest::newRow("minimal-call") << QByteArray(R"({"call":{"id":"c1"}})")
                                  << QStringLiteral("call.assistant") << QStringLiteral("not sent");
    QTest::newRow("unknown-status") << TestCalls::editedSample([](QJsonObject &c) {
        c.insert(QStringLiteral("status"), QStringLiteral("paused"));
    }) << QStringLiteral("call.status")
                                    << QStringLiteral("paused (value not known to this version)");
    QTest::newRow("unknown-field-kept") << TestCalls::editedSample([](QJsonObject &c) {
        c.insert(QStringLiteral("sentiment_score"), 0.25);
    }) << QStringLiteral("call.sentiment_score")
                                        << QStringLiteral("0.25");
    QTest::newRow("metadata-non-string") << TestCalls::editedSample([](QJsonObject &c) {
        c.insert(QStringLiteral("metadata"), QJsonObject{{QStringLiteral("n"), QJsonArray{1, 2}}});
    }) << QStringLiteral("call.metadata.n")
                                         << QStringLiteral("[1,2]");
    QTest::newRow("markup-in-metadata-kept-literal")
        << TestCalls::editedSample([](QJsonObject &c) {
               c.insert(QStringLiteral("metadata"),
                        QJsonObject{{QStringLiteral("note"),
                                     QStringLiteral("<img src=http://127.0.0.1:9/m.png>")}});
           })
        << QStringLiteral("call.metadata.note")
        << QStringLiteral("<img src=http://127.0.0.1:9/m.png>");
    QTest::newRow("multi-line-prompt-one-line") << TestCalls::editedSample([](QJsonObject &c) {
        QJsonObject a = c.value(QStringLiteral("assistant")).toObject();
        a.insert(QStringLiteral("prompt"), QStringLiteral("one\ntwo"));
        c.insert(QStringLiteral("assistant"), a);
    }) << QStringLiteral("call.assistant.prompt")
                                                << QStringLiteral("one ↵ two");
    QTest::newRow("no-retry-config")
        << TestCalls::editedSample(
               [](QJsonObject &c) { c.remove(QStringLiteral("call_retry_config")); })
        << QStringLiteral("call.call_retry_config")
        << QStringLiteral("not set (Revox defaults: 10:00–18:00, retry every 2 h, 3 retries)");
    QTest::newRow("rtl-campaign") << TestCalls::editedSample([](QJsonObject &c) {
        c.insert(QStringLiteral("campaign"),
                 QJsonObject{{QStringLiteral("name"), QStringLiteral("حملة نوفمبر")}});
    }) << QStringLiteral("call.campaign.name")
                                  << QStringLiteral("حملة نوفمبر");
}

void tst_SummaryModel::hostileCalls()
{
    QFETCH(QByteArray, body);
    QFETCH(QString, key);
    QFETCH(QString, value);
    SummaryModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setCall(TestCalls::parse(body));
    const QModelIndex index = model.indexForKey(key);
    QVERIFY2(index.isValid(), qPrintable(key));
    QCOMPARE(index.siblingAtColumn(SummaryModel::Value).data().toString(), value);
    const QString toolTip
        = index.siblingAtColumn(SummaryModel::Value).data(Qt::ToolTipRole).toString();
    QVERIFY2(!toolTip.contains(QStringLiteral("<img")), qPrintable(toolTip));
}

void tst_SummaryModel::clearing()
{
    SummaryModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setCall(TestCalls::sample());
    QVERIFY(model.rowCount() >= 6);
    model.setCall(std::nullopt);
    QCOMPARE(model.rowCount(), 0);
    QVERIFY(!model.indexForKey(QStringLiteral("call.id")).isValid());
}

QTEST_MAIN(tst_SummaryModel)
#include "tst_summarymodel.moc"
