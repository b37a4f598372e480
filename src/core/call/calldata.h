#pragma once

#include "core/call/timestamp.h"

#include <QByteArray>
#include <QJsonObject>
#include <QJsonValue>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace Revox {

// The largest response body the app reads as a call, from the API or from a file. A call is a few
// hundred KiB at most (a 100,000-turn transcript is under 40 MiB); past this it is not a call.
inline constexpr qint64 MaxCallBodyBytes = 64 * 1024 * 1024;

// Enums from the API are open: the server adds values before clients learn them, so every enum
// is kept as the raw string it was sent as. Known values are explained in enumtext.h.
using OpenEnum = std::optional<QString>;

// An object is held as its compact JSON text, not as a QJsonObject: a call can hold tens of
// thousands of tool calls, and a parsed object costs several times its text (a container per
// nested object). The few readers (a row being shown, an export) parse it back when they ask.
struct ToolArguments
{
    enum class Kind { Absent, Object, String };
    Kind kind = Kind::Absent;
    QString text; // Kind::String

    bool isPresent() const { return kind != Kind::Absent; }
    // Kind::Object's arguments; empty for the other kinds.
    QJsonObject object() const;
    const QByteArray &objectJson() const { return m_objectJson; }
    // Makes these arguments Kind::Object.
    void setObject(const QJsonObject &object);

private:
    QByteArray m_objectJson; // compact
};

struct TranscriptEntry
{
    OpenEnum role; // "user", "assistant", "tool" or anything newer
    QString content;
    std::optional<QString> toolName;
    ToolArguments toolArguments;
    std::optional<bool> toolIsError;

    bool isToolCall() const
    {
        return toolName.has_value() || toolArguments.isPresent() || role == QStringLiteral("tool");
    }
    bool isToolError() const { return toolIsError.value_or(false); }
};

struct CallAttempt
{
    QString id;
    Timestamp answeredAt;
    Timestamp startedAt;
    Timestamp endedAt;
    OpenEnum dialError;
    OpenEnum result;
    OpenEnum status;
    OpenEnum endedBy;
    std::optional<QString> endReason;
    std::optional<QString> phoneNumber;
    std::optional<QString> recordingUrl;
    std::optional<QJsonObject> structuredOutput;
    // Absent (null or missing) is different from an empty transcript: a call still ringing has none.
    std::optional<QList<TranscriptEntry>> transcript;
};

struct LlmModel
{
    OpenEnum type;                             // "dedicated-instance", "openrouter" or newer
    std::optional<QString> name;               // dedicated-instance
    std::optional<QString> openrouterModelId;  // openrouter
    std::optional<QString> openrouterProvider; // openrouter
    QJsonObject raw;                           // everything, for unknown union members
    bool present = false;
};

struct CallingWindow
{
    std::optional<QString> startTime;
    std::optional<QString> endTime;
    std::optional<qint64> retryDelaySeconds;
};

struct RetryConfig
{
    QList<CallingWindow> callingWindows;
    std::optional<qint64> maxRetryAttempts;
    std::optional<QString> timezone;
};

struct StructuredOutputField
{
    QString name;
    std::optional<bool> required;
    OpenEnum type; // string, number, boolean, enum, date, datetime or newer
    std::optional<QString> description;
    std::optional<QStringList> enumOptions;
};

struct FaqItem
{
    std::optional<QString> id;
    QString question;
    QString answer;
    std::optional<bool> needsHumanAnswer;
    OpenEnum source; // "human", "ai"
};

struct Voice
{
    std::optional<QString> id;
    OpenEnum provider; // "cartesia", "elevenlabs"
    std::optional<double> speed;
};

struct Calendly
{
    std::optional<QString> connectionId;
    std::optional<QString> eventTypeId;
};

struct Assistant
{
    std::optional<QString> id;
    std::optional<QString> name;
    std::optional<QString> organizationId;
    std::optional<QString> prompt;
    OpenEnum backgroundSound;
    std::optional<Calendly> calendly;
    std::optional<RetryConfig> callRetryConfig;
    Timestamp createdAt;
    Timestamp updatedAt;
    std::optional<QString> endOfCallSentence;
    std::optional<QString> firstSentence;
    std::optional<qint64> firstSentenceDelayMs;
    OpenEnum firstSentenceMode;
    std::optional<bool> ivrNavigationEnabled;
    LlmModel llmModel;
    std::optional<double> maxCallDurationSecs;
    std::optional<QList<StructuredOutputField>> structuredOutputConfig;
    std::optional<QString> transferPhoneNumber;
    std::optional<Voice> voice;
    std::optional<QString> voicemailMessage;
    std::optional<QString> webhookUrl;
    std::optional<QList<FaqItem>> faqItems;
    std::optional<double> pendingFaqCount;
};

struct Campaign
{
    std::optional<QString> id;
    std::optional<QString> name;
};

struct Call
{
    QString id;
    std::optional<Assistant> assistant;
    QList<CallAttempt> callAttempts; // most recent first, as the API sends them
    std::optional<RetryConfig> callRetryConfig;
    std::optional<double> callsCount;
    std::optional<Campaign> campaign;
    Timestamp createdAt;
    Timestamp scheduledAt;
    OpenEnum direction;
    std::optional<qint64> firstSentenceDelayMs;
    std::optional<QString> fromPhoneNumber;
    std::optional<QString> toPhoneNumber;
    std::optional<bool> isCancelled; // deprecated; derived from status by the server
    std::optional<bool> isCompleted; // deprecated; derived from status by the server
    std::optional<CallAttempt> lastCallAttempt;
    LlmModel llmModel;
    // Documented as string values; kept as JSON so a number or object sent there still shows.
    std::optional<QJsonObject> metadata;
    std::optional<QString> organizationId;
    OpenEnum status;

    // The call's fields this version does not read (newer than this client), exactly as sent. Not
    // the whole call: that would keep the parse tree of every transcript alive as long as the call.
    QJsonObject otherFields;
};

} // namespace Revox
