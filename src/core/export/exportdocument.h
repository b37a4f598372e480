#pragma once

#include "core/call/calldata.h"
#include "core/call/toolcallpairing.h"
#include "core/export/exportoptions.h"
#include "core/export/exportprogress.h"

#include <QByteArray>
#include <QList>
#include <QString>

#include <functional>

namespace Revox {

struct ExportedAttempt
{
    int number = 0; // 1 = the first attempt dialled
    int count = 0;  // attempts the call has in all
    CallAttempt attempt;
};

// One turn as every format shows it, after ToolCallPairing: something said, a tool card, or both
// (the agent spoke while calling a tool: its words, then the call). Spoken words are only ever in
// `speech`, a tool's result only in `content` with hasResult: no format can write one as the other.
struct ExportedTurn
{
    ToolCallPairing::Kind kind = ToolCallPairing::Kind::Speech;
    int number = 0;          // 1-based position in the attempt's transcript
    QString role;            // as sent, empty when none; a format may style by it
    bool hasSpeech = false;  // write "speaker: speech" first
    QString speaker;         // "Agent", "Caller", or the raw role
    QString speech;          // what was said, as sent
    bool isToolCall = false; // write a tool card (never when tools are left out)
    QString toolName;        // tool card: never empty
    QString headline;        // tool card of a result: "result 2 of 2, retry after a failure"
    QString note;            // tool card: "Call in turn 2", "No result in the transcript", …
    QString arguments;       // tool card: empty when none were sent
    bool failed = false;     // tool card: its result failed (a call made while speaking: its last)
    bool hasResult = false;  // tool card: it holds a tool's result (else its results come later)
    QString resultLabel;     // "Error" when it failed, else "Result"
    QString content;         // hasResult: the tool's result or error; else empty
};

// What every format renders: the call (already redacted when asked) and the chosen attempts in
// the order they happened. Building it is where selection and redaction are decided, once.
struct ExportDocument
{
    // The call's own fields. Of its attempts only the chosen ones are kept (redacted when asked);
    // the others are left empty, so that only their count can be read, and lastCallAttempt (a copy
    // of the latest one) is dropped: nothing unredacted is reachable from a redacted document, and
    // a long call is not redacted two or three times over.
    Call call;
    QList<ExportedAttempt> attempts;
    bool includeTools = true;
    bool includeSummary = true;
    bool redacted = false;

    // Whether a format writes turn `index` of a transcript paired as `pairing`: every turn with
    // speech (a turn that spoke while calling a tool keeps its words without tools), tool-only
    // turns when tools are included.
    bool shows(const ToolCallPairing &pairing, int index) const
    {
        return includeTools || pairing.hasSpeech(index);
    }
    // Turn `index` of `turns` (paired as `pairing`) as every format shows it.
    ExportedTurn turn(const QList<TranscriptEntry> &turns,
                      const ToolCallPairing &pairing,
                      int index) const;
    // Why `attempt` shows no turn ("No transcript for this attempt.", "Empty transcript."); empty
    // when it shows some.
    QString note(const CallAttempt &attempt) const;
    // Calls `write` with each turn of `attempt` this document shows, in order, so that a format
    // only has to lay them out; counts every turn of the transcript on `turns`. False when the
    // export was cancelled on the way.
    bool forEachTurn(const CallAttempt &attempt,
                     ExportProgress::Counter &turns,
                     const std::function<void(const ExportedTurn &)> &write) const;
    // Every turn of the chosen attempts, shown or not: what a writer counts its progress in.
    qint64 turnCount() const;

    // Empty `error` when the selection exists in this call. Redacting a long call takes a while:
    // it is reported on `progress`, and when that is cancelled the result is an empty document.
    static ExportDocument build(const Call &call,
                                const ExportOptions &options,
                                QString *error = nullptr,
                                const ExportProgress &progress = {});
    // The attempt numbers a selection names in this call, chronological; empty when none.
    static QList<int> selectedNumbers(const Call &call, const AttemptSelection &selection);
};

struct ExportResult
{
    QByteArray data;
    QString error;          // a sentence for the user; empty on success
    bool cancelled = false; // stopped because its ExportProgress was cancelled; `error` says so
    bool isOk() const { return error.isEmpty(); }

    // The result of an export stopped by its ExportProgress.
    static ExportResult stopped();
};

// Each format is one small class behind this interface: the five text formats here, PDF in
// revox_pdf (PdfExporter). ExportService::exportCall (revox_pdf) picks the writer for a format.
class FormatWriter
{
public:
    virtual ~FormatWriter() = default;
    // The file's bytes, or why this format cannot be written here (PDF without Qt GUI). Reports
    // how far it has got on `progress` and stops with ExportResult::stopped() when it is cancelled.
    ExportResult write(const ExportDocument &document, const ExportProgress &progress = {}) const
    {
        return writeDocument(document, progress);
    }

private:
    virtual ExportResult writeDocument(const ExportDocument &document,
                                       const ExportProgress &progress) const = 0;
};

} // namespace Revox
