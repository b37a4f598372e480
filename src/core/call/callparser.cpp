#include "core/call/callparser.h"

#include "core/call/transcriptslices.h"
#include "core/common/corelogging.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonParseError>
#include <QSemaphore>
#include <QThreadPool>

#include <algorithm>
#include <exception>
#include <vector>

#include <cmath>

namespace Revox {

namespace {

QString jsonTypeName(const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::Null:
        return QStringLiteral("null");
    case QJsonValue::Bool:
        return QStringLiteral("a true/false value");
    case QJsonValue::Double:
        return QStringLiteral("a number");
    case QJsonValue::String:
        return QStringLiteral("text");
    case QJsonValue::Array:
        return QStringLiteral("a list");
    case QJsonValue::Object:
        return QStringLiteral("an object");
    case QJsonValue::Undefined:
        break;
    }
    return QStringLiteral("missing");
}

// Thrown only inside this file, caught in parseDocument: a wrong container type makes the whole
// body "not a call", and unwinding is simpler than checking a flag after every nested read.
struct ShapeError
{
    QString message;
};

// Thrown when a transcript slice does not parse on its own; parse() then reads the body whole,
// which reports the error exactly.
struct SliceError
{};

// The body and where its transcripts were cut out of the tree being read; empty when it was
// parsed whole.
struct Slices
{
    const QByteArray *body = nullptr;
    const TranscriptSlices *found = nullptr;

    const TranscriptSlices::Transcript *forAttempt(qsizetype index) const
    {
        if (!found || index >= found->attempts.size() || !found->attempts.at(index))
            return nullptr;
        return &*found->attempts.at(index);
    }
    const TranscriptSlices::Transcript *forLastAttempt() const
    {
        return found && found->lastAttempt ? &*found->lastAttempt : nullptr;
    }
    bool sameBytes(const TranscriptSlices::Transcript *a,
                   const TranscriptSlices::Transcript *b) const
    {
        if (!a || !b)
            return a == b;
        const auto bytes = [this](const TranscriptSlices::Range &r) {
            return QByteArrayView(body->constData() + r.begin, r.size());
        };
        return bytes(a->array) == bytes(b->array);
    }
};

// Reads fields relative to a path such as `call.call_attempts[2]`, so every warning and error
// names exactly where the problem is. The path is spelled out only when a warning or error needs
// it: a child keeps a pointer to its parent (which always outlives it: readers live on the stack
// of the functions that walk the document) instead of building a string per transcript turn.
class Reader
{
public:
    Reader(const QJsonObject &object, QString path, QStringList *warnings)
        : m_object(object)
        , m_path(std::move(path))
        , m_warnings(warnings)
    {}

    QJsonValue value(const char *key) const { return m_object.value(QLatin1String(key)); }

    std::optional<QString> string(const char *key, bool required = false) const
    {
        const QJsonValue v = value(key);
        if (v.isString())
            return v.toString();
        reportScalar(key, v, QStringLiteral("text"), required);
        return std::nullopt;
    }

    std::optional<bool> boolean(const char *key, bool required = false) const
    {
        const QJsonValue v = value(key);
        if (v.isBool())
            return v.toBool();
        reportScalar(key, v, QStringLiteral("true or false"), required);
        return std::nullopt;
    }

    std::optional<double> number(const char *key, bool required = false) const
    {
        const QJsonValue v = value(key);
        if (v.isDouble())
            return v.toDouble();
        reportScalar(key, v, QStringLiteral("a number"), required);
        return std::nullopt;
    }

    // Integers may arrive as `3.0`; a fractional or out-of-range value is reported, not rounded.
    std::optional<qint64> integer(const char *key, bool required = false) const
    {
        const QJsonValue v = value(key);
        if (v.isDouble()) {
            const double d = v.toDouble();
            constexpr double Limit = 9223372036854775807.0;
            if (std::isfinite(d) && std::trunc(d) == d && d > -Limit && d < Limit)
                return static_cast<qint64>(d);
            warn(key,
                 QStringLiteral("should be a whole number but is %1; ignored").arg(d, 0, 'g', 17));
            return std::nullopt;
        }
        reportScalar(key, v, QStringLiteral("a whole number"), required);
        return std::nullopt;
    }

    Timestamp timestamp(const char *key) const { return Timestamp::fromJson(value(key)); }

    std::optional<QJsonObject> object(const char *key, bool required = false) const
    {
        const QJsonValue v = value(key);
        if (v.isObject())
            return v.toObject();
        checkContainer(key, v, QStringLiteral("an object"), required);
        return std::nullopt;
    }

    std::optional<QJsonArray> array(const char *key, bool required = false) const
    {
        const QJsonValue v = value(key);
        if (v.isArray())
            return v.toArray();
        checkContainer(key, v, QStringLiteral("a list"), required);
        return std::nullopt;
    }

    Reader child(const QJsonObject &object, const char *key) const
    {
        return Reader(object, this, key, -1, m_warnings);
    }

    Reader element(const QJsonValue &value, const char *key, qsizetype index) const
    {
        if (!value.isObject()) {
            throw ShapeError{QStringLiteral("`%1[%2]` should be an object but is %3.")
                                 .arg(fieldPath(key))
                                 .arg(index)
                                 .arg(jsonTypeName(value))};
        }
        return Reader(value.toObject(), this, key, index, m_warnings);
    }

    QString fieldPath(const char *key) const
    {
        const QString own = path();
        return own.isEmpty() ? QString::fromLatin1(key)
                             : own + QLatin1Char('.') + QLatin1String(key);
    }

    const QJsonObject &json() const { return m_object; }

    // The same reader, with its own warnings (and its children's) going to `warnings`: for
    // reading part of it on another thread.
    Reader reportingTo(QStringList *warnings) const
    {
        Reader reader(*this);
        reader.m_warnings = warnings;
        return reader;
    }

    void addWarnings(const QStringList &warnings) const { m_warnings->append(warnings); }

private:
    Reader(const QJsonObject &object,
           const Reader *parent,
           const char *key,
           qsizetype index,
           QStringList *warnings)
        : m_object(object)
        , m_parent(parent)
        , m_key(key)
        , m_index(index)
        , m_warnings(warnings)
    {}

    QString path() const
    {
        if (!m_parent)
            return m_path;
        const QString path = m_parent->fieldPath(m_key);
        return m_index < 0 ? path : QStringLiteral("%1[%2]").arg(path).arg(m_index);
    }

    void warn(const char *key, const QString &what) const
    {
        m_warnings->append(QStringLiteral("`%1` %2.").arg(fieldPath(key), what));
    }

    void reportScalar(const char *key,
                      const QJsonValue &v,
                      const QString &expected,
                      bool required) const
    {
        if (v.isUndefined() || v.isNull()) {
            if (required)
                warn(key, v.isNull() ? QStringLiteral("is null") : QStringLiteral("is missing"));
            return;
        }
        warn(key, QStringLiteral("should be %1 but is %2; ignored").arg(expected, jsonTypeName(v)));
    }

    void checkContainer(const char *key,
                        const QJsonValue &v,
                        const QString &expected,
                        bool required) const
    {
        if (v.isUndefined() || v.isNull()) {
            if (required)
                warn(key, v.isNull() ? QStringLiteral("is null") : QStringLiteral("is missing"));
            return;
        }
        throw ShapeError{QStringLiteral("`%1` should be %2 but is %3.")
                             .arg(fieldPath(key), expected, jsonTypeName(v))};
    }

    QJsonObject m_object;
    QString m_path; // the root's; children ask their parent
    const Reader *m_parent = nullptr;
    const char *m_key = nullptr;
    qsizetype m_index = -1;
    QStringList *m_warnings;
};

ToolArguments readToolArguments(const Reader &entry)
{
    ToolArguments args;
    const QJsonValue v = entry.value("tool_arguments");
    if (v.isObject()) {
        args.setObject(v.toObject());
    } else if (v.isString()) {
        args.kind = ToolArguments::Kind::String;
        args.text = v.toString();
    } else if (!v.isUndefined() && !v.isNull()) {
        // Neither documented shape: keep it visible as text rather than lose it.
        args.kind = ToolArguments::Kind::String;
        args.text = QString::fromUtf8(QJsonDocument(QJsonArray{v}).toJson(QJsonDocument::Compact));
        args.text = args.text.mid(1, args.text.size() - 2);
    }
    return args;
}

// Roles and tool names repeat on every turn: one shared copy of each instead of one per turn.
class Interner
{
public:
    std::optional<QString> operator()(std::optional<QString> text)
    {
        if (!text)
            return text;
        for (const QString &known : std::as_const(m_known)) {
            if (known == *text)
                return known;
        }
        if (m_known.size() < 16)
            m_known.append(*text);
        return text;
    }

private:
    QList<QString> m_known;
};

TranscriptEntry readTurn(const Reader &attempt,
                         const QJsonValue &value,
                         qsizetype index,
                         Interner &intern)
{
    const Reader entry = attempt.element(value, "transcript", index);
    TranscriptEntry turn;
    turn.role = intern(entry.string("role", true));
    turn.content = entry.string("content", true).value_or(QString());
    turn.toolName = intern(entry.string("tool_name"));
    turn.toolArguments = readToolArguments(entry);
    turn.toolIsError = entry.boolean("tool_is_error");
    return turn;
}

QList<TranscriptEntry> readTranscript(const Reader &attempt, const QJsonArray &array)
{
    QList<TranscriptEntry> entries;
    entries.reserve(array.size());
    Interner intern;
    for (qsizetype i = 0; i < array.size(); ++i)
        entries.append(readTurn(attempt, array.at(i), i, intern));
    return entries;
}

// Consecutive slices of one transcript, [from, to), read together.
struct SliceRun
{
    qsizetype from = 0;
    qsizetype to = 0;
    qsizetype firstTurn = 0; // the index of its first turn in the whole transcript
    qsizetype turns = 0;
};

// What reading a run of slices gave: the turns and warnings in order, or the error that stopped
// it. Errors are carried, not thrown, so that a run read on another thread hands them back.
struct TranscriptPart
{
    QList<TranscriptEntry> entries;
    QStringList warnings;
    std::exception_ptr error;
};

// One slice's parse tree at a time: the turns' text is converted and the tree freed before the
// next slice is parsed.
void readSlices(const Reader &attempt,
                const QByteArray &body,
                const QList<TranscriptSlices::Slice> &slices,
                const SliceRun &run,
                TranscriptPart &part)
{
    part.entries.reserve(run.turns);
    const Reader reader = attempt.reportingTo(&part.warnings);
    Interner intern;
    QByteArray piece;
    try {
        for (qsizetype i = run.from; i < run.to; ++i) {
            const TranscriptSlices::Slice &slice = slices.at(i);
            piece.resize(0);
            piece.reserve(slice.size() + 2);
            piece.append('[');
            piece.append(body.constData() + slice.begin, slice.size());
            piece.append(']');
            QJsonParseError error;
            const QJsonDocument document = QJsonDocument::fromJson(piece, &error);
            if (error.error != QJsonParseError::NoError || !document.isArray())
                throw SliceError{};
            const QJsonArray array = document.array();
            for (const QJsonValue &value : array)
                part.entries.append(
                    readTurn(reader, value, run.firstTurn + part.entries.size(), intern));
        }
    } catch (...) {
        part.error = std::current_exception();
    }
}

// The slices cut into `count` runs of about equal bytes (fewer when there are fewer slices).
QList<SliceRun> splitIntoRuns(const QList<TranscriptSlices::Slice> &slices, qsizetype count)
{
    qsizetype total = 0;
    for (const TranscriptSlices::Slice &slice : slices)
        total += slice.size();
    QList<SliceRun> runs;
    SliceRun run;
    qsizetype bytes = 0;
    for (qsizetype i = 0; i < slices.size(); ++i) {
        bytes += slices.at(i).size();
        run.turns += slices.at(i).turns;
        // A run ends once the bytes read reach its share of the total, or at the last slice.
        if (bytes * count >= total * (runs.size() + 1) || i + 1 == slices.size()) {
            run.to = i + 1;
            runs.append(run);
            run = SliceRun{i + 1, i + 1, run.firstTurn + run.turns, 0};
        }
    }
    return runs;
}

// A long transcript is most of a call's bytes, and its slices parse independently: they are
// split into as many runs as the global thread pool runs threads (by default one per core), read
// side by side and joined in order. Warnings and errors come out as reading the slices one after
// another gives them: the first run's first.
QList<TranscriptEntry> readTranscript(const Reader &attempt,
                                      const QByteArray &body,
                                      const TranscriptSlices::Transcript &transcript)
{
    if (transcript.slices.isEmpty())
        return {};
    QThreadPool *pool = QThreadPool::globalInstance();
    const QList<SliceRun> runs = splitIntoRuns(transcript.slices,
                                               std::max(1, pool->maxThreadCount()));
    std::vector<TranscriptPart> parts(runs.size());
    parts.front().entries.reserve(transcript.turns); // the others are joined onto it
    const auto read = [&](qsizetype index) {
        readSlices(attempt, body, transcript.slices, runs.at(index), parts[index]);
    };

    // A run goes to the pool only while the pool has a thread free; otherwise it is read here,
    // so this never waits for a thread to come free. Every run started is waited for before
    // this frame, which it refers to, can end: reading a run never throws (see readSlices).
    QSemaphore done;
    int started = 0;
    QList<qsizetype> readHere{0};
    for (qsizetype index = 1; index < runs.size(); ++index) {
        const bool inPool = pool->tryStart([&read, &done, index] {
            read(index);
            done.release();
        });
        if (inPool)
            ++started;
        else
            readHere.append(index);
    }
    for (const qsizetype index : std::as_const(readHere))
        read(index);
    done.acquire(started);

    for (const TranscriptPart &part : parts) {
        attempt.addWarnings(part.warnings);
        if (part.error)
            std::rethrow_exception(part.error);
    }
    QList<TranscriptEntry> entries = std::move(parts.front().entries);
    for (std::size_t index = 1; index < parts.size(); ++index)
        entries.append(std::move(parts[index].entries));
    return entries;
}

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
    const auto object = parent.object("llm_model", true);
    if (!object)
        return model;
    const Reader r = parent.child(*object, "llm_model");
    model.present = true;
    model.raw = *object;
    model.type = r.string("type", true);
    model.name = r.string("name");
    model.openrouterModelId = r.string("openrouter_model_id");
    model.openrouterProvider = r.string("openrouter_provider");
    return model;
}

std::optional<RetryConfig> readRetryConfig(const Reader &parent)
{
    const auto object = parent.object("call_retry_config");
    if (!object)
        return std::nullopt;
    const Reader r = parent.child(*object, "call_retry_config");
    RetryConfig config;
    config.maxRetryAttempts = r.integer("max_retry_attempts", true);
    config.timezone = r.string("timezone");
    if (const auto windows = r.array("calling_windows", true)) {
        for (qsizetype i = 0; i < windows->size(); ++i) {
            const Reader w = r.element(windows->at(i), "calling_windows", i);
            config.callingWindows.append({w.string("calling_window_start_time", true),
                                          w.string("calling_window_end_time", true),
                                          w.integer("retry_delay_seconds", true)});
        }
    }
    return config;
}

Assistant readAssistant(const Reader &r)
{
    Assistant a;
    a.id = r.string("id", true);
    a.name = r.string("name", true);
    a.organizationId = r.string("organization_id", true);
    a.prompt = r.string("prompt", true);
    a.backgroundSound = r.string("background_sound");
    if (const auto calendly = r.object("calendly")) {
        const Reader c = r.child(*calendly, "calendly");
        a.calendly = Calendly{c.string("connection_id", true), c.string("event_type_id", true)};
    }
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
    if (const auto config = r.array("structured_output_config")) {
        QList<StructuredOutputField> fields;
        for (qsizetype i = 0; i < config->size(); ++i) {
            const Reader f = r.element(config->at(i), "structured_output_config", i);
            StructuredOutputField field;
            field.name = f.string("name", true).value_or(QString());
            field.required = f.boolean("required", true);
            field.type = f.string("type", true);
            field.description = f.string("description");
            if (const auto options = f.array("enum_options")) {
                QStringList list;
                for (const QJsonValue &option : *options)
                    list.append(option.isString() ? option.toString()
                                                  : option.toVariant().toString());
                field.enumOptions = list;
            }
            fields.append(std::move(field));
        }
        a.structuredOutputConfig = std::move(fields);
    }
    a.transferPhoneNumber = r.string("transfer_phone_number");
    if (const auto voice = r.object("voice")) {
        const Reader v = r.child(*voice, "voice");
        a.voice = Voice{v.string("id", true), v.string("provider", true), v.number("speed")};
    }
    a.voicemailMessage = r.string("voicemail_message");
    a.webhookUrl = r.string("webhook_url");
    if (const auto faq = r.array("faq_items")) {
        QList<FaqItem> items;
        for (qsizetype i = 0; i < faq->size(); ++i) {
            const Reader f = r.element(faq->at(i), "faq_items", i);
            items.append({f.string("id"),
                          f.string("question", true).value_or(QString()),
                          f.string("answer", true).value_or(QString()),
                          f.boolean("needs_human_answer"),
                          f.string("source")});
        }
        a.faqItems = std::move(items);
    }
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

Call readCall(const Reader &r, const Slices &slices)
{
    Call call;
    call.otherFields = unknownFields(r.json());
    const auto id = r.string("id", true);
    if (!id || id->isEmpty())
        throw ShapeError{
            QStringLiteral("`call.id` is missing or not text, so this is not a call.")};
    call.id = *id;
    if (const auto assistant = r.object("assistant"))
        call.assistant = readAssistant(r.child(*assistant, "assistant"));
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
    if (const auto campaign = r.object("campaign")) {
        const Reader c = r.child(*campaign, "campaign");
        call.campaign = Campaign{c.string("id", true), c.string("name", true)};
    }
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

QString apiErrorMessage(const QJsonObject &root)
{
    const QJsonValue error = root.value(QLatin1String("error"));
    QString text;
    if (error.isString())
        text = error.toString();
    else if (error.isObject())
        text = error.toObject().value(QLatin1String("message")).toString();
    if (text.isEmpty())
        text = root.value(QLatin1String("message")).toString();
    return text.left(500);
}

CallParseResult failure(CallParseError::Kind kind, const QString &message)
{
    CallParseResult result;
    result.error = {kind, message};
    qCDebug(lcParser) << "rejected response:" << message;
    return result;
}

bool looksLikeHtml(const QByteArray &body)
{
    const QByteArray start = body.left(256).trimmed().toLower();
    return start.startsWith("<!doctype html") || start.startsWith("<html")
           || start.startsWith("<?xml") || start.startsWith("<head") || start.startsWith("<body");
}

CallParseResult readRoot(const QJsonObject &root, const Slices &slices)
{
    const QJsonValue callValue = root.value(QLatin1String("call"));
    if (!callValue.isObject()) {
        const QString apiMessage = apiErrorMessage(root);
        if (!callValue.isUndefined() && !callValue.isNull()) {
            return failure(CallParseError::Kind::WrongType,
                           QStringLiteral("`call` should be an object but is %1.")
                               .arg(jsonTypeName(callValue)));
        }
        if (!apiMessage.isEmpty()) {
            return failure(CallParseError::Kind::ApiError,
                           QStringLiteral("The server answered with an error instead of a call: %1")
                               .arg(apiMessage));
        }
        return failure(CallParseError::Kind::NoCall,
                       callValue.isNull()
                           ? QStringLiteral(
                               "The response has `\"call\": null`: there is no call in it.")
                           : QStringLiteral(
                               "The response has no `call` object, so it is not a call."));
    }

    CallParseResult result;
    try {
        result.call = readCall(Reader(callValue.toObject(),
                                      QStringLiteral("call"),
                                      &result.warnings),
                               slices);
    } catch (const ShapeError &shape) {
        return failure(CallParseError::Kind::WrongType,
                       QStringLiteral("The response is not a valid call: %1").arg(shape.message));
    }
    if (!result.warnings.isEmpty())
        qCDebug(lcParser) << "call parsed with" << result.warnings.size() << "warnings";
    return result;
}

// The call read with its transcripts cut out of the parse tree and read a slice at a time (see
// TranscriptSlices). Only a call read in full is returned: for anything else the body is parsed
// whole, so every problem is named exactly as a whole parse names it.
std::optional<CallParseResult> readSliced(const QByteArray &body)
{
    const std::optional<TranscriptSlices> found = TranscriptSlices::find(body);
    if (!found)
        return std::nullopt;
    QJsonParseError error;
    const QJsonDocument skeleton = QJsonDocument::fromJson(found->skeleton, &error);
    if (error.error != QJsonParseError::NoError || !skeleton.isObject()
        || !skeleton.object().value(QLatin1String("call")).isObject())
        return std::nullopt;
    try {
        CallParseResult result = readRoot(skeleton.object(), Slices{&body, &*found});
        if (result.isValid())
            return result;
    } catch (const SliceError &) {
    }
    return std::nullopt;
}

} // namespace

CallParseResult CallParser::parse(const QByteArray &body)
{
    if (std::optional<CallParseResult> sliced = readSliced(body))
        return std::move(*sliced);
    return parseWhole(body);
}

CallParseResult CallParser::parseWhole(const QByteArray &body)
{
    if (body.trimmed().isEmpty())
        return failure(CallParseError::Kind::EmptyBody, QStringLiteral("The response was empty."));
    if (looksLikeHtml(body)) {
        return failure(CallParseError::Kind::HtmlPage,
                       QStringLiteral("The server sent a web page instead of call data. "
                                      "Check that the base URL points at the Revox API."));
    }

    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(body, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        const auto offset = parseError.offset;
        switch (parseError.error) {
        case QJsonParseError::IllegalUTF8String:
            return failure(CallParseError::Kind::InvalidUtf8,
                           QStringLiteral("The response contains invalid UTF-8 text near byte %1.")
                               .arg(offset));
        case QJsonParseError::UnterminatedObject:
        case QJsonParseError::UnterminatedArray:
        case QJsonParseError::UnterminatedString:
            return failure(CallParseError::Kind::Truncated,
                           QStringLiteral("The response ends too early (cut off after %1 bytes); "
                                          "the connection may have dropped. Try again.")
                               .arg(body.size()));
        default:
            break;
        }
        // The parser reports other errors at the end of the input when the body was cut short.
        if (offset >= body.trimmed().size()) {
            return failure(CallParseError::Kind::Truncated,
                           QStringLiteral("The response ends too early (cut off after %1 bytes); "
                                          "the connection may have dropped. Try again.")
                               .arg(body.size()));
        }
        return failure(CallParseError::Kind::NotJson,
                       QStringLiteral("The response is not valid JSON: %1 near byte %2.")
                           .arg(parseError.errorString())
                           .arg(offset));
    }
    if (!document.isObject()) {
        return failure(
            CallParseError::Kind::NotAnObject,
            QStringLiteral(
                "The response is JSON but not an object (it is %1), so it is not a call.")
                .arg(document.isArray() ? QStringLiteral("a list")
                                        : QStringLiteral("a single value")));
    }
    return parseDocument(document.object());
}

CallParseResult CallParser::parseDocument(const QJsonObject &root)
{
    return readRoot(root, Slices{});
}

} // namespace Revox
