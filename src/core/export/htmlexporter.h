#pragma once

#include "core/export/exportdocument.h"

#include <QString>
#include <QStringList>

namespace Revox {

// One self-contained page: inline CSS with a print stylesheet, no scripts, no reference to
// anything outside the file (a Content-Security-Policy says so to the browser as well). Every
// string from the API goes through QString::toHtmlEscaped and sits in an element that isolates
// its text direction, so an RTL override cannot flip what follows.
class HtmlExporter final : public FormatWriter
{
public:
    // QTextDocument (for PDF) understands a subset of HTML and CSS: tool cards become one-cell
    // tables there, and the stylesheet is one it can apply.
    enum class Flavor { Browser, RichText };

    explicit HtmlExporter(Flavor flavor = Flavor::Browser)
        : m_flavor(flavor)
    {}

    // The page in pieces, for a reader that takes it a part at a time (PdfExporter lays out
    // thousands of turns in slices). `opening` is everything before the first attempt, `closing`
    // ends the page, and each of `blocks` is, in the rich-text flavor, whole elements: an attempt's
    // heading, a note, a turn, a tool call, a structured output. html() is them all in order.
    struct Pieces
    {
        QString opening;
        QStringList blocks;
        QString closing;
    };

    QString html(const ExportDocument &document) const;
    // Counts each turn on `turns`, when given; empty pieces when the export is cancelled.
    Pieces pieces(const ExportDocument &document, ExportProgress::Counter *turns = nullptr) const;
    static QString richTextStyleSheet();

private:
    ExportResult writeDocument(const ExportDocument &document,
                               const ExportProgress &progress) const override;

    Flavor m_flavor;
};

} // namespace Revox
