#pragma once

#include "core/call/calldata.h"
#include "core/export/exportdocument.h"
#include "core/export/exportoptions.h"

#include <memory>

// The one way to export a call, for the export dialog, the clipboard and
// `revox-inspector export` alike. It lives in revox_pdf because it knows every format's writer:
// the five text ones from revox_core and PdfExporter, which needs Qt GUI.
namespace Revox::ExportService {

// The writer of `format`; every ExportFormat has one.
std::unique_ptr<FormatWriter> writer(ExportFormat format);

// Builds the document `options` describe (attempts, tools, summary, redaction) and writes it in
// `options.format`. Fails with a sentence when the call has no such attempt, or when PDF is asked
// for without a QGuiApplication.
ExportResult exportCall(const Call &call, const ExportOptions &options);

} // namespace Revox::ExportService
