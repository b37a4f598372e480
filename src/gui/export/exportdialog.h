#pragma once

#include "core/call/calldata.h"
#include "core/export/exportoptions.h"

#include <QDialog>

#include <memory>

namespace Ui {
class ExportDialog;
}

namespace Revox {

// Export… (Ctrl+E): format, attempts, what to include, redaction, where to save, and a preview of
// the first lines. The file is written atomically; a failure is said in the dialog, which stays
// open so nothing chosen is lost.
class ExportDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ExportDialog)

public:
    // `selectedAttemptIndex` indexes call.callAttempts (most recent first); -1 when none.
    explicit ExportDialog(const Call &call, int selectedAttemptIndex, QWidget *parent = nullptr);
    ~ExportDialog() override;

    ExportOptions options() const;
    void setFormat(ExportFormat format);
    QString filePath() const;
    void setFilePath(const QString &path);
    // Where the suggested file name goes; Documents by default.
    void setDirectory(const QString &directory);
    QString previewText() const;
    QString errorText() const;

    // Writes the file; on success accepts the dialog and emits exported().
    bool exportToFile();
    void accept() override;

    // How many lines of the export the preview shows.
    static constexpr int PreviewLines = 60;

signals:
    void exported(const QString &path);

private:
    void updatePreview();
    void updateSuggestedPath();
    void browse();
    void showError(const QString &message);

    std::unique_ptr<Ui::ExportDialog> m_ui;
    Call m_call;
    Call m_previewCall; // transcripts cut short: the preview shows only the start
    int m_selectedAttemptIndex;
    QString m_directory;
    QString m_suggestedPath; // replaced when options change, unless the user typed a path
};

} // namespace Revox
