// The export dialog writes on a worker thread: the window keeps answering, a progress bar moves,
// Cancel (the Export button, or Esc) stops the export and leaves no trace, a failure is said in
// the dialog, and closing the dialog or the window mid-export stops and waits for the worker.
// "Copy transcript as Markdown" is made on a worker too.
#include "core/call/callparser.h"
#include "gui/export/exportdialog.h"
#include "gui/transcript/transcriptclipboard.h"
#include "gui/window/mainwindow.h"
#include "hostilecalls.h"
#include "support/fulldisk.h"

#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFile>
#include <QPointer>
#include <QProcess>
#include <QProgressBar>
#include <QPushButton>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QThreadPool>
#include <QTimer>

#include <unistd.h>

#include <algorithm>
#include <memory>
#include <optional>

using namespace Revox;

namespace {

// Long enough that an export is still running when a test acts on it: a PDF of 10,000 turns
// takes seconds, Markdown and JSON of 100,000 about one.
int turnsFor(ExportFormat format)
{
    return format == ExportFormat::Pdf ? 10000 : 100000;
}

template<typename T>
T *child(const QDialog &dialog, const char *name)
{
    return dialog.findChild<T *>(QString::fromLatin1(name));
}

QPushButton *exportButton(const QDialog &dialog)
{
    return child<QDialogButtonBox>(dialog, "buttonBox")->button(QDialogButtonBox::Save);
}

QByteArray readFile(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

QStringList entries(const QString &folder)
{
    return QDir(folder).entryList(QDir::AllEntries | QDir::Hidden | QDir::System
                                      | QDir::NoDotAndDotDot,
                                  QDir::Name);
}

// Waits until the running export has reported progress, so that what follows happens half-way.
bool waitForProgress(const ExportDialog &dialog)
{
    auto *bar = child<QProgressBar>(dialog, "progressBar");
    QSignalSpy moved(bar, &QProgressBar::valueChanged);
    while (bar->value() <= 0) {
        if (!dialog.isExporting() || !moved.wait(30000))
            return false;
    }
    return dialog.isExporting();
}

// The text poppler reads from a PDF; poppler-utils is in scripts/install-deps.sh.
QString pdfText(const QString &path)
{
    const QString program = QStandardPaths::findExecutable(QStringLiteral("pdftotext"));
    if (program.isEmpty())
        return QStringLiteral("MISSING pdftotext (install poppler-utils)");
    QProcess process;
    process.start(program, {path, QStringLiteral("-")});
    if (!process.waitForFinished(120000))
        return QStringLiteral("pdftotext did not finish");
    return QString::fromUtf8(process.readAllStandardOutput()).simplified();
}

const QByteArray OldContent = "the user's own file, which a cancelled export must not touch\n";

// A shown main window with the sample's turns said 500 times over: about 10,000 in the latest
// attempt. Null when the call did not show.
MainWindow *windowWithLongCall()
{
    auto window = std::make_unique<MainWindow>();
    QSignalSpy shown(window->session(), &CallSession::callChanged);
    window->session()->open(FullDisk::longerSampleJson(500),
                            CallSession::Origin::File,
                            QStringLiteral("long.json"));
    if (shown.isEmpty() && !shown.wait(30000))
        return nullptr;
    window->show();
    return window.release();
}

} // namespace

class tst_ExportBackground : public QObject
{
    Q_OBJECT

public:
    // Before the application exists: a user namespace to mount a read-only file system in.
    static void initMain() { FullDisk::enterMountNamespaceIfNeeded(); }

private slots:
    void initTestCase();
    void eventLoopKeepsTickingAndProgressMoves_data();
    void eventLoopKeepsTickingAndProgressMoves();
    void cancelLeavesNoTrace_data();
    void cancelLeavesNoTrace();
    void failureIsSaidAndTheDialogStays_data();
    void failureIsSaidAndTheDialogStays();
    void closingTheDialogStopsTheExport();
    void closingTheWindowStopsTheExport();
    void copyIsMadeOnAWorkerAndDroppedWithItsWindow();

private:
    QTemporaryDir m_dir;
};

void tst_ExportBackground::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY(m_dir.isValid());
}

void tst_ExportBackground::eventLoopKeepsTickingAndProgressMoves_data()
{
    QTest::addColumn<ExportFormat>("format");
    QTest::addColumn<int>("turns");
    QTest::newRow("pdf, 10,000 turns") << ExportFormat::Pdf << 10000;
    QTest::newRow("md, 100,000 turns") << ExportFormat::Markdown << 100000;
}

void tst_ExportBackground::eventLoopKeepsTickingAndProgressMoves()
{
    QFETCH(ExportFormat, format);
    QFETCH(int, turns);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    ExportDialog dialog(TestCalls::hugeCall(turns), 0);
    dialog.setFormat(format);
    const QString path = dir.filePath(QStringLiteral("big.") + ExportFormats::extension(format));
    dialog.setFilePath(path);
    dialog.show();

    auto *bar = child<QProgressBar>(dialog, "progressBar");
    QList<int> values;
    connect(bar, &QProgressBar::valueChanged, this, [&values, &dialog](int value) {
        if (dialog.isExporting())
            values.append(value);
    });
    // A heartbeat: it can only tick while the event loop runs, never while an export holds it.
    int ticks = 0;
    QTimer heartbeat;
    heartbeat.setInterval(5);
    connect(&heartbeat, &QTimer::timeout, this, [&ticks] { ++ticks; });
    heartbeat.start();

    QSignalSpy exported(&dialog, &ExportDialog::exported);
    exportButton(dialog)->click();
    const int ticksAtStart = ticks;
    QVERIFY(dialog.isExporting());
    QVERIFY(bar->isVisible());
    QCOMPARE(exportButton(dialog)->text(), QStringLiteral("Cancel"));
    QVERIFY(!child<QComboBox>(dialog, "formatCombo")->isEnabled());
    QVERIFY(exported.wait(120000));
    const int ticksWhileExporting = ticks - ticksAtStart;

    qInfo("%d heartbeat ticks and %lld progress values while exporting",
          ticksWhileExporting,
          qint64(values.size()));
    QVERIFY2(ticksWhileExporting > 2, qPrintable(QString::number(ticksWhileExporting)));
    // It moved forward, stopping on the way.
    QVERIFY2(std::is_sorted(values.cbegin(), values.cend()), qPrintable(QDebug::toString(values)));
    QVERIFY(std::any_of(values.cbegin(), values.cend(), [bar](int value) {
        return value > bar->minimum() && value < bar->maximum();
    }));
    QCOMPARE(dialog.result(), int(QDialog::Accepted));
    QVERIFY(!dialog.isVisible());

    const QByteArray written = readFile(path);
    const QString last = QStringLiteral("Turn %1: the quick brown fox").arg(turns - 2);
    if (format == ExportFormat::Pdf) {
        // Laid out and drawn on the worker thread, fonts included: the text is there.
        QVERIFY(written.startsWith("%PDF-"));
        const QString text = pdfText(path);
        QVERIFY2(text.contains(last), qPrintable(text.right(300)));
        QVERIFY(text.contains(QStringLiteral("Call call_huge")));
    } else {
        QVERIFY(written.contains(last.toUtf8()));
    }
}

void tst_ExportBackground::cancelLeavesNoTrace_data()
{
    QTest::addColumn<ExportFormat>("format");
    QTest::addColumn<bool>("redact");
    QTest::addColumn<bool>("escape");
    QTest::newRow("pdf, Cancel button") << ExportFormat::Pdf << false << false;
    QTest::newRow("pdf, Esc") << ExportFormat::Pdf << false << true;
    QTest::newRow("md, Cancel button") << ExportFormat::Markdown << false << false;
    QTest::newRow("json, Esc") << ExportFormat::Json << false << true;
    QTest::newRow("csv redacted, Cancel button") << ExportFormat::Csv << true << false;
    QTest::newRow("html redacted, Esc") << ExportFormat::Html << true << true;
}

void tst_ExportBackground::cancelLeavesNoTrace()
{
    QFETCH(ExportFormat, format);
    QFETCH(bool, redact);
    QFETCH(bool, escape);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("mine.") + ExportFormats::extension(format));
    QVERIFY(FullDisk::writeWhole(path, OldContent));

    ExportDialog dialog(TestCalls::hugeCall(turnsFor(format)), 0);
    dialog.setFormat(format);
    child<QCheckBox>(dialog, "redactCheck")->setChecked(redact);
    dialog.setFilePath(path);
    dialog.show();
    QSignalSpy exported(&dialog, &ExportDialog::exported);
    QSignalSpy cancelled(&dialog, &ExportDialog::exportCancelled);
    QVERIFY(dialog.startExport());
    QVERIFY(waitForProgress(dialog));

    if (escape)
        QTest::keyClick(&dialog, Qt::Key_Escape);
    else
        exportButton(dialog)->click();
    QVERIFY(cancelled.wait(30000));
    QCOMPARE(exported.size(), 0);
    QVERIFY(!dialog.isExporting());

    // The file as it was, and nothing beside it: the temporary file went with the cancel.
    QCOMPARE(readFile(path), OldContent);
    QCOMPARE(entries(dir.path()), QStringList{QFileInfo(path).fileName()});
    // The dialog stays, as it was before the export, and says what happened.
    QVERIFY(dialog.isVisible());
    QVERIFY2(dialog.errorText().contains(QLatin1String("cancelled")),
             qPrintable(dialog.errorText()));
    QCOMPARE(exportButton(dialog)->text(), QStringLiteral("&Export"));
    QVERIFY(child<QComboBox>(dialog, "formatCombo")->isEnabled());
    QVERIFY(!child<QProgressBar>(dialog, "progressBar")->isVisible());

    // And it can export again (a PDF takes seconds: once is enough).
    if (format != ExportFormat::Pdf) {
        QVERIFY(dialog.startExport());
        QVERIFY(exported.wait(120000));
        QVERIFY(readFile(path) != OldContent);
    }
}

void tst_ExportBackground::failureIsSaidAndTheDialogStays_data()
{
    QTest::addColumn<QString>("kind");
    QTest::newRow("read-only file system") << QStringLiteral("read-only mount");
    QTest::newRow("folder without write permission") << QStringLiteral("chmod");
}

void tst_ExportBackground::failureIsSaidAndTheDialogStays()
{
    QFETCH(QString, kind);
    QString folder;
    QString expected;
    std::optional<FullDisk::SmallTmpfs> disk;
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    if (kind == QLatin1String("chmod")) {
        if (::geteuid() == 0)
            QSKIP("root writes whatever the permissions say");
        folder = dir.path();
        expected = QStringLiteral("Permission denied");
    } else {
        disk.emplace(512 * 1024);
        if (!disk->isMounted())
            QSKIP(qPrintable(disk->whyNot()));
        folder = QFileInfo(disk->filePath(QStringLiteral("x"))).absolutePath();
        expected = QStringLiteral("The file system is read-only");
    }
    const QString path = QDir(folder).filePath(QStringLiteral("out.md"));
    QVERIFY(FullDisk::writeWhole(path, OldContent));
    if (disk) {
        if (QProcess::execute(QStringLiteral("mount"),
                              {QStringLiteral("-o"), QStringLiteral("remount,ro"), folder})
            != 0) {
            QSKIP("the small file system could not be made read-only here");
        }
    } else {
        QVERIFY(QFile::setPermissions(folder, QFile::ReadOwner | QFile::ExeOwner));
    }

    ExportDialog dialog(TestCalls::hugeCall(10000), 0);
    dialog.setFormat(ExportFormat::Markdown);
    dialog.setFilePath(path);
    dialog.show();
    QSignalSpy failed(&dialog, &ExportDialog::exportFailed);
    QSignalSpy exported(&dialog, &ExportDialog::exported);
    exportButton(dialog)->click();
    QVERIFY(failed.wait(30000));
    QCOMPARE(exported.size(), 0);
    QVERIFY(dialog.isVisible());
    QVERIFY(!dialog.isExporting());
    QVERIFY2(dialog.errorText().contains(expected), qPrintable(dialog.errorText()));
    QVERIFY(dialog.errorText().contains(QDir::toNativeSeparators(path)));
    QVERIFY(dialog.errorText().contains(QLatin1String("Nothing was written")));
    QCOMPARE(failed.constFirst().constFirst().toString(), dialog.errorText());
    QCOMPARE(readFile(path), OldContent);
    QCOMPARE(entries(folder), QStringList{QStringLiteral("out.md")});
    if (!disk)
        QVERIFY(
            QFile::setPermissions(folder, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner));
}

void tst_ExportBackground::closingTheDialogStopsTheExport()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("mine.pdf"));
    QVERIFY(FullDisk::writeWhole(path, OldContent));

    QPointer<ExportDialog> dialog = new ExportDialog(TestCalls::hugeCall(10000), 0);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setFormat(ExportFormat::Pdf);
    dialog->setFilePath(path);
    dialog->show();
    QSignalSpy exported(dialog.data(), &ExportDialog::exported);
    QSignalSpy destroyed(dialog.data(), &QObject::destroyed);
    QVERIFY(dialog->startExport());
    QVERIFY(waitForProgress(*dialog));

    // The window manager's close button: the export stops and is waited for before it closes.
    QVERIFY(dialog->close());
    QVERIFY(!dialog->isExporting());
    QVERIFY(!dialog->isVisible());
    // Deleted on close, later: outside any event loop a test runs, so flushed here.
    QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete);
    QCOMPARE(destroyed.size(), 1);
    QCOMPARE(exported.size(), 0);
    QCOMPARE(readFile(path), OldContent);
    QCOMPARE(entries(dir.path()), QStringList{QStringLiteral("mine.pdf")});
}

void tst_ExportBackground::closingTheWindowStopsTheExport()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("mine.pdf"));
    QVERIFY(FullDisk::writeWhole(path, OldContent));

    MainWindow *window = windowWithLongCall();
    QVERIFY(window);
    window->exportAction()->trigger();
    // Opened at once, window-modal, as Export… (Ctrl+E) opens it.
    QPointer<ExportDialog> dialog = window->findChild<ExportDialog *>();
    QVERIFY(dialog);
    dialog->setFormat(ExportFormat::Pdf);
    dialog->setFilePath(path);
    QSignalSpy exported(dialog.data(), &ExportDialog::exported);
    QVERIFY(dialog->startExport());
    QVERIFY(waitForProgress(*dialog));

    // Quitting: the window goes, and the dialog with it, while the worker is still writing.
    window->close();
    delete window;
    QVERIFY(dialog.isNull());
    QCOMPARE(exported.size(), 0);
    QCOMPARE(readFile(path), OldContent);
    QCOMPARE(entries(dir.path()), QStringList{QStringLiteral("mine.pdf")});
}

void tst_ExportBackground::copyIsMadeOnAWorkerAndDroppedWithItsWindow()
{
    MainWindow *window = windowWithLongCall();
    QVERIFY(window);
    QClipboard *clipboard = QGuiApplication::clipboard();
    clipboard->setText(QStringLiteral("before"));
    QSignalSpy copied(clipboard, &QClipboard::dataChanged);
    window->copyMarkdownAction()->trigger();
    QCOMPARE(clipboard->text(), QStringLiteral("before"));
    QVERIFY(copied.wait(30000));
    const QString markdown = clipboard->text();
    QVERIFY(markdown.startsWith(QLatin1String("# Call call_01JD8X4K2M7QY5ZP3N6RWTB9HE")));
    QCOMPARE(markdown, TranscriptClipboard::markdown(*window->session()->call(), -1));

    // The window goes while a copy is being made: it never reaches the clipboard.
    clipboard->setText(QStringLiteral("before"));
    window->copyMarkdownAction()->trigger();
    delete window;
    QThreadPool::globalInstance()->waitForDone();
    QCoreApplication::processEvents();
    QCOMPARE(clipboard->text(), QStringLiteral("before"));
}

QTEST_MAIN(tst_ExportBackground)
#include "tst_exportbackground.moc"
