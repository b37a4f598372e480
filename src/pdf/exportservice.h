#pragma once

#include "core/call/calldata.h"
#include "core/common/safefilewriter.h"
#include "core/export/exportdocument.h"
#include "core/export/exportoptions.h"
#include "core/export/exportprogress.h"

#include <memory>

// The one way to export a call, for the export dialog, the clipboard and
// `revox-inspector export` alike. It lives in revox_pdf because it knows every format's writer:
// the five text ones from revox_core and PdfExporter, which needs Qt GUI.
namespace Revox::ExportService {

// The writer of `format`; every ExportFormat has one.
std::unique_ptr<FormatWriter> writer(ExportFormat format);

// Builds the document `options` describe (attempts, tools, summary, redaction) and writes it in
// `options.format`. Fails with a sentence when the call has no such attempt, or when PDF is asked
// for without a QGuiApplication. Reports how far it has got on `progress`, and stops with
// ExportResult::stopped() when that is cancelled.
ExportResult exportCall(const Call &call,
                        const ExportOptions &options,
                        const ExportProgress &progress = {});

// What exportToFile() did. Unless it is ok, the file at the path is as it was before.
struct SavedExport
{
    QString exportError;       // the export could not be made (no such attempt, PDF without GUI)
    FileWriteError writeError; // the file could not be written
    bool cancelled = false;
    qint64 bytes = 0;

    bool isOk() const { return exportError.isEmpty() && writeError.isOk() && !cancelled; }
};

// exportCall(), then the file written through SafeFileWriter. Safe to call on any thread: the
// export dialog runs it on a worker (ExportJob). Cancelled up to the moment the new file
// replaces the old, it leaves no trace: no temporary file, the old file untouched.
SavedExport exportToFile(const Call &call,
                         const ExportOptions &options,
                         const QString &path,
                         const ExportProgress &progress = {});

} // namespace Revox::ExportService
