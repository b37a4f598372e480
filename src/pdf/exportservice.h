#pragma once

#include "exporter.h"

namespace Revox::ExportService {

// All six formats; the text ones straight from revox_core, PDF through PdfExporter.
Exporter::Result exportCall(const Call &call, const ExportOptions &options);

} // namespace Revox::ExportService
