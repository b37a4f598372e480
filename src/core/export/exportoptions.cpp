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

namespace {

struct FormatInfo
{
    ExportFormat format;
    const char *extension;
    const char *label;
    const char *mimeType;
};

// Every format, in the order all() lists them.
constexpr FormatInfo Formats[] = {
    {ExportFormat::Text, "txt", "Plain text (.txt)", "text/plain"},
    {ExportFormat::Markdown, "md", "Markdown (.md)", "text/markdown"},
    {ExportFormat::Json, "json", "JSON (.json)", "application/json"},
    {ExportFormat::Csv, "csv", "CSV spreadsheet (.csv)", "text/csv"},
    {ExportFormat::Html, "html", "Web page (.html)", "text/html"},
    {ExportFormat::Pdf, "pdf", "PDF document (.pdf)", "application/pdf"},
};

// The text `field` gives for `format`; empty for a value that is not a format.
QString describe(ExportFormat format, const char *FormatInfo::*field)
{
    for (const FormatInfo &info : Formats) {
        if (info.format == format)
            return QString::fromLatin1(info.*field);
    }
    return {};
}

} // namespace

QList<ExportFormat> all()
{
    QList<ExportFormat> formats;
    for (const FormatInfo &info : Formats)
        formats.append(info.format);
    return formats;
}

QString extension(ExportFormat format)
{
    return describe(format, &FormatInfo::extension);
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
    return describe(format, &FormatInfo::label);
}

QString mimeType(ExportFormat format)
{
    return describe(format, &FormatInfo::mimeType);
}

bool isBinary(ExportFormat format)
{
    return format == ExportFormat::Pdf;
}

} // namespace ExportFormats

} // namespace Revox
