#pragma once

#include <QByteArray>
#include <QList>

#include <optional>

namespace Revox {

// Where the transcripts sit in the bytes of a `GET /call/{id}` body.
//
// A parse tree of a whole body holds about three times the body's size, and the API sends the
// latest transcript twice (in `call_attempts` and again in `last_call_attempt`). With the
// transcripts cut out, the rest of the call is small; each transcript is then read one slice of
// turns at a time, so only one slice's tree is alive at once, and a transcript whose bytes repeat
// another is read once.
//
// The scan only finds boundaries; it does not validate. Every piece is parsed by QJsonDocument, and
// JSON's grammar composes: when the skeleton and every slice parse, the whole body parses to the
// same values. Anything the scan is unsure of (a key written with escapes, a key given twice, bytes
// around the root object) makes find() return nullopt, and the body is parsed whole.
struct TranscriptSlices
{
    struct Range
    {
        qsizetype begin = 0; // offsets into the body, [begin, end)
        qsizetype end = 0;
        qsizetype size() const { return end - begin; }
    };

    // Consecutive turns without the commas between them: parses as "[" + bytes + "]".
    struct Slice : Range
    {
        qsizetype turns = 0;
    };

    struct Transcript
    {
        Range array; // from its '[' to just past its ']'
        QList<Slice> slices;
        qsizetype turns = 0; // as counted by the scan, to size the list of turns once
    };

    // The body with every transcript array found replaced by `[]`.
    QByteArray skeleton;
    // By index in `call.call_attempts`; nullopt where that attempt's transcript is not an array.
    QList<std::optional<Transcript>> attempts;
    std::optional<Transcript> lastAttempt; // `call.last_call_attempt.transcript`

    // nullopt when there is no transcript to cut out or the bytes are not what the scan expects.
    static std::optional<TranscriptSlices> find(const QByteArray &body,
                                                qsizetype sliceBytes = DefaultSliceBytes);

    // Turns are gathered into a slice until it holds this many bytes: big enough that parsing
    // each slice costs little more than parsing its bytes, small enough that its tree stays small.
#ifdef REVOX_TRANSCRIPT_SLICE_BYTES
    static constexpr qsizetype DefaultSliceBytes = REVOX_TRANSCRIPT_SLICE_BYTES; // fuzzing builds
#else
    static constexpr qsizetype DefaultSliceBytes = 64 * 1024;
#endif
};

} // namespace Revox
