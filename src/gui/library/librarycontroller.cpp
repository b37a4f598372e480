#include "gui/library/librarycontroller.h"

#include "core/api/callwatcher.h"
#include "core/call/enumtext.h"
#include "core/library/librarywriter.h"
#include "gui/common/messagebar.h"
#include "gui/library/librarypanel.h"
#include "gui/library/livebanner.h"
#include "gui/library/savedcopybanner.h"
#include "gui/notifications/completionnotifier.h"

#include <QDockWidget>
#include <QLabel>
#include <QTimer>

#include <utility>

namespace Revox {

namespace {
// A busy library is most often another instance saving a large call: seconds, not minutes.
constexpr int RetryUnsavedMs = 30000;
// Most saves take a blink; only say so when one takes long enough to be noticed.
constexpr int SavingShownAfterMs = 400;
} // namespace

LibraryController::LibraryController(CallSession *session,
                                     const QString &libraryPath,
                                     QObject *parent)
    : QObject(parent)
    , m_session(session)
    , m_library(new CallLibrary(this))
    , m_panel(new LibraryPanel)
    , m_dock(new QDockWidget(tr("Library")))
    , m_watcher(new CallWatcher(session->apiClient(), this))
    , m_savedBanner(new SavedCopyBanner)
    , m_liveBanner(new LiveBanner)
    , m_notifier(new CompletionNotifier(this))
    , m_unsavedBar(new MessageBar)
    , m_savingIndicator(new QLabel(tr("Saving to the library…")))
    , m_retryUnsaved(new QTimer(this))
{
    // Checked on a worker: a large library takes a while to verify, and the window is shown
    // meanwhile. One that cannot be opened says why in its panel.
    m_library->openInBackground(libraryPath);
    m_panel->setLibrary(m_library);
    m_dock->setObjectName(QStringLiteral("libraryDock"));
    m_dock->setWidget(m_panel);
    m_dock->toggleViewAction()->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_L));
    m_unsavedBar->setObjectName(QStringLiteral("unsavedBar"));
    m_unsavedBar->dismiss();
    m_liveBanner->setWatcher(m_watcher);
    setUpSavingIndicator();

    m_retryUnsaved->setSingleShot(true);
    m_retryUnsaved->setInterval(RetryUnsavedMs);
    connect(m_retryUnsaved, &QTimer::timeout, this, &LibraryController::retryUnsaved);
    connect(m_unsavedBar, &MessageBar::retryRequested, this, &LibraryController::retryUnsaved);
    connect(m_library, &CallLibrary::callSaved, this, &LibraryController::onSaved);
    connect(m_library->writer(), &LibraryWriter::saveFailed, this, &LibraryController::onSaveFailed);

    connect(m_session, &CallSession::callChanged, this, &LibraryController::onCallChanged);
    // The saved turn is shown once the session has chosen its attempt (attemptChanged() follows
    // callChanged()), or the window's own choice of the latest attempt would replace it.
    connect(m_session, &CallSession::attemptChanged, this, [this] {
        if (m_turnToShow && m_session->origin() == CallSession::Origin::Library) {
            const auto [attemptId, turnIndex] = *std::exchange(m_turnToShow, {});
            emit turnRequested(attemptId, turnIndex);
        }
    });
    connect(m_panel,
            &LibraryPanel::openRequested,
            this,
            [this](const QString &callId, const QString &attemptId, int turnIndex) {
                openSaved(callId, attemptId, turnIndex);
            });
    connect(m_savedBanner, &SavedCopyBanner::refreshRequested, m_session, &CallSession::refresh);
    connect(m_watcher, &CallWatcher::updated, this, &LibraryController::onLiveUpdate);
    connect(m_watcher, &CallWatcher::completed, this, &LibraryController::onCompleted);
    connect(m_notifier,
            &CompletionNotifier::inAppMessage,
            this,
            [this](const QString &title, const QString &text) {
                emit statusMessage(title + QStringLiteral(": ") + text, 0);
            });
    connect(m_notifier, &CompletionNotifier::activated, this, &LibraryController::showFinishedCall);
}

LibraryController::~LibraryController()
{
    // One last try for calls a busy library refused; the writer stores them as it finishes.
    for (const Unsaved &call : std::as_const(m_unsaved))
        m_library->saveInBackground(call.body, call.call, call.source, call.sourceDetail);
}

void LibraryController::setUpSavingIndicator()
{
    m_savingIndicator->setObjectName(QStringLiteral("librarySavingLabel"));
    m_savingIndicator->setToolTip(
        tr("The call on screen is being written to the library in the background. Quitting now "
           "keeps it; its search index is finished at the next start."));
    m_savingIndicator->hide();
    auto *delay = new QTimer(this);
    delay->setSingleShot(true);
    delay->setInterval(SavingShownAfterMs);
    connect(delay, &QTimer::timeout, m_savingIndicator, &QWidget::show);
    connect(m_library->writer(), &LibraryWriter::busyChanged, this, [this, delay](bool busy) {
        if (busy) {
            delay->start();
        } else {
            delay->stop();
            m_savingIndicator->hide();
        }
    });
}

bool LibraryController::openSaved(const QString &callId, const QString &attemptId, int turnIndex)
{
    const std::optional<StoredCall> stored = m_library->load(callId);
    if (!stored)
        return false;
    const QString savedAt = stored->entry.fetchedAt.toLocalTime().toString(Qt::ISODate);
    // A large call is parsed on a worker: the banner and the turn follow once it is shown.
    m_openingSavedAt = stored->entry.fetchedAt;
    if (!attemptId.isEmpty())
        m_turnToShow = {attemptId, turnIndex};
    if (!m_session->open(stored->body,
                         CallSession::Origin::Library,
                         tr("the library (saved %1)").arg(savedAt))) {
        m_openingSavedAt = {};
        m_turnToShow.reset();
        return false;
    }
    return true;
}

void LibraryController::onCallChanged(CallSession::Origin origin)
{
    m_panel->setShownCall(m_session->callId());
    if (m_session->callId() != m_watcher->callId())
        m_liveBanner->dismiss();
    switch (origin) {
    case CallSession::Origin::Library:
        if (m_openingSavedAt.isValid())
            m_savedBanner->showSavedCopy(std::exchange(m_openingSavedAt, {}));
        watchIfInProgress();
        return;
    case CallSession::Origin::Live:
        saveShown(LibraryEntry::Source::Api);
        break;
    case CallSession::Origin::Api:
        saveShown(LibraryEntry::Source::Api);
        watchIfInProgress();
        break;
    case CallSession::Origin::File:
    case CallSession::Origin::Sample:
        saveShown(LibraryEntry::Source::File);
        m_watcher->stop(); // a file is a snapshot; the user can fetch it to follow it
        break;
    }
    m_openingSavedAt = {};
    m_turnToShow.reset();
    m_savedBanner->hide();
}

void LibraryController::saveShown(LibraryEntry::Source source)
{
    save({m_session->body(), m_session->call(), source, m_session->filePath()});
}

void LibraryController::save(const Unsaved &call)
{
    // A library that could not be opened said so in its panel; nothing to save into. One still
    // opening writes the call once it is open.
    if ((!m_library->isOpen() && !m_library->isOpening()) || !call.call)
        return;
    // The newest copy of a call is the one worth keeping.
    m_inFlight.insert(call.call->id, call);
    m_library->saveInBackground(call.body, call.call, call.source, call.sourceDetail);
}

void LibraryController::onSaved(const QString &callId)
{
    m_inFlight.remove(callId);
    const bool wasUnsaved = m_unsaved.removeIf(
        [&callId](const Unsaved &unsaved) { return unsaved.call->id == callId; });
    if (wasUnsaved && m_unsaved.isEmpty()) {
        m_retryUnsaved->stop();
        m_unsavedBar->dismiss();
        emit statusMessage(tr("Saved in the library."), 5000);
    }
}

void LibraryController::onSaveFailed(const QString &callId, const QString &why)
{
    const auto failed = m_inFlight.constFind(callId);
    if (failed == m_inFlight.cend())
        return; // not a call this window asked for
    m_unsaved.removeIf([&callId](const Unsaved &unsaved) { return unsaved.call->id == callId; });
    m_unsaved.append(*failed);
    m_inFlight.erase(failed);
    sayWhatIsUnsaved(why);
}

void LibraryController::retryUnsaved()
{
    const QList<Unsaved> unsaved = m_unsaved;
    for (const Unsaved &call : unsaved)
        save(call);
}

void LibraryController::sayWhatIsUnsaved(const QString &why)
{
    const int seconds = RetryUnsavedMs / 1000;
    m_unsavedBar->showMessage(m_unsaved.size() == 1
                                  ? tr("%1 (%2). It is tried again in %3 s.")
                                        .arg(why, m_unsaved.constFirst().call->id)
                                        .arg(seconds)
                                  : tr("%1 (%2 calls). They are tried again in %3 s.")
                                        .arg(why)
                                        .arg(m_unsaved.size())
                                        .arg(seconds),
                              Theme::Tone::Warning,
                              true);
    m_retryUnsaved->start();
}

void LibraryController::watchIfInProgress()
{
    const std::shared_ptr<const Call> call = m_session->call();
    if (!call || !CallWatcher::isInProgress(*call)) {
        m_watcher->stop();
        return;
    }
    if (m_watcher->isWatching() && m_watcher->callId() == call->id)
        return;
    // The session's client, with the settings it has now: its polls run beside the user's fetches.
    m_watcher->setApiClient(m_session->apiClient());
    m_watcher->watch(call->id, m_session->body());
}

void LibraryController::onLiveUpdate(const FetchResult &result)
{
    if (m_session->callId() != m_watcher->callId())
        return;
    m_session->show(result, CallSession::Origin::Live, tr("Revox (live)"));
}

void LibraryController::onCompleted(const FetchResult &result)
{
    const OpenEnum status = result.call ? result.call->status : OpenEnum();
    const QString outcome = EnumText::label(EnumField::CallStatus, status);
    m_notifier->notify(tr("Call finished"),
                       tr("%1 is %2.").arg(result.callId, outcome),
                       result.callId);
    emit attentionRequested();
}

void LibraryController::showFinishedCall(const QString &callId)
{
    emit activationRequested();
    if (callId.isEmpty() || m_session->callId() == callId)
        return;
    // The user moved on to another call since: the finished one was saved with its last update,
    // so show that (offline); ask the API only if the library does not have it.
    if (!openSaved(callId))
        m_session->fetch(callId);
}

} // namespace Revox
