#pragma once

#include "core/call/calldata.h"
#include "core/export/exportdocument.h"
#include "core/export/exportoptions.h"

#include <QString>

// Writing an export is ExportService::exportCall's (revox_pdf), the one entry point that knows
// every format's writer, PDF included: revox_core cannot draw a PDF (no Qt GUI here). What every
// caller shares without writing anything is here.
namespace Revox::Exporter {

// "<call-id>-attempt3.md", "<call-id>-all-attempts.csv"; the call ID made filesystem-safe.
QString suggestedFileName(const Call &call, const ExportOptions &options);

} // namespace Revox::Exporter
