#include "core/export/exportoptions.h"

namespace Revox {

std::optional<AttemptSelection> AttemptSelection::fromString(const QString &text)
{
    const QString trimmed = text.trimmed().toLower();
    if (trimmed == QLatin1String("latest"))
        return latest();
    if (trimmed == QLatin1String("all"))
        return all();
    bool ok = false;
    const int number = trimmed.toInt(&ok);
    if (!ok || number < 1)
        return std::nullopt;
    return AttemptSelection::number(number);
}

namespace ExportFormats {

QList<ExportFormat> all()
{
    return {ExportFormat::Text,
            ExportFormat::Markdown,
            ExportFormat::Json,
            ExportFormat::Csv,
            ExportFormat::Html,
            ExportFormat::Pdf};
}

QString extension(ExportFormat format)
{
    switch (format) {
    case ExportFormat::Text:
        return QStringLiteral("txt");
    case ExportFormat::Markdown:
        return QStringLiteral("md");
    case ExportFormat::Json:
        return QStringLiteral("json");
    case ExportFormat::Csv:
        return QStringLiteral("csv");
    case ExportFormat::Html:
        return QStringLiteral("html");
    case ExportFormat::Pdf:
        return QStringLiteral("pdf");
    }
    return {};
}

std::optional<ExportFormat> fromName(const QString &name)
{
    const QString wanted = name.trimmed().toLower();
    for (const ExportFormat format : all()) {
        if (extension(format) == wanted)
            return format;
    }
    if (wanted == QLatin1String("text"))
        return ExportFormat::Text;
    if (wanted == QLatin1String("markdown"))
        return ExportFormat::Markdown;
    if (wanted == QLatin1String("htm"))
        return ExportFormat::Html;
    return std::nullopt;
}

QString label(ExportFormat format)
{
    switch (format) {
    case ExportFormat::Text:
        return QStringLiteral("Plain text (.txt)");
    case ExportFormat::Markdown:
        return QStringLiteral("Markdown (.md)");
    case ExportFormat::Json:
        return QStringLiteral("JSON (.json)");
    case ExportFormat::Csv:
        return QStringLiteral("CSV spreadsheet (.csv)");
    case ExportFormat::Html:
        return QStringLiteral("Web page (.html)");
    case ExportFormat::Pdf:
        return QStringLiteral("PDF document (.pdf)");
    }
    return {};
}

QString mimeType(ExportFormat format)
{
    switch (format) {
    case ExportFormat::Text:
        return QStringLiteral("text/plain");
    case ExportFormat::Markdown:
        return QStringLiteral("text/markdown");
    case ExportFormat::Json:
        return QStringLiteral("application/json");
    case ExportFormat::Csv:
        return QStringLiteral("text/csv");
    case ExportFormat::Html:
        return QStringLiteral("text/html");
    case ExportFormat::Pdf:
        return QStringLiteral("application/pdf");
    }
    return {};
}

bool isBinary(ExportFormat format)
{
    return format == ExportFormat::Pdf;
}

} // namespace ExportFormats

} // namespace Revox
