#pragma once

#include "calldata.h"

#include <QMainWindow>

#include <memory>
#include <optional>

class QAction;
class QTimer;

namespace Ui {
class MainWindow;
}

namespace Revox {

class ApiClient;
class ApiKeyStore;
class KeptBody;
class AttemptsModel;
class RecentCalls;
class StructuredOutputModel;
struct FetchResult;

// The call-detail window: call field and message bar on top; summary on the left; attempts,
// then transcript / structured output / raw JSON and the recording area on the right.
class MainWindow final : public QMainWindow
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MainWindow)

public:
    explicit MainWindow(QWidget *parent = nullptr);
    ~MainWindow() override;

    // The window owns a client configured from the environment, Settings and the key store.
    // A client set here is used as it is: its settings are the caller's (tests point it at a
    // local server). The window does not take ownership.
    void setApiClient(ApiClient *client);
    ApiClient *apiClient() const { return m_client; }
    ApiKeyStore *apiKeys() const { return m_keys; }

    // As if typed into the call field and Enter pressed.
    void fetchCall(const QString &reference);
    bool openFile(const QString &path);
    void openSampleCall();
    // Shows the call in `body`; on failure keeps what is shown and says why in the message bar.
    // `source` names where the body came from, for messages.
    bool showResponse(const QByteArray &body, const QString &source);

    std::optional<Call> currentCall() const { return m_call; }
    // The response body as received, for saving and exporting.
    QByteArray currentBody() const;
    int selectedAttemptIndex() const { return m_selectedAttempt; }
    void selectAttempt(int index);

    // Selects the attempt `attemptId` and shows its transcript with turn `turnIndex` (0-based)
    // selected and scrolled into view; -1 shows the transcript only. False when the shown call
    // has no such attempt or turn.
    bool showTurn(const QString &attemptId, int turnIndex);
    // Shows the window in front of the others, un-minimized into the state it had (maximized
    // stays maximized), for a request from outside: another start, a clicked notification.
    void bringToFront();
    // Adds a bar about the shown call (saved copy, live updates) under the message bar.
    void addInfoBar(QWidget *bar);

    QAction *exportAction() const;
    QAction *copyMarkdownAction() const;
    QWidget *recordingArea() const;
    // The message bar's text, empty when it is hidden.
    QString messageText() const;
    bool isFetching() const;

signals:
    void callShown(const QString &callId);
    void selectedAttemptChanged(int index);

protected:
    void closeEvent(QCloseEvent *event) override;
    void dragEnterEvent(QDragEnterEvent *event) override;
    void dropEvent(QDropEvent *event) override;

private:
    void setUpActions();
    void setUpViews();
    void restoreWindowState();
    void saveWindowState() const;
    void displayCall(const Call &call,
                     const QByteArray &body,
                     const QString &source,
                     const QStringList &warnings);
    void updateStructuredOutput();
    void chooseFile();
    void showSettings();
    void applyApiSettings();
    void fetchFromField();
    // Sends the request for an already validated reference, once the stored key is known.
    void startFetch(const QString &reference, const QString &callId);
    void fetchWhenKeyIsRead();
    void cancelFetch();
    void onFetchFinished(quint64 requestId, const FetchResult &result);
    void onRetryScheduled(
        quint64 requestId, int nextTry, int maxTries, int delayMs, const QString &reason);
    // An error in the message bar; says that the call on screen (if any) is still the old one.
    void showFailure(const QString &message, bool offerRetry);
    void setBusy(bool busy, const QString &status = {});
    void findInCurrentTab();
    void findNextInCurrentTab(bool backwards);

    std::unique_ptr<Ui::MainWindow> m_ui;
    AttemptsModel *m_attempts;
    StructuredOutputModel *m_structured;
    ApiKeyStore *m_keys;
    RecentCalls *m_recent = nullptr;
    ApiClient *m_ownClient;
    ApiClient *m_client;
    quint64 m_requestId = 0;
    QString m_lastReference;
    // A fetch asked for before the keychain answered (a call given on the command line or by a
    // link at startup); sent when it answers, or when keyWait runs out.
    QString m_referenceAwaitingKey;
    QTimer *m_keyWait;
    std::optional<Call> m_call;
    KeptBody *m_body;
    int m_selectedAttempt = -1;
};

} // namespace Revox
