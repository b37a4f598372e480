// Every format reports its progress and stops when cancelled, through the one ExportProgress;
// exportToFile() cancelled at any stage leaves the old file and nothing beside it; the JSON made
// a turn at a time is the bytes QJsonDocument writes for the whole.
#include "core/call/callparser.h"
#include "core/call/samplecall.h"
#include "core/export/jsonexporter.h"
#include "core/export/redactor.h"
#include "hostilecalls.h"
#include "pdf/exportservice.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>

using namespace Revox;

namespace {

Call sampleCall()
{
    return *CallParser::parse(SampleCall::json()).call;
}

// Enough turns that every stage reports many times, few enough for a PDF in a second.
int turnsFor(ExportFormat format)
{
    return format == ExportFormat::Pdf ? 400 : 3000;
}

// Records what an export reports, and cancels it after `cancelAfter` reports (never when -1).
struct Recorder
{
    explicit Recorder(int cancelAfter = -1)
        : cancelAfter(cancelAfter)
    {}

    ExportProgress progress()
    {
        return ExportProgress([this](double fraction) { fractions.append(fraction); },
                              [this] {
                                  if (cancelAfter >= 0 && fractions.size() >= cancelAfter) {
                                      if (reportsAtCancel < 0)
                                          reportsAtCancel = int(fractions.size());
                                      return true;
                                  }
                                  return false;
                              });
    }

    int cancelAfter;
    int reportsAtCancel = -1;
    QList<double> fractions;
};

QStringList entries(const QString &folder)
{
    return QDir(folder).entryList(QDir::AllEntries | QDir::Hidden | QDir::System
                                      | QDir::NoDotAndDotDot,
                                  QDir::Name);
}

QByteArray readFile(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

void addFormatRows()
{
    QTest::addColumn<ExportFormat>("format");
    QTest::addColumn<bool>("redact");
    for (const ExportFormat format : ExportFormats::all()) {
        const QByteArray name = ExportFormats::extension(format).toLatin1();
        QTest::addRow("%s", name.constData()) << format << false;
        QTest::addRow("%s, redacted", name.constData()) << format << true;
    }
}

} // namespace

class tst_ExportProgress : public QObject
{
    Q_OBJECT

private slots:
    void stagesMapIntoTheWhole();
    void everyFormatReportsUpToTheEnd_data();
    void everyFormatReportsUpToTheEnd();
    void everyFormatStopsWhenCancelled_data();
    void everyFormatStopsWhenCancelled();
    void cancelledRedactionGivesNothing();
    void documentHoldsOnlyTheChosenAttempts();
    void jsonIsWhatQJsonDocumentWrites_data();
    void jsonIsWhatQJsonDocumentWrites();
    void fileCancelledAtAnyStageIsLeftAsItWas_data();
    void fileCancelledAtAnyStageIsLeftAsItWas();
};

void tst_ExportProgress::stagesMapIntoTheWhole()
{
    Recorder recorder;
    const ExportProgress whole = recorder.progress();
    whole.stage(0.5, 1).stage(0.5, 1).report(1, 2);
    ExportProgress::Counter counter = whole.stage(0.2, 0.4).count(4);
    QVERIFY(counter.next());
    counter.next(3);
    QCOMPARE(recorder.fractions, (QList<double>{0.875, 0.25, 0.4}));
    QVERIFY(!ExportProgress().isCancelled());
    ExportProgress::Counter nowhere = ExportProgress().count(10);
    QVERIFY(nowhere.next(20));
}

void tst_ExportProgress::everyFormatReportsUpToTheEnd_data()
{
    addFormatRows();
}

void tst_ExportProgress::everyFormatReportsUpToTheEnd()
{
    QFETCH(ExportFormat, format);
    QFETCH(bool, redact);
    ExportOptions options;
    options.format = format;
    options.redact = redact;
    Recorder recorder;
    const ExportResult result = ExportService::exportCall(TestCalls::hugeCall(turnsFor(format)),
                                                          options,
                                                          recorder.progress());
    QVERIFY2(result.isOk(), qPrintable(result.error));
    QVERIFY(!result.cancelled);
    const QList<double> &seen = recorder.fractions;
    QVERIFY2(seen.size() > 100, qPrintable(QString::number(seen.size())));
    QVERIFY(std::is_sorted(seen.cbegin(), seen.cend()));
    QVERIFY(seen.constFirst() >= 0);
    QCOMPARE(seen.constLast(), 1.0);
    // The same bytes as without anyone watching (a PDF carries its creation time).
    if (format != ExportFormat::Pdf) {
        QCOMPARE(result.data,
                 ExportService::exportCall(TestCalls::hugeCall(turnsFor(format)), options).data);
    }
}

void tst_ExportProgress::everyFormatStopsWhenCancelled_data()
{
    QTest::addColumn<ExportFormat>("format");
    QTest::addColumn<bool>("redact");
    QTest::addColumn<double>("at");
    for (const ExportFormat format : ExportFormats::all()) {
        const QByteArray name = ExportFormats::extension(format).toLatin1();
        QTest::addRow("%s, at once", name.constData()) << format << false << 0.0;
        QTest::addRow("%s, half-way", name.constData()) << format << false << 0.5;
        QTest::addRow("%s, redacting", name.constData()) << format << true << 0.1;
    }
}

void tst_ExportProgress::everyFormatStopsWhenCancelled()
{
    QFETCH(ExportFormat, format);
    QFETCH(bool, redact);
    QFETCH(double, at);
    ExportOptions options;
    options.format = format;
    options.redact = redact;
    const Call call = TestCalls::hugeCall(turnsFor(format));
    // How many reports a whole export gives, to cancel after a share of them.
    Recorder counting;
    QVERIFY(ExportService::exportCall(call, options, counting.progress()).isOk());
    Recorder recorder(int(at * counting.fractions.size()));
    const ExportResult result = ExportService::exportCall(call, options, recorder.progress());
    QVERIFY(result.cancelled);
    QVERIFY(!result.isOk());
    QVERIFY(result.data.isEmpty());
    QVERIFY(recorder.reportsAtCancel >= 0);
    // It stopped where it was: within one more slice of its work.
    QVERIFY2(recorder.fractions.size() <= recorder.reportsAtCancel + 1,
             qPrintable(QStringLiteral("%1 reports, cancelled after %2")
                            .arg(recorder.fractions.size())
                            .arg(recorder.reportsAtCancel)));
}

void tst_ExportProgress::cancelledRedactionGivesNothing()
{
    ExportOptions options;
    options.redact = true;
    Recorder recorder(5);
    const ExportDocument document = ExportDocument::build(TestCalls::hugeCall(1000),
                                                          options,
                                                          nullptr,
                                                          recorder.progress());
    // A partly redacted transcript is never handed on.
    QVERIFY(document.attempts.isEmpty());
    QVERIFY(document.call.callAttempts.isEmpty());
    QVERIFY(document.call.id.isEmpty());
}

void tst_ExportProgress::documentHoldsOnlyTheChosenAttempts()
{
    const Call call = sampleCall();
    QVERIFY(call.lastCallAttempt);
    ExportOptions options;
    options.redact = true;
    options.attempts = AttemptSelection::number(3);
    const ExportDocument document = ExportDocument::build(call, options);
    QCOMPARE(document.call.callAttempts.size(), call.callAttempts.size());
    QVERIFY(!document.call.lastCallAttempt);
    QCOMPARE(document.attempts.size(), 1);
    // The latest attempt is first in the API's list.
    QCOMPARE(document.call.callAttempts.at(0).id, call.callAttempts.at(0).id);
    QCOMPARE(document.attempts.constFirst().attempt.transcript->size(),
             call.callAttempts.at(0).transcript->size());
    for (qsizetype i = 1; i < call.callAttempts.size(); ++i) {
        QVERIFY(document.call.callAttempts.at(i).id.isEmpty());
        QVERIFY(!document.call.callAttempts.at(i).transcript);
    }
    QCOMPARE(document.attempts.constFirst().attempt.phoneNumber,
             Redactor::redact(call.callAttempts.at(0)).phoneNumber);
    QVERIFY(document.attempts.constFirst().attempt.phoneNumber
            != call.callAttempts.at(0).phoneNumber);
}

void tst_ExportProgress::jsonIsWhatQJsonDocumentWrites_data()
{
    QTest::addColumn<Call>("call");
    QTest::addColumn<ExportOptions>("options");
    const auto options = [](AttemptSelection attempts, bool tools, bool summary, bool redact) {
        ExportOptions chosen;
        chosen.format = ExportFormat::Json;
        chosen.attempts = attempts;
        chosen.includeTools = tools;
        chosen.includeSummary = summary;
        chosen.redact = redact;
        return chosen;
    };
    const Call sample = sampleCall();
    QTest::newRow("sample, all") << sample << options(AttemptSelection::all(), true, true, false);
    QTest::newRow("sample, no tools, redacted")
        << sample << options(AttemptSelection::all(), false, true, true);
    QTest::newRow("sample, no summary")
        << sample << options(AttemptSelection::latest(), true, false, false);
    QTest::newRow("sample, attempt 3 of 3 (empty transcript)")
        << sample << options(AttemptSelection::number(1), true, true, false);
    Call noAttempts = sample;
    noAttempts.callAttempts.clear();
    QTest::newRow("no attempts") << noAttempts
                                 << options(AttemptSelection::all(), true, true, false);
    Call noTranscript = sample;
    noTranscript.callAttempts[0].transcript.reset();
    QTest::newRow("no transcript")
        << noTranscript << options(AttemptSelection::latest(), true, true, false);
    Call onlyTools = TestCalls::hugeCall(30);
    QTest::newRow("tool calls left out of a long call")
        << onlyTools << options(AttemptSelection::all(), false, true, false);
    for (const auto &[name, text] : TestCalls::hostileTexts()) {
        QTest::newRow(("hostile: " + name).constData())
            << TestCalls::callSaying(text) << options(AttemptSelection::all(), true, true, false);
    }
}

void tst_ExportProgress::jsonIsWhatQJsonDocumentWrites()
{
    QFETCH(Call, call);
    QFETCH(ExportOptions, options);
    const QByteArray whole = QJsonDocument(
                                 JsonExporter::toJson(ExportDocument::build(call, options)))
                                 .toJson(QJsonDocument::Indented);
    const ExportResult result = ExportService::exportCall(call, options);
    QVERIFY(result.isOk());
    QCOMPARE(result.data, whole);
}

void tst_ExportProgress::fileCancelledAtAnyStageIsLeftAsItWas_data()
{
    QTest::addColumn<double>("cancelFrom");
    // Export and file write share the bar: the write is its last 5 %.
    QTest::newRow("while exporting") << 0.3;
    QTest::newRow("while writing the file") << 0.96;
    QTest::newRow("just before the new file replaces the old") << 1.0;
    QTest::newRow("not cancelled") << 2.0;
}

void tst_ExportProgress::fileCancelledAtAnyStageIsLeftAsItWas()
{
    QFETCH(double, cancelFrom);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("mine.md"));
    const QByteArray old = "the user's own file\n";
    {
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        QCOMPARE(file.write(old), old.size());
    }
    // Several slices of a megabyte to write.
    const Call call = TestCalls::hugeCall(60000);
    ExportOptions options;
    options.format = ExportFormat::Markdown;
    double last = 0;
    bool sawFileStage = false;
    const ExportProgress progress(
        [&](double fraction) {
            sawFileStage = sawFileStage || (fraction > 0.95 && fraction < 1.0);
            last = fraction;
        },
        [&] { return last >= cancelFrom; });
    const ExportService::SavedExport saved = ExportService::exportToFile(call,
                                                                         options,
                                                                         path,
                                                                         progress);
    QCOMPARE(entries(dir.path()), QStringList{QStringLiteral("mine.md")});
    if (cancelFrom > 1.0) {
        QVERIFY(saved.isOk());
        QVERIFY(sawFileStage);
        const QByteArray expected = ExportService::exportCall(call, options).data;
        QVERIFY(expected.size() > 3 * 1024 * 1024);
        QCOMPARE(saved.bytes, expected.size());
        QCOMPARE(readFile(path), expected);
        return;
    }
    QVERIFY(saved.cancelled);
    QVERIFY(!saved.isOk());
    QVERIFY(saved.exportError.isEmpty());
    QVERIFY(saved.writeError.isOk());
    QCOMPARE(readFile(path), old);
}

QTEST_MAIN(tst_ExportProgress)
#include "tst_exportprogress.moc"
