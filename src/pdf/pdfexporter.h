#pragma once

#include "exporter.h"

namespace Revox {

// A4 pages with a header (the call, the attempts) and "Page n of N" in the footer. The text is
// real text, so the PDF is searchable. Needs a QGuiApplication (the offscreen platform will do).
class PdfExporter final
{
public:
    Exporter::Result exportCall(const Call &call, const ExportOptions &options);

    int pageCount() const { return m_pageCount; }
    // Images or stylesheets the document asked for and did not get (should always be 0).
    int refusedResourceCount() const { return m_refused; }

private:
    int m_pageCount = 0;
    int m_refused = 0;
};

} // namespace Revox
