#include "gui/export/exportdialog.h"
#include "ui_exportdialog.h"

#include "core/export/exporter.h"
#include "core/export/redactor.h"
#include "pdf/exportservice.h"

#include <QCloseEvent>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFontDatabase>
#include <QLabel>
#include <QMessageBox>
#include <QProgressBar>
#include <QPushButton>
#include <QSettings>
#include <QStandardPaths>

namespace Revox {

namespace {

enum class AttemptChoice { Selected, All };

Call shortened(const Call &call, int turnsPerAttempt)
{
    Call copy = call;
    for (CallAttempt &attempt : copy.callAttempts) {
        if (attempt.transcript && attempt.transcript->size() > turnsPerAttempt)
            attempt.transcript->resize(turnsPerAttempt);
    }
    return copy;
}

const char directoryKey[] = "export/directory";
// The choices of the last export, offered again next time. Never the API key: it lives in the
// keychain, not in settings.
const char formatKey[] = "export/format";     // the format's extension: "txt", "md", …
const char attemptsKey[] = "export/attempts"; // "selected" or "all"
const char includeToolsKey[] = "export/includeTools";
const char includeSummaryKey[] = "export/includeSummary";
const char redactKey[] = "export/redact";

// Where the last export went; else Documents, or home where there is no Documents folder.
QString defaultDirectory()
{
    const QString last = QSettings().value(QLatin1String(directoryKey)).toString();
    if (!last.isEmpty() && QDir(last).exists())
        return last;
    const QString documents = QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation);
    return QDir(documents).exists() ? documents : QDir::homePath();
}

} // namespace

ExportDialog::ExportDialog(std::shared_ptr<const Call> call,
                           int selectedAttemptIndex,
                           QWidget *parent)
    : QDialog(parent)
    , m_ui(std::make_unique<Ui::ExportDialog>())
    , m_call(call ? std::move(call) : std::make_shared<const Call>())
    , m_previewCall(shortened(*m_call, ExportDialog::PreviewLines))
    , m_selectedAttemptIndex(selectedAttemptIndex)
    , m_directory(defaultDirectory())
{
    m_ui->setupUi(this);
    m_ui->errorLabel->hide();
    m_ui->progressBar->setRange(0, ExportJob::ProgressMaximum);
    m_ui->progressBar->hide();
    m_ui->buttonBox->button(QDialogButtonBox::Save)->setText(tr("&Export"));
    connect(&m_job, &ExportJob::progressChanged, m_ui->progressBar, &QProgressBar::setValue);
    connect(&m_job, &ExportJob::finished, this, &ExportDialog::onExportFinished);

    for (const ExportFormat format : ExportFormats::all())
        m_ui->formatCombo->addItem(ExportFormats::label(format), int(format));

    const int count = int(m_call->callAttempts.size());
    const bool hasSelection = selectedAttemptIndex >= 0 && selectedAttemptIndex < count;
    if (hasSelection) {
        m_ui->attemptCombo
            ->addItem(tr("Selected attempt (%1 of %2)").arg(count - selectedAttemptIndex).arg(count),
                      int(AttemptChoice::Selected));
    } else if (count > 0) {
        m_ui->attemptCombo->addItem(tr("Latest attempt (%1 of %1)").arg(count),
                                    int(AttemptChoice::Selected));
    }
    m_ui->attemptCombo->addItem(tr("All attempts (%1)").arg(count), int(AttemptChoice::All));

    const auto optionsChanged = [this] {
        updateSuggestedPath();
        updatePreview();
    };
    connect(m_ui->formatCombo, &QComboBox::currentIndexChanged, this, optionsChanged);
    connect(m_ui->attemptCombo, &QComboBox::currentIndexChanged, this, optionsChanged);
    connect(m_ui->includeToolsCheck, &QCheckBox::toggled, this, &ExportDialog::updatePreview);
    connect(m_ui->includeSummaryCheck, &QCheckBox::toggled, this, &ExportDialog::updatePreview);
    connect(m_ui->redactCheck, &QCheckBox::toggled, this, &ExportDialog::updatePreview);
    connect(m_ui->pathEdit, &QLineEdit::textEdited, this, [this] { m_ui->errorLabel->hide(); });
    connect(m_ui->browseButton, &QPushButton::clicked, this, &ExportDialog::browse);
    connect(m_ui->buttonBox, &QDialogButtonBox::accepted, this, &ExportDialog::accept);
    connect(m_ui->buttonBox, &QDialogButtonBox::rejected, this, &ExportDialog::reject);

    // What redaction leaves is said where it is offered, not discovered in the file.
    m_ui->redactNote->setText(Redactor::coverage());
    m_ui->redactCheck->setToolTip(Redactor::coverage());
    QFont small = m_ui->redactNote->font();
    small.setPointSizeF(small.pointSizeF() * 0.9);
    m_ui->redactNote->setFont(small);
    m_ui->redactNote->setForegroundRole(QPalette::PlaceholderText);
    m_ui->redactNote->setAlignment(Qt::AlignLeft | Qt::AlignTop); // right under its checkbox
    // A path typed after the file dialog asked about another is asked about again.
    connect(m_ui->pathEdit, &QLineEdit::textEdited, this, [this] { m_replaceAgreed.clear(); });

    QFont fixed = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    m_ui->previewEdit->setFont(fixed);
    restoreChoices();
    updateSuggestedPath();
    updatePreview();
}

ExportDialog::ExportDialog(const Call &call, int selectedAttemptIndex, QWidget *parent)
    : ExportDialog(std::make_shared<const Call>(call), selectedAttemptIndex, parent)
{}

ExportDialog::~ExportDialog() = default;

ExportOptions ExportDialog::options() const
{
    ExportOptions options;
    options.format = ExportFormat(m_ui->formatCombo->currentData().toInt());
    const int count = int(m_call->callAttempts.size());
    if (AttemptChoice(m_ui->attemptCombo->currentData().toInt()) == AttemptChoice::All) {
        options.attempts = AttemptSelection::all();
    } else if (m_selectedAttemptIndex >= 0 && m_selectedAttemptIndex < count) {
        options.attempts = AttemptSelection::fromIndex(m_selectedAttemptIndex, count);
    } else {
        options.attempts = AttemptSelection::latest();
    }
    options.includeTools = m_ui->includeToolsCheck->isChecked();
    options.includeSummary = m_ui->includeSummaryCheck->isChecked();
    options.redact = m_ui->redactCheck->isChecked();
    return options;
}

void ExportDialog::setFormat(ExportFormat format)
{
    m_ui->formatCombo->setCurrentIndex(m_ui->formatCombo->findData(int(format)));
}

QString ExportDialog::filePath() const
{
    return m_ui->pathEdit->text().trimmed();
}

void ExportDialog::setFilePath(const QString &path)
{
    m_ui->pathEdit->setText(path);
}

void ExportDialog::setDirectory(const QString &directory)
{
    m_directory = directory;
    m_suggestedPath.clear();
    m_ui->pathEdit->clear();
    updateSuggestedPath();
}

QString ExportDialog::previewText() const
{
    return m_ui->previewEdit->toPlainText();
}

QString ExportDialog::errorText() const
{
    return m_ui->errorLabel->isHidden() ? QString() : m_ui->errorLabel->text();
}

void ExportDialog::updateSuggestedPath()
{
    const QString suggestion = QDir(m_directory)
                                   .filePath(Exporter::suggestedFileName(*m_call, options()));
    // A path the user typed or browsed to is theirs; only our own suggestion follows the options.
    if (m_ui->pathEdit->text().isEmpty() || m_ui->pathEdit->text() == m_suggestedPath)
        m_ui->pathEdit->setText(QDir::toNativeSeparators(suggestion));
    m_suggestedPath = QDir::toNativeSeparators(suggestion);
}

void ExportDialog::updatePreview()
{
    ExportOptions preview = options();
    QString heading;
    if (preview.format == ExportFormat::Pdf) {
        // A PDF is pages, not lines: show its text, which is what the pages hold.
        preview.format = ExportFormat::Text;
        heading = tr("(The PDF holds this text on A4 pages with a header and page numbers.)")
                  + QLatin1Char('\n');
    }
    const ExportResult result = ExportService::exportCall(m_previewCall, preview);
    if (!result.isOk()) {
        m_ui->previewEdit->setPlainText(result.error);
        return;
    }
    QString text = QString::fromUtf8(result.data);
    if (text.startsWith(QChar(0xFEFF)))
        text.remove(0, 1);
    if (preview.format == ExportFormat::Html) {
        // The first lines of a page are its stylesheet; the content is what is worth seeing.
        const qsizetype body = text.indexOf(QLatin1String("<body>"));
        if (body > 0) {
            text.remove(0, body);
            heading = tr("(The page's inline stylesheet is left out here.)") + QLatin1Char('\n');
        }
    }
    const QStringList lines = text.split(QLatin1Char('\n'));
    QString shown = heading + lines.mid(0, PreviewLines).join(QLatin1Char('\n'));
    if (lines.size() > PreviewLines)
        shown += QLatin1Char('\n') + tr("…");
    // Plain text only: whatever the call holds is shown, never interpreted.
    m_ui->previewEdit->setPlainText(shown);
}

void ExportDialog::browse()
{
    const ExportFormat format = options().format;
    const QString filter = tr("%1 (*.%2)")
                               .arg(ExportFormats::label(format), ExportFormats::extension(format));
    const QString chosen = QFileDialog::getSaveFileName(this,
                                                        tr("Export Transcript"),
                                                        filePath(),
                                                        filter);
    if (chosen.isEmpty())
        return;
    setFilePath(QDir::toNativeSeparators(chosen));
    // The file dialog (native or Qt's) has already asked whether to replace an existing file.
    m_replaceAgreed = chosen;
}

void ExportDialog::showError(const QString &message)
{
    m_ui->errorLabel->setText(message);
    m_ui->errorLabel->show();
}

bool ExportDialog::startExport()
{
    if (m_job.isRunning())
        return false;
    m_ui->errorLabel->hide();
    const QString path = QDir::fromNativeSeparators(filePath());
    if (path.isEmpty()) {
        showError(tr("Choose where to save the export."));
        return false;
    }
    m_exportingTo = path;
    m_ui->progressBar->setValue(0);
    m_job.start(m_call, options(), path);
    setExporting(true);
    return true;
}

void ExportDialog::cancelExport()
{
    m_job.cancel();
}

void ExportDialog::setExporting(bool exporting)
{
    // The options and the path are the running export's until it ends.
    const QList<QWidget *> inputs{m_ui->formatCombo,
                                  m_ui->attemptCombo,
                                  m_ui->includeToolsCheck,
                                  m_ui->includeSummaryCheck,
                                  m_ui->redactCheck,
                                  m_ui->pathEdit,
                                  m_ui->browseButton};
    for (QWidget *input : inputs)
        input->setEnabled(!exporting);
    m_ui->progressBar->setVisible(exporting);
    // One Cancel: the Export button's, which stops the export and leaves the dialog open.
    m_ui->buttonBox->button(QDialogButtonBox::Save)
        ->setText(exporting ? tr("Cancel") : tr("&Export"));
    m_ui->buttonBox->button(QDialogButtonBox::Cancel)->setVisible(!exporting);
}

void ExportDialog::onExportFinished(const ExportService::SavedExport &result)
{
    setExporting(false);
    const QString path = std::exchange(m_exportingTo, QString());
    if (result.isOk()) {
        QSettings().setValue(QLatin1String(directoryKey), QFileInfo(path).absolutePath());
        saveChoices();
        emit exported(path, result.bytes);
        QDialog::accept();
        return;
    }
    if (result.cancelled) {
        showError(tr("Export cancelled. Nothing was written."));
        emit exportCancelled();
        return;
    }
    QString message;
    if (!result.exportError.isEmpty()) {
        message = result.exportError;
    } else {
        // The writer's reason and advice are already translated sentences.
        message = tr("Could not save %1: %2. Nothing was written. %3")
                      .arg(QDir::toNativeSeparators(path),
                           result.writeError.reason,
                           result.writeError.advice);
    }
    showError(message);
    emit exportFailed(message);
}

void ExportDialog::accept()
{
    if (m_job.isRunning()) {
        cancelExport();
        return;
    }
    if (m_replaceQuestion)
        return;
    const QString path = QDir::fromNativeSeparators(filePath());
    // Only a file that would really be replaced is asked about: a folder, a FIFO or a device, or a
    // file in a folder that cannot be written (read-only, no permission), is refused by the
    // writer with its reason, rather than after a question that leads nowhere.
    const QFileInfo info(path);
    if (!path.isEmpty() && path != m_replaceAgreed && info.isFile()
        && QFileInfo(info.absolutePath()).isWritable()) {
        askToReplace(path);
    } else {
        startExport();
    }
}

void ExportDialog::askToReplace(const QString &path)
{
    const QFileInfo info(path);
    auto *box = new QMessageBox(QMessageBox::Question,
                                tr("Replace File"),
                                tr("Replace “%1”?").arg(info.fileName()),
                                QMessageBox::NoButton,
                                this);
    box->setObjectName(QStringLiteral("replaceQuestion"));
    box->setTextFormat(Qt::PlainText);
    box->setInformativeText(tr("A file with this name already exists in “%1”. Replacing "
                               "it overwrites what it holds.")
                                .arg(QDir::toNativeSeparators(info.absolutePath())));
    // File names are shown as they are, never as markup: QMessageBox guesses the informative
    // text's format on its own.
    for (QLabel *label : box->findChildren<QLabel *>())
        label->setTextFormat(Qt::PlainText);
    QPushButton *replace = box->addButton(tr("&Replace"), QMessageBox::AcceptRole);
    replace->setObjectName(QStringLiteral("replaceButton"));
    QPushButton *keep = box->addButton(QMessageBox::Cancel);
    // Enter and Esc both keep the file: replacing takes a deliberate choice.
    box->setDefaultButton(keep);
    box->setEscapeButton(keep);
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->setWindowModality(Qt::WindowModal);
    m_replaceQuestion = box;
    connect(box, &QMessageBox::finished, this, [this, box, replace, path] {
        m_replaceQuestion.clear(); // answered, though only deleted later
        if (box->clickedButton() == replace && QDir::fromNativeSeparators(filePath()) == path) {
            startExport();
            return;
        }
        m_ui->pathEdit->setFocus(Qt::OtherFocusReason);
        m_ui->pathEdit->selectAll();
    });
    box->open();
}

void ExportDialog::restoreChoices()
{
    QSettings settings;
    const std::optional<ExportFormat> format = ExportFormats::fromName(
        settings.value(QLatin1String(formatKey)).toString());
    if (format)
        setFormat(*format);
    if (settings.value(QLatin1String(attemptsKey)).toString() == QLatin1String("all"))
        m_ui->attemptCombo->setCurrentIndex(m_ui->attemptCombo->findData(int(AttemptChoice::All)));
    m_ui->includeToolsCheck->setChecked(
        settings.value(QLatin1String(includeToolsKey), true).toBool());
    m_ui->includeSummaryCheck->setChecked(
        settings.value(QLatin1String(includeSummaryKey), true).toBool());
    m_ui->redactCheck->setChecked(settings.value(QLatin1String(redactKey), false).toBool());
}

void ExportDialog::saveChoices() const
{
    const ExportOptions chosen = options();
    QSettings settings;
    settings.setValue(QLatin1String(formatKey), ExportFormats::extension(chosen.format));
    const bool all = AttemptChoice(m_ui->attemptCombo->currentData().toInt()) == AttemptChoice::All;
    settings.setValue(QLatin1String(attemptsKey),
                      all ? QStringLiteral("all") : QStringLiteral("selected"));
    settings.setValue(QLatin1String(includeToolsKey), chosen.includeTools);
    settings.setValue(QLatin1String(includeSummaryKey), chosen.includeSummary);
    settings.setValue(QLatin1String(redactKey), chosen.redact);
}

void ExportDialog::reject()
{
    if (m_job.isRunning())
        cancelExport();
    else
        QDialog::reject();
}

void ExportDialog::closeEvent(QCloseEvent *event)
{
    // No export goes on behind a closed dialog: it is cancelled, stops within a slice of its work,
    // and is waited for, so that nothing is written once the dialog is gone.
    if (m_job.isRunning()) {
        m_job.cancel();
        m_job.waitForFinished();
    }
    QDialog::closeEvent(event);
}

} // namespace Revox
