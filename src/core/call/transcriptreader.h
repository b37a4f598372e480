#pragma once

#include "core/call/calldata.h"
#include "core/call/callfieldreader.h"
#include "core/call/transcriptslices.h"

#include <QByteArray>
#include <QJsonArray>
#include <QList>

// The turns of one attempt's transcript, read from its parse tree or, a slice at a time, from the
// bytes of the body (see TranscriptSlices). Not for use outside core/call.
namespace Revox::CallReading {

// Thrown when a transcript slice does not parse on its own; CallParser::parse() then reads the
// body whole, which reports the error exactly.
struct SliceError
{};

// `attempt` reads the attempt the transcript belongs to; its warnings name the turns.
QList<TranscriptEntry> readTranscript(const Reader &attempt, const QJsonArray &array);

// A long transcript is most of a call's bytes, and its slices parse independently: they are
// split into as many runs as the global thread pool runs threads (by default one per core), read
// side by side and joined in order. Warnings and errors come out as reading the slices one after
// another gives them: the first run's first.
QList<TranscriptEntry> readTranscript(const Reader &attempt,
                                      const QByteArray &body,
                                      const TranscriptSlices::Transcript &transcript);

} // namespace Revox::CallReading
