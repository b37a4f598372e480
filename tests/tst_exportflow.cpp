// The export dialog as a user drives it, by keys: the question before a file is replaced, the
// choices it remembers, the notice that says what was written. Saves pictures of the question and
// of the notice, light and dark, into <build>/artifacts/.
#include "core/call/callparser.h"
#include "core/call/samplecall.h"
#include "core/export/redactor.h"
#include "gui/export/exportdialog.h"
#include "gui/export/exportnotice.h"
#include "gui/window/mainwindow.h"
#include "pdf/exportservice.h"
#include "testpalettes.h"

#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QFile>
#include <QFileDialog>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPainter>
#include <QPointer>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QStyleFactory>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

using namespace Revox;

namespace {

Call sampleCall()
{
    return *CallParser::parse(SampleCall::json()).call;
}

QByteArray readFile(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

bool writeFile(const QString &path, const QByteArray &bytes)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(bytes) == bytes.size();
}

QPointer<QMessageBox> waitForQuestion(const QWidget &dialog)
{
    // The one shown: an answered question goes only once the event loop deletes it.
    QPointer<QMessageBox> box;
    QTest::qWaitFor([&] {
        for (QMessageBox *child :
             dialog.findChildren<QMessageBox *>(QStringLiteral("replaceQuestion"))) {
            if (child->isVisible())
                box = child;
        }
        return !box.isNull();
    });
    return box;
}

// Types `path` over whatever the path field holds, as a user does.
void typePath(QLineEdit *edit, const QString &path)
{
    edit->setFocus();
    QTest::keyClick(edit, Qt::Key_A, Qt::ControlModifier);
    QTest::keyClicks(edit, QDir::toNativeSeparators(path));
}

// The window with its top-level dialogs painted where they are, as a person sees the screen.
QImage screen(QWidget &window, const QList<QWidget *> &onTop)
{
    QImage image = window.grab().toImage();
    QPainter painter(&image);
    for (QWidget *widget : onTop) {
        const QPoint at = widget->geometry().topLeft() - window.geometry().topLeft();
        painter.drawPixmap(at, widget->grab());
    }
    return image;
}

} // namespace

class tst_ExportFlow final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanupTestCase();
    void replaceQuestion_data();
    void replaceQuestion();
    void newFileIsWrittenWithoutQuestion();
    void fileDialogAsksInsteadOfUs();
    void remembersTheLastChoices();
    void redactionSaysWhatItLeaves();
    void byKeysInTheWindow_data();
    void byKeysInTheWindow();

private:
    QTemporaryDir m_dir;
    QString m_artifacts;
    QList<QUrl> m_opened; // what Show in Folder asked the desktop to open
};

void tst_ExportFlow::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    // Qt's own file dialog, which a test can drive, wherever a platform offers a native one.
    QCoreApplication::setAttribute(Qt::AA_DontUseNativeDialogs);
    QVERIFY(m_dir.isValid());
    QSettings::setDefaultFormat(QSettings::IniFormat);
    QSettings::setPath(QSettings::IniFormat,
                       QSettings::UserScope,
                       m_dir.filePath(QStringLiteral(".settings")));
    QApplication::setStyle(QStyleFactory::create(QStringLiteral("Fusion")));
    m_artifacts = QDir(QCoreApplication::applicationDirPath())
                      .filePath(QStringLiteral("../artifacts"));
    QVERIFY(QDir().mkpath(m_artifacts));
    // Never a real file manager: the folder asked for is recorded.
    ExportNotice::setFolderOpener([this](const QUrl &url) {
        m_opened.append(url);
        return true;
    });
}

void tst_ExportFlow::init()
{
    QSettings().clear();
    m_opened.clear();
}

void tst_ExportFlow::cleanupTestCase()
{
    ExportNotice::setFolderOpener({});
}

void tst_ExportFlow::replaceQuestion_data()
{
    QTest::addColumn<int>("key");
    QTest::addColumn<bool>("replaced");
    QTest::newRow("Esc keeps the file") << int(Qt::Key_Escape) << false;
    QTest::newRow("Enter keeps the file: Cancel is the default") << int(Qt::Key_Return) << false;
    QTest::newRow("R (Replace) replaces it") << int(Qt::Key_R) << true;
}

void tst_ExportFlow::replaceQuestion()
{
    QFETCH(int, key);
    QFETCH(bool, replaced);
    // Markup in the name: shown as typed, never rendered.
    const QString path = m_dir.filePath(QStringLiteral("a <i>b.txt"));
    const QByteArray old = "the user's own file\n";
    QVERIFY(writeFile(path, old));
    ExportDialog dialog(sampleCall(), 0);
    dialog.setFilePath(QDir::toNativeSeparators(path));
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    QSignalSpy exported(&dialog, &ExportDialog::exported);
    auto *pathEdit = dialog.findChild<QLineEdit *>(QStringLiteral("pathEdit"));
    pathEdit->setFocus();
    QTest::keyClick(pathEdit, Qt::Key_Return);

    const QPointer<QMessageBox> box = waitForQuestion(dialog);
    QVERIFY(box);
    QVERIFY(!dialog.isExporting());
    QCOMPARE(box->text(), QStringLiteral("Replace \u201c%1\u201d?").arg(QFileInfo(path).fileName()));
    QVERIFY2(box->informativeText().contains(QDir::toNativeSeparators(m_dir.path())),
             qPrintable(box->informativeText()));
    for (const QLabel *label : box->findChildren<QLabel *>())
        QVERIFY(label->textFormat() == Qt::PlainText || !label->pixmap().isNull());
    QCOMPARE(box->defaultButton(), box->button(QMessageBox::Cancel));
    QCOMPARE(box->escapeButton(), box->button(QMessageBox::Cancel));

    QTest::keyClick(box, Qt::Key(key));
    if (replaced) {
        QVERIFY(exported.wait(30000));
        QCOMPARE(readFile(path), ExportService::exportCall(sampleCall(), dialog.options()).data);
        QVERIFY(!dialog.isVisible());
        return;
    }
    QTRY_VERIFY(!box || !box->isVisible());
    // Nothing started, nothing written; the dialog waits with the path selected, to be changed.
    QVERIFY(!dialog.isExporting());
    QCOMPARE(exported.size(), 0);
    QCOMPARE(readFile(path), old);
    QVERIFY(dialog.isVisible());
    QTRY_VERIFY(pathEdit->hasFocus());
    QCOMPARE(pathEdit->selectedText(), QDir::toNativeSeparators(path));
}

void tst_ExportFlow::newFileIsWrittenWithoutQuestion()
{
    const QString path = m_dir.filePath(QStringLiteral("new.txt"));
    QFile::remove(path);
    ExportDialog dialog(sampleCall(), 0);
    dialog.setFilePath(path);
    dialog.show();
    QSignalSpy exported(&dialog, &ExportDialog::exported);
    QTest::keyClick(dialog.findChild<QLineEdit *>(QStringLiteral("pathEdit")), Qt::Key_Return);
    QVERIFY(dialog.findChild<QMessageBox *>() == nullptr);
    QVERIFY(exported.wait(30000));
    QCOMPARE(exported.constFirst().at(1).toLongLong(), readFile(path).size());
}

// Browse…'s file dialog already asks before choosing a file that exists (native or Qt's): the
// export that follows does not ask a second time.
void tst_ExportFlow::fileDialogAsksInsteadOfUs()
{
    const QString path = m_dir.filePath(QStringLiteral("browsed.txt"));
    QVERIFY(writeFile(path, "old\n"));
    ExportDialog dialog(sampleCall(), 0);
    dialog.setDirectory(m_dir.path());
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    int fileDialogQuestions = 0;
    int ourQuestions = 0;
    // Stands in for the user while the file dialog runs its own event loop.
    QTimer user;
    user.setInterval(20);
    connect(&user, &QTimer::timeout, this, [&] {
        QWidget *modal = QApplication::activeModalWidget();
        if (auto *files = qobject_cast<QFileDialog *>(modal)) {
            files->selectFile(path);
            QMetaObject::invokeMethod(files, "accept", Qt::QueuedConnection);
        } else if (auto *box = qobject_cast<QMessageBox *>(modal)) {
            if (box->objectName() == QLatin1String("replaceQuestion")) {
                ++ourQuestions;
                box->reject();
            } else if (QAbstractButton *yes = box->button(QMessageBox::Yes)) {
                ++fileDialogQuestions;
                yes->click();
            }
        }
    });
    user.start();
    auto *browse = dialog.findChild<QPushButton *>(QStringLiteral("browseButton"));
    browse->setFocus();
    QTest::keyClick(browse, Qt::Key_Space); // returns once the file dialog has closed
    QCOMPARE(QDir::fromNativeSeparators(dialog.filePath()), path);
    QCOMPARE(fileDialogQuestions, 1);

    QSignalSpy exported(&dialog, &ExportDialog::exported);
    QTest::keyClick(dialog.findChild<QLineEdit *>(QStringLiteral("pathEdit")), Qt::Key_Return);
    QVERIFY(exported.wait(30000));
    QCOMPARE(ourQuestions, 0);
    QCOMPARE(readFile(path), ExportService::exportCall(sampleCall(), dialog.options()).data);
}

void tst_ExportFlow::remembersTheLastChoices()
{
    const QString path = m_dir.filePath(QStringLiteral("remembered.md"));
    QFile::remove(path);
    {
        ExportDialog dialog(sampleCall(), 0);
        dialog.setFormat(ExportFormat::Markdown);
        auto *attempts = dialog.findChild<QComboBox *>(QStringLiteral("attemptCombo"));
        attempts->setCurrentIndex(attempts->count() - 1); // all attempts
        dialog.findChild<QCheckBox *>(QStringLiteral("includeToolsCheck"))->setChecked(false);
        dialog.findChild<QCheckBox *>(QStringLiteral("redactCheck"))->setChecked(true);
        dialog.setFilePath(path);
        QSignalSpy exported(&dialog, &ExportDialog::exported);
        QVERIFY(dialog.startExport());
        QVERIFY(exported.wait(30000));
    }
    {
        // Changed, then closed without exporting: not what is remembered.
        ExportDialog dialog(sampleCall(), 0);
        dialog.setFormat(ExportFormat::Csv);
        dialog.reject();
    }
    // A restart reads the same settings: one group, and never an API key in it.
    QSettings settings;
    QCOMPARE(settings.value(QStringLiteral("export/format")).toString(), QStringLiteral("md"));
    QCOMPARE(settings.value(QStringLiteral("export/attempts")).toString(), QStringLiteral("all"));
    QCOMPARE(settings.value(QStringLiteral("export/includeTools")).toBool(), false);
    QCOMPARE(settings.value(QStringLiteral("export/redact")).toBool(), true);
    for (const QString &key : settings.allKeys())
        QVERIFY2(!key.contains(QLatin1String("key"), Qt::CaseInsensitive), qPrintable(key));

    ExportDialog next(sampleCall(), 0);
    const ExportOptions options = next.options();
    QCOMPARE(options.format, ExportFormat::Markdown);
    QCOMPARE(options.attempts, AttemptSelection::all());
    QVERIFY(!options.includeTools);
    QVERIFY(options.includeSummary);
    QVERIFY(options.redact);
    QVERIFY(next.filePath().endsWith(QLatin1String("-all-attempts.md")));
}

void tst_ExportFlow::redactionSaysWhatItLeaves()
{
    ExportDialog dialog(sampleCall(), 0);
    dialog.show();
    auto *note = dialog.findChild<QLabel *>(QStringLiteral("redactNote"));
    QVERIFY(note);
    QVERIFY(note->isVisible());
    QCOMPARE(note->textFormat(), Qt::PlainText);
    QCOMPARE(note->text(), Redactor::coverage());
    QVERIFY(note->text().contains(QLatin1String("Names, addresses")));
    QCOMPARE(dialog.findChild<QCheckBox *>(QStringLiteral("redactCheck"))->toolTip(),
             Redactor::coverage());
}

void tst_ExportFlow::byKeysInTheWindow_data()
{
    QTest::addColumn<bool>("dark");
    QTest::addColumn<QSize>("size");
    QTest::newRow("light") << false << QSize(1024, 700);
    QTest::newRow("dark") << true << QSize(1024, 700);
    QTest::newRow("light-1920x1080") << false << QSize(1920, 1080);
    QTest::newRow("dark-1920x1080") << true << QSize(1920, 1080);
}

void tst_ExportFlow::byKeysInTheWindow()
{
    QFETCH(bool, dark);
    QFETCH(QSize, size);
    const QPalette original = QApplication::palette();
    QApplication::setPalette(dark ? TestPalettes::dark() : QApplication::style()->standardPalette());
    const QString tag = QString::fromLatin1(QTest::currentDataTag());
    const QString path = m_dir.filePath(QStringLiteral("flow-%1.md").arg(tag));
    QFile::remove(path);

    MainWindow window;
    window.resize(size);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    window.openSampleCall();
    QTRY_VERIFY(window.exportAction()->isEnabled());

    // Ctrl+E, Markdown (one down from plain text), redaction on, a typed path, Enter.
    QTest::keyClick(&window, Qt::Key_E, Qt::ControlModifier);
    ExportDialog *dialog = nullptr;
    QTRY_VERIFY((dialog = window.findChild<ExportDialog *>()) && dialog->isVisible());
    auto *format = dialog->findChild<QComboBox *>(QStringLiteral("formatCombo"));
    format->setFocus();
    QTest::keyClick(format, Qt::Key_Down);
    auto *redact = dialog->findChild<QCheckBox *>(QStringLiteral("redactCheck"));
    redact->setFocus();
    QTest::keyClick(redact, Qt::Key_Space);
    auto *pathEdit = dialog->findChild<QLineEdit *>(QStringLiteral("pathEdit"));
    typePath(pathEdit, path);
    {
        QSignalSpy exported(dialog, &ExportDialog::exported);
        QTest::keyClick(pathEdit, Qt::Key_Return);
        QVERIFY(exported.wait(30000));
    }
    QTRY_VERIFY(window.findChild<ExportDialog *>() == nullptr);
    QVERIFY(readFile(path).startsWith("# Call "));
    QVERIFY(readFile(path).contains("[phone redacted]"));

    // The user's own edit of that file, which a second export must not silently replace.
    const QByteArray edited = "my notes on this call\n";
    QVERIFY(writeFile(path, edited));

    // Opened again: the same format and options, the same path typed, Enter, a question. (The
    // offscreen platform has no window manager to give the window back its focus.)
    window.activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(&window));
    QTest::keyClick(&window, Qt::Key_E, Qt::ControlModifier);
    QTRY_VERIFY((dialog = window.findChild<ExportDialog *>()) && dialog->isVisible());
    QCOMPARE(dialog->options().format, ExportFormat::Markdown);
    QVERIFY(dialog->options().redact);
    QVERIFY(dialog->options().includeTools);
    pathEdit = dialog->findChild<QLineEdit *>(QStringLiteral("pathEdit"));
    typePath(pathEdit, path);
    QSignalSpy exported(dialog, &ExportDialog::exported);
    QTest::keyClick(pathEdit, Qt::Key_Return);
    QPointer<QMessageBox> box = waitForQuestion(*dialog);
    QVERIFY(box);
    QVERIFY(box->text().contains(QFileInfo(path).fileName()));
    QTest::qWait(50); // let the question paint before its picture is taken
    const QImage question = screen(window, {dialog, box});
    QVERIFY(question.save(
        QDir(m_artifacts).filePath(QStringLiteral("export-replace-question-%1.png").arg(tag))));

    QTest::keyClick(box, Qt::Key_Escape); // No
    QTRY_VERIFY(!box || !box->isVisible());
    QVERIFY(!dialog->isExporting());
    QCOMPARE(readFile(path), edited);
    QCOMPARE(pathEdit->selectedText(), QDir::toNativeSeparators(path));

    QTest::keyClick(pathEdit, Qt::Key_Return);
    QVERIFY((box = waitForQuestion(*dialog)));
    QTest::keyClick(box, Qt::Key_R); // Replace
    QVERIFY(exported.wait(30000));
    const QByteArray written = readFile(path);
    QVERIFY(written.startsWith("# Call "));
    QTRY_VERIFY(window.findChild<ExportDialog *>() == nullptr);

    // Said in the window: which file, how big, where, and a way to the folder.
    auto *notice = window.findChild<ExportNotice *>();
    QVERIFY(notice);
    QTRY_VERIFY(notice->isVisible());
    QVERIFY2(notice->text().contains(QFileInfo(path).fileName()), qPrintable(notice->text()));
    QVERIFY(notice->text().contains(QDir::toNativeSeparators(m_dir.path())));
    QVERIFY(notice->text().contains(QLocale().formattedDataSize(written.size())));
    QTest::qWait(50);
    const QImage writtenShot = screen(window, {});
    QCOMPARE(writtenShot.size(), size * window.devicePixelRatio());
    QVERIFY(writtenShot.save(
        QDir(m_artifacts).filePath(QStringLiteral("export-written-%1.png").arg(tag))));
    notice->showInFolderButton()->setFocus();
    QTest::keyClick(notice->showInFolderButton(), Qt::Key_Space);
    QCOMPARE(m_opened, QList<QUrl>{QUrl::fromLocalFile(m_dir.path())});

    QApplication::setPalette(original);
}

QTEST_MAIN(tst_ExportFlow)
#include "tst_exportflow.moc"
