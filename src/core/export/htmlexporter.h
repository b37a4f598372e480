#pragma once

#include "core/export/exportdocument.h"

#include <QString>

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

    ExportResult write(const ExportDocument &document) const override;
    QString html(const ExportDocument &document) const;
    static QString richTextStyleSheet();

private:
    Flavor m_flavor;
};

} // namespace Revox
