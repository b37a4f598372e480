#include "pdf/exportservice.h"

#include "core/common/corelogging.h"
#include "core/export/csvexporter.h"
#include "core/export/htmlexporter.h"
#include "core/export/jsonexporter.h"
#include "core/export/markdownexporter.h"
#include "core/export/textexporter.h"
#include "pdf/pdfexporter.h"

namespace Revox::ExportService {

std::unique_ptr<FormatWriter> writer(ExportFormat format)
{
    switch (format) {
    case ExportFormat::Text:
        return std::make_unique<TextExporter>();
    case ExportFormat::Markdown:
        return std::make_unique<MarkdownExporter>();
    case ExportFormat::Json:
        return std::make_unique<JsonExporter>();
    case ExportFormat::Csv:
        return std::make_unique<CsvExporter>();
    case ExportFormat::Html:
        return std::make_unique<HtmlExporter>();
    case ExportFormat::Pdf:
        return std::make_unique<PdfExporter>();
    }
    return nullptr;
}

ExportResult exportCall(const Call &call, const ExportOptions &options)
{
    const std::unique_ptr<FormatWriter> formatWriter = writer(options.format);
    if (!formatWriter) // an ExportFormat value outside the enum
        return {{}, QStringLiteral("This format cannot be written.")};
    QString error;
    const ExportDocument document = ExportDocument::build(call, options, &error);
    if (!error.isEmpty())
        return {{}, error};
    const ExportResult result = formatWriter->write(document);
    // The line every export logs (revox.export): tests see that an export came this way.
    if (result.isOk())
        qCDebug(lcExport).noquote()
            << "ExportService wrote" << call.id << "as" << ExportFormats::extension(options.format)
            << "-" << result.data.size() << "bytes";
    else
        qCDebug(lcExport).noquote()
            << "ExportService could not write" << call.id << "as"
            << ExportFormats::extension(options.format) << "-" << result.error;
    return result;
}

} // namespace Revox::ExportService
