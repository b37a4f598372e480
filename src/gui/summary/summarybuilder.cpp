#include "gui/summary/summarybuilder.h"

#include "gui/summary/summarynode.h"

#include "core/call/format.h"
#include "gui/common/plural.h"

namespace Revox::SummaryBuilder {

namespace {

using Node = SummaryModel::Node;
const QString Dash = QStringLiteral("—");

Node *text(Node *parent,
           const QString &name,
           const std::optional<QString> &value,
           const QString &key)
{
    Node *node = parent->add(name, Format::optionalText(value), key);
    node->raw = value.value_or(QString());
    return node;
}

Node *enumValue(
    Node *parent, const QString &name, EnumField field, const OpenEnum &value, const QString &key)
{
    Node *node = parent->add(name, EnumText::label(field, value), key);
    node->raw = value.value_or(QString());
    if (value) {
        node->explanation = EnumText::explanation(field, *value);
        if (node->explanation.isEmpty()) {
            node->value = SummaryModel::tr("%1 (value not known to this version)").arg(*value);
            node->explanation = SummaryModel::tr("Shown exactly as the server sent it.");
        }
    }
    return node;
}

Node *time(Node *parent, const QString &name, const Timestamp &stamp, const QString &key)
{
    Node *node = parent->add(name, Format::localTime(stamp), key);
    node->raw = stamp.rawText();
    if (stamp.state() == Timestamp::State::Parsed || stamp.state() == Timestamp::State::Unparseable)
        node->explanation = SummaryModel::tr("Local time. UTC: %1. As sent: %2")
                                .arg(Format::utcTime(stamp), stamp.rawText());
    if (stamp.state() == Timestamp::State::Unparseable)
        node->tone = Theme::Tone::Warning;
    return node;
}

Node *flag(Node *parent, const QString &name, const std::optional<bool> &value, const QString &key)
{
    Node *node = parent->add(name, Format::yesNo(value), key);
    node->raw = value ? (*value ? QStringLiteral("true") : QStringLiteral("false")) : QString();
    return node;
}

QString numberText(qint64 value)
{
    return QString::number(value);
}

QString numberText(double value)
{
    return Format::number(value);
}

// A number shown with its unit, kept raw without it.
template<typename Number>
Node *number(Node *parent,
             const QString &name,
             const std::optional<Number> &value,
             const QString &key,
             const QString &unit = {})
{
    const QString raw = value ? numberText(*value) : QString();
    Node *node = parent->add(name, value ? raw + unit : Dash, key);
    node->raw = raw;
    return node;
}

// A JSON member shown as sent: its JSON text is both the value shown and the raw value.
void jsonMember(Node *parent, const QString &key, const QJsonValue &value)
{
    Node *node = parent->add(key, Format::jsonValueText(value), key);
    node->raw = node->value;
}

// The call and its assistant each have one, under the same key.
void model(Node *parent, const LlmModel &llm)
{
    Node *node = parent->add(SummaryModel::tr("Model"),
                             Format::llmModel(llm),
                             QStringLiteral("llm_model"));
    node->raw = llm.present ? Format::json(llm.raw) : QString();
    if (!llm.present)
        return;
    enumValue(node,
              SummaryModel::tr("Type"),
              EnumField::LlmModelType,
              llm.type,
              QStringLiteral("type"));
    if (llm.name)
        text(node, SummaryModel::tr("Name"), llm.name, QStringLiteral("name"));
    if (llm.openrouterModelId)
        text(node,
             SummaryModel::tr("OpenRouter model"),
             llm.openrouterModelId,
             QStringLiteral("openrouter_model_id"));
    if (llm.openrouterProvider)
        text(node,
             SummaryModel::tr("OpenRouter provider"),
             llm.openrouterProvider,
             QStringLiteral("openrouter_provider"));
}

// The call and its assistant each have one, under the same key.
void retryConfig(Node *parent, const std::optional<RetryConfig> &config)
{
    Node *section = parent->add(SummaryModel::tr("Retry configuration"),
                                {},
                                QStringLiteral("call_retry_config"));
    if (!config) {
        section->value = SummaryModel::tr(
            "not set (Revox defaults: 10:00–18:00, retry every 2 h, 3 retries)");
        return;
    }
    section->value = plural(int(config->callingWindows.size()),
                            SummaryModel::tr("%1 calling window"),
                            SummaryModel::tr("%1 calling windows"));
    number(section,
           SummaryModel::tr("Max retry attempts"),
           config->maxRetryAttempts,
           QStringLiteral("max_retry_attempts"));
    Node *zone = text(section,
                      SummaryModel::tr("Time zone"),
                      config->timezone,
                      QStringLiteral("timezone"));
    if (!config->timezone)
        zone->value = SummaryModel::tr("from the called number's country");
    for (int i = 0; i < config->callingWindows.size(); ++i) {
        const CallingWindow &w = config->callingWindows.at(i);
        Node *window = section->add(SummaryModel::tr("Calling window %1").arg(i + 1),
                                    SummaryModel::tr("%1 – %2, retry after %3")
                                        .arg(Format::optionalText(w.startTime),
                                             Format::optionalText(w.endTime),
                                             w.retryDelaySeconds
                                                 ? Format::duration(*w.retryDelaySeconds * 1000)
                                                 : Dash),
                                    QStringLiteral("calling_windows[%1]").arg(i));
        window->explanation = SummaryModel::tr(
            "Times are in the recipient's time zone (or the one set above).");
        text(window,
             SummaryModel::tr("Start"),
             w.startTime,
             QStringLiteral("calling_window_start_time"));
        text(window, SummaryModel::tr("End"), w.endTime, QStringLiteral("calling_window_end_time"));
        number(window,
               SummaryModel::tr("Retry delay"),
               w.retryDelaySeconds,
               QStringLiteral("retry_delay_seconds"),
               SummaryModel::tr(" s"));
    }
}

void assistant(Node *root, const std::optional<Assistant> &assistantValue)
{
    Node *s = root->add(SummaryModel::tr("Assistant"), {}, QStringLiteral("assistant"));
    if (!assistantValue) {
        s->value = SummaryModel::tr("not sent");
        return;
    }
    const Assistant &a = *assistantValue;
    s->value = Format::optionalText(a.name);
    text(s, SummaryModel::tr("ID"), a.id, QStringLiteral("id"));
    text(s, SummaryModel::tr("Name"), a.name, QStringLiteral("name"));
    text(s, SummaryModel::tr("Organization"), a.organizationId, QStringLiteral("organization_id"));
    text(s, SummaryModel::tr("Prompt"), a.prompt, QStringLiteral("prompt"));
    text(s, SummaryModel::tr("First sentence"), a.firstSentence, QStringLiteral("first_sentence"));
    enumValue(s,
              SummaryModel::tr("First sentence mode"),
              EnumField::FirstSentenceMode,
              a.firstSentenceMode,
              QStringLiteral("first_sentence_mode"));
    number(s,
           SummaryModel::tr("First sentence delay"),
           a.firstSentenceDelayMs,
           QStringLiteral("first_sentence_delay_ms"),
           SummaryModel::tr(" ms"));
    text(s,
         SummaryModel::tr("End-of-call sentence"),
         a.endOfCallSentence,
         QStringLiteral("end_of_call_sentence"));
    Node *voice = s->add(SummaryModel::tr("Voice"), Dash, QStringLiteral("voice"));
    if (a.voice) {
        voice->value = QStringLiteral("%1 · %2 · speed %3")
                           .arg(EnumText::label(EnumField::VoiceProvider, a.voice->provider),
                                Format::optionalText(a.voice->id),
                                a.voice->speed ? Format::number(*a.voice->speed)
                                               : SummaryModel::tr("default (1.0)"));
        text(voice, SummaryModel::tr("ID"), a.voice->id, QStringLiteral("id"));
        enumValue(voice,
                  SummaryModel::tr("Provider"),
                  EnumField::VoiceProvider,
                  a.voice->provider,
                  QStringLiteral("provider"));
        number(voice, SummaryModel::tr("Speed"), a.voice->speed, QStringLiteral("speed"));
    }
    Node *voicemail = text(s,
                           SummaryModel::tr("Voicemail message"),
                           a.voicemailMessage,
                           QStringLiteral("voicemail_message"));
    if (!a.voicemailMessage)
        voicemail->explanation = SummaryModel::tr("None: on voicemail the agent hangs up at once.");
    text(s,
         SummaryModel::tr("Transfer number"),
         a.transferPhoneNumber,
         QStringLiteral("transfer_phone_number"));
    Node *ivr = flag(s,
                     SummaryModel::tr("IVR navigation"),
                     a.ivrNavigationEnabled,
                     QStringLiteral("ivr_navigation_enabled"));
    ivr->explanation = SummaryModel::tr(
        "When on, the agent can press keys (DTMF) to get through phone menus.");
    Node *max = number(s,
                       SummaryModel::tr("Max call duration"),
                       a.maxCallDurationSecs,
                       QStringLiteral("max_call_duration_secs"),
                       SummaryModel::tr(" s"));
    if (a.maxCallDurationSecs && *a.maxCallDurationSecs > 0)
        max->value = Format::duration(qint64(*a.maxCallDurationSecs * 1000));
    text(s,
         SummaryModel::tr("Background sound"),
         a.backgroundSound,
         QStringLiteral("background_sound"));
    text(s, SummaryModel::tr("Webhook"), a.webhookUrl, QStringLiteral("webhook_url"));
    Node *calendly = s->add(SummaryModel::tr("Calendly"),
                            a.calendly ? SummaryModel::tr("connected") : Dash,
                            QStringLiteral("calendly"));
    if (a.calendly) {
        text(calendly,
             SummaryModel::tr("Connection"),
             a.calendly->connectionId,
             QStringLiteral("connection_id"));
        text(calendly,
             SummaryModel::tr("Event type"),
             a.calendly->eventTypeId,
             QStringLiteral("event_type_id"));
    }
    model(s, a.llmModel);
    time(s, SummaryModel::tr("Created"), a.createdAt, QStringLiteral("created_at"));
    time(s, SummaryModel::tr("Updated"), a.updatedAt, QStringLiteral("updated_at"));
    retryConfig(s, a.callRetryConfig);

    Node *faq = s->add(SummaryModel::tr("FAQ"), {}, QStringLiteral("faq_items"));
    const QList<FaqItem> items = a.faqItems.value_or(QList<FaqItem>());
    faq->value = plural(int(items.size()),
                        SummaryModel::tr("%1 item"),
                        SummaryModel::tr("%1 items"));
    for (int i = 0; i < items.size(); ++i) {
        const FaqItem &item = items.at(i);
        Node *q = faq->add(item.question.isEmpty() ? SummaryModel::tr("(no question)")
                                                   : item.question,
                           item.answer.isEmpty() ? SummaryModel::tr("(no answer yet)") : item.answer,
                           QStringLiteral("[%1]").arg(i));
        if (item.needsHumanAnswer.value_or(false)) {
            q->warning = true;
            q->explanation = SummaryModel::tr("Needs an answer from a person.");
        }
        text(q, SummaryModel::tr("ID"), item.id, QStringLiteral("id"));
        text(q, SummaryModel::tr("Question"), item.question, QStringLiteral("question"));
        text(q, SummaryModel::tr("Answer"), item.answer, QStringLiteral("answer"));
        flag(q,
             SummaryModel::tr("Needs a human answer"),
             item.needsHumanAnswer,
             QStringLiteral("needs_human_answer"));
        enumValue(q,
                  SummaryModel::tr("Source"),
                  EnumField::FaqSource,
                  item.source,
                  QStringLiteral("source"));
    }
    number(s,
           SummaryModel::tr("Pending FAQ items"),
           a.pendingFaqCount,
           QStringLiteral("pending_faq_count"));

    Node *config = s->add(SummaryModel::tr("Structured output config"),
                          {},
                          QStringLiteral("structured_output_config"));
    const QList<StructuredOutputField> fields = a.structuredOutputConfig.value_or(
        QList<StructuredOutputField>());
    config->value = plural(int(fields.size()),
                           SummaryModel::tr("%1 field"),
                           SummaryModel::tr("%1 fields"));
    for (int i = 0; i < fields.size(); ++i) {
        const StructuredOutputField &f = fields.at(i);
        Node *field = f.type ? enumValue(config,
                                         f.name,
                                         EnumField::StructuredOutputType,
                                         f.type,
                                         QStringLiteral("[%1]").arg(i))
                             : config->add(f.name, Dash, QStringLiteral("[%1]").arg(i));
        if (f.required.value_or(false))
            field->value += SummaryModel::tr(", required");
        text(field, SummaryModel::tr("Name"), f.name, QStringLiteral("name"));
        enumValue(field,
                  SummaryModel::tr("Type"),
                  EnumField::StructuredOutputType,
                  f.type,
                  QStringLiteral("type"));
        flag(field, SummaryModel::tr("Required"), f.required, QStringLiteral("required"));
        text(field, SummaryModel::tr("Description"), f.description, QStringLiteral("description"));
        if (f.enumOptions)
            field->add(SummaryModel::tr("Options"),
                       f.enumOptions->join(QStringLiteral(", ")),
                       QStringLiteral("enum_options"));
    }
}

} // namespace

void build(SummaryModel::Node *root, const Call &c, QStringList *inconsistencies)
{
    root->key = QStringLiteral("call");
    Node *s = root->add(SummaryModel::tr("Call"), c.id, QStringLiteral(""));
    s->key = QStringLiteral("call");
    s->add(SummaryModel::tr("ID"), c.id, QStringLiteral("id"))->raw = c.id;
    Node *status = enumValue(s,
                             SummaryModel::tr("Status"),
                             EnumField::CallStatus,
                             c.status,
                             QStringLiteral("status"));
    status->tone = Theme::callStatusTone(c.status);
    enumValue(s,
              SummaryModel::tr("Direction"),
              EnumField::Direction,
              c.direction,
              QStringLiteral("direction"));
    text(s, SummaryModel::tr("From"), c.fromPhoneNumber, QStringLiteral("from_phone_number"));
    text(s, SummaryModel::tr("To"), c.toPhoneNumber, QStringLiteral("to_phone_number"));
    time(s, SummaryModel::tr("Created"), c.createdAt, QStringLiteral("created_at"));
    time(s, SummaryModel::tr("Scheduled"), c.scheduledAt, QStringLiteral("scheduled_at"));
    Node *count = number(s,
                         SummaryModel::tr("Calls made"),
                         c.callsCount,
                         QStringLiteral("calls_count"));
    count->explanation = plural(
        int(c.callAttempts.size()),
        SummaryModel::tr("The number of call attempts made (%1 attempt in this response)."),
        SummaryModel::tr("The number of call attempts made (%1 attempts in this response)."));
    text(s, SummaryModel::tr("Organization"), c.organizationId, QStringLiteral("organization_id"));
    number(s,
           SummaryModel::tr("First sentence delay"),
           c.firstSentenceDelayMs,
           QStringLiteral("first_sentence_delay_ms"),
           SummaryModel::tr(" ms"));
    Node *last = s->add(SummaryModel::tr("Last attempt"),
                        c.lastCallAttempt ? c.lastCallAttempt->id : Dash,
                        QStringLiteral("last_call_attempt"));
    if (c.lastCallAttempt) {
        last->explanation = SummaryModel::tr(
            "The most recent attempt; its details are in the attempts table.");
        if (!c.callAttempts.isEmpty() && c.callAttempts.constFirst().id != c.lastCallAttempt->id) {
            last->warning = true;
            last->explanation = SummaryModel::tr(
                                    "Differs from the first entry of call_attempts (%1).")
                                    .arg(c.callAttempts.constFirst().id);
        }
    }

    const auto checkFlag = [&](const QString &name,
                               const std::optional<bool> &sent,
                               const std::optional<bool> &expected,
                               const QString &key) {
        Node *node = flag(s, name, sent, key);
        node->explanation = SummaryModel::tr("Deprecated: derived from status by the server.");
        if (sent && expected && *sent != *expected) {
            node->warning = true;
            node->tone = Theme::Tone::Warning;
            const QString sentence = SummaryModel::tr(
                                         "%1 is %2, but the status \"%3\" means it should be %4.")
                                         .arg(key,
                                              Format::yesNo(sent),
                                              c.status.value_or(QString()),
                                              Format::yesNo(expected));
            node->explanation = sentence;
            inconsistencies->append(sentence);
        }
    };
    checkFlag(SummaryModel::tr("Completed (deprecated flag)"),
              c.isCompleted,
              EnumText::expectedIsCompleted(c.status),
              QStringLiteral("is_completed"));
    checkFlag(SummaryModel::tr("Cancelled (deprecated flag)"),
              c.isCancelled,
              EnumText::expectedIsCancelled(c.status),
              QStringLiteral("is_cancelled"));

    Node *campaign = root->add(SummaryModel::tr("Campaign"),
                               c.campaign ? Format::optionalText(c.campaign->name)
                                          : SummaryModel::tr("none"),
                               QStringLiteral("campaign"));
    if (c.campaign) {
        text(campaign, SummaryModel::tr("ID"), c.campaign->id, QStringLiteral("id"));
        text(campaign, SummaryModel::tr("Name"), c.campaign->name, QStringLiteral("name"));
    }

    Node *metadata = root->add(SummaryModel::tr("Metadata"), {}, QStringLiteral("metadata"));
    const QJsonObject meta = c.metadata.value_or(QJsonObject());
    metadata->value = meta.isEmpty() ? SummaryModel::tr("none")
                                     : plural(int(meta.size()),
                                              SummaryModel::tr("%1 key"),
                                              SummaryModel::tr("%1 keys"));
    for (auto it = meta.begin(); it != meta.end(); ++it)
        jsonMember(metadata, it.key(), it.value());

    model(root, c.llmModel);
    retryConfig(root, c.callRetryConfig);
    assistant(root, c.assistant);

    Node *other = nullptr;
    for (auto it = c.otherFields.begin(); it != c.otherFields.end(); ++it) {
        if (!other) {
            other = root->add(SummaryModel::tr("Other fields"), {}, QStringLiteral(""));
            other->key = QStringLiteral("call");
            other->explanation = SummaryModel::tr(
                "Fields this version does not know yet, shown as sent.");
        }
        jsonMember(other, it.key(), it.value());
    }
    if (other)
        other->value = plural(int(other->children.size()),
                              SummaryModel::tr("%1 field newer than this version"),
                              SummaryModel::tr("%1 fields newer than this version"));
}

} // namespace Revox::SummaryBuilder
