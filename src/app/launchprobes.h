#pragma once

#include "app/exitafterfirstpaint.h"
#include "app/heartbeat.h"

#include <QObject>
#include <QPointer>
#include <QString>

class QListView;

namespace Revox {

class CallSession;
class LibraryController;
class MainWindow;

// What tests and benchmarks time in the real app, switched on by environment variables that
// normal runs never set (then nothing is installed). Both print `key value` lines on stdout and
// end the process; a call that cannot be shown ends it too, with "load-failed <why>" and exit
// status 1, instead of leaving it running with nothing to wait for.
//
// REVOX_EXIT_AFTER_FIRST_PAINT=1: quits at the end of the first paint that shows the call given
// on the command line (a file, or a call reference fetched from the API) with its transcript
// rows, never at an earlier empty or "Fetching…" frame; prints "first-paint-ns N" (the monotonic
// clock) and then the call's ID, the transcript rows on screen, when the call was shown and how
// many frames were painted before it. A call without transcript rows on screen (none in the
// attempt, another tab chosen) counts at the window's first paint after it is shown, with 0 rows.
// With --sample or no call: the window's first paint, and only "first-paint-ns N".
//
// REVOX_HEARTBEAT=1: the longest stall of the GUI thread (see Heartbeat) from just before the
// window is shown and the call opened until the library has saved it, then quits; with no call,
// until the first paint. Prints "longest-gap-ms" (everything before the first paint included),
// "longest-gap-after-paint-ms" (from the first paint on: while the window can be used) and
// "peak-rss-kib" (VmHWM, the process's peak memory).
class LaunchProbes final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(LaunchProbes)

public:
    // Before the window is shown and the call is opened. `library` may be null (no library);
    // `callGiven` when the command line names a file or call to show.
    LaunchProbes(MainWindow *window, LibraryController *library, bool callGiven);

private:
    bool countsAsFirstPaint(QObject *watched);
    void onPainted(long long paintEndNs);
    void onCallShown();
    void onSaved(const QString &callId);
    // Ends the process with exit status 1 once the event loop runs (it may not be running yet).
    void fail(const QString &why);
    void reportHeartbeat();
    int rowsOnScreen() const;

    bool m_exitAtPaint = false;
    bool m_heartbeatOn = false;
    bool m_callGiven = false;
    MainWindow *m_window;
    CallSession *m_session;
    QPointer<LibraryController> m_library;
    QListView *m_view = nullptr;
    FirstPaintProbe m_paintProbe;
    Heartbeat m_heartbeat;

    bool m_done = false;
    bool m_callShown = false;
    bool m_rowsCounted = false; // the paint that counted was the transcript's
    bool m_painted = false;
    bool m_saved = false;
    long long m_callShownNs = 0;
    int m_framesBefore = 0; // frames the window painted before the call was shown
};

} // namespace Revox
