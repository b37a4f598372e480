#include "gui/export/exportactions.h"

#include "core/session/callsession.h"
#include "gui/export/exportdialog.h"
#include "gui/export/exportnotice.h"
#include "gui/transcript/transcriptclipboard.h"
#include "gui/window/mainwindow.h"

#include <QAction>
#include <QClipboard>
#include <QFutureWatcher>
#include <QGuiApplication>
#include <QtConcurrent/QtConcurrentRun>

#include <atomic>
#include <memory>

namespace Revox::ExportActions {

namespace {

// One "Copy transcript as Markdown", made on a worker thread: 100,000 turns take about a second
// (10,000 about 60 ms), too long for the window to wait. A newer copy replaces it, and one still
// running when its window goes is cancelled: its text never reaches the clipboard.
class MarkdownCopy final : public QObject
{
    Q_DISABLE_COPY_MOVE(MarkdownCopy)

public:
    MarkdownCopy(std::shared_ptr<const Call> call, int attemptIndex, QObject *parent)
        : QObject(parent)
    {
        setObjectName(QStringLiteral("markdownCopy"));
        connect(&m_watcher, &QFutureWatcher<QString>::finished, this, [this] {
            if (!m_cancelled->load() && m_watcher.future().resultCount() > 0)
                QGuiApplication::clipboard()->setText(m_watcher.result());
            deleteLater();
        });
        // The call is shared, never changed; the flag outlives this object if the copy does.
        m_watcher.setFuture(
            QtConcurrent::run([call = std::move(call), attemptIndex, cancelled = m_cancelled] {
                const ExportProgress progress({}, [cancelled] { return cancelled->load(); });
                return TranscriptClipboard::markdown(*call, attemptIndex, progress);
            }));
    }
    // Not waited for: the worker stops at its next turn and its result is dropped.
    ~MarkdownCopy() override { m_cancelled->store(true); }

private:
    std::shared_ptr<std::atomic<bool>> m_cancelled = std::make_shared<std::atomic<bool>>(false);
    QFutureWatcher<QString> m_watcher;
};

// The window's one export notice, made the first time an export is written: under its message
// bar, with the other bars about the shown call.
ExportNotice *noticeIn(QWidget *window)
{
    if (auto *notice = window->findChild<ExportNotice *>())
        return notice;
    auto *mainWindow = qobject_cast<MainWindow *>(window);
    if (!mainWindow)
        return nullptr;
    auto *notice = new ExportNotice;
    mainWindow->addInfoBar(notice);
    return notice;
}

} // namespace

void connectTo(CallSession *session,
               QWidget *dialogParent,
               QAction *exportAction,
               QAction *copyMarkdown)
{
    QObject::connect(exportAction, &QAction::triggered, dialogParent, [session, dialogParent] {
        std::shared_ptr<const Call> call = session->call();
        if (!call)
            return;
        // Window-modal and non-blocking: the window keeps repainting, tests can drive it.
        auto *dialog = new ExportDialog(std::move(call), session->selectedAttempt(), dialogParent);
        dialog->setAttribute(Qt::WA_DeleteOnClose);
        // What was written, and where, is said once the dialog has closed.
        QObject::connect(dialog,
                         &ExportDialog::exported,
                         dialogParent,
                         [dialogParent](const QString &path, qint64 bytes) {
                             if (ExportNotice *notice = noticeIn(dialogParent))
                                 notice->showExported(path, bytes);
                         });
        dialog->open();
    });
    QObject::connect(copyMarkdown, &QAction::triggered, dialogParent, [session, dialogParent] {
        std::shared_ptr<const Call> call = session->call();
        if (!call)
            return;
        delete dialogParent->findChild<QObject *>(QStringLiteral("markdownCopy"),
                                                  Qt::FindDirectChildrenOnly);
        new MarkdownCopy(std::move(call), session->selectedAttempt(), dialogParent);
    });
}

} // namespace Revox::ExportActions
