#include "exportservice.h"

#include "pdfexporter.h"

namespace Revox::ExportService {

Exporter::Result exportCall(const Call &call, const ExportOptions &options)
{
    if (options.format == ExportFormat::Pdf)
        return PdfExporter().exportCall(call, options);
    return Exporter::exportCall(call, options);
}

} // namespace Revox::ExportService
