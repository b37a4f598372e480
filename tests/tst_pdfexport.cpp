#include "core/call/callparser.h"
#include "core/call/samplecall.h"
#include "hostilecalls.h"
#include "pdf/exportservice.h"
#include "pdf/pdfexporter.h"
#include "pdf/safetextdocument.h"

#include <QAbstractTextDocumentLayout>
#include <QElapsedTimer>
#include <QImage>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace Revox;

namespace {

ExportOptions pdfOptions(AttemptSelection attempts = AttemptSelection::all(), bool tools = true)
{
    ExportOptions options;
    options.format = ExportFormat::Pdf;
    options.attempts = attempts;
    options.includeTools = tools;
    return options;
}

// Runs a poppler tool on the PDF; poppler-utils is in scripts/install-deps.sh.
QString poppler(const QString &tool, const QByteArray &pdf, const QStringList &arguments = {})
{
    const QString program = QStandardPaths::findExecutable(tool);
    if (program.isEmpty())
        return QStringLiteral("MISSING %1 (install poppler-utils)").arg(tool);
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("export.pdf"));
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(pdf) != pdf.size())
        return QStringLiteral("cannot write %1").arg(path);
    file.close();
    QProcess process;
    process.start(program, arguments + QStringList{path, QStringLiteral("-")});
    if (!process.waitForFinished(120000))
        return QStringLiteral("%1 did not finish").arg(tool);
    return QString::fromUtf8(process.readAllStandardOutput());
}

int pageCountOf(const QByteArray &pdf)
{
    const QString program = QStandardPaths::findExecutable(QStringLiteral("pdfinfo"));
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("export.pdf"));
    QFile file(path);
    if (program.isEmpty() || !file.open(QIODevice::WriteOnly))
        return -1;
    file.write(pdf);
    file.close();
    QProcess process;
    process.start(program, {path});
    process.waitForFinished(60000);
    const QRegularExpressionMatch match = QRegularExpression(QStringLiteral("Pages:\\s+(\\d+)"))
                                              .match(QString::fromUtf8(
                                                  process.readAllStandardOutput()));
    return match.hasMatch() ? match.captured(1).toInt() : -1;
}

QString normalizeSpaces(QString text)
{
    return text.simplified();
}

// The PDF writer alone, with its page count: ExportService::exportCall gives only the bytes.
PdfExporter::Rendered renderPdf(const Call &call, const ExportOptions &options)
{
    QString error;
    const ExportDocument document = ExportDocument::build(call, options, &error);
    if (!error.isEmpty())
        return {{{}, error}};
    return PdfExporter().render(document);
}

} // namespace

class tst_PdfExport : public QObject
{
    Q_OBJECT

private slots:
    void samplePdfIsPaginatedAndSearchable();
    void fewerPagesWithoutTools();
    void refusesToLoadResources();
    void hostile_data();
    void hostile();
    void longTranscriptPaginates();
    void serviceCoversEveryFormat();
};

void tst_PdfExport::samplePdfIsPaginatedAndSearchable()
{
    const Call call = *CallParser::parse(SampleCall::json()).call;
    const PdfExporter::Rendered pdf = renderPdf(call, pdfOptions());
    const ExportResult &result = pdf.result;
    QVERIFY2(result.isOk(), qPrintable(result.error));
    QVERIFY(result.data.startsWith("%PDF-"));
    QCOMPARE(pdf.refusedResourceCount, 0);
    // Reviewed by eye: the summary and two short attempts, then the conversation, on A4.
    QCOMPARE(pdf.pageCount, 3);
    QCOMPARE(pageCountOf(result.data), pdf.pageCount);

    const QString text = poppler(QStringLiteral("pdftotext"),
                                 result.data,
                                 {QStringLiteral("-layout")});
    const QStringList pages = text.split(QLatin1Char('\f'), Qt::SkipEmptyParts);
    QCOMPARE(pages.size(), 3);
    for (int i = 0; i < pages.size(); ++i) {
        QVERIFY2(pages.at(i).contains(
                     QStringLiteral("Call call_01JD8X4K2M7QY5ZP3N6RWTB9HE — 3 attempts")),
                 qPrintable(pages.at(i)));
        QVERIFY(pages.at(i).contains(QStringLiteral("Page %1 of 3").arg(i + 1)));
    }
    const QString flat = normalizeSpaces(text);
    QVERIFY(flat.contains(QLatin1String(
        "Agent: Hi, this is Nora from Brightsmile Dental. Am I speaking with Camille Martin?")));
    QVERIFY(
        flat.contains(QLatin1String("Timeout: the scheduling service did not respond within 5 s")));
    QVERIFY(flat.contains(QLatin1String("book_appointment Failed")));
    QVERIFY(flat.contains(QLatin1String("Structured output")));
    if (qEnvironmentVariableIsSet("REVOX_KEEP_PDF")) {
        QFile keep(qEnvironmentVariable("REVOX_KEEP_PDF"));
        QVERIFY(keep.open(QIODevice::WriteOnly));
        keep.write(result.data);
    }
}

void tst_PdfExport::fewerPagesWithoutTools()
{
    const Call call = *CallParser::parse(SampleCall::json()).call;
    const PdfExporter::Rendered pdf = renderPdf(call, pdfOptions(AttemptSelection::latest(), false));
    const ExportResult &result = pdf.result;
    QVERIFY(result.isOk());
    QVERIFY(pdf.pageCount < 3);
    const QString text = normalizeSpaces(poppler(QStringLiteral("pdftotext"), result.data));
    QVERIFY(text.contains(QStringLiteral("Call call_01JD8X4K2M7QY5ZP3N6RWTB9HE — attempt 3 of 3")));
    QVERIFY(text.contains(QLatin1String("Thank you Camille, have a lovely day. Goodbye!")));
    QVERIFY(!text.contains(QLatin1String("check_availability")));
}

void tst_PdfExport::refusesToLoadResources()
{
    QTemporaryDir dir;
    const QString imagePath = dir.filePath(QStringLiteral("red.png"));
    QImage image(8, 8, QImage::Format_RGB32);
    image.fill(Qt::red);
    QVERIFY(image.save(imagePath));

    // A plain QTextDocument reads the local file; ours asks and gets nothing.
    SafeTextDocument document;
    document.setHtml(QStringLiteral("<p>x<img src=\"%1\"><img src=\"http://127.0.0.1:1/x\"></p>")
                         .arg(QUrl::fromLocalFile(imagePath).toString()));
    document.documentLayout()->documentSize();
    QVERIFY(document.refusedResourceCount() >= 1);
    QVERIFY(
        document.resource(QTextDocument::ImageResource, QUrl::fromLocalFile(imagePath)).isNull());
}

void tst_PdfExport::hostile_data()
{
    QTest::addColumn<QString>("content");
    for (const auto &[name, content] : TestCalls::hostileTexts())
        QTest::newRow(name.constData()) << content;
}

void tst_PdfExport::hostile()
{
    QFETCH(QString, content);
    const PdfExporter::Rendered pdf = renderPdf(TestCalls::callSaying(content), pdfOptions());
    const ExportResult &result = pdf.result;
    QVERIFY(result.isOk());
    QVERIFY(result.data.startsWith("%PDF-"));
    QVERIFY(result.data.trimmed().endsWith("%%EOF"));
    QCOMPARE(pdf.refusedResourceCount, 0);
    const QString text = normalizeSpaces(poppler(QStringLiteral("pdftotext"), result.data));
    QVERIFY2(text.contains(QLatin1String("Agent: after")), qPrintable(text));
    if (content.startsWith(QLatin1String("<img")))
        QVERIFY2(text.contains(content), qPrintable(text)); // shown as text, not as a picture
}

void tst_PdfExport::longTranscriptPaginates()
{
    // 100,000 turns give a PDF of thousands of pages, far too slow for a unit test; 5,000 show
    // the same pagination in seconds. The text formats are tested with 100,000 turns in
    // tst_exporters.
    const int turns = 5000;
    QElapsedTimer timer;
    timer.start();
    const PdfExporter::Rendered pdf = renderPdf(TestCalls::hugeCall(turns), pdfOptions());
    const ExportResult &result = pdf.result;
    qInfo("%d turns: %d pages, %lld bytes in %lld ms",
          turns,
          pdf.pageCount,
          qint64(result.data.size()),
          timer.elapsed());
    QVERIFY(result.isOk());
    QVERIFY(pdf.pageCount > 50);
    QCOMPARE(pageCountOf(result.data), pdf.pageCount);
    const QString text = poppler(QStringLiteral("pdftotext"), result.data);
    QVERIFY(text.contains(QStringLiteral("Page %1 of %1").arg(pdf.pageCount)));
    QVERIFY(normalizeSpaces(text).contains(
        QStringLiteral("Turn %1: the quick brown fox").arg(turns - 2)));
}

void tst_PdfExport::serviceCoversEveryFormat()
{
    const Call call = *CallParser::parse(SampleCall::json()).call;
    for (const ExportFormat format : ExportFormats::all()) {
        ExportOptions options = pdfOptions();
        options.format = format;
        const ExportResult result = ExportService::exportCall(call, options);
        QVERIFY2(result.isOk(), qPrintable(ExportFormats::extension(format)));
        const std::unique_ptr<FormatWriter> writer = ExportService::writer(format);
        QVERIFY(writer);
        const ExportResult direct = writer->write(ExportDocument::build(call, options));
        if (format == ExportFormat::Pdf) {
            // PdfExporter behind the same interface as the others; the bytes carry a time.
            QVERIFY(dynamic_cast<PdfExporter *>(writer.get()));
            QVERIFY(result.data.startsWith("%PDF-"));
            QCOMPARE(pageCountOf(result.data), renderPdf(call, options).pageCount);
        } else {
            QCOMPARE(result.data, direct.data);
        }
    }
}

QTEST_MAIN(tst_PdfExport)
#include "tst_pdfexport.moc"
