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
