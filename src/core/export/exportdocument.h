#pragma once

#include "core/call/calldata.h"
#include "core/export/exportoptions.h"

#include <QByteArray>
#include <QList>
#include <QString>

namespace Revox {

struct ExportedAttempt
{
    int number = 0; // 1 = the first attempt dialled
    int count = 0;  // attempts the call has in all
    CallAttempt attempt;
};

// One turn as every format shows it: something said, or a tool call card.
struct ExportedTurn
{
    bool isToolCall = false;
    QString role;        // as sent, empty when none; a format may style by it
    QString speaker;     // said: "Agent", "Caller", or the raw role
    QString toolName;    // tool call: never empty
    QString arguments;   // tool call: empty when none were sent
    bool failed = false; // tool call
    QString resultLabel; // tool call: "Error" when it failed, else "Result"
    QString content;     // what was said, or the tool's result or error
};

// An attempt's transcript as every format shows it: the turns a document includes, or why there
// are none.
struct ExportedTranscript
{
    QList<ExportedTurn> turns;
    QString note; // "No transcript for this attempt." or "Empty transcript."; empty with turns
};

// What every format renders: the call (already redacted when asked) and the chosen attempts in
// the order they happened. Building it is where selection and redaction are decided, once.
struct ExportDocument
{
    Call call;
    QList<ExportedAttempt> attempts;
    bool includeTools = true;
    bool includeSummary = true;
    bool redacted = false;

    // Whether a format writes this turn: tool calls only when they are included.
    bool shows(const TranscriptEntry &turn) const { return includeTools || !turn.isToolCall(); }
    // The turns of `attempt` this document shows, so a format only has to lay them out.
    ExportedTranscript transcript(const CallAttempt &attempt) const;

    // Empty `error` when the selection exists in this call.
    static ExportDocument build(const Call &call,
                                const ExportOptions &options,
                                QString *error = nullptr);
    // The attempt numbers a selection names in this call, chronological; empty when none.
    static QList<int> selectedNumbers(const Call &call, const AttemptSelection &selection);
};

struct ExportResult
{
    QByteArray data;
    QString error; // a sentence for the user; empty on success
    bool isOk() const { return error.isEmpty(); }
};

// Each format is one small class behind this interface: the five text formats here, PDF in
// revox_pdf (PdfExporter). ExportService::exportCall (revox_pdf) picks the writer for a format.
class FormatWriter
{
public:
    virtual ~FormatWriter() = default;
    // The file's bytes, or why this format cannot be written here (PDF without Qt GUI).
    virtual ExportResult write(const ExportDocument &document) const = 0;
};

} // namespace Revox
