#pragma once

#include "calllibrary.h"

#include <QHash>
#include <QObject>
#include <QPointer>

class QDockWidget;
class QTimer;

namespace Revox {

class ApiClient;
class CallWatcher;
class CompletionNotifier;
class LibraryPanel;
class LiveBanner;
class MessageBar;
class MainWindow;
class SavedCopyBanner;
struct FetchResult;

// Attaches the call library and live watching to a main window: a Library dock, every call the
// window shows saved, saved copies opened offline (with "Refresh"), calls in progress refreshed
// until final, and a notification when they are (a click on it shows that call). The window
// knows nothing of it. Create it after MainWindow::setApiClient(), if that is used.
class LibraryController final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(LibraryController)

public:
    LibraryController(MainWindow *window, const QString &libraryPath);
    ~LibraryController() override;

    // Shows the saved copy of `callId` (offline), at a turn when given. False if it is not saved.
    bool openSaved(const QString &callId, const QString &attemptId = {}, int turnIndex = -1);

    CallLibrary *library() const { return m_library; }
    LibraryPanel *panel() const { return m_panel; }
    QDockWidget *dock() const { return m_dock; }
    CallWatcher *watcher() const { return m_watcher; }
    SavedCopyBanner *savedCopyBanner() const { return m_savedBanner; }
    LiveBanner *liveBanner() const { return m_liveBanner; }
    CompletionNotifier *notifier() const { return m_notifier; }

private:
    enum class Origin { Window, Library, Live };
    struct Shown
    {
        QString callId;
        QByteArray body;
        Origin origin;
        std::optional<Call> call; // as the window parsed it, so it is not parsed again
    };

    void onCallShown(const QString &callId);
    void processShown();
    void onFetched(quint64 requestId, const FetchResult &result);
    void onLiveUpdate(const FetchResult &result);
    void onCompleted(const FetchResult &result);
    void showFinishedCall(const QString &callId);
    void save(const Shown &shown, LibraryEntry::Source source);
    void onSaved(const QString &callId);
    void onSaveFailed(const QString &callId, const QString &why);
    // A status-bar note while a save runs long (a large call, a library another instance holds).
    void showSavingQuietly(MainWindow *window);
    // Calls whose save failed (another instance holding the database, a full disk) are kept
    // and tried again, by the bar's Retry and every RetryUnsavedMs, never dropped silently.
    void retryUnsaved();
    void sayWhatIsUnsaved(const QString &why);
    void watchIfInProgress(const Shown &shown);

    QPointer<MainWindow> m_window;
    CallLibrary *m_library;
    LibraryPanel *m_panel;
    QDockWidget *m_dock;
    ApiClient *m_watchClient; // the watcher's own: ApiClient runs one fetch at a time
    CallWatcher *m_watcher;
    SavedCopyBanner *m_savedBanner;
    LiveBanner *m_liveBanner;
    CompletionNotifier *m_notifier;
    Origin m_origin = Origin::Window; // of the showResponse() this controller is making
    QList<Shown> m_pending;
    struct Unsaved
    {
        Shown shown;
        LibraryEntry::Source source;
    };
    QList<Unsaved> m_unsaved;
    QHash<QString, Unsaved> m_inFlight; // by call ID: saves the writer has not answered yet
    MessageBar *m_unsavedBar;
    QTimer *m_retryUnsaved;
    QByteArray m_lastApiBody;
};

} // namespace Revox
