#include "core/call/callreader.h"

#include "core/call/transcriptreader.h"

namespace Revox::CallReading {

namespace {

CallAttempt readAttempt(const Reader &r,
                        const QByteArray *body,
                        const TranscriptSlices::Transcript *cut)
{
    CallAttempt attempt;
    attempt.id = r.string("id", true).value_or(QString());
    attempt.answeredAt = r.timestamp("answered_at");
    attempt.startedAt = r.timestamp("started_at");
    attempt.endedAt = r.timestamp("ended_at");
    attempt.dialError = r.string("dial_error");
    attempt.result = r.string("result");
    attempt.status = r.string("status", true);
    attempt.endedBy = r.string("ended_by");
    attempt.endReason = r.string("end_reason");
    attempt.phoneNumber = r.string("phone_number", true);
    attempt.recordingUrl = r.string("recording_url");
    attempt.structuredOutput = r.object("structured_output");
    if (const auto transcript = r.array("transcript"))
        attempt.transcript = cut ? readTranscript(r, *body, *cut) : readTranscript(r, *transcript);
    return attempt;
}

LlmModel readLlmModel(const Reader &parent)
{
    LlmModel model;
    const auto r = parent.childObject("llm_model", true);
    if (!r)
        return model;
    model.present = true;
    model.raw = r->json();
    model.type = r->string("type", true);
    model.name = r->string("name");
    model.openrouterModelId = r->string("openrouter_model_id");
    model.openrouterProvider = r->string("openrouter_provider");
    return model;
}

std::optional<RetryConfig> readRetryConfig(const Reader &parent)
{
    const auto r = parent.childObject("call_retry_config");
    if (!r)
        return std::nullopt;
    RetryConfig config;
    config.maxRetryAttempts = r->integer("max_retry_attempts", true);
    config.timezone = r->string("timezone");
    const auto readWindow = [](const Reader &w) {
        return CallingWindow{w.string("calling_window_start_time", true),
                             w.string("calling_window_end_time", true),
                             w.integer("retry_delay_seconds", true)};
    };
    if (auto windows = r->list("calling_windows", true, readWindow))
        config.callingWindows = std::move(*windows);
    return config;
}

StructuredOutputField readStructuredOutputField(const Reader &f)
{
    StructuredOutputField field;
    field.name = f.string("name", true).value_or(QString());
    field.required = f.boolean("required", true);
    field.type = f.string("type", true);
    field.description = f.string("description");
    if (const auto options = f.array("enum_options")) {
        QStringList list;
        for (const QJsonValue &option : *options)
            list.append(option.isString() ? option.toString() : option.toVariant().toString());
        field.enumOptions = list;
    }
    return field;
}

FaqItem readFaqItem(const Reader &f)
{
    return {f.string("id"),
            f.string("question", true).value_or(QString()),
            f.string("answer", true).value_or(QString()),
            f.boolean("needs_human_answer"),
            f.string("source")};
}

Assistant readAssistant(const Reader &r)
{
    Assistant a;
    a.id = r.string("id", true);
    a.name = r.string("name", true);
    a.organizationId = r.string("organization_id", true);
    a.prompt = r.string("prompt", true);
    a.backgroundSound = r.string("background_sound");
    if (const auto c = r.childObject("calendly"))
        a.calendly = Calendly{c->string("connection_id", true), c->string("event_type_id", true)};
    a.callRetryConfig = readRetryConfig(r);
    a.createdAt = r.timestamp("created_at");
    a.updatedAt = r.timestamp("updated_at");
    a.endOfCallSentence = r.string("end_of_call_sentence");
    a.firstSentence = r.string("first_sentence");
    a.firstSentenceDelayMs = r.integer("first_sentence_delay_ms", true);
    a.firstSentenceMode = r.string("first_sentence_mode", true);
    a.ivrNavigationEnabled = r.boolean("ivr_navigation_enabled", true);
    a.llmModel = readLlmModel(r);
    a.maxCallDurationSecs = r.number("max_call_duration_secs", true);
    a.structuredOutputConfig = r.list("structured_output_config", false, readStructuredOutputField);
    a.transferPhoneNumber = r.string("transfer_phone_number");
    if (const auto v = r.childObject("voice"))
        a.voice = Voice{v->string("id", true), v->string("provider", true), v->number("speed")};
    a.voicemailMessage = r.string("voicemail_message");
    a.webhookUrl = r.string("webhook_url");
    a.faqItems = r.list("faq_items", false, readFaqItem);
    a.pendingFaqCount = r.number("pending_faq_count");
    return a;
}

// The API repeats the latest attempt, transcript and all, in `last_call_attempt`. When it is the
// same JSON as an attempt already read, that attempt is shared rather than converted again: a
// long transcript is then read and held once. (Its warnings would only repeat those already given
// under `call_attempts[i]`.)
CallAttempt readLastAttempt(const Reader &r,
                            const QJsonObject &last,
                            const std::optional<QJsonArray> &attempts,
                            const QList<CallAttempt> &read,
                            const Slices &slices)
{
    if (attempts && attempts->size() == read.size()) {
        const QJsonValue id = last.value(QLatin1String("id"));
        for (qsizetype i = 0; i < attempts->size(); ++i) {
            const QJsonObject candidate = attempts->at(i).toObject();
            if (candidate.value(QLatin1String("id")) == id && candidate == last
                && slices.sameBytes(slices.forAttempt(i), slices.forLastAttempt()))
                return read.at(i);
        }
    }
    return readAttempt(r.child(last, "last_call_attempt"), slices.body, slices.forLastAttempt());
}

QJsonObject unknownFields(const QJsonObject &call)
{
    static const QStringList known = {
        QStringLiteral("id"),
        QStringLiteral("assistant"),
        QStringLiteral("call_attempts"),
        QStringLiteral("call_retry_config"),
        QStringLiteral("calls_count"),
        QStringLiteral("campaign"),
        QStringLiteral("created_at"),
        QStringLiteral("scheduled_at"),
        QStringLiteral("direction"),
        QStringLiteral("first_sentence_delay_ms"),
        QStringLiteral("from_phone_number"),
        QStringLiteral("to_phone_number"),
        QStringLiteral("is_cancelled"),
        QStringLiteral("is_completed"),
        QStringLiteral("last_call_attempt"),
        QStringLiteral("llm_model"),
        QStringLiteral("metadata"),
        QStringLiteral("organization_id"),
        QStringLiteral("status"),
    };
    QJsonObject unknown;
    for (auto it = call.begin(); it != call.end(); ++it) {
        if (!known.contains(it.key()))
            unknown.insert(it.key(), it.value());
    }
    return unknown;
}

} // namespace

Call readCall(const Reader &r, const Slices &slices)
{
    Call call;
    call.otherFields = unknownFields(r.json());
    const auto id = r.string("id", true);
    if (!id || id->isEmpty())
        throw ShapeError{
            QStringLiteral("`call.id` is missing or not text, so this is not a call.")};
    call.id = *id;
    if (const auto assistant = r.childObject("assistant"))
        call.assistant = readAssistant(*assistant);
    const auto attempts = r.array("call_attempts", true);
    if (attempts) {
        call.callAttempts.reserve(attempts->size());
        for (qsizetype i = 0; i < attempts->size(); ++i)
            call.callAttempts.append(readAttempt(r.element(attempts->at(i), "call_attempts", i),
                                                 slices.body,
                                                 slices.forAttempt(i)));
    }
    call.callRetryConfig = readRetryConfig(r);
    call.callsCount = r.number("calls_count", true);
    if (const auto c = r.childObject("campaign"))
        call.campaign = Campaign{c->string("id", true), c->string("name", true)};
    call.createdAt = r.timestamp("created_at");
    call.scheduledAt = r.timestamp("scheduled_at");
    call.direction = r.string("direction", true);
    call.firstSentenceDelayMs = r.integer("first_sentence_delay_ms", true);
    call.fromPhoneNumber = r.string("from_phone_number", true);
    call.toPhoneNumber = r.string("to_phone_number", true);
    call.isCancelled = r.boolean("is_cancelled");
    call.isCompleted = r.boolean("is_completed");
    if (const auto last = r.object("last_call_attempt"))
        call.lastCallAttempt = readLastAttempt(r, *last, attempts, call.callAttempts, slices);
    call.llmModel = readLlmModel(r);
    call.metadata = r.object("metadata");
    call.organizationId = r.string("organization_id", true);
    call.status = r.string("status", true);
    return call;
}

} // namespace Revox::CallReading
