#pragma once

#include "core/session/callsession.h"

#include <QMainWindow>

#include <memory>

class QAction;
class QDockWidget;
class QTimer;

namespace Ui {
class MainWindow;
}

namespace Revox {

class ApiKeyStore;
class AttemptsModel;
class RecentCalls;
class StructuredOutputModel;

// The call-detail window: call field and message bar on top; summary on the left; attempts,
// then transcript / structured output / raw JSON and the recording area on the right.
class MainWindow final : public QMainWindow
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MainWindow)

public:
    // `session`, when given, is the owner of the call created before the window (see
    // startOpeningLargeFile()); the window takes it over. Otherwise the window makes its own.
    explicit MainWindow(CallSession *session = nullptr, QWidget *parent = nullptr);
    ~MainWindow() override;

    // Starts parsing the call file at `path` on workers when it is large (CallSession parses a
    // large body on a worker), so that a file named on the command line is read while the
    // window is being built: for a long call the two take about as long. False, having done
    // nothing, for a small file: openFile() then opens it once the window is there. A large file
    // that cannot be read fails on the worker, and the window, built by then, says why.
    static bool startOpeningLargeFile(CallSession *session, const QString &path);

    // The call on screen. Everything about it (what is shown, the selected attempt, the fetch in
    // flight) lives there; the window shows it and turns the user's requests into its calls.
    CallSession *session() const { return m_session; }
    ApiKeyStore *apiKeys() const { return m_keys; }

    // As if typed into the call field and Enter pressed.
    void fetchCall(const QString &reference);
    bool openFile(const QString &path);
    void openSampleCall();

    // Selects the attempt `attemptId` and shows its transcript with turn `turnIndex` (0-based)
    // selected and scrolled into view; -1 shows the transcript only. False when the shown call
    // has no such attempt or turn.
    bool showTurn(const QString &attemptId, int turnIndex);
    // Shows the window in front of the others, un-minimized into the state it had (maximized
    // stays maximized), for a request from outside: another start, a clicked notification.
    void bringToFront();
    // Adds a bar about the shown call (saved copy, live updates) under the message bar.
    void addInfoBar(QWidget *bar);
    // Adds a dock (the library) where the user left it last time, `width` wide the first time,
    // with its show/hide action in the View menu.
    void addPanelDock(QDockWidget *dock, int width);

    QAction *exportAction() const;
    QAction *copyMarkdownAction() const;
    QWidget *recordingArea() const;
    // The message bar's text, empty when it is hidden.
    QString messageText() const;
    bool isFetching() const;

protected:
    void closeEvent(QCloseEvent *event) override;
    void dragEnterEvent(QDragEnterEvent *event) override;
    void dropEvent(QDropEvent *event) override;

private:
    void setUpActions();
    void setUpViews();
    void connectSession();
    void restoreWindowState();
    void saveWindowState() const;
    void showCall(CallSession::Origin origin);
    void showAttempt(int index);
    void updateStructuredOutput();
    void chooseFile();
    // True when the user saved new settings.
    bool showSettings();
    // The empty page's advice follows where the API key comes from.
    void updateEmptyText();
    void applyApiSettings();
    void fetchFromField();
    void cancelFetch();
    // An error in the message bar; says that the call on screen (if any) is still the old one.
    // A fetch that failed for want of a (valid) key or a usable base URL offers the Settings.
    void showFailure(const QString &message, bool offerRetry);
    void setBusy(bool busy, const QString &status = {});
    void findInCurrentTab();
    void findNextInCurrentTab(bool backwards);

    std::unique_ptr<Ui::MainWindow> m_ui;
    CallSession *m_session;
    AttemptsModel *m_attempts;
    StructuredOutputModel *m_structured;
    ApiKeyStore *m_keys;
    RecentCalls *m_recent = nullptr;
    // Fetches asked for before the keychain answered (a call given on the command line or by a
    // link at startup) wait for it, or for this to run out.
    QTimer *m_keyWait;
    // How the last fetch ended, until the failure it causes is shown.
    FetchResult::Status m_lastFetchEnd = FetchResult::Status::Ok;
};

} // namespace Revox
