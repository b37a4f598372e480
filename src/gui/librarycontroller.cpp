#include "librarycontroller.h"

#include "apiclient.h"
#include "callparser.h"
#include "callwatcher.h"
#include "completionnotifier.h"
#include "enumtext.h"
#include "librarypanel.h"
#include "librarywriter.h"
#include "livebanner.h"
#include "mainwindow.h"
#include "messagebar.h"
#include "savedcopybanner.h"

#include <QApplication>
#include <QDockWidget>
#include <QLabel>
#include <QMenu>
#include <QSettings>
#include <QStatusBar>
#include <QTimer>

#include <utility>

namespace Revox {

namespace {
// A busy library is most often another instance saving a large call: seconds, not minutes.
constexpr int RetryUnsavedMs = 30000;
constexpr int SavingShownAfterMs = 400;
} // namespace

LibraryController::LibraryController(MainWindow *window, const QString &libraryPath)
    : QObject(window)
    , m_window(window)
    , m_library(new CallLibrary(this))
    , m_panel(new LibraryPanel)
    , m_dock(new QDockWidget(tr("Library"), window))
    , m_watchClient(new ApiClient(this))
    , m_watcher(new CallWatcher(m_watchClient, this))
    , m_savedBanner(new SavedCopyBanner)
    , m_liveBanner(new LiveBanner)
    , m_notifier(new CompletionNotifier(this))
    , m_unsavedBar(new MessageBar)
    , m_retryUnsaved(new QTimer(this))
{
    if (!m_library->open(libraryPath))
        window->statusBar()->showMessage(m_library->errorString());
    m_panel->setLibrary(m_library);

    m_dock->setObjectName(QStringLiteral("libraryDock"));
    m_dock->setWidget(m_panel);
    window->addDockWidget(Qt::LeftDockWidgetArea, m_dock);
    window->resizeDocks({m_dock}, {420}, Qt::Horizontal);
    // The window restored its layout before this dock existed; restore again so the dock comes
    // back where (and whether) the user left it. Same key as MainWindow::saveWindowState().
    window->restoreState(QSettings().value(QStringLiteral("window/state")).toByteArray());
    QAction *toggle = m_dock->toggleViewAction();
    toggle->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_L));
    if (auto *viewMenu = window->findChild<QMenu *>(QStringLiteral("viewMenu"))) {
        viewMenu->addSeparator();
        viewMenu->addAction(toggle);
    } else {
        window->addAction(toggle);
    }
    window->addInfoBar(m_savedBanner);
    window->addInfoBar(m_liveBanner);
    window->addInfoBar(m_unsavedBar);
    m_unsavedBar->setObjectName(QStringLiteral("unsavedBar"));
    m_unsavedBar->dismiss();
    m_retryUnsaved->setSingleShot(true);
    m_retryUnsaved->setInterval(RetryUnsavedMs);
    connect(m_retryUnsaved, &QTimer::timeout, this, &LibraryController::retryUnsaved);
    connect(m_unsavedBar, &MessageBar::retryRequested, this, &LibraryController::retryUnsaved);
    m_liveBanner->setWatcher(m_watcher);
    connect(m_library, &CallLibrary::callSaved, this, &LibraryController::onSaved);
    connect(m_library->writer(), &LibraryWriter::saveFailed, this, &LibraryController::onSaveFailed);
    showSavingQuietly(window);

    connect(window, &MainWindow::callShown, this, &LibraryController::onCallShown);
    if (ApiClient *client = window->apiClient())
        connect(client, &ApiClient::finished, this, &LibraryController::onFetched);
    connect(m_panel,
            &LibraryPanel::openRequested,
            this,
            [this](const QString &callId, const QString &attemptId, int turnIndex) {
                openSaved(callId, attemptId, turnIndex);
            });
    connect(m_savedBanner, &SavedCopyBanner::refreshRequested, this, [this] {
        if (m_window && m_window->currentCall())
            m_window->fetchCall(m_window->currentCall()->id);
    });
    connect(m_watcher, &CallWatcher::updated, this, &LibraryController::onLiveUpdate);
    connect(m_watcher, &CallWatcher::completed, this, &LibraryController::onCompleted);
    connect(m_notifier,
            &CompletionNotifier::inAppMessage,
            this,
            [this](const QString &title, const QString &text) {
                if (m_window)
                    m_window->statusBar()->showMessage(title + QStringLiteral(": ") + text);
            });
    connect(m_notifier, &CompletionNotifier::activated, this, &LibraryController::showFinishedCall);
}

LibraryController::~LibraryController()
{
    // One last try for calls a busy library refused; the writer stores them as it finishes.
    for (const Unsaved &call : std::as_const(m_unsaved))
        m_library->saveInBackground(call.shown.body, call.shown.call, call.source);
}

bool LibraryController::openSaved(const QString &callId, const QString &attemptId, int turnIndex)
{
    const std::optional<StoredCall> stored = m_library->load(callId);
    if (!stored || !m_window)
        return false;
    m_origin = Origin::Library;
    const bool shown = m_window->showResponse(stored->body,
                                              tr("the library (saved %1)")
                                                  .arg(stored->entry.fetchedAt.toLocalTime()
                                                           .toString(Qt::ISODate)));
    m_origin = Origin::Window;
    if (!shown)
        return false;
    m_savedBanner->showSavedCopy(stored->entry.fetchedAt);
    if (!attemptId.isEmpty())
        m_window->showTurn(attemptId, turnIndex);
    return true;
}

void LibraryController::showSavingQuietly(MainWindow *window)
{
    auto *saving = new QLabel(tr("Saving to the library…"));
    saving->setObjectName(QStringLiteral("librarySavingLabel"));
    saving->setToolTip(
        tr("The call on screen is being written to the library in the background. "
           "Quitting now keeps it; its search index is finished at the next start."));
    saving->hide();
    window->statusBar()->addPermanentWidget(saving);
    // Most saves take a blink; only say so when one takes long enough to be noticed.
    auto *delay = new QTimer(this);
    delay->setSingleShot(true);
    delay->setInterval(SavingShownAfterMs);
    connect(delay, &QTimer::timeout, saving, &QWidget::show);
    connect(m_library->writer(), &LibraryWriter::busyChanged, this, [saving, delay](bool busy) {
        if (busy) {
            delay->start();
        } else {
            delay->stop();
            saving->hide();
        }
    });
}

void LibraryController::onCallShown(const QString &callId)
{
    // The window emits callShown() from inside its handling of ApiClient::finished, before this
    // controller's own slot for that signal runs: decide where the call came from afterwards.
    m_pending.append(Shown{callId,
                           m_window ? m_window->currentBody() : QByteArray(),
                           m_origin,
                           m_window ? m_window->currentCall() : std::nullopt});
    if (m_origin == Origin::Library)
        processShown(); // no fetch involved; the banner and watcher can follow at once
    else
        QTimer::singleShot(0, this, &LibraryController::processShown);
}

void LibraryController::processShown()
{
    while (!m_pending.isEmpty()) {
        const Shown shown = m_pending.takeFirst();
        switch (shown.origin) {
        case Origin::Library:
            watchIfInProgress(shown);
            break;
        case Origin::Live:
            save(shown, LibraryEntry::Source::Api);
            break;
        case Origin::Window: {
            const bool fromApi = !m_lastApiBody.isNull() && shown.body == m_lastApiBody;
            save(shown, fromApi ? LibraryEntry::Source::Api : LibraryEntry::Source::File);
            m_savedBanner->hide();
            if (fromApi)
                watchIfInProgress(shown);
            else
                m_watcher->stop(); // a file is a snapshot; the user can fetch it to follow it
            break;
        }
        }
    }
}

void LibraryController::onFetched(quint64 requestId, const FetchResult &result)
{
    Q_UNUSED(requestId)
    if (result.isOk())
        m_lastApiBody = result.body;
}

void LibraryController::save(const Shown &shown, LibraryEntry::Source source)
{
    // A library that could not be opened was said once, at start; nothing to save into.
    if (!m_library->isOpen())
        return;
    // The newest copy of a call is the one worth keeping.
    m_inFlight.insert(shown.callId, {shown, source});
    m_library->saveInBackground(shown.body, shown.call, source);
}

void LibraryController::onSaved(const QString &callId)
{
    m_inFlight.remove(callId);
    const bool wasUnsaved = m_unsaved.removeIf(
        [&callId](const Unsaved &unsaved) { return unsaved.shown.callId == callId; });
    if (wasUnsaved && m_unsaved.isEmpty()) {
        m_retryUnsaved->stop();
        m_unsavedBar->dismiss();
        if (m_window)
            m_window->statusBar()->showMessage(tr("Saved in the library."), 5000);
    }
}

void LibraryController::onSaveFailed(const QString &callId, const QString &why)
{
    const auto failed = m_inFlight.constFind(callId);
    if (failed == m_inFlight.cend())
        return; // not a call this window asked for
    m_unsaved.removeIf([&callId](const Unsaved &unsaved) { return unsaved.shown.callId == callId; });
    m_unsaved.append(*failed);
    m_inFlight.erase(failed);
    sayWhatIsUnsaved(why);
}

void LibraryController::retryUnsaved()
{
    const QList<Unsaved> unsaved = m_unsaved;
    for (const Unsaved &call : unsaved)
        save(call.shown, call.source);
}

void LibraryController::sayWhatIsUnsaved(const QString &why)
{
    const int seconds = RetryUnsavedMs / 1000;
    m_unsavedBar->showMessage(m_unsaved.size() == 1
                                  ? tr("%1 (%2). It is tried again in %3 s.")
                                        .arg(why, m_unsaved.constFirst().shown.callId)
                                        .arg(seconds)
                                  : tr("%1 (%2 calls). They are tried again in %3 s.")
                                        .arg(why)
                                        .arg(m_unsaved.size())
                                        .arg(seconds),
                              Theme::Tone::Warning,
                              true);
    m_retryUnsaved->start();
}

void LibraryController::watchIfInProgress(const Shown &shown)
{
    const QString &callId = shown.callId;
    const QByteArray &body = shown.body;
    const std::optional<Call> call = shown.call ? shown.call : CallParser::parse(body).call;
    if (!call || !CallWatcher::isInProgress(*call)) {
        m_watcher->stop();
        return;
    }
    if (m_watcher->isWatching() && m_watcher->callId() == callId)
        return;
    if (m_window && m_window->apiClient())
        m_watchClient->setSettings(m_window->apiClient()->settings());
    m_watcher->watch(callId, body);
}

void LibraryController::onLiveUpdate(const FetchResult &result)
{
    if (!m_window || !m_window->currentCall() || m_window->currentCall()->id != m_watcher->callId())
        return;
    // Keep an older attempt the user is reading; otherwise show the newest, which may be new.
    const int selected = m_window->selectedAttemptIndex();
    const QString keptAttempt = selected > 0 ? m_window->currentCall()->callAttempts.at(selected).id
                                             : QString();
    m_origin = Origin::Live;
    m_window->showResponse(result.body, tr("Revox (live)"));
    m_origin = Origin::Window;
    const std::optional<Call> shown = m_window->currentCall(); // a copy: currentCall() is by value
    if (!keptAttempt.isEmpty() && shown) {
        for (int i = 0; i < shown->callAttempts.size(); ++i) {
            if (shown->callAttempts.at(i).id == keptAttempt)
                m_window->selectAttempt(i);
        }
    }
    m_savedBanner->hide();
}

void LibraryController::onCompleted(const FetchResult &result)
{
    const OpenEnum status = result.call ? result.call->status : OpenEnum();
    const QString outcome = EnumText::label(EnumField::CallStatus, status);
    m_notifier->notify(tr("Call finished"),
                       tr("%1 is %2.").arg(result.callId, outcome),
                       result.callId);
    if (m_window)
        QApplication::alert(m_window);
}

void LibraryController::showFinishedCall(const QString &callId)
{
    if (!m_window)
        return;
    m_window->bringToFront();
    if (callId.isEmpty() || (m_window->currentCall() && m_window->currentCall()->id == callId))
        return;
    // The user moved on to another call since: the finished one was saved with its last update,
    // so show that (offline); ask the API only if the library does not have it.
    if (!openSaved(callId))
        m_window->fetchCall(callId);
}

} // namespace Revox
