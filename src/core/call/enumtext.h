#pragma once

#include "core/call/calldata.h"

#include <QString>

namespace Revox {

enum class EnumField {
    CallStatus,
    AttemptStatus,
    AttemptResult,
    DialError,
    EndedBy,
    Direction,
    Role,
    FirstSentenceMode,
    VoiceProvider,
    LlmModelType,
    StructuredOutputType,
    FaqSource,
};

namespace EnumText {

bool isKnown(EnumField field, const QString &raw);
// A short label for a known value ("Queued for calling"); the raw value itself when unknown.
QString label(EnumField field, const QString &raw);
// One plain-language sentence for a known value; empty for values this client does not know.
QString explanation(EnumField field, const QString &raw);
// label() for a value that may be absent: "—" when it was null or missing.
QString label(EnumField field, const OpenEnum &value);
// "Completed — Finished: no more attempts will be made."; an unknown value says so.
QString labelWithExplanation(EnumField field, const OpenEnum &value);

// Statuses after which nothing about the call changes any more.
bool isFinalCallStatus(const OpenEnum &status);
bool isFinalAttemptStatus(const OpenEnum &status);

// What the deprecated flags should be for this status; nullopt when the status is unknown.
std::optional<bool> expectedIsCompleted(const OpenEnum &status);
std::optional<bool> expectedIsCancelled(const OpenEnum &status);

} // namespace EnumText

} // namespace Revox
