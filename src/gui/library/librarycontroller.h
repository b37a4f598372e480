#pragma once

#include "core/library/calllibrary.h"
#include "core/session/callsession.h"

#include <QDateTime>
#include <QHash>
#include <QObject>

#include <memory>
#include <optional>

class QDockWidget;
class QLabel;
class QTimer;

namespace Revox {

class CallWatcher;
class CompletionNotifier;
class LibraryPanel;
class LiveBanner;
class MessageBar;
class SavedCopyBanner;
struct FetchResult;

// The call library and live watching, for the call on screen: every call the session shows is
// saved (off the GUI thread), saved copies open offline (with "Refresh"), calls in progress are
// refreshed until final, and a notification says when they are (a click on it shows that call).
// It knows the session, never the window: attachLibrary() puts its dock, bars and status note in
// a window and connects its requests.
class LibraryController final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(LibraryController)

public:
    LibraryController(CallSession *session, const QString &libraryPath, QObject *parent = nullptr);
    ~LibraryController() override;

    // Shows the saved copy of `callId` (offline), at a turn when given. False if it is not saved.
    bool openSaved(const QString &callId, const QString &attemptId = {}, int turnIndex = -1);

    CallLibrary *library() const { return m_library; }
    LibraryPanel *panel() const { return m_panel; }
    QDockWidget *dock() const { return m_dock; }
    CallWatcher *watcher() const { return m_watcher; }
    SavedCopyBanner *savedCopyBanner() const { return m_savedBanner; }
    LiveBanner *liveBanner() const { return m_liveBanner; }
    MessageBar *unsavedBar() const { return m_unsavedBar; }
    // "Saving to the library…", visible while a save runs long; for the status bar.
    QLabel *savingIndicator() const { return m_savingIndicator; }
    CompletionNotifier *notifier() const { return m_notifier; }

signals:
    // A short message for the status bar; 0 keeps it until the next.
    void statusMessage(const QString &text, int timeoutMs);
    // The user asked (by a notification) to see a call: bring its window to the front.
    void activationRequested();
    // A watched call finished while the user may be elsewhere: ask for attention.
    void attentionRequested();
    // Show this turn of the call on screen (a search hit, a saved copy opened at a turn).
    void turnRequested(const QString &attemptId, int turnIndex);

private:
    struct Unsaved
    {
        QByteArray body;
        std::shared_ptr<const Call> call;
        LibraryEntry::Source source;
        QString sourceDetail;
    };

    void onCallChanged(CallSession::Origin origin);
    void onLiveUpdate(const FetchResult &result);
    void onCompleted(const FetchResult &result);
    void showFinishedCall(const QString &callId);
    void saveShown(LibraryEntry::Source source);
    void save(const Unsaved &call);
    void onSaved(const QString &callId);
    void onSaveFailed(const QString &callId, const QString &why);
    // Calls whose save failed (another instance holding the database, a full disk) are kept
    // and tried again, by the bar's Retry and every RetryUnsavedMs, never dropped silently.
    void retryUnsaved();
    void sayWhatIsUnsaved(const QString &why);
    void watchIfInProgress();
    void setUpSavingIndicator();

    CallSession *m_session;
    CallLibrary *m_library;
    LibraryPanel *m_panel;
    QDockWidget *m_dock;
    CallWatcher *m_watcher;
    SavedCopyBanner *m_savedBanner;
    LiveBanner *m_liveBanner;
    CompletionNotifier *m_notifier;
    MessageBar *m_unsavedBar;
    QLabel *m_savingIndicator;
    QTimer *m_retryUnsaved;
    QList<Unsaved> m_unsaved;
    QHash<QString, Unsaved> m_inFlight; // by call ID: saves the writer has not answered yet
    // A saved call being opened: when it was saved (for the banner) and the turn a search hit
    // asked for, shown once the call is on screen.
    QDateTime m_openingSavedAt;
    std::optional<std::pair<QString, int>> m_turnToShow;
};

} // namespace Revox
