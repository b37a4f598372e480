#pragma once

#include "core/call/calldata.h"
#include "core/call/callfieldreader.h"
#include "core/call/transcriptslices.h"

#include <QByteArray>

// The fields of a call, read from its parse tree into a Call. Not for use outside core/call.
namespace Revox::CallReading {

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

// `r` reads the `call` object. Throws ShapeError when it is not a call (see Reader), SliceError
// when a transcript slice does not parse on its own.
Call readCall(const Reader &r, const Slices &slices);

} // namespace Revox::CallReading
