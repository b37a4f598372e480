#pragma once

// Helpers shared by the exporter tests: build options, export, and read the results back.

#include "core/call/callparser.h"
#include "core/call/samplecall.h"
#include "core/export/exporter.h"
#include "csvreader.h"
#include "pdf/exportservice.h"

#include <QJsonDocument>
#include <QRegularExpression>
#include <QStringDecoder>
#include <QTextDocument>

namespace Revox::ExportChecks {

inline Call sampleCall()
{
    return *CallParser::parse(SampleCall::json()).call;
}

inline ExportOptions options(ExportFormat format,
                             AttemptSelection attempts = AttemptSelection::all(),
                             bool tools = true,
                             bool summary = true,
                             bool redact = false)
{
    ExportOptions result;
    result.format = format;
    result.attempts = attempts;
    result.includeTools = tools;
    result.includeSummary = summary;
    result.redact = redact;
    return result;
}

inline QByteArray exported(const Call &call, const ExportOptions &options)
{
    const ExportResult result = ExportService::exportCall(call, options);
    if (!result.isOk())
        qWarning("export failed: %s", qPrintable(result.error));
    return result.data;
}

inline bool isValidUtf8(const QByteArray &bytes)
{
    QStringDecoder decoder(QStringDecoder::Utf8, QStringDecoder::Flag::ConvertInitialBom);
    const QString text = decoder.decode(bytes);
    return !decoder.hasError() && text.toUtf8() == bytes;
}

inline QList<QStringList> readCsv(const QByteArray &bytes, bool *ok)
{
    QByteArray body = bytes;
    if (body.startsWith("\xEF\xBB\xBF"))
        body.remove(0, 3);
    return TestCsv::read(QString::fromUtf8(body), ok);
}

inline QString markdownPlainText(const QByteArray &markdown)
{
    QTextDocument document;
    document.setMarkdown(QString::fromUtf8(markdown), QTextDocument::MarkdownDialectGitHub);
    QString text = document.toPlainText();
    text.replace(QChar::LineSeparator, QLatin1Char('\n'));
    return text;
}

// Tags the HTML exporter writes itself; any other '<' would have come from the API unescaped.
inline const QStringList ourTags = {QStringLiteral("!DOCTYPE"), QStringLiteral("html"),
                                    QStringLiteral("head"),     QStringLiteral("meta"),
                                    QStringLiteral("title"),    QStringLiteral("style"),
                                    QStringLiteral("body"),     QStringLiteral("main"),
                                    QStringLiteral("h1"),       QStringLiteral("h2"),
                                    QStringLiteral("h3"),       QStringLiteral("table"),
                                    QStringLiteral("tr"),       QStringLiteral("th"),
                                    QStringLiteral("td"),       QStringLiteral("section"),
                                    QStringLiteral("div"),      QStringLiteral("span"),
                                    QStringLiteral("pre"),      QStringLiteral("p")};

inline QString checkHtmlTags(const QString &html)
{
    static const QRegularExpression tag(QStringLiteral("<(/?)([!A-Za-z0-9]+)([^<>]*)>"));
    int position = 0;
    while ((position = int(html.indexOf(QLatin1Char('<'), position))) >= 0) {
        const QRegularExpressionMatch match
            = tag.match(html,
                        position,
                        QRegularExpression::NormalMatch,
                        QRegularExpression::AnchorAtOffsetMatchOption);
        if (!match.hasMatch())
            return QStringLiteral("stray '<' at %1: %2").arg(position).arg(html.mid(position, 40));
        if (!ourTags.contains(match.captured(2)))
            return QStringLiteral("unexpected tag %1").arg(match.captured(0));
        // No attribute may name anything to load or run; the CSP <meta> is the one "http" allowed.
        static const QRegularExpression reference(
            QStringLiteral("\\b(src|href|on\\w+|style|action|data)\\s*=|://"));
        if (match.captured(3).contains(reference))
            return QStringLiteral("tag with a reference: %1").arg(match.captured(0));
        position = int(match.capturedEnd());
    }
    const int styleStart = int(html.indexOf(QLatin1String("<style>")));
    const int styleEnd = int(html.indexOf(QLatin1String("</style>")));
    const QString style = html.mid(styleStart, styleEnd - styleStart);
    if (style.contains(QLatin1String("url(")) || style.contains(QLatin1String("@import")))
        return QStringLiteral("the stylesheet loads something");
    if (html.contains(QLatin1String("<script"), Qt::CaseInsensitive))
        return QStringLiteral("a script");
    return {};
}

} // namespace Revox::ExportChecks
