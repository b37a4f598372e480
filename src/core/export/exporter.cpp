#include "exporter.h"

#include "corelogging.h"
#include "csvexporter.h"
#include "exportfields.h"
#include "htmlexporter.h"
#include "jsonexporter.h"
#include "markdownexporter.h"
#include "textexporter.h"

namespace Revox::Exporter {

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
        break;
    }
    return nullptr;
}

Result exportCall(const Call &call, const ExportOptions &options)
{
    const std::unique_ptr<FormatWriter> formatWriter = writer(options.format);
    if (!formatWriter)
        return {{},
                QStringLiteral("This build cannot write %1 here.")
                    .arg(ExportFormats::label(options.format))};
    QString error;
    const ExportDocument document = ExportDocument::build(call, options, &error);
    if (!error.isEmpty())
        return {{}, error};
    Result result{formatWriter->write(document), {}};
    qCDebug(lcExport) << "exported" << call.id << "as" << ExportFormats::extension(options.format)
                      << "-" << result.data.size() << "bytes";
    return result;
}

QString suggestedFileName(const Call &call, const ExportOptions &options)
{
    const QString stem = ExportFields::safeFileStem(call.id);
    QString attempt;
    if (options.attempts.kind() == AttemptSelection::Kind::All) {
        attempt = QStringLiteral("all-attempts");
    } else {
        const QList<int> numbers = ExportDocument::selectedNumbers(call, options.attempts);
        attempt = numbers.isEmpty()
                      ? (options.attempts.kind() == AttemptSelection::Kind::Number
                             ? QStringLiteral("attempt%1").arg(options.attempts.attemptNumber())
                             : QStringLiteral("no-attempts"))
                      : QStringLiteral("attempt%1").arg(numbers.constFirst());
    }
    return QStringLiteral("%1-%2.%3").arg(stem, attempt, ExportFormats::extension(options.format));
}

} // namespace Revox::Exporter
