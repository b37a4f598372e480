#include "pdf/exportservice.h"

#include "core/common/corelogging.h"
#include "core/common/safefilewriter.h"
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

ExportResult exportCall(const Call &call,
                        const ExportOptions &options,
                        const ExportProgress &progress)
{
    const std::unique_ptr<FormatWriter> formatWriter = writer(options.format);
    if (!formatWriter) // an ExportFormat value outside the enum
        return {{}, QStringLiteral("This format cannot be written.")};
    // Redacting is most of the work of a long text export; unredacted, the document is a copy.
    const double built = options.redact ? 0.3 : 0.01;
    QString error;
    const ExportDocument document = ExportDocument::build(call,
                                                          options,
                                                          &error,
                                                          progress.stage(0, built));
    ExportResult result;
    if (progress.isCancelled())
        result = ExportResult::stopped();
    else if (!error.isEmpty())
        result = {{}, error};
    else
        result = formatWriter->write(document, progress.stage(built, 1));
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

SavedExport exportToFile(const Call &call,
                         const ExportOptions &options,
                         const QString &path,
                         const ExportProgress &progress)
{
    // Writing is a small share of the time, but a fast one only on a fast disk.
    constexpr double Exported = 0.95;
    SavedExport saved;
    const ExportResult result = exportCall(call, options, progress.stage(0, Exported));
    if (result.cancelled) {
        saved.cancelled = true;
        return saved;
    }
    if (!result.isOk()) {
        saved.exportError = result.error;
        return saved;
    }

    SafeFileWriter file(path);
    if (!file.open()) {
        saved.writeError = file.error();
        return saved;
    }
    // In slices, so that a cancel during a slow write is heard; the temporary file is then
    // removed and whatever was at `path` stays as it was.
    constexpr qsizetype Slice = 1024 * 1024;
    ExportProgress::Counter written = progress.stage(Exported, 1).count(result.data.size());
    for (qsizetype at = 0; at < result.data.size(); at += Slice) {
        const qsizetype size = qMin(Slice, result.data.size() - at);
        if (!file.write(QByteArray::fromRawData(result.data.constData() + at, size))) {
            saved.writeError = file.error();
            return saved;
        }
        if (!written.next(size)) {
            file.cancel();
            saved.cancelled = true;
            return saved;
        }
    }
    // The last moment a cancel can keep the old file: after commit() the new one has replaced it.
    if (progress.isCancelled()) {
        file.cancel();
        saved.cancelled = true;
        return saved;
    }
    if (!file.commit()) {
        saved.writeError = file.error();
        return saved;
    }
    saved.bytes = result.data.size();
    return saved;
}

} // namespace Revox::ExportService
