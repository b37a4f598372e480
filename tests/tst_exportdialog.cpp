#include "core/call/callparser.h"
#include "core/call/samplecall.h"
#include "core/export/exporter.h"
#include "gui/export/exportdialog.h"
#include "gui/transcript/transcriptclipboard.h"
#include "gui/window/mainwindow.h"
#include "hostilecalls.h"
#include "pdf/exportservice.h"
#include "support/fulldisk.h"

#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFile>
#include <QFileInfo>
#include <QLabel>
#include <QLineEdit>
#include <QLoggingCategory>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <sys/stat.h>
#include <sys/sysmacros.h>

using namespace Revox;

namespace {

Call sampleCall()
{
    return *CallParser::parse(SampleCall::json()).call;
}

template<typename T>
T *child(const QDialog &dialog, const char *name)
{
    return dialog.findChild<T *>(QString::fromLatin1(name));
}

// Starts the dialog's export and waits until it has written the file.
bool exportAndWait(ExportDialog &dialog)
{
    QSignalSpy exported(&dialog, &ExportDialog::exported);
    return dialog.startExport() && exported.wait(30000);
}

// Starts the dialog's export and waits until it has failed, with the message shown.
bool failAndWait(ExportDialog &dialog)
{
    QSignalSpy failed(&dialog, &ExportDialog::exportFailed);
    return dialog.startExport() && failed.wait(30000);
}

// Answers the question the dialog asks before replacing a file with Replace, by its key.
bool replaceWhenAsked(QDialog &dialog)
{
    QMessageBox *box = nullptr;
    if (!QTest::qWaitFor([&] {
            return (box = dialog.findChild<QMessageBox *>(QStringLiteral("replaceQuestion")));
        })) {
        return false;
    }
    QTest::keyClick(box, Qt::Key_R);
    return true;
}

QByteArray readFile(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

// What revox.export logs while one of these lives, whatever QT_LOGGING_RULES says.
class ExportLog final
{
public:
    ExportLog()
    {
        s_lines.clear();
        s_previousFilter = QLoggingCategory::installFilter(&enable);
        m_handler = qInstallMessageHandler(&capture);
    }
    ~ExportLog()
    {
        qInstallMessageHandler(m_handler);
        QLoggingCategory::installFilter(s_previousFilter);
    }
    Q_DISABLE_COPY_MOVE(ExportLog)

    static QStringList lines() { return s_lines; }

private:
    static void enable(QLoggingCategory *category)
    {
        if (s_previousFilter)
            s_previousFilter(category);
        if (qstrcmp(category->categoryName(), "revox.export") == 0)
            category->setEnabled(QtDebugMsg, true);
    }
    static void capture(QtMsgType, const QMessageLogContext &context, const QString &message)
    {
        if (qstrcmp(context.category, "revox.export") == 0)
            s_lines.append(message);
    }

    static inline QStringList s_lines;
    static inline QLoggingCategory::CategoryFilter s_previousFilter = nullptr;
    QtMessageHandler m_handler = nullptr;
};

} // namespace

class tst_ExportDialog : public QObject
{
    Q_OBJECT

public:
    // Before the application exists: a user namespace to mount the tmpfs in, when not root.
    static void initMain() { FullDisk::enterMountNamespaceIfNeeded(); }

private slots:
    void initTestCase();
    void init();
    void defaultsFollowTheSelectedAttempt();
    void suggestedNameFollowsOptionsUntilTheUserTypes();
    void previewShowsTheFirstLinesAndFollowsOptions();
    void previewIsPlainText();
    void writesExactlyTheExport_data();
    void writesExactlyTheExport();
    void savesThroughTheOneEntryPoint_data();
    void savesThroughTheOneEntryPoint();
    void failureIsSaidAndTheDialogStays();
    void replacesAnExistingFile();
    void fullDiskIsSaidAndTheOldFileKept_data();
    void fullDiskIsSaidAndTheOldFileKept();
    void specialFilesAreRefused_data();
    void specialFilesAreRefused();
    void noAttemptsStillExports();
    void remembersTheLastDirectory();
    void copyAsMarkdownPutsTheSameMarkdown();
    void mainWindowActionsOpenTheDialogAndCopy();

private:
    QTemporaryDir m_dir;
};

void tst_ExportDialog::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY(m_dir.isValid());
    // Settings of this run's own: the dialog remembers its choices there.
    QSettings::setDefaultFormat(QSettings::IniFormat);
    QSettings::setPath(QSettings::IniFormat,
                       QSettings::UserScope,
                       m_dir.filePath(QStringLiteral(".settings")));
}

void tst_ExportDialog::init()
{
    QSettings().clear(); // each test starts from the dialog's defaults
}

void tst_ExportDialog::defaultsFollowTheSelectedAttempt()
{
    // Index 1 in the API's list is the voicemail, attempt 2 of 3.
    ExportDialog dialog(sampleCall(), 1);
    const ExportOptions options = dialog.options();
    QCOMPARE(options.format, ExportFormat::Text);
    QCOMPARE(options.attempts, AttemptSelection::number(2));
    QVERIFY(options.includeTools);
    QVERIFY(options.includeSummary);
    QVERIFY(!options.redact);
    QVERIFY(
        dialog.filePath().endsWith(QLatin1String("call_01JD8X4K2M7QY5ZP3N6RWTB9HE-attempt2.txt")));
    QCOMPARE(child<QComboBox>(dialog, "attemptCombo")->currentText(),
             QStringLiteral("Selected attempt (2 of 3)"));
    QCOMPARE(dialog.errorText(), QString());
}

void tst_ExportDialog::suggestedNameFollowsOptionsUntilTheUserTypes()
{
    ExportDialog dialog(sampleCall(), 0);
    dialog.setDirectory(m_dir.path());
    QCOMPARE(dialog.filePath(),
             QDir::toNativeSeparators(
                 m_dir.filePath(QStringLiteral("call_01JD8X4K2M7QY5ZP3N6RWTB9HE-attempt3.txt"))));
    dialog.setFormat(ExportFormat::Csv);
    QVERIFY(dialog.filePath().endsWith(QLatin1String("-attempt3.csv")));
    auto *attempts = child<QComboBox>(dialog, "attemptCombo");
    attempts->setCurrentIndex(attempts->count() - 1);
    QCOMPARE(dialog.options().attempts, AttemptSelection::all());
    QVERIFY(dialog.filePath().endsWith(QLatin1String("-all-attempts.csv")));

    auto *path = child<QLineEdit>(dialog, "pathEdit");
    path->selectAll();
    QTest::keyClicks(path, QStringLiteral("/tmp/mine.csv"));
    dialog.setFormat(ExportFormat::Json);
    QCOMPARE(dialog.filePath(), QStringLiteral("/tmp/mine.csv"));
}

void tst_ExportDialog::previewShowsTheFirstLinesAndFollowsOptions()
{
    ExportDialog dialog(sampleCall(), 0);
    QVERIFY(dialog.previewText().startsWith(
        QLatin1String("Call ID           : call_01JD8X4K2M7QY5ZP3N6RWTB9HE\n")));
    QVERIFY(dialog.previewText().contains(QLatin1String("[tool] check_availability")));
    QVERIFY(dialog.previewText().contains(QLatin1String("+33612345678")));
    QVERIFY(dialog.previewText().split(QLatin1Char('\n')).size() <= ExportDialog::PreviewLines + 1);
    QVERIFY(dialog.previewText().endsWith(QStringLiteral("…")));

    child<QCheckBox>(dialog, "includeToolsCheck")->click();
    QVERIFY(!dialog.previewText().contains(QLatin1String("[tool]")));
    child<QCheckBox>(dialog, "redactCheck")->click();
    QVERIFY(!dialog.previewText().contains(QLatin1String("+33612345678")));
    QVERIFY(dialog.previewText().contains(QLatin1String("[phone redacted]")));
    child<QCheckBox>(dialog, "includeSummaryCheck")->click();
    QVERIFY(!dialog.previewText().contains(QLatin1String("Campaign")));
    dialog.setFormat(ExportFormat::Markdown);
    QVERIFY(
        dialog.previewText().startsWith(QLatin1String("# Call call_01JD8X4K2M7QY5ZP3N6RWTB9HE")));
    dialog.setFormat(ExportFormat::Pdf);
    QVERIFY(dialog.previewText().contains(QLatin1String("A4 pages")));
}

void tst_ExportDialog::previewIsPlainText()
{
    const QString hostile = QStringLiteral("<img src=http://127.0.0.1:1/x> <b>bold</b>");
    ExportDialog dialog(TestCalls::callSaying(hostile), 0);
    dialog.setFormat(ExportFormat::Html);
    auto *preview = child<QPlainTextEdit>(dialog, "previewEdit");
    QVERIFY(preview->isReadOnly());
    QVERIFY(dialog.previewText().contains(hostile.toHtmlEscaped()));
    dialog.setFormat(ExportFormat::Text);
    QVERIFY(dialog.previewText().contains(hostile));
}

void tst_ExportDialog::writesExactlyTheExport_data()
{
    QTest::addColumn<ExportFormat>("format");
    for (const ExportFormat format : ExportFormats::all())
        QTest::newRow(qPrintable(ExportFormats::extension(format))) << format;
}

void tst_ExportDialog::writesExactlyTheExport()
{
    QFETCH(ExportFormat, format);
    ExportDialog dialog(sampleCall(), 0);
    dialog.setDirectory(m_dir.path());
    dialog.setFormat(format);
    child<QCheckBox>(dialog, "redactCheck")->setChecked(true);
    QSignalSpy exported(&dialog, &ExportDialog::exported);
    QVERIFY(exported.isValid());
    const QString path = QDir::fromNativeSeparators(dialog.filePath());
    child<QDialogButtonBox>(dialog, "buttonBox")->button(QDialogButtonBox::Save)->click();
    QVERIFY(exported.wait(30000));
    QCOMPARE(dialog.result(), int(QDialog::Accepted));
    QCOMPARE(exported.size(), 1);
    QCOMPARE(exported.constFirst().constFirst().toString(), path);
    const QByteArray written = readFile(path);
    if (format == ExportFormat::Pdf) {
        QVERIFY(written.startsWith("%PDF-")); // carries its creation time, so not byte-equal
    } else {
        QCOMPARE(written, ExportService::exportCall(sampleCall(), dialog.options()).data);
        QVERIFY(!written.contains("+33612345678"));
    }
}

void tst_ExportDialog::savesThroughTheOneEntryPoint_data()
{
    writesExactlyTheExport_data();
}

// ExportService::exportCall, which `revox-inspector export` uses too, logs each export it
// writes: the dialog's PDF comes that way like every other format.
void tst_ExportDialog::savesThroughTheOneEntryPoint()
{
    QFETCH(ExportFormat, format);
    ExportDialog dialog(sampleCall(), 0);
    dialog.setDirectory(m_dir.path());
    dialog.setFormat(format);
    const QString path = m_dir.filePath(QStringLiteral("entry.") + ExportFormats::extension(format));
    dialog.setFilePath(path);
    QStringList logged;
    {
        const ExportLog log; // after the preview: only the save is logged
        QVERIFY(exportAndWait(dialog));
        logged = ExportLog::lines();
    }
    const QString line = QStringLiteral("ExportService wrote call_01JD8X4K2M7QY5ZP3N6RWTB9HE as "
                                        "%1 - %2 bytes")
                             .arg(ExportFormats::extension(format))
                             .arg(readFile(path).size());
    QVERIFY2(logged.contains(line), qPrintable(logged.join(QLatin1Char('\n'))));
}

void tst_ExportDialog::failureIsSaidAndTheDialogStays()
{
    ExportDialog dialog(sampleCall(), 0);
    const QString path = m_dir.filePath(QStringLiteral("no/such/folder/out.txt"));
    dialog.setFilePath(path);
    QSignalSpy exported(&dialog, &ExportDialog::exported);
    QSignalSpy failed(&dialog, &ExportDialog::exportFailed);
    child<QDialogButtonBox>(dialog, "buttonBox")->button(QDialogButtonBox::Save)->click();
    QVERIFY(failed.wait(30000));
    QVERIFY(dialog.result() != QDialog::Accepted);
    QCOMPARE(exported.size(), 0);
    QCOMPARE(failed.constFirst().constFirst().toString(), dialog.errorText());
    QVERIFY2(dialog.errorText().contains(QDir::toNativeSeparators(path)),
             qPrintable(dialog.errorText()));
    QVERIFY(dialog.errorText().contains(QLatin1String("Nothing was written")));
    QCOMPARE(child<QLabel>(dialog, "errorLabel")->textFormat(), Qt::PlainText);
    QVERIFY(!QFile::exists(path));
    // Editing the path clears the error; the options chosen are still there.
    QTest::keyClick(child<QLineEdit>(dialog, "pathEdit"), Qt::Key_End);
    QTest::keyClicks(child<QLineEdit>(dialog, "pathEdit"), QStringLiteral("x"));
    QCOMPARE(dialog.errorText(), QString());
    dialog.setFilePath(QString());
    QVERIFY(!dialog.startExport());
    QVERIFY(dialog.errorText().contains(QLatin1String("Choose where")));
}

void tst_ExportDialog::replacesAnExistingFile()
{
    const QString path = m_dir.filePath(QStringLiteral("existing.md"));
    QFile old(path);
    QVERIFY(old.open(QIODevice::WriteOnly));
    old.write(QByteArray(50000, 'x'));
    old.close();
    ExportDialog dialog(sampleCall(), 2);
    dialog.setFormat(ExportFormat::Markdown);
    dialog.setFilePath(path);
    QVERIFY(exportAndWait(dialog));
    QCOMPARE(readFile(path), ExportService::exportCall(sampleCall(), dialog.options()).data);
    QCOMPARE(dialog.options().attempts, AttemptSelection::number(1));
}

void tst_ExportDialog::fullDiskIsSaidAndTheOldFileKept_data()
{
    QTest::addColumn<ExportFormat>("format");
    QTest::addColumn<qint64>("leaveBytes");
    for (const ExportFormat format : ExportFormats::all()) {
        const QByteArray name = ExportFormats::extension(format).toLatin1();
        QTest::addRow("%s, disk 100%% full", name.constData()) << format << qint64(0);
        QTest::addRow("%s, 4 KiB left", name.constData()) << format << qint64(4096);
    }
}

void tst_ExportDialog::fullDiskIsSaidAndTheOldFileKept()
{
    QFETCH(ExportFormat, format);
    QFETCH(qint64, leaveBytes);
    FullDisk::SmallTmpfs disk(512 * 1024);
    if (!disk.isMounted())
        QSKIP(qPrintable(disk.whyNot()));
    const QByteArray old = "the old export, which must survive a failed write\n";
    const QString path = disk.filePath(QStringLiteral("out.") + ExportFormats::extension(format));
    QVERIFY(FullDisk::writeWhole(path, old));
    QVERIFY(disk.fillLeaving(leaveBytes));

    // Three times the sample's turns: every format is larger than the room left.
    ExportDialog dialog(*CallParser::parse(FullDisk::longerSampleJson(3)).call, 0);
    dialog.setFormat(format);
    dialog.setFilePath(path);
    QSignalSpy exported(&dialog, &ExportDialog::exported);
    QVERIFY(exported.isValid());
    QSignalSpy failed(&dialog, &ExportDialog::exportFailed);
    child<QDialogButtonBox>(dialog, "buttonBox")->button(QDialogButtonBox::Save)->click();
    QVERIFY(replaceWhenAsked(dialog)); // the old file is there
    QVERIFY(failed.wait(30000));
    QVERIFY(dialog.result() != QDialog::Accepted);
    QCOMPARE(exported.size(), 0);
    QVERIFY2(dialog.errorText().contains(QLatin1String("No space left")),
             qPrintable(dialog.errorText()));
    QVERIFY(dialog.errorText().contains(QLatin1String("Nothing was written")));
    QVERIFY(dialog.errorText().contains(QDir::toNativeSeparators(path)));
    QVERIFY(!dialog.errorText().contains(QLatin1String("Unknown error")));
    QCOMPARE(readFile(path), old);
    QCOMPARE(disk.entries(), QStringList({QStringLiteral("filler"), QFileInfo(path).fileName()}));
}

void tst_ExportDialog::specialFilesAreRefused_data()
{
    QTest::addColumn<QString>("kind");
    QTest::newRow("FIFO") << QStringLiteral("fifo");
    QTest::newRow("character device") << QStringLiteral("char");
}

void tst_ExportDialog::specialFilesAreRefused()
{
    QFETCH(QString, kind);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QString path = dir.filePath(QStringLiteral("target"));
    const QByteArray encoded = QFile::encodeName(path);
    if (kind == QLatin1String("fifo")) {
        QCOMPARE(::mkfifo(encoded.constData(), 0600), 0);
    } else if (::mknod(encoded.constData(), S_IFCHR | 0666, makedev(1, 3)) != 0) {
        // Never the system's own /dev/null: a writer that regressed would replace it (as root).
        QSKIP("mknod is not allowed here (needs root), and the real /dev/null is never a target");
    }
    ExportDialog dialog(sampleCall(), 0);
    dialog.setFilePath(path);
    // Opening a FIFO for writing would block the export: the refusal must come before any open.
    QVERIFY(failAndWait(dialog));
    QVERIFY2(dialog.errorText().contains(QLatin1String("not a regular file")),
             qPrintable(dialog.errorText()));
    QCOMPARE(FullDisk::fileType(path), kind);
}

void tst_ExportDialog::noAttemptsStillExports()
{
    Call call = sampleCall();
    call.callAttempts.clear();
    ExportDialog dialog(call, -1);
    QCOMPARE(child<QComboBox>(dialog, "attemptCombo")->count(), 1);
    QCOMPARE(dialog.options().attempts, AttemptSelection::all());
    QVERIFY(dialog.previewText().contains(QLatin1String("no attempts yet")));
    dialog.setFilePath(m_dir.filePath(QStringLiteral("none.txt")));
    QVERIFY(exportAndWait(dialog));
}

void tst_ExportDialog::remembersTheLastDirectory()
{
    const QString folder = m_dir.filePath(QStringLiteral("remembered"));
    QVERIFY(QDir().mkpath(folder));
    {
        ExportDialog dialog(sampleCall(), 0);
        dialog.setFilePath(QDir(folder).filePath(QStringLiteral("first.txt")));
        QVERIFY(exportAndWait(dialog));
    }
    ExportDialog next(sampleCall(), 0);
    QCOMPARE(QDir::fromNativeSeparators(next.filePath()),
             QDir(folder).filePath(QStringLiteral("call_01JD8X4K2M7QY5ZP3N6RWTB9HE-attempt3.txt")));
}

void tst_ExportDialog::copyAsMarkdownPutsTheSameMarkdown()
{
    const Call call = sampleCall();
    TranscriptClipboard::copyAsMarkdown(call, 1);
    ExportOptions options;
    options.format = ExportFormat::Markdown;
    options.attempts = AttemptSelection::number(2);
    QCOMPARE(QGuiApplication::clipboard()->text(),
             QString::fromUtf8(ExportService::exportCall(call, options).data));
    QVERIFY(QGuiApplication::clipboard()->text().contains(QLatin1String("## Attempt 2 of 3")));
}

void tst_ExportDialog::mainWindowActionsOpenTheDialogAndCopy()
{
    MainWindow window;
    QVERIFY(!window.exportAction()->isEnabled());
    QCOMPARE(window.exportAction()->shortcut(), QKeySequence(Qt::CTRL | Qt::Key_E));
    window.openSampleCall();
    QVERIFY(window.exportAction()->isEnabled());
    window.session()->selectAttempt(1);
    QCOMPARE(window.session()->selectedAttempt(), 1);

    window.exportAction()->trigger();
    ExportDialog *dialog = nullptr;
    QTRY_VERIFY((dialog = window.findChild<ExportDialog *>()) != nullptr);
    QVERIFY(dialog->isVisible());
    QCOMPARE(dialog->options().attempts, AttemptSelection::number(2));
    QVERIFY(dialog->filePath().endsWith(QLatin1String("-attempt2.txt")));
    dialog->reject();
    QTRY_VERIFY(window.findChild<ExportDialog *>() == nullptr); // deleted on close

    QGuiApplication::clipboard()->clear();
    QSignalSpy copied(QGuiApplication::clipboard(), &QClipboard::dataChanged);
    window.copyMarkdownAction()->trigger();
    // Made on a worker: on the clipboard once it is ready, not before the action returns.
    QVERIFY(QGuiApplication::clipboard()->text().isEmpty());
    QVERIFY(copied.wait(30000));
    QCOMPARE(QGuiApplication::clipboard()->text(),
             TranscriptClipboard::markdown(*window.session()->call(), 1));
    QVERIFY(QGuiApplication::clipboard()->text().startsWith(
        QLatin1String("# Call call_01JD8X4K2M7QY5ZP3N6RWTB9HE")));
}

QTEST_MAIN(tst_ExportDialog)
#include "tst_exportdialog.moc"
