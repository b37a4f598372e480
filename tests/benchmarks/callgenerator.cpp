#include "callgenerator.h"

#include "core/call/samplecall.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QStringList>

#include <array>
#include <cstdint>

namespace Revox::Bench {

namespace {

constexpr std::array Words = {
    "appointment", "tomorrow",  "morning", "afternoon", "thank",     "you",    "please",
    "could",       "would",     "the",     "a",         "an",        "and",    "but",
    "or",          "so",        "because", "if",        "when",      "then",   "I",
    "we",          "they",      "it",      "this",      "that",      "there",  "here",
    "is",          "are",       "was",     "were",      "have",      "has",    "had",
    "can",         "will",      "should",  "need",      "want",      "like",   "check",
    "confirm",     "move",      "cancel",  "book",      "call",      "back",   "later",
    "today",       "Friday",    "Monday",  "Wednesday", "week",      "next",   "last",
    "time",        "slot",      "doctor",  "dentist",   "cleaning",  "visit",  "clinic",
    "address",     "street",    "floor",   "parking",   "insurance", "card",   "number",
    "email",       "phone",     "message", "reminder",  "sorry",     "great",  "perfect",
    "fine",        "yes",       "no",      "maybe",     "sure",      "of",     "course",
    "let",         "me",        "see",     "what",      "which",     "works",  "better",
    "for",         "your",      "my",      "our",       "with",      "about",  "in",
    "on",          "at",        "to",      "from",      "before",    "after",  "around",
    "half",        "past",      "nine",    "ten",       "eleven",    "two",    "three",
    "four",        "quarter",   "hour",    "minutes",   "early",     "late",   "traffic",
    "train",       "work",      "trip",    "family",    "kids",      "school", "holiday",
    "again",       "still",     "already", "just",      "really",    "quite",  "very",
    "little",      "bit",       "first",   "second",    "new",       "old",    "same",
    "other",       "available", "busy",    "free",      "open",      "closed", "lunch",
    "break",       "forms",     "bring",   "arrive",    "wait",      "room",   "note",
    "details",
};

constexpr std::array ToolNames = {
    "check_availability",
    "book_appointment",
    "lookup_patient",
    "send_sms_confirmation",
    "update_crm_record",
    "transfer_call",
};

// A small fixed PRNG (SplitMix64): std::uniform_int_distribution differs between standard
// libraries, and the figures must be comparable across machines.
class Random
{
public:
    explicit Random(std::uint64_t seed)
        : m_state(seed)
    {}
    std::uint64_t next()
    {
        std::uint64_t z = (m_state += 0x9E3779B97F4A7C15ull);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
        return z ^ (z >> 31);
    }
    int between(int low, int high) { return low + int(next() % std::uint64_t(high - low + 1)); }

private:
    std::uint64_t m_state;
};

QString sentence(Random &random)
{
    const int count = random.between(3, 17);
    QString text;
    for (int i = 0; i < count; ++i) {
        QString word = QString::fromLatin1(Words[random.next() % Words.size()]);
        if (i == 0)
            word[0] = word[0].toUpper();
        else
            text += QLatin1Char(' ');
        text += word;
    }
    const int end = random.between(0, 5);
    text += end == 0 ? QLatin1Char('?') : end == 1 ? QLatin1Char('!') : QLatin1Char('.');
    return text;
}

QString sentences(Random &random, int low, int high)
{
    QStringList parts;
    const int count = random.between(low, high);
    for (int i = 0; i < count; ++i)
        parts.append(sentence(random));
    return parts.join(QLatin1Char(' '));
}

QString clock(Random &random)
{
    return QStringLiteral("%1:%2")
        .arg(random.between(8, 18), 2, 10, QLatin1Char('0'))
        .arg(random.between(0, 3) * 15, 2, 10, QLatin1Char('0'));
}

QJsonObject toolTurn(Random &random, int index)
{
    const QString name = QString::fromLatin1(ToolNames[random.next() % ToolNames.size()]);
    const QJsonObject arguments{
        {QStringLiteral("date"),
         QStringLiteral("2025-11-%1").arg(random.between(1, 28), 2, 10, QLatin1Char('0'))},
        {QStringLiteral("time_range"),
         QJsonObject{{QStringLiteral("from"), clock(random)},
                     {QStringLiteral("to"), clock(random)}}},
        {QStringLiteral("practitioner"),
         QJsonObject{{QStringLiteral("id"), QStringLiteral("pr_%1").arg(random.between(100, 999))},
                     {QStringLiteral("name"), QStringLiteral("Dr. Okafor")}}},
        {QStringLiteral("duration_minutes"), random.between(1, 6) * 15},
        {QStringLiteral("channels"), QJsonArray{QStringLiteral("sms"), QStringLiteral("email")}},
        {QStringLiteral("note"), sentence(random)},
    };
    const bool failed = index % 250 == 249;
    const QJsonObject result
        = failed ? QJsonObject{{QStringLiteral("error"), QStringLiteral("upstream timeout")},
                               {QStringLiteral("retry_after_s"), random.between(1, 30)}}
                 : QJsonObject{{QStringLiteral("ok"), true},
                               {QStringLiteral("slots"), QJsonArray{clock(random), clock(random)}},
                               {QStringLiteral("reference"),
                                QStringLiteral("ref_%1").arg(random.next() % 1000000)}};
    QJsonObject turn{
        {QStringLiteral("role"), QStringLiteral("tool")},
        {QStringLiteral("tool_name"), name},
        {QStringLiteral("tool_arguments"), arguments},
        {QStringLiteral("content"),
         QString::fromUtf8(QJsonDocument(result).toJson(QJsonDocument::Compact))},
    };
    if (failed)
        turn.insert(QStringLiteral("tool_is_error"), true);
    return turn;
}

QJsonArray transcript(int turns)
{
    Random random(0x5EED0000u + std::uint64_t(turns));
    QJsonArray array;
    for (int i = 0; i < turns; ++i) {
        if (i % 10 == 9) {
            array.append(toolTurn(random, i));
            continue;
        }
        // Short answers are common on calls; now and then someone explains at length.
        const bool longTurn = random.between(0, 9) == 0;
        QString content = longTurn ? sentences(random, 4, 8) : sentences(random, 1, 3);
        if (i % 100 == 50)
            content += QLatin1Char(' ') + rareWord() + QLatin1Char('.');
        array.append(QJsonObject{
            {QStringLiteral("role"),
             i % 2 == 0 ? QStringLiteral("assistant") : QStringLiteral("user")},
            {QStringLiteral("content"), content},
        });
    }
    return array;
}

} // namespace

QString rareWord()
{
    return QStringLiteral("quokka");
}

QByteArray generateCall(int turns)
{
    QJsonObject root = QJsonDocument::fromJson(SampleCall::json()).object();
    QJsonObject call = root.value(QStringLiteral("call")).toObject();
    const QJsonArray generated = transcript(turns);

    QJsonArray attempts = call.value(QStringLiteral("call_attempts")).toArray();
    QJsonObject latest = attempts.at(0).toObject();
    latest.insert(QStringLiteral("transcript"), generated);
    attempts.replace(0, latest);
    call.insert(QStringLiteral("call_attempts"), attempts);

    QJsonObject last = call.value(QStringLiteral("last_call_attempt")).toObject();
    last.insert(QStringLiteral("transcript"), generated);
    call.insert(QStringLiteral("last_call_attempt"), last);

    root.insert(QStringLiteral("call"), call);
    return QJsonDocument(root).toJson(QJsonDocument::Compact);
}

} // namespace Revox::Bench
