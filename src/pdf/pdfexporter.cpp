#include "pdf/pdfexporter.h"

#include "core/common/corelogging.h"
#include "core/export/htmlexporter.h"
#include "pdf/safetextdocument.h"

#include <QAbstractTextDocumentLayout>
#include <QBuffer>
#include <QFontMetricsF>
#include <QGuiApplication>
#include <QPainter>
#include <QPdfWriter>
#include <QTextBlock>
#include <QTextLayout>

namespace Revox {

namespace {

QString headerTitle(const ExportDocument &document)
{
    if (document.attempts.size() == 1) {
        const ExportedAttempt &only = document.attempts.constFirst();
        return QStringLiteral("Call %1 — attempt %2 of %3")
            .arg(document.call.id, QString::number(only.number), QString::number(only.count));
    }
    return QStringLiteral("Call %1 — %2 attempts")
        .arg(document.call.id, QString::number(document.attempts.size()));
}

} // namespace

PdfExporter::Rendered PdfExporter::render(const ExportDocument &document) const
{
    if (!qobject_cast<QGuiApplication *>(QCoreApplication::instance()))
        return {
            {{}, QStringLiteral("Writing PDF needs the graphical part of Qt (a QGuiApplication).")}};

    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    QPdfWriter writer(&buffer);
    writer.setPageSize(QPageSize(QPageSize::A4));
    writer.setPageMargins(QMarginsF(16, 14, 16, 14), QPageLayout::Millimeter);
    writer.setResolution(300);
    writer.setTitle(headerTitle(document));
    writer.setCreator(QStringLiteral("Revox Call Inspector"));

    const QRectF page(QPointF(0, 0),
                      writer.pageLayout().paintRectPixels(writer.resolution()).size());
    QFont small(QStringLiteral("DejaVu Sans"));
    small.setPointSizeF(8);
    const QFontMetricsF metrics(small, &writer);
    const qreal band = metrics.height() * 2.2;
    const QRectF body(0, band, page.width(), page.height() - 2 * band);

    SafeTextDocument text;
    text.documentLayout()->setPaintDevice(&writer);
    // The page size before the content: set after, it laid the document out twice.
    text.setPageSize(body.size());
    text.setDefaultStyleSheet(HtmlExporter::richTextStyleSheet());
    // This HTML is ours: every string from the API in it is escaped.
    text.setHtml(HtmlExporter(HtmlExporter::Flavor::RichText).html(document));
    // QTextLayout drops a block's shaped glyphs once its lines are laid out, so painting each
    // page shaped all its text a second time (callgrind: 13% of the export). Keeping them costs
    // memory while this export runs (peak RSS at 10,000 turns: 122 MB before, 152 MB with it).
    for (QTextBlock block = text.begin(); block.isValid(); block = block.next())
        block.layout()->setCacheEnabled(true);

    QPainter painter;
    if (!painter.begin(&writer))
        return {{{}, QStringLiteral("Could not start a PDF document.")}};

    const int pages = text.pageCount();
    const QString title = headerTitle(document);
    for (int index = 0; index < pages; ++index) {
        if (index > 0)
            writer.newPage();
        painter.setFont(small);
        painter.setPen(QColor(0x4a, 0x55, 0x64));
        const QRectF header(0, 0, page.width(), metrics.height() * 1.4);
        painter.drawText(header,
                         Qt::AlignLeft | Qt::AlignTop,
                         metrics.elidedText(title, Qt::ElideRight, page.width() * 0.7));
        painter.drawText(header,
                         Qt::AlignRight | Qt::AlignTop,
                         QStringLiteral("Revox Call Inspector"));
        painter.drawLine(QLineF(0, header.bottom(), page.width(), header.bottom()));
        painter.drawText(QRectF(0,
                                page.height() - metrics.height() * 1.2,
                                page.width(),
                                metrics.height() * 1.2),
                         Qt::AlignHCenter | Qt::AlignBottom,
                         QStringLiteral("Page %1 of %2")
                             .arg(QString::number(index + 1), QString::number(pages)));

        painter.save();
        painter.translate(body.left(), body.top() - index * body.height());
        const QRectF clip(0, index * body.height(), body.width(), body.height());
        painter.setClipRect(clip);
        text.drawContents(&painter, clip);
        painter.restore();
    }
    painter.end();

    qCDebug(lcExport) << "PDF of" << document.call.id << ":" << pages << "pages," << bytes.size()
                      << "bytes";
    return {{bytes, {}}, pages, text.refusedResourceCount()};
}

ExportResult PdfExporter::write(const ExportDocument &document) const
{
    return render(document).result;
}

} // namespace Revox
