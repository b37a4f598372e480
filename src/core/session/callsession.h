#pragma once

#include "core/api/fetchjob.h"
#include "core/api/fetchresult.h"
#include "core/call/calldata.h"
#include "core/call/callparser.h"
#include "core/call/keptbody.h"

#include <QByteArray>
#include <QFutureWatcher>
#include <QObject>
#include <QPointer>
#include <QString>
#include <QStringList>

#include <functional>
#include <memory>

namespace Revox {

class ApiClient;

// The call on screen, and the one owner of it: the call (shared, never copied), its body as
// received, where it came from, the selected attempt and the fetch in progress. The window, the
// library, live watching, export and the recording player observe it; none of them owns a call.
// A failure (a body that is not a call, a fetch that failed) leaves the call on screen as it was.
class CallSession final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CallSession)

public:
    enum class Origin {
        Api,     // fetched by the user (call field, link, recent calls, Refresh)
        File,    // a saved response opened from disk
        Library, // the saved copy in the call library
        Live,    // a refresh of a call in progress, by the watcher
        Sample,  // the bundled sample call
    };
    Q_ENUM(Origin)

    explicit CallSession(QObject *parent = nullptr);
    ~CallSession() override;

    // The client fetch() uses. The session has one of its own; a client set here (tests point
    // one at a local server) is used as it is and not owned.
    void setApiClient(ApiClient *client);
    ApiClient *apiClient() const { return m_client; }
    bool usesOwnClient() const;

    // --- What is shown
    std::shared_ptr<const Call> call() const { return m_call; }
    QString callId() const { return m_call ? m_call->id : QString(); }
    // The response exactly as received (expanded again if it was kept compressed).
    QByteArray body() const;
    // The same, to be expanded on another thread (KeptBody::Snapshot::read()).
    KeptBody::Snapshot bodySnapshot() const;
    Origin origin() const { return m_origin; }
    // Where the call came from, for people: "Revox (api.revox.ai)", "call.json", …
    QString sourceLabel() const { return m_sourceLabel; }
    // The file's path for Origin::File, empty otherwise.
    QString filePath() const { return m_filePath; }
    // What the parser could not read (the call is shown anyway).
    QStringList warnings() const { return m_warnings; }

    int selectedAttempt() const { return m_selectedAttempt; }
    const CallAttempt *attempt() const;
    // -1 selects none. Out-of-range indexes are ignored.
    void selectAttempt(int index);
    // Selects the attempt with this id; false when the call has none.
    bool selectAttemptById(const QString &attemptId);

    // --- Opening
    // Parses `body` and shows it; on failure emits failed() and keeps what is shown. A body of
    // ParseOnWorkerFrom bytes or more is parsed on a worker thread, so the window keeps
    // answering: openStarted() now, then callChanged() or failed(), then openEnded(). A smaller
    // one is parsed here and shown before this returns. False when it failed at once.
    bool open(const QByteArray &body,
              Origin origin,
              const QString &sourceLabel,
              const QString &filePath = {});
    // Reads the saved response at `path` and shows it as open() does (Origin::File, named by the
    // file's name). A file of ParseOnWorkerFrom bytes or more is read on the worker that parses
    // it: reading 36 MiB into memory alone holds a thread for 100 ms or more. A smaller one, and
    // a path that is not a regular file, are read here. A file that cannot be read fails with
    // CallFile's words.
    bool openFile(const QString &path);
    // A large body being parsed; opening anything else, fetching or cancelOpening() drops it.
    bool isOpening() const { return m_opening != nullptr; }
    // The large body's sourceLabel while isOpening().
    QString openingLabel() const;
    void cancelOpening();

    // About 5 ms of parsing on this machine: less is not worth a hop to a worker and back, and
    // the call is then on the very next paint (the bundled sample, a typical saved call).
    static constexpr qsizetype ParseOnWorkerFrom = 1024 * 1024;
    // Shows a result that is already parsed (a fetch, a live update): never parsed again.
    void show(const FetchResult &result, Origin origin, const QString &sourceLabel);

    // --- Fetching
    // Fetches `reference` (an ID or a link). A bad reference fails at once. A fetch in flight
    // is replaced (cancelled and no longer listened to: its answer, however late, never
    // replaces this one's); opening anything else cancels it.
    void fetch(const QString &reference);
    // Fetches the shown call again.
    void refresh();
    // Ends the fetch in flight or held: fetchEnded(Cancelled) at once, since the user asked
    // for it (the job's own Cancelled report, which follows later, is not listened to).
    void cancelFetch();
    bool isFetching() const { return m_job || !m_heldReference.isEmpty(); }
    QString lastReference() const { return m_lastReference; }

    // While the API key is still being read from the keychain (at startup, a call given on the
    // command line or by a link), fetches wait instead of going out without a key. `why` is
    // shown as the fetch's progress. releaseFetches() sends the one waiting, if any.
    void holdFetches(const QString &why);
    void releaseFetches();

signals:
    // A new call is on screen, or the shown one was replaced by a newer copy (the same id).
    // selectedAttempt() is already valid in handlers; when it is not -1, attemptChanged() follows.
    void callChanged(Revox::CallSession::Origin origin);
    void attemptChanged(int index);
    // A large body is being parsed (see open()); `sourceLabel` as given to open().
    void openStarted(const QString &sourceLabel);
    void openEnded();
    void fetchStarted(const QString &callId);
    // Before a retry: a sentence such as "Revox is rate-limiting requests; retrying in 3 s…
    // (try 2 of 3)".
    void fetchProgress(const QString &status);
    // The fetch in flight ended: with a call (callChanged follows), a failure or a cancel.
    void fetchEnded(Revox::FetchResult::Status status);
    // What went wrong, for the user; `retryable` when trying again could help.
    void failed(const QString &message, bool retryable);

private:
    void adopt(std::shared_ptr<const Call> call,
               const QByteArray &body,
               Origin origin,
               const QString &sourceLabel,
               const QString &filePath,
               const QStringList &warnings);
    struct Opened;
    // Runs `work` (which reads and parses) on a worker and shows its result when it ends.
    void startOpening(std::function<Opened()> work,
                      Origin origin,
                      const QString &sourceLabel,
                      const QString &filePath);
    void onOpened();
    bool showParsed(CallParseResult parsed,
                    const QByteArray &body,
                    Origin origin,
                    const QString &sourceLabel,
                    const QString &filePath);
    void onFetchFinished(const FetchJob *job, const FetchResult &result);
    void onRetryScheduled(int nextTry, int maxTries, const QString &reason);
    // Stops listening to the fetch in flight and cancels it; true if there was one.
    bool dropFetch();

    ApiClient *m_ownClient;
    ApiClient *m_client = nullptr;
    KeptBody *m_body;
    std::shared_ptr<const Call> m_call;
    Origin m_origin = Origin::File;
    QString m_sourceLabel;
    QString m_filePath;
    QStringList m_warnings;
    int m_selectedAttempt = -1;
    struct Opening;
    std::unique_ptr<Opening> m_opening; // the large body being parsed, if any
    QPointer<FetchJob> m_job;           // the fetch in flight: the only one whose answer is shown
    QString m_lastReference;
    QString m_holdReason; // empty when fetches go out at once
    QString m_heldReference;
    // The body as received, while callChanged() is being handled (see body()).
    QByteArray m_bodyBeingShown;
};

} // namespace Revox
