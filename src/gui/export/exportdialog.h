#pragma once

#include "core/call/calldata.h"
#include "core/export/exportoptions.h"
#include "pdf/exportjob.h"

#include <QDialog>
#include <QPointer>

#include <memory>

class QMessageBox;

namespace Ui {
class ExportDialog;
}

namespace Revox {

// Export… (Ctrl+E): format, attempts, what to include, redaction, where to save, and a preview of
// the first lines. The file is written atomically on a worker thread (ExportJob): a progress bar
// shows how far it has got, and the Export button becomes Cancel (Esc cancels too) until it is
// done. A failure or a cancel is said in the dialog, which stays open so nothing chosen is lost;
// either way the file at the path is as it was. Closing the dialog cancels a running export.
// Export (Enter) on a file that exists first asks "Replace …?", Cancel being the default. The
// format and options of the last export are those the dialog opens with next time (QSettings
// group "export").
class ExportDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ExportDialog)

public:
    // `selectedAttemptIndex` indexes call.callAttempts (most recent first); -1 when none. The
    // call is shared with the export's worker thread, and never changed.
    ExportDialog(std::shared_ptr<const Call> call,
                 int selectedAttemptIndex,
                 QWidget *parent = nullptr);
    ExportDialog(const Call &call, int selectedAttemptIndex, QWidget *parent = nullptr);
    // Cancels a running export and waits for it: nothing is written after this.
    ~ExportDialog() override;

    ExportOptions options() const;
    void setFormat(ExportFormat format);
    QString filePath() const;
    void setFilePath(const QString &path);
    // Where the suggested file name goes; Documents by default.
    void setDirectory(const QString &directory);
    QString previewText() const;
    QString errorText() const;

    // Starts writing the file in the background, without asking (accept() asks first);
    // exported(), exportFailed() or exportCancelled() follows. False, with the reason shown, when
    // it cannot start (no path chosen).
    bool startExport();
    bool isExporting() const { return m_job.isRunning(); }
    void cancelExport();
    // Starts the export, or cancels the one running: what the Export button does. A file at the
    // path is replaced only once the user has said so, in the question this asks (or in the file
    // dialog that chose it); saying no leaves the dialog open with the path selected.
    void accept() override;
    // Cancels a running export (Esc); closes the dialog otherwise.
    void reject() override;

    // How many lines of the export the preview shows.
    static constexpr int PreviewLines = 60;

signals:
    // The file is written, `bytes` long; the dialog has closed (accepted).
    void exported(const QString &path, qint64 bytes);
    // The message shown in the dialog, which stays open.
    void exportFailed(const QString &message);
    void exportCancelled();

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    void updatePreview();
    void updateSuggestedPath();
    void browse();
    void showError(const QString &message);
    void setExporting(bool exporting);
    void onExportFinished(const ExportService::SavedExport &result);
    void askToReplace(const QString &path);
    void restoreChoices();
    void saveChoices() const;

    std::unique_ptr<Ui::ExportDialog> m_ui;
    std::shared_ptr<const Call> m_call;
    Call m_previewCall; // transcripts cut short: the preview shows only the start
    int m_selectedAttemptIndex;
    QString m_directory;
    QString m_suggestedPath; // replaced when options change, unless the user typed a path
    QString m_exportingTo;
    QString m_replaceAgreed; // a path the file dialog already asked about
    QPointer<QMessageBox> m_replaceQuestion;
    // Last, so that it goes first: its worker is stopped before anything it reports to.
    ExportJob m_job;
};

} // namespace Revox
