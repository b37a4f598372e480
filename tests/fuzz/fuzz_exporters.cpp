// libFuzzer target: any bytes parsed as a call and, when they make one, through every text
// exporter (TXT, Markdown, JSON, CSV, HTML) with options taken from the first byte. PDF is not
// fuzzed here: it needs Qt GUI (QTextDocument, QPdfWriter), which the REVOX_FUZZ build leaves out
// to stay small and fast; tst_pdfexport feeds it the hostile rows instead.
// Cheap invariants: JSON output parses; HTML output has only the exporter's own tags and
// attributes, so API text can never become markup, a script or a link.
#include "core/call/callparser.h"
#include "core/export/csvexporter.h"
#include "core/export/exporter.h"
#include "core/export/exportoptions.h"
#include "core/export/htmlexporter.h"
#include "core/export/jsonexporter.h"
#include "core/export/markdownexporter.h"
#include "core/export/textexporter.h"

#include <QJsonDocument>
#include <QJsonParseError>
#include <QSet>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <utility>

namespace {

void check(bool ok)
{
    if (!ok)
        std::abort();
}

// Every tag the HTML exporter writes. Anything else in the output came from the call.
const QSet<QString> &allowedTags()
{
    static const QSet<QString> tags = {
        QStringLiteral("!DOCTYPE"), QStringLiteral("html"),    QStringLiteral("head"),
        QStringLiteral("meta"),     QStringLiteral("title"),   QStringLiteral("style"),
        QStringLiteral("body"),     QStringLiteral("main"),    QStringLiteral("h1"),
        QStringLiteral("h2"),       QStringLiteral("h3"),      QStringLiteral("table"),
        QStringLiteral("tr"),       QStringLiteral("th"),      QStringLiteral("td"),
        QStringLiteral("p"),        QStringLiteral("section"), QStringLiteral("div"),
        QStringLiteral("span"),     QStringLiteral("pre"),     QStringLiteral("br"),
        QStringLiteral("b"),        QStringLiteral("i"),       QStringLiteral("code"),
        QStringLiteral("ul"),       QStringLiteral("li"),      QStringLiteral("dl"),
        QStringLiteral("dt"),       QStringLiteral("dd"),      QStringLiteral("small"),
        QStringLiteral("strong"),   QStringLiteral("em"),      QStringLiteral("font"),
    };
    return tags;
}

void checkHtml(const QString &html)
{
    check(!html.contains(QLatin1String("<script"), Qt::CaseInsensitive));
    qsizetype pos = 0;
    while ((pos = html.indexOf(QLatin1Char('<'), pos)) >= 0) {
        const qsizetype end = html.indexOf(QLatin1Char('>'), pos);
        check(end > pos);
        QString tag = html.mid(pos + 1, end - pos - 1);
        if (tag.startsWith(QLatin1Char('/')))
            tag.remove(0, 1);
        const qsizetype nameEnd = tag.indexOf(QLatin1Char(' '));
        const QString name = nameEnd < 0 ? tag : tag.left(nameEnd);
        check(allowedTags().contains(name));
        // Attributes are the exporter's: no links, sources, handlers or inline styles from data.
        if (name != QLatin1String("meta")) {
            const QString attributes = nameEnd < 0 ? QString() : tag.mid(nameEnd).toLower();
            check(!attributes.contains(QLatin1String("href"))
                  && !attributes.contains(QLatin1String("src"))
                  && !attributes.contains(QLatin1String(" on"))
                  && !attributes.contains(QLatin1String("http"))
                  && !attributes.contains(QLatin1String("style")));
        }
        pos = end + 1;
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return -1;
    const quint8 flags = data[0];
    const QByteArray body = QByteArray::fromRawData(reinterpret_cast<const char *>(data + 1),
                                                    qsizetype(size - 1));
    const Revox::CallParseResult parsed = Revox::CallParser::parse(body);
    if (!parsed.isValid())
        return 0;
    const Revox::Call &call = *parsed.call;

    Revox::ExportOptions options;
    switch (flags & 0x3) {
    case 0:
        options.attempts = Revox::AttemptSelection::latest();
        break;
    case 1:
        options.attempts = Revox::AttemptSelection::all();
        break;
    default:
        // Attempt numbers around the real range, including 0 and one past the end.
        options.attempts = Revox::AttemptSelection::number(
            int((flags >> 2) & 0x3) + (flags & 0x1 ? int(call.callAttempts.size()) - 1 : 0));
        break;
    }
    options.includeTools = flags & 0x10;
    options.includeSummary = flags & 0x20;
    options.redact = flags & 0x40;

    // The five text writers themselves: ExportService, which picks a writer by format, is in
    // revox_pdf, and a fuzzing build has only revox_core.
    const Revox::TextExporter text;
    const Revox::MarkdownExporter markdown;
    const Revox::JsonExporter json;
    const Revox::CsvExporter csv;
    const Revox::HtmlExporter html;
    const std::pair<Revox::ExportFormat, const Revox::FormatWriter *> writers[] = {
        {Revox::ExportFormat::Text, &text},
        {Revox::ExportFormat::Markdown, &markdown},
        {Revox::ExportFormat::Json, &json},
        {Revox::ExportFormat::Csv, &csv},
        {Revox::ExportFormat::Html, &html},
    };
    for (const auto &[format, writer] : writers) {
        options.format = format;
        Revox::Exporter::suggestedFileName(call, options);
        QString error;
        const Revox::ExportDocument document = Revox::ExportDocument::build(call, options, &error);
        if (!error.isEmpty())
            continue; // e.g. an attempt number the call does not have: a message, not a crash
        const Revox::ExportResult result = writer->write(document);
        check(result.isOk());
        if (format == Revox::ExportFormat::Json) {
            QJsonParseError jsonError;
            QJsonDocument::fromJson(result.data, &jsonError);
            check(jsonError.error == QJsonParseError::NoError);
        } else if (format == Revox::ExportFormat::Html) {
            checkHtml(QString::fromUtf8(result.data));
        }
    }
    return 0;
}
