#include "app/launchprobes.h"

#include "core/library/calllibrary.h"
#include "core/library/librarywriter.h"
#include "core/session/callsession.h"
#include "gui/library/librarycontroller.h"
#include "gui/transcript/transcriptpanel.h"
#include "gui/transcript/transcriptview.h"
#include "gui/window/mainwindow.h"

#include <QCoreApplication>
#include <QFile>
#include <QRegularExpression>

#include <cstdio>

namespace Revox {

namespace {

void printLine(const QString &line)
{
    const QByteArray bytes = line.toUtf8() + '\n';
    std::fwrite(bytes.constData(), 1, size_t(bytes.size()), stdout);
    std::fflush(stdout);
}

// The process's peak resident memory (VmHWM) in KiB; -1 where there is no /proc.
qint64 peakRssKiB()
{
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    const QRegularExpressionMatch match = QRegularExpression(QStringLiteral("^VmHWM:\\s+(\\d+) kB"),
                                                             QRegularExpression::MultilineOption)
                                              .match(QString::fromLatin1(status.readAll()));
    return match.hasMatch() ? match.captured(1).toLongLong() : -1;
}

} // namespace

LaunchProbes::LaunchProbes(MainWindow *window, LibraryController *library, bool callGiven)
    : m_exitAtPaint(qEnvironmentVariableIntValue("REVOX_EXIT_AFTER_FIRST_PAINT") == 1)
    , m_heartbeatOn(qEnvironmentVariableIntValue("REVOX_HEARTBEAT") == 1)
    , m_callGiven(callGiven)
    , m_window(window)
    , m_session(window->session())
    , m_library(library)
{
    if (!m_exitAtPaint && !m_heartbeatOn)
        return;
    if (auto *panel = window->findChild<TranscriptPanel *>())
        m_view = panel->view();
    m_paintProbe.counts = [this](QObject *watched) { return countsAsFirstPaint(watched); };
    m_paintProbe.painted = [this](long long ns) { onPainted(ns); };
    window->installEventFilter(&m_paintProbe);
    if (m_view)
        m_view->viewport()->installEventFilter(&m_paintProbe);

    // Connected after the window and the library: when these run, the call is laid out in the
    // window and its save has been asked for.
    connect(m_session, &CallSession::callChanged, this, &LaunchProbes::onCallShown);
    connect(m_session, &CallSession::failed, this, [this](const QString &message) {
        if (!m_callShown)
            fail(message);
    });
    connect(m_session, &CallSession::fetchEnded, this, [this](FetchResult::Status status) {
        if (!m_callShown && status == FetchResult::Status::Cancelled)
            fail(QStringLiteral("the fetch was cancelled"));
    });
    if (m_heartbeatOn && m_library) {
        connect(m_library->library(), &CallLibrary::callSaved, this, &LaunchProbes::onSaved);
        connect(m_library->library()->writer(),
                &LibraryWriter::saveFailed,
                this,
                [this](const QString &callId, const QString &message) {
                    if (m_callShown && callId == m_session->callId())
                        fail(QStringLiteral("the library did not save the call: ") + message);
                });
    }
    // From here on every stall counts: a call opened before the event loop runs (a small file is
    // parsed at once) holds up the first tick; a large file is parsed on workers, but the window
    // still lays it out on this thread.
    if (m_heartbeatOn)
        m_heartbeat.start();
}

bool LaunchProbes::countsAsFirstPaint(QObject *watched)
{
    if (m_done)
        return false;
    const bool windowPaint = watched == m_window;
    if (!m_callGiven)
        return windowPaint;
    if (!m_callShown) {
        if (windowPaint) {
            ++m_framesBefore;
            // Nothing on its way (the window is not busy fetching or opening it): the file could
            // not be read, or the reference was refused before any fetch went out. The message
            // bar says why.
            if (!m_window->isFetching()) {
                const QString why = m_window->messageText();
                fail(why.isEmpty() ? QStringLiteral("no call was opened") : why);
            }
        }
        return false;
    }
    const bool rowsToPaint = m_view && m_view->model() && m_view->model()->rowCount() > 0
                             && m_view->viewport()->isVisibleTo(m_window);
    if (m_view && watched == m_view->viewport()) {
        m_rowsCounted = rowsToPaint;
        return rowsToPaint;
    }
    // The window's own paint counts only when no transcript rows will be painted.
    return windowPaint && !rowsToPaint;
}

void LaunchProbes::onCallShown()
{
    if (m_callShown || m_done || !m_callGiven)
        return;
    m_callShown = true;
    m_callShownNs = monotonicNowNs();
    // A call with no rows on screen counts at the window's next paint, which may otherwise
    // never come for the window itself.
    if (!m_view || !m_view->model() || m_view->model()->rowCount() == 0)
        m_window->update();
    // A library that could not be opened saves nothing: there is no save to wait for.
    const CallLibrary *library = m_library ? m_library->library() : nullptr;
    if (m_heartbeatOn && library && !library->isOpen() && !library->errorString().isEmpty())
        fail(QStringLiteral("the library is not open: ") + library->errorString());
}

void LaunchProbes::onPainted(long long paintEndNs)
{
    if (m_done)
        return;
    m_painted = true;
    m_heartbeat.mark();
    if (m_exitAtPaint) {
        m_done = true;
        FirstPaintProbe::printPaintTime(paintEndNs);
        if (m_callGiven) {
            printLine(QStringLiteral("first-paint-call %1").arg(m_session->callId().simplified()));
            printLine(QStringLiteral("first-paint-rows %1").arg(m_rowsCounted ? rowsOnScreen() : 0));
            printLine(QStringLiteral("first-paint-call-shown-ns %1").arg(m_callShownNs));
            printLine(QStringLiteral("first-paint-frames-before %1").arg(m_framesBefore));
        }
        QCoreApplication::exit(0);
        return;
    }
    if (!m_callGiven || m_saved || !m_library)
        reportHeartbeat();
}

void LaunchProbes::onSaved(const QString &callId)
{
    if (m_done || !m_callShown || callId != m_session->callId())
        return;
    m_saved = true;
    if (m_painted)
        reportHeartbeat();
}

void LaunchProbes::fail(const QString &why)
{
    if (m_done)
        return;
    m_done = true;
    QMetaObject::invokeMethod(
        this,
        [why] {
            printLine(QStringLiteral("load-failed %1").arg(why.simplified()));
            QCoreApplication::exit(1);
        },
        Qt::QueuedConnection);
}

void LaunchProbes::reportHeartbeat()
{
    m_done = true;
    m_heartbeat.stop();
    printLine(QStringLiteral("longest-gap-ms %1").arg(m_heartbeat.longestGapMs(), 0, 'f', 2));
    printLine(QStringLiteral("longest-gap-after-paint-ms %1")
                  .arg(m_heartbeat.longestSinceMarkMs(), 0, 'f', 2));
    printLine(QStringLiteral("heartbeat-ticks %1").arg(m_heartbeat.ticks()));
    printLine(QStringLiteral("peak-rss-kib %1").arg(peakRssKiB()));
    QCoreApplication::exit(0);
}

int LaunchProbes::rowsOnScreen() const
{
    const QAbstractItemModel *model = m_view->model();
    const QRect area = m_view->viewport()->rect();
    int rows = 0;
    // Rows run top to bottom; those not laid out yet have no rectangle.
    for (int row = 0; row < model->rowCount(); ++row) {
        const QRect rect = m_view->visualRect(model->index(row, 0));
        if (!rect.isValid() || rect.top() > area.bottom())
            break;
        if (rect.intersects(area))
            ++rows;
    }
    return rows;
}

} // namespace Revox
