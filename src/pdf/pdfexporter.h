#pragma once

#include "core/export/exportdocument.h"

namespace Revox {

// A4 pages with a header (the call, the attempts) and "Page n of N" in the footer. The text is
// real text, so the PDF is searchable. Needs a QGuiApplication (the offscreen platform will do).
// One of the six FormatWriters; ExportService::exportCall picks it for ExportFormat::Pdf.
class PdfExporter final : public FormatWriter
{
public:
    struct Rendered
    {
        ExportResult result;
        int pageCount = 0;
        // Images or stylesheets the document asked for and did not get (should always be 0).
        int refusedResourceCount = 0;
    };

    // write(), with what tests and benchmarks measure beside the bytes.
    Rendered render(const ExportDocument &document) const;
    ExportResult write(const ExportDocument &document) const override;
};

} // namespace Revox
