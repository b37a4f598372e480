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
#include <QTextCursor>
#include <QTextDocumentFragment>
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

PdfExporter::Rendered PdfExporter::render(const ExportDocument &document,
                                          const ExportProgress &progress) const
{
    if (!qobject_cast<QGuiApplication *>(QCoreApplication::instance()))
        return {
            {{}, QStringLiteral("Writing PDF needs the graphical part of Qt (a QGuiApplication).")}};

    // The HTML, the document built from it, its layout and the pages each take a while on a long
    // call; every stage goes in slices that report progress and stop when cancelled. The share
    // of the whole each stage gets is what it took for 10,000 turns.
    ExportProgress::Counter turns = progress.stage(0, 0.05).count(document.turnCount());
    const HtmlExporter::Pieces html = HtmlExporter(HtmlExporter::Flavor::RichText)
                                          .pieces(document, &turns);
    if (turns.isCancelled())
        return {ExportResult::stopped()};

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
    int refused = 0;
    if (!build(text, html, progress.stage(0.05, 0.35), &refused))
        return {ExportResult::stopped()};
    if (!layOut(text, body.size(), progress.stage(0.35, 0.55)))
        return {ExportResult::stopped()};

    QPainter painter;
    if (!painter.begin(&writer))
        return {{{}, QStringLiteral("Could not start a PDF document.")}};

    const int pages = text.pageCount();
    ExportProgress::Counter painted = progress.stage(0.55, 1).count(pages);
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
        if (!painted.next()) {
            painter.end();
            return {ExportResult::stopped()};
        }
    }
    painter.end();

    refused += text.refusedResourceCount();
    qCDebug(lcExport) << "PDF of" << document.call.id << ":" << pages << "pages," << bytes.size()
                      << "bytes";
    return {{bytes, {}}, pages, refused};
}

bool PdfExporter::build(SafeTextDocument &text,
                        const HtmlExporter::Pieces &html,
                        const ExportProgress &progress,
                        int *refused)
{
    // No layout while the document grows: a null page size turns it off (the default, -1 by -1,
    // lays out at once, and again when the real size comes).
    text.setPageSize(QSizeF(0, 0));
    text.setDefaultStyleSheet(HtmlExporter::richTextStyleSheet());
    // This HTML is ours: every string from the API in it is escaped. Whitespace before </body>
    // would end the last paragraph with a space.
    const QString close = QStringLiteral("</body></html>");
    text.setHtml(html.opening.trimmed() + close);
    keepShapedText(text.begin());

    // setHtml() of 10,000 turns is a second in one call. Parsed a slice at a time, each into a
    // document of its own (so that the stylesheet applies as it does to the whole) and appended
    // as a fragment, the blocks and their formats come out the same.
    constexpr int BlocksPerSlice = 100;
    const qsizetype slices = (html.blocks.size() + BlocksPerSlice - 1) / BlocksPerSlice;
    ExportProgress::Counter done = progress.count(slices);
    QTextCursor end(&text);
    for (qsizetype first = 0; first < html.blocks.size(); first += BlocksPerSlice) {
        QString slice = QStringLiteral("<html><body>\n");
        for (qsizetype i = first; i < qMin(first + BlocksPerSlice, html.blocks.size()); ++i)
            slice += html.blocks.at(i);
        SafeTextDocument part;
        part.setPageSize(QSizeF(0, 0));
        part.setDefaultStyleSheet(HtmlExporter::richTextStyleSheet());
        part.setHtml(slice.trimmed() + close);
        *refused += part.refusedResourceCount();

        end.movePosition(QTextCursor::End);
        const int appendedFrom = end.blockNumber() + 1;
        // The fragment's first block would take the format of the block it joins.
        end.insertBlock(part.begin().blockFormat(), part.begin().charFormat());
        end.insertFragment(QTextDocumentFragment(&part));
        keepShapedText(text.findBlockByNumber(appendedFrom));
        if (!done.next())
            return false;
    }
    return true;
}

bool PdfExporter::layOut(SafeTextDocument &text,
                         const QSizeF &pageSize,
                         const ExportProgress &progress)
{
    text.setPageSize(pageSize);
    // Asking where a block is lays the document out up to it: a few hundred blocks at a time.
    constexpr int BlocksPerStep = 300;
    const int blocks = text.blockCount();
    ExportProgress::Counter done = progress.count(blocks);
    const QAbstractTextDocumentLayout *layout = text.documentLayout();
    int count = 0;
    for (QTextBlock block = text.begin(); block.isValid(); block = block.next()) {
        if (++count % BlocksPerStep != 0 && block.next().isValid())
            continue;
        layout->blockBoundingRect(block);
        if (!done.next(BlocksPerStep))
            return false;
    }
    return true;
}

void PdfExporter::keepShapedText(QTextBlock from)
{
    // QTextLayout drops a block's shaped glyphs once its lines are laid out, so painting each
    // page shaped all its text a second time (callgrind: 13% of the export). Keeping them costs
    // memory while this export runs (peak RSS at 10,000 turns: 122 MB before, 152 MB with it).
    // Set before the block is laid out, or there is nothing left to keep.
    for (QTextBlock block = from; block.isValid(); block = block.next())
        block.layout()->setCacheEnabled(true);
}

ExportResult PdfExporter::writeDocument(const ExportDocument &document,
                                        const ExportProgress &progress) const
{
    return render(document, progress).result;
}

} // namespace Revox
