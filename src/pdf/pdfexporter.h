#pragma once

#include "core/export/exportdocument.h"
#include "core/export/htmlexporter.h"

#include <QTextBlock>

namespace Revox {

class SafeTextDocument;

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
    Rendered render(const ExportDocument &document, const ExportProgress &progress = {}) const;

private:
    ExportResult writeDocument(const ExportDocument &document,
                               const ExportProgress &progress) const override;
    // The rich-text HTML in `text`, a slice at a time; false when cancelled.
    static bool build(SafeTextDocument &text,
                      const HtmlExporter::Pieces &html,
                      const ExportProgress &progress,
                      int *refused);
    // Lays `text` out on pages of `pageSize`, a slice at a time; false when cancelled.
    static bool layOut(SafeTextDocument &text,
                       const QSizeF &pageSize,
                       const ExportProgress &progress);
    // Keeps the shaped text of `from` and the blocks after it for painting.
    static void keepShapedText(QTextBlock from);
};

} // namespace Revox
