#include "core/call/enumtext.h"

#include <QCoreApplication>

#include <array>

namespace Revox::EnumText {

namespace {

struct Known
{
    EnumField field;
    const char *raw;
    const char *label;
    const char *explanation;
};

// Values from the SDK references and the newer docs (../shared/reference/api-notes.md).
constexpr std::array KnownValues{
    Known{EnumField::CallStatus, "initializing", "Initializing", "The call order is being set up."},
    Known{EnumField::CallStatus,
          "queued_for_calling",
          "Queued for calling",
          "Waiting for a free line to dial."},
    Known{EnumField::CallStatus, "calling", "Calling", "An attempt is in progress."},
    Known{EnumField::CallStatus,
          "scheduled",
          "Scheduled",
          "Waiting for its scheduled time or the next retry."},
    Known{EnumField::CallStatus,
          "completed",
          "Completed",
          "Finished: no more attempts will be made."},
    Known{EnumField::CallStatus, "cancelled", "Cancelled", "Cancelled before it completed."},
    Known{EnumField::CallStatus, "errored", "Errored", "Stopped because of an error."},

    Known{EnumField::AttemptStatus, "queued", "Queued", "Waiting to be dialled."},
    Known{EnumField::AttemptStatus, "ringing", "Ringing", "The phone is ringing."},
    Known{EnumField::AttemptStatus, "ongoing", "Ongoing", "The conversation is in progress."},
    Known{EnumField::AttemptStatus, "completed", "Completed", "The attempt has ended."},
    Known{EnumField::AttemptStatus, "error", "Error", "The attempt failed; see the dial error."},

    Known{EnumField::AttemptResult, "human", "Human", "A person answered."},
    Known{EnumField::AttemptResult, "voicemail", "Voicemail", "The call reached a voicemail box."},
    Known{EnumField::AttemptResult, "IVR", "IVR", "An automated phone menu answered."},
    Known{EnumField::AttemptResult,
          "unknown",
          "Unknown",
          "Revox could not tell who or what answered."},
    Known{EnumField::AttemptResult,
          "ios-screening-filter",
          "iOS screening",
          "Blocked by iOS call screening before reaching the person."},

    Known{EnumField::DialError,
          "number_non_attributed",
          "Number not attributed",
          "The number is not assigned to any subscriber."},
    Known{EnumField::DialError,
          "too_many_calls",
          "Too many calls",
          "Too many simultaneous calls: the carrier refused this one."},
    Known{EnumField::DialError, "busy", "Busy", "The line was busy."},
    Known{EnumField::DialError,
          "temporarily_unavailable",
          "Temporarily unavailable",
          "The phone was switched off or out of coverage."},
    Known{EnumField::DialError, "no_answer", "No answer", "It rang, but nobody picked up."},
    Known{EnumField::DialError,
          "no_international_permission",
          "No international permission",
          "The caller's number is not allowed to call this country."},
    Known{EnumField::DialError,
          "precondition_failed",
          "Precondition failed",
          "The carrier rejected the call setup (SIP 412)."},
    Known{EnumField::DialError,
          "non_classified_error",
          "Unclassified error",
          "The carrier reported an error that Revox does not classify."},

    Known{EnumField::EndedBy, "agent", "Agent", "The AI agent hung up."},
    Known{EnumField::EndedBy, "user", "Callee", "The person called hung up."},
    Known{EnumField::EndedBy, "system", "System", "Revox ended it, e.g. at the maximum duration."},

    Known{EnumField::Direction, "outbound", "Outbound", "The agent called the number."},
    Known{EnumField::Direction, "inbound", "Inbound", "The number called the agent."},

    Known{EnumField::Role, "user", "Caller", "What the person on the phone said."},
    Known{EnumField::Role, "assistant", "Agent", "What the AI agent said."},
    Known{EnumField::Role, "tool", "Tool", "A tool the agent called, and its result."},

    Known{EnumField::FirstSentenceMode,
          "generated",
          "Generated",
          "The agent writes its first sentence itself."},
    Known{EnumField::FirstSentenceMode,
          "static",
          "Static",
          "The agent opens with the configured first sentence."},
    Known{EnumField::FirstSentenceMode,
          "none",
          "None",
          "The agent waits for the other side to speak first."},

    Known{EnumField::VoiceProvider, "cartesia", "Cartesia", "Voice from Cartesia (speed 0.6–1.5)."},
    Known{EnumField::VoiceProvider,
          "elevenlabs",
          "ElevenLabs",
          "Voice from ElevenLabs (speed 0.7–1.2)."},

    Known{EnumField::LlmModelType,
          "dedicated-instance",
          "Dedicated instance",
          "A model hosted by Revox."},
    Known{EnumField::LlmModelType, "openrouter", "OpenRouter", "A model used through OpenRouter."},

    Known{EnumField::StructuredOutputType, "string", "Text", "Free text."},
    Known{EnumField::StructuredOutputType, "number", "Number", "A number."},
    Known{EnumField::StructuredOutputType, "boolean", "Yes/no", "True or false."},
    Known{EnumField::StructuredOutputType, "enum", "Choice", "One of the listed options."},
    Known{EnumField::StructuredOutputType, "date", "Date", "A calendar date."},
    Known{EnumField::StructuredOutputType, "datetime", "Date and time", "A date with a time."},

    Known{EnumField::FaqSource, "human", "Human", "Written by a person."},
    Known{EnumField::FaqSource, "ai", "AI", "Suggested by the AI."},
};

const Known *find(EnumField field, const QString &raw)
{
    for (const Known &known : KnownValues) {
        if (known.field == field && raw == QLatin1String(known.raw))
            return &known;
    }
    return nullptr;
}

} // namespace

bool isKnown(EnumField field, const QString &raw)
{
    return find(field, raw) != nullptr;
}

QString label(EnumField field, const QString &raw)
{
    if (const Known *known = find(field, raw))
        return QCoreApplication::translate("EnumText", known->label);
    return raw;
}

QString label(EnumField field, const OpenEnum &value)
{
    return value ? label(field, *value) : QStringLiteral("—");
}

QString labelWithExplanation(EnumField field, const OpenEnum &value)
{
    if (!value)
        return QStringLiteral("—");
    const QString text = explanation(field, *value);
    return text.isEmpty()
               ? QStringLiteral("%1 (not a value this version knows)").arg(label(field, *value))
               : QStringLiteral("%1 — %2").arg(label(field, *value), text);
}

QString explanation(EnumField field, const QString &raw)
{
    if (const Known *known = find(field, raw))
        return QCoreApplication::translate("EnumText", known->explanation);
    return {};
}

bool isFinalCallStatus(const OpenEnum &status)
{
    return status
           && (*status == QLatin1String("completed") || *status == QLatin1String("cancelled")
               || *status == QLatin1String("errored"));
}

bool isFinalAttemptStatus(const OpenEnum &status)
{
    return status && (*status == QLatin1String("completed") || *status == QLatin1String("error"));
}

std::optional<bool> expectedIsCompleted(const OpenEnum &status)
{
    if (!status || !isKnown(EnumField::CallStatus, *status))
        return std::nullopt;
    return *status == QLatin1String("completed");
}

std::optional<bool> expectedIsCancelled(const OpenEnum &status)
{
    if (!status || !isKnown(EnumField::CallStatus, *status))
        return std::nullopt;
    return *status == QLatin1String("cancelled");
}

} // namespace Revox::EnumText
