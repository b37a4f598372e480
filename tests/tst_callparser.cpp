#include "core/call/callparser.h"
#include "core/call/samplecall.h"
#include "support/parseagreement.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

#include <functional>

using namespace Revox;

using Check = std::function<void(const CallParseResult &)>;
Q_DECLARE_METATYPE(Check)
Q_DECLARE_METATYPE(CallParseError::Kind)
Q_DECLARE_METATYPE(Timestamp::State)

namespace {

QJsonObject exampleResponse()
{
    QFile file(QStringLiteral(REVOX_TEST_DATA_DIR "/example-response.json"));
    if (!file.open(QIODevice::ReadOnly))
        qFatal("missing test data: example-response.json");
    return QJsonDocument::fromJson(file.readAll()).object();
}

QByteArray toBytes(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

// The example response with one change to the call object.
QByteArray withCall(const std::function<void(QJsonObject &)> &edit)
{
    QJsonObject root = exampleResponse();
    QJsonObject call = root.value(QLatin1String("call")).toObject();
    edit(call);
    root.insert(QLatin1String("call"), call);
    return toBytes(root);
}

// The example response with one change to its first attempt's first transcript entry.
QByteArray withFirstTurn(const std::function<void(QJsonObject &)> &edit)
{
    return withCall([&](QJsonObject &call) {
        QJsonArray attempts = call.value(QLatin1String("call_attempts")).toArray();
        QJsonObject attempt = attempts.at(0).toObject();
        QJsonArray transcript = attempt.value(QLatin1String("transcript")).toArray();
        QJsonObject turn = transcript.at(0).toObject();
        edit(turn);
        transcript.replace(0, turn);
        attempt.insert(QLatin1String("transcript"), transcript);
        attempts.replace(0, attempt);
        call.insert(QLatin1String("call_attempts"), attempts);
    });
}

const CallAttempt &firstAttempt(const CallParseResult &result)
{
    return result.call->callAttempts.constFirst();
}

} // namespace

class tst_CallParser : public QObject
{
    Q_OBJECT

private slots:
    void documentedExampleComesOutAsDocumented();
    void sampleCallIsRich();
    void toolArgumentsComeBackExactly_data();
    void toolArgumentsComeBackExactly();
    void tolerance_data();
    void tolerance();
    void timestamps_data();
    void timestamps();
    void invalidPayloads_data();
    void invalidPayloads();
};

void tst_CallParser::documentedExampleComesOutAsDocumented()
{
    const CallParseResult result = CallParser::parse(toBytes(exampleResponse()));
    QVERIFY2(result.isValid(), qPrintable(result.error.message));
    QVERIFY2(result.warnings.isEmpty(), qPrintable(result.warnings.join(QLatin1Char('\n'))));
    const Call &call = *result.call;

    QCOMPARE(call.id, QStringLiteral("id"));
    QCOMPARE(call.status, QStringLiteral("initializing"));
    QCOMPARE(call.direction, QStringLiteral("inbound"));
    QCOMPARE(call.fromPhoneNumber, QStringLiteral("from_phone_number"));
    QCOMPARE(call.toPhoneNumber, QStringLiteral("to_phone_number"));
    QCOMPARE(call.organizationId, QStringLiteral("organization_id"));
    QCOMPARE(call.callsCount, 0.0);
    QCOMPARE(call.firstSentenceDelayMs, Q_INT64_C(-9007199254740991));
    QCOMPARE(call.isCancelled, true);
    QCOMPARE(call.isCompleted, true);
    QCOMPARE(call.createdAt.state(), Timestamp::State::Unparseable);
    QCOMPARE(call.createdAt.rawText(), QStringLiteral("{}"));
    QCOMPARE(call.scheduledAt.state(), Timestamp::State::Unparseable);
    QVERIFY(call.campaign);
    QCOMPARE(call.campaign->id, QStringLiteral("id"));
    QCOMPARE(call.campaign->name, QStringLiteral("name"));
    QVERIFY(call.metadata);
    QCOMPARE(call.metadata->value(QLatin1String("foo")).toString(), QStringLiteral("string"));
    QCOMPARE(call.llmModel.type, QStringLiteral("dedicated-instance"));
    QCOMPARE(call.llmModel.name, QStringLiteral("gpt-4.1"));

    QVERIFY(call.callRetryConfig);
    QCOMPARE(call.callRetryConfig->maxRetryAttempts, Q_INT64_C(1));
    QCOMPARE(call.callRetryConfig->timezone, QStringLiteral("timezone"));
    QCOMPARE(call.callRetryConfig->callingWindows.size(), 1);
    QCOMPARE(call.callRetryConfig->callingWindows[0].startTime,
             QStringLiteral("calling_window_start_time"));
    QCOMPARE(call.callRetryConfig->callingWindows[0].endTime,
             QStringLiteral("calling_window_end_time"));
    QCOMPARE(call.callRetryConfig->callingWindows[0].retryDelaySeconds, Q_INT64_C(1));

    QVERIFY(call.assistant);
    const Assistant &a = *call.assistant;
    QCOMPARE(a.id, QStringLiteral("id"));
    QCOMPARE(a.name, QStringLiteral("name"));
    QCOMPARE(a.prompt, QStringLiteral("prompt"));
    QCOMPARE(a.organizationId, QStringLiteral("organization_id"));
    QCOMPARE(a.backgroundSound, QStringLiteral("audio/office.ogg"));
    QVERIFY(a.calendly);
    QCOMPARE(a.calendly->connectionId, QStringLiteral("connection_id"));
    QCOMPARE(a.calendly->eventTypeId, QStringLiteral("event_type_id"));
    QVERIFY(a.callRetryConfig);
    QCOMPARE(a.createdAt.state(), Timestamp::State::Unparseable);
    QCOMPARE(a.updatedAt.state(), Timestamp::State::Unparseable);
    QCOMPARE(a.endOfCallSentence, QStringLiteral("end_of_call_sentence"));
    QCOMPARE(a.firstSentence, QStringLiteral("first_sentence"));
    QCOMPARE(a.firstSentenceDelayMs, Q_INT64_C(-9007199254740991));
    QCOMPARE(a.firstSentenceMode, QStringLiteral("generated"));
    QCOMPARE(a.ivrNavigationEnabled, true);
    QCOMPARE(a.llmModel.name, QStringLiteral("gpt-4.1"));
    QCOMPARE(a.maxCallDurationSecs, 0.0);
    QVERIFY(a.structuredOutputConfig);
    QCOMPARE(a.structuredOutputConfig->size(), 1);
    const StructuredOutputField &field = a.structuredOutputConfig->constFirst();
    QCOMPARE(field.name, QStringLiteral("x"));
    QCOMPARE(field.required, true);
    QCOMPARE(field.type, QStringLiteral("string"));
    QCOMPARE(field.description, QStringLiteral("description"));
    QCOMPARE(field.enumOptions, QStringList{QStringLiteral("string")});
    QCOMPARE(a.transferPhoneNumber, QStringLiteral("transfer_phone_number"));
    QVERIFY(a.voice);
    QCOMPARE(a.voice->id, QStringLiteral("x"));
    QCOMPARE(a.voice->provider, QStringLiteral("cartesia"));
    QCOMPARE(a.voice->speed, 0.6);
    QCOMPARE(a.voicemailMessage, QStringLiteral("voicemail_message"));
    QCOMPARE(a.webhookUrl, QStringLiteral("webhook_url"));
    QVERIFY(a.faqItems);
    QCOMPARE(a.faqItems->size(), 1);
    QCOMPARE(a.faqItems->constFirst().question, QStringLiteral("question"));
    QCOMPARE(a.faqItems->constFirst().answer, QStringLiteral("answer"));
    QCOMPARE(a.faqItems->constFirst().id, QStringLiteral("id"));
    QCOMPARE(a.faqItems->constFirst().needsHumanAnswer, true);
    QCOMPARE(a.faqItems->constFirst().source, QStringLiteral("human"));
    QCOMPARE(a.pendingFaqCount, 0.0);

    QCOMPARE(call.callAttempts.size(), 1);
    for (const CallAttempt &attempt : {call.callAttempts.constFirst(), *call.lastCallAttempt}) {
        QCOMPARE(attempt.id, QStringLiteral("id"));
        QCOMPARE(attempt.answeredAt.state(), Timestamp::State::Unparseable);
        QCOMPARE(attempt.startedAt.state(), Timestamp::State::Unparseable);
        QCOMPARE(attempt.endedAt.state(), Timestamp::State::Unparseable);
        QCOMPARE(attempt.dialError, QStringLiteral("number_non_attributed"));
        QCOMPARE(attempt.phoneNumber, QStringLiteral("phone_number"));
        QCOMPARE(attempt.recordingUrl, QStringLiteral("recording_url"));
        QCOMPARE(attempt.result, QStringLiteral("IVR"));
        QCOMPARE(attempt.status, QStringLiteral("queued"));
        QCOMPARE(attempt.endReason, QStringLiteral("end_reason"));
        QCOMPARE(attempt.endedBy, QStringLiteral("agent"));
        QVERIFY(attempt.structuredOutput);
        QCOMPARE(attempt.structuredOutput->value(QLatin1String("foo")).toString(),
                 QStringLiteral("bar"));
        QVERIFY(attempt.transcript);
        QCOMPARE(attempt.transcript->size(), 1);
        const TranscriptEntry &turn = attempt.transcript->constFirst();
        QCOMPARE(turn.content, QStringLiteral("content"));
        QCOMPARE(turn.role, QStringLiteral("user"));
        QCOMPARE(turn.toolName, QStringLiteral("tool_name"));
        QCOMPARE(turn.toolIsError, true);
        QCOMPARE(turn.toolArguments.kind, ToolArguments::Kind::Object);
        QCOMPARE(turn.toolArguments.object().value(QLatin1String("foo")).toString(),
                 QStringLiteral("bar"));
    }
    QVERIFY2(call.otherFields.isEmpty(), "every field of the documented example is read");
}

void tst_CallParser::sampleCallIsRich()
{
    const CallParseResult result = CallParser::parse(SampleCall::json());
    QVERIFY2(result.isValid(), qPrintable(result.error.message));
    QVERIFY2(result.warnings.isEmpty(), qPrintable(result.warnings.join(QLatin1Char('\n'))));
    const Call &call = *result.call;
    QCOMPARE(call.callAttempts.size(), 3);
    QCOMPARE(call.callAttempts[0].result, QStringLiteral("human"));
    QCOMPARE(call.callAttempts[1].result, QStringLiteral("voicemail"));
    QCOMPARE(call.callAttempts[2].dialError, QStringLiteral("busy"));
    QVERIFY(!call.callAttempts[2].transcript);

    const QList<TranscriptEntry> &turns = *call.callAttempts[0].transcript;
    QVERIFY(turns.size() >= 15);
    int errors = 0, stringArgs = 0, nestedArgs = 0;
    for (const TranscriptEntry &turn : turns) {
        errors += turn.isToolError();
        stringArgs += turn.toolArguments.kind == ToolArguments::Kind::String;
        for (const QJsonValue &v : turn.toolArguments.object())
            nestedArgs += v.isObject();
    }
    QVERIFY(errors >= 1);
    QVERIFY(stringArgs >= 1);
    QVERIFY(nestedArgs >= 1);
    // The failed tool call is retried with the same tool.
    const auto failed = std::find_if(turns.cbegin(), turns.cend(), [](const auto &t) {
        return t.isToolError();
    });
    QVERIFY(std::find_if(failed + 1,
                         turns.cend(),
                         [&](const auto &t) { return t.toolName == failed->toolName; })
            != turns.cend());

    // Structured output follows the assistant's config.
    for (const StructuredOutputField &field : *call.assistant->structuredOutputConfig) {
        if (field.required.value_or(false))
            QVERIFY2(call.callAttempts[0].structuredOutput->contains(field.name),
                     qPrintable(field.name));
    }
    QVERIFY(call.callAttempts[0].recordingUrl);
    QVERIFY(QFile::exists(call.callAttempts[0].recordingUrl->mid(3))); // "qrc:/…" → ":/…"
}

void tst_CallParser::tolerance_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<Check>("check");

    const auto setNull = [](const char *key) {
        return withCall([key](QJsonObject &c) { c.insert(QLatin1String(key), QJsonValue::Null); });
    };
    const auto remove = [](const char *key) {
        return withCall([key](QJsonObject &c) { c.remove(QLatin1String(key)); });
    };

    QTest::newRow("assistant null → absent")
        << setNull("assistant")
        << Check([](const CallParseResult &r) { QVERIFY(!r.call->assistant); });
    QTest::newRow("assistant missing → absent")
        << remove("assistant") << Check([](const CallParseResult &r) {
               QVERIFY(!r.call->assistant);
               QVERIFY(r.warnings.isEmpty());
           });
    QTest::newRow("campaign null → absent")
        << setNull("campaign")
        << Check([](const CallParseResult &r) { QVERIFY(!r.call->campaign); });
    QTest::newRow("metadata missing → absent, not empty")
        << remove("metadata")
        << Check([](const CallParseResult &r) { QVERIFY(!r.call->metadata); });
    QTest::newRow("last_call_attempt null → absent")
        << setNull("last_call_attempt")
        << Check([](const CallParseResult &r) { QVERIFY(!r.call->lastCallAttempt); });
    QTest::newRow("call_retry_config null → absent")
        << setNull("call_retry_config")
        << Check([](const CallParseResult &r) { QVERIFY(!r.call->callRetryConfig); });
    QTest::newRow("is_cancelled missing → absent")
        << remove("is_cancelled")
        << Check([](const CallParseResult &r) { QVERIFY(!r.call->isCancelled); });
    QTest::newRow("required to_phone_number missing → absent, with a warning") << remove(
        "to_phone_number") << Check([](const CallParseResult &r) {
        QVERIFY(!r.call->toPhoneNumber);
        QCOMPARE(r.warnings, QStringList{QStringLiteral("`call.to_phone_number` is missing.")});
    });
    QTest::newRow("required status null → absent, with a warning")
        << setNull("status") << Check([](const CallParseResult &r) {
               QVERIFY(!r.call->status);
               QCOMPARE(r.warnings, QStringList{QStringLiteral("`call.status` is null.")});
           });
    QTest::newRow("call_attempts missing → no attempts, with a warning")
        << remove("call_attempts") << Check([](const CallParseResult &r) {
               QVERIFY(r.call->callAttempts.isEmpty());
               QVERIFY(r.warnings.join(QString()).contains(QLatin1String("call.call_attempts")));
           });
    QTest::newRow("transcript null → absent, not empty") << withCall([](QJsonObject &c) {
        QJsonArray attempts = c[QLatin1String("call_attempts")].toArray();
        QJsonObject a = attempts[0].toObject();
        a[QLatin1String("transcript")] = QJsonValue::Null;
        a[QLatin1String("recording_url")] = QJsonValue::Null;
        a[QLatin1String("dial_error")] = QJsonValue::Null;
        a[QLatin1String("structured_output")] = QJsonValue::Null;
        attempts[0] = a;
        c[QLatin1String("call_attempts")] = attempts;
    }) << Check([](const CallParseResult &r) {
        QVERIFY(!firstAttempt(r).transcript);
        QVERIFY(!firstAttempt(r).recordingUrl);
        QVERIFY(!firstAttempt(r).dialError);
        QVERIFY(!firstAttempt(r).structuredOutput);
    });
    QTest::newRow("empty transcript stays empty, not absent") << withCall([](QJsonObject &c) {
        QJsonArray attempts = c[QLatin1String("call_attempts")].toArray();
        QJsonObject a = attempts[0].toObject();
        a[QLatin1String("transcript")] = QJsonArray();
        attempts[0] = a;
        c[QLatin1String("call_attempts")] = attempts;
    }) << Check([](const CallParseResult &r) {
        QVERIFY(firstAttempt(r).transcript);
        QVERIFY(firstAttempt(r).transcript->isEmpty());
    });

    QTest::newRow("unknown attempt result fax_machine kept raw") << withCall([](QJsonObject &c) {
        QJsonArray attempts = c[QLatin1String("call_attempts")].toArray();
        QJsonObject a = attempts[0].toObject();
        a[QLatin1String("result")] = QStringLiteral("fax_machine");
        a[QLatin1String("status")] = QStringLiteral("transferring");
        a[QLatin1String("dial_error")] = QStringLiteral("carrier_blocked");
        a[QLatin1String("ended_by")] = QStringLiteral("carrier");
        attempts[0] = a;
        c[QLatin1String("call_attempts")] = attempts;
    }) << Check([](const CallParseResult &r) {
        QCOMPARE(firstAttempt(r).result, QStringLiteral("fax_machine"));
        QCOMPARE(firstAttempt(r).status, QStringLiteral("transferring"));
        QCOMPARE(firstAttempt(r).dialError, QStringLiteral("carrier_blocked"));
        QCOMPARE(firstAttempt(r).endedBy, QStringLiteral("carrier"));
        QVERIFY(r.warnings.isEmpty());
    });
    QTest::newRow("unknown role system kept raw") << withFirstTurn([](QJsonObject &t) {
        t[QLatin1String("role")] = QStringLiteral("system");
    }) << Check([](const CallParseResult &r) {
        QCOMPARE(firstAttempt(r).transcript->constFirst().role, QStringLiteral("system"));
    });
    QTest::newRow("unknown call status and direction kept raw") << withCall([](QJsonObject &c) {
        c[QLatin1String("status")] = QStringLiteral("paused");
        c[QLatin1String("direction")] = QStringLiteral("internal");
    }) << Check([](const CallParseResult &r) {
        QCOMPARE(r.call->status, QStringLiteral("paused"));
        QCOMPARE(r.call->direction, QStringLiteral("internal"));
    });
    QTest::newRow("llm_model type anthropic-direct kept with all its fields")
        << withCall([](QJsonObject &c) {
               c[QLatin1String("llm_model")] = QJsonObject{{QStringLiteral("type"),
                                                            QStringLiteral("anthropic-direct")},
                                                           {QStringLiteral("model"),
                                                            QStringLiteral("claude-x")}};
           })
        << Check([](const CallParseResult &r) {
               QCOMPARE(r.call->llmModel.type, QStringLiteral("anthropic-direct"));
               QVERIFY(!r.call->llmModel.name);
               QCOMPARE(r.call->llmModel.raw.value(QLatin1String("model")).toString(),
                        QStringLiteral("claude-x"));
           });
    QTest::newRow("llm_model openrouter union member") << withCall([](QJsonObject &c) {
        c[QLatin1String("llm_model")]
            = QJsonObject{{QStringLiteral("type"), QStringLiteral("openrouter")},
                          {QStringLiteral("openrouter_model_id"), QStringLiteral("openai/gpt-4.1")},
                          {QStringLiteral("openrouter_provider"), QStringLiteral("nebius")}};
    }) << Check([](const CallParseResult &r) {
        QCOMPARE(r.call->llmModel.openrouterModelId, QStringLiteral("openai/gpt-4.1"));
        QCOMPARE(r.call->llmModel.openrouterProvider, QStringLiteral("nebius"));
    });

    QTest::newRow("integers sent as floats (3.0) are read") << withCall([](QJsonObject &c) {
        c[QLatin1String("calls_count")] = 3.0;
        c[QLatin1String("first_sentence_delay_ms")] = 400.0;
        QJsonObject retry = c[QLatin1String("call_retry_config")].toObject();
        retry[QLatin1String("max_retry_attempts")] = 3.0;
        c[QLatin1String("call_retry_config")] = retry;
    }) << Check([](const CallParseResult &r) {
        QCOMPARE(r.call->callsCount, 3.0);
        QCOMPARE(r.call->firstSentenceDelayMs, Q_INT64_C(400));
        QCOMPARE(r.call->callRetryConfig->maxRetryAttempts, Q_INT64_C(3));
        QVERIFY(r.warnings.isEmpty());
    });
    QTest::newRow("fractional integer is reported, not rounded")
        << withCall([](QJsonObject &c) { c[QLatin1String("first_sentence_delay_ms")] = 400.5; })
        << Check([](const CallParseResult &r) {
               QVERIFY(!r.call->firstSentenceDelayMs);
               QCOMPARE(r.warnings.size(), 1);
               QVERIFY(r.warnings[0].contains(QLatin1String("call.first_sentence_delay_ms")));
           });
    QTest::newRow("scalar of the wrong type is ignored with a warning")
        << withCall([](QJsonObject &c) { c[QLatin1String("to_phone_number")] = 33612345678.0; })
        << Check([](const CallParseResult &r) {
               QVERIFY(!r.call->toPhoneNumber);
               QCOMPARE(r.warnings,
                        QStringList{QStringLiteral(
                            "`call.to_phone_number` should be text but is a number; ignored.")});
           });
    QTest::newRow("extra unknown fields ignored but kept as other fields")
        << withCall([](QJsonObject &c) {
               c[QLatin1String("sentiment")] = QJsonObject{{QStringLiteral("score"), 0.8}};
           })
        << Check([](const CallParseResult &r) {
               QVERIFY(r.warnings.isEmpty());
               QCOMPARE(r.call->otherFields.keys(), QStringList{QStringLiteral("sentiment")});
               QCOMPARE(r.call->otherFields.value(QLatin1String("sentiment"))
                            .toObject()
                            .value(QLatin1String("score"))
                            .toDouble(),
                        0.8);
           });
    QTest::newRow("metadata with non-string values kept") << withCall([](QJsonObject &c) {
        c[QLatin1String("metadata")] = QJsonObject{{QStringLiteral("n"), 3},
                                                   {QStringLiteral("o"), QJsonObject()}};
    }) << Check([](const CallParseResult &r) { QCOMPARE(r.call->metadata->size(), 2); });
    QTest::newRow("tool_arguments as a string") << withFirstTurn([](QJsonObject &t) {
        t[QLatin1String("tool_arguments")] = QStringLiteral("{\"a\":1}");
    }) << Check([](const CallParseResult &r) {
        const auto &args = firstAttempt(r).transcript->constFirst().toolArguments;
        QCOMPARE(args.kind, ToolArguments::Kind::String);
        QCOMPARE(args.text, QStringLiteral("{\"a\":1}"));
    });
    QTest::newRow("tool_arguments null → absent") << withFirstTurn([](QJsonObject &t) {
        t[QLatin1String("tool_arguments")] = QJsonValue::Null;
        t[QLatin1String("tool_is_error")] = QJsonValue::Null;
        t[QLatin1String("tool_name")] = QJsonValue::Null;
    }) << Check([](const CallParseResult &r) {
        const TranscriptEntry &turn = firstAttempt(r).transcript->constFirst();
        QCOMPARE(turn.toolArguments.kind, ToolArguments::Kind::Absent);
        QVERIFY(!turn.toolIsError);
        QVERIFY(!turn.toolName);
        QVERIFY(!turn.isToolCall());
    });
    QTest::newRow("tool_arguments of an undocumented type kept as text")
        << withFirstTurn([](QJsonObject &t) {
               t[QLatin1String("tool_arguments")] = QJsonArray{1, 2};
           })
        << Check([](const CallParseResult &r) {
               QCOMPARE(firstAttempt(r).transcript->constFirst().toolArguments.text,
                        QStringLiteral("[1,2]"));
           });
    QTest::newRow("content missing → empty text, with a warning")
        << withFirstTurn([](QJsonObject &t) { t.remove(QLatin1String("content")); })
        << Check([](const CallParseResult &r) {
               QCOMPARE(firstAttempt(r).transcript->constFirst().content, QString());
               QCOMPARE(r.warnings,
                        QStringList{QStringLiteral(
                            "`call.call_attempts[0].transcript[0].content` is missing.")});
           });
    QTest::newRow("hostile text kept verbatim") << withFirstTurn([](QJsonObject &t) {
        t[QLatin1String("content")] = QStringLiteral(
            "<img src=\"http://127.0.0.1:1/x\"> ```\n=cmd| \u202e\U0001F600");
    }) << Check([](const CallParseResult &r) {
        QCOMPARE(firstAttempt(r).transcript->constFirst().content,
                 QStringLiteral("<img src=\"http://127.0.0.1:1/x\"> ```\n=cmd| \u202e\U0001F600"));
    });
    QTest::newRow("the largest safe integer keeps its precision") << withCall([](QJsonObject &c) {
        c[QLatin1String("first_sentence_delay_ms")] = 9007199254740991.0;
    }) << Check([](const CallParseResult &r) {
        QCOMPARE(r.call->firstSentenceDelayMs, Q_INT64_C(9007199254740991));
    });
}

void tst_CallParser::tolerance()
{
    QFETCH(QByteArray, body);
    QFETCH(Check, check);
    const CallParseResult result = CallParser::parse(body);
    QVERIFY2(result.isValid(), qPrintable(result.error.message));
    check(result);
    QCOMPARE(TestSupport::fingerprint(result),
             TestSupport::fingerprint(CallParser::parseWhole(body)));
}

void tst_CallParser::timestamps_data()
{
    QTest::addColumn<QJsonValue>("value");
    QTest::addColumn<Timestamp::State>("state");
    QTest::addColumn<QDateTime>("utc");

    const QDateTime instant(QDate(2019, 12, 27), QTime(18, 11, 19, 117), Qt::UTC);
    const QDateTime whole(QDate(2019, 12, 27), QTime(18, 11, 19), Qt::UTC);
    using S = Timestamp::State;
    QTest::newRow("ISO with milliseconds and Z")
        << QJsonValue(QStringLiteral("2019-12-27T18:11:19.117Z")) << S::Parsed << instant;
    QTest::newRow("ISO without fraction")
        << QJsonValue(QStringLiteral("2019-12-27T18:11:19Z")) << S::Parsed << whole;
    QTest::newRow("ISO with +02:00 offset")
        << QJsonValue(QStringLiteral("2019-12-27T20:11:19.117+02:00")) << S::Parsed << instant;
    QTest::newRow("ISO with -05:00 offset")
        << QJsonValue(QStringLiteral("2019-12-27T13:11:19-05:00")) << S::Parsed << whole;
    QTest::newRow("ISO without zone read as UTC")
        << QJsonValue(QStringLiteral("2019-12-27T18:11:19")) << S::Parsed << whole;
    QTest::newRow("epoch seconds") << QJsonValue(1577470279.0) << S::Parsed << whole;
    QTest::newRow("epoch seconds with fraction")
        << QJsonValue(1577470279.117) << S::Parsed << instant;
    QTest::newRow("epoch milliseconds") << QJsonValue(1577470279117.0) << S::Parsed << instant;
    QTest::newRow("empty object") << QJsonValue(QJsonObject()) << S::Unparseable << QDateTime();
    QTest::newRow("garbage string")
        << QJsonValue(QStringLiteral("garbage-date")) << S::Unparseable << QDateTime();
    QTest::newRow("empty string") << QJsonValue(QString()) << S::Unparseable << QDateTime();
    QTest::newRow("date only") << QJsonValue(QStringLiteral("2019-12-27")) << S::Unparseable
                               << QDateTime();
    QTest::newRow("array") << QJsonValue(QJsonArray{2019, 12, 27}) << S::Unparseable << QDateTime();
    QTest::newRow("boolean") << QJsonValue(true) << S::Unparseable << QDateTime();
    QTest::newRow("huge number") << QJsonValue(1e300) << S::Unparseable << QDateTime();
    QTest::newRow("null") << QJsonValue(QJsonValue::Null) << S::Null << QDateTime();
    QTest::newRow("missing") << QJsonValue(QJsonValue::Undefined) << S::Missing << QDateTime();
}

void tst_CallParser::timestamps()
{
    QFETCH(QJsonValue, value);
    QFETCH(Timestamp::State, state);
    QFETCH(QDateTime, utc);

    // Through the whole parser, in the call's created_at, as the server would send it.
    const QByteArray body = withCall([&](QJsonObject &c) {
        if (value.isUndefined())
            c.remove(QLatin1String("created_at"));
        else
            c[QLatin1String("created_at")] = value;
    });
    const CallParseResult result = CallParser::parse(body);
    QVERIFY2(result.isValid(), qPrintable(result.error.message));
    const Timestamp &stamp = result.call->createdAt;
    QCOMPARE(stamp.state(), state);
    QCOMPARE(stamp.utc(), utc);
    QCOMPARE(stamp.raw(), value);
    if (state == Timestamp::State::Unparseable)
        QVERIFY(!stamp.rawText().isEmpty());
}

void tst_CallParser::invalidPayloads_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<CallParseError::Kind>("kind");
    QTest::addColumn<QString>("message");

    using K = CallParseError::Kind;
    const QByteArray example = toBytes(exampleResponse());
    QTest::newRow("empty body") << QByteArray() << K::EmptyBody
                                << QStringLiteral("The response was empty.");
    QTest::newRow("whitespace only")
        << QByteArray(" \r\n\t") << K::EmptyBody << QStringLiteral("empty");
    QTest::newRow("not JSON, says where")
        << QByteArray("{\"call\": nope}") << K::NotJson << QStringLiteral("near byte");
    QTest::newRow("plain text") << QByteArray("Service Unavailable") << K::NotJson
                                << QStringLiteral("not valid JSON");
    QTest::newRow("truncated JSON")
        << example.left(example.size() / 2) << K::Truncated << QStringLiteral("ends too early");
    QTest::newRow("truncated inside a string") << QByteArray("{\"call\": {\"id\": \"abc")
                                               << K::Truncated << QStringLiteral("ends too early");
    QTest::newRow("truncated after a comma") << QByteArray("{\"call\": {\"id\": \"abc\",")
                                             << K::Truncated << QStringLiteral("ends too early");
    QTest::newRow("top-level array")
        << QByteArray("[{\"call\": {}}]") << K::NotAnObject << QStringLiteral("it is a list");
    QTest::newRow("top-level string (Qt rejects bare scalars)")
        << QByteArray("\"call\"") << K::NotJson << QStringLiteral("not valid JSON");
    QTest::newRow("no call object")
        << QByteArray("{\"calls\": []}") << K::NoCall << QStringLiteral("no `call` object");
    QTest::newRow("call is null") << QByteArray("{\"call\": null}") << K::NoCall
                                  << QStringLiteral("`\"call\": null`");
    QTest::newRow("call is a string") << QByteArray("{\"call\": \"id\"}") << K::WrongType
                                      << QStringLiteral("`call` should be an object but is text.");
    QTest::newRow("API error body, string")
        << QByteArray("{\"error\": \"Invalid API key\"}") << K::ApiError
        << QStringLiteral("instead of a call: Invalid API key");
    QTest::newRow("API error body, object")
        << QByteArray("{\"error\": {\"message\": \"Call not found\"}}") << K::ApiError
        << QStringLiteral("instead of a call: Call not found");
    QTest::newRow("call_attempts is a string") << withCall([](QJsonObject &c) {
        c[QLatin1String("call_attempts")] = QStringLiteral("nope");
    }) << K::WrongType << QStringLiteral("`call.call_attempts` should be a list but is text.");
    QTest::newRow("transcript is a number")
        << withCall([](QJsonObject &c) {
               QJsonArray attempts = c[QLatin1String("call_attempts")].toArray();
               QJsonObject a = attempts[0].toObject();
               a[QLatin1String("transcript")] = 7;
               attempts[0] = a;
               c[QLatin1String("call_attempts")] = attempts;
           })
        << K::WrongType
        << QStringLiteral("`call.call_attempts[0].transcript` should be a list but is a number.");
    QTest::newRow("transcript entry is a string")
        << withCall([](QJsonObject &c) {
               QJsonArray attempts = c[QLatin1String("call_attempts")].toArray();
               QJsonObject a = attempts[0].toObject();
               a[QLatin1String("transcript")] = QJsonArray{QStringLiteral("hello")};
               attempts[0] = a;
               c[QLatin1String("call_attempts")] = attempts;
           })
        << K::WrongType
        << QStringLiteral("`call.call_attempts[0].transcript[0]` should be an object but is text.");
    QTest::newRow("assistant is a list")
        << withCall([](QJsonObject &c) { c[QLatin1String("assistant")] = QJsonArray(); })
        << K::WrongType << QStringLiteral("`call.assistant` should be an object but is a list.");
    QTest::newRow("metadata is a string")
        << withCall([](QJsonObject &c) { c[QLatin1String("metadata")] = QStringLiteral("x"); })
        << K::WrongType << QStringLiteral("`call.metadata` should be an object");
    QTest::newRow("call without id")
        << withCall([](QJsonObject &c) { c.remove(QLatin1String("id")); }) << K::WrongType
        << QStringLiteral("`call.id` is missing");
    QTest::newRow("invalid UTF-8") << QByteArray("{\"call\": {\"id\": \"a\xff\xfe\"}}")
                                   << K::InvalidUtf8 << QStringLiteral("invalid UTF-8");
    QTest::newRow("HTML error page")
        << QByteArray("<!DOCTYPE html><html><body>502 Bad Gateway</body></html>") << K::HtmlPage
        << QStringLiteral("web page instead of call data");
    QTest::newRow("deeply nested") << (QByteArray(5000, '[') + QByteArray(5000, ']')) << K::NotJson
                                   << QStringLiteral("not valid JSON");
}

void tst_CallParser::invalidPayloads()
{
    QFETCH(QByteArray, body);
    QFETCH(CallParseError::Kind, kind);
    QFETCH(QString, message);

    const CallParseResult result = CallParser::parse(body);
    QVERIFY(!result.isValid());
    QCOMPARE(result.error.kind, kind);
    QVERIFY2(result.error.message.contains(message), qPrintable(result.error.message));
    QCOMPARE(TestSupport::fingerprint(result),
             TestSupport::fingerprint(CallParser::parseWhole(body)));
}

QTEST_GUILESS_MAIN(tst_CallParser)
void tst_CallParser::toolArgumentsComeBackExactly_data()
{
    QTest::addColumn<QByteArray>("arguments");
    QTest::newRow("nested") << QByteArray(R"({"a":{"b":{"c":[1,[2,{"d":null}]]}},"e":[]})");
    QTest::newRow("numbers") << QByteArray(
        R"({"big":9007199254740993,"tiny":1e-300,"huge":1.5e300,"neg":-0.0,"f":0.1})");
    QTest::newRow("escapes and unicode") << QByteArray(
        R"({"q":"\"quoted\" \\ \u0000 \u2028","emoji":"\ud83d\ude00 Zoë","<img src=x>":"</script>"})");
    QTest::newRow("empty object") << QByteArray("{}");
    QTest::newRow("duplicate keys") << QByteArray(R"({"k":1,"k":2})");
}

// Arguments are kept as compact text and parsed again when shown or exported: what comes back
// must be what one parse of the response gives.
void tst_CallParser::toolArgumentsComeBackExactly()
{
    QFETCH(QByteArray, arguments);
    const QJsonObject expected = QJsonDocument::fromJson(arguments).object();
    const QByteArray body = withFirstTurn(
        [&](QJsonObject &turn) { turn.insert(QLatin1String("tool_arguments"), expected); });
    const CallParseResult result = CallParser::parse(body);
    QVERIFY(result.isValid());
    const ToolArguments &kept = firstAttempt(result).transcript->at(0).toolArguments;
    QCOMPARE(kept.kind, ToolArguments::Kind::Object);
    QCOMPARE(kept.object(), expected);
    QCOMPARE(QJsonDocument::fromJson(kept.objectJson()).object(), expected);
}

#include "tst_callparser.moc"
