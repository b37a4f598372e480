#pragma once

#include <QFrame>
#include <QUrl>

#include <functional>

class QLabel;
class QPushButton;
class QToolButton;

namespace Revox {

// Says in the window what an export wrote and where: "Exported call_….md (12.3 KB) to
// /home/me/Documents.", with Show in Folder, which opens the folder in the desktop's file manager.
// It stays until dismissed or replaced by the next export's, so that it can be read at leisure.
class ExportNotice final : public QFrame
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ExportNotice)

public:
    // Opens a folder's URL; QDesktopServices::openUrl unless a test puts its own.
    using FolderOpener = std::function<bool(const QUrl &)>;

    explicit ExportNotice(QWidget *parent = nullptr);

    void showExported(const QString &path, qint64 bytes);
    QString text() const;
    // The folder Show in Folder opens: the written file's.
    QUrl folderUrl() const { return m_folder; }
    QPushButton *showInFolderButton() const { return m_showInFolder; }

    // For every notice: tests put a recorder here, so that no file manager is ever started; an
    // empty one puts QDesktopServices back.
    static void setFolderOpener(FolderOpener opener);

protected:
    void paintEvent(QPaintEvent *event) override;

private:
    QLabel *m_icon;
    QLabel *m_text;
    QPushButton *m_showInFolder;
    QToolButton *m_close;
    QUrl m_folder;
};

} // namespace Revox
