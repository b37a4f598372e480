#include "stallbench.h"

#include "app/heartbeat.h"
#include "benchstats.h"
#include "callgenerator.h"
#include "childprocess.h"
#include "core/library/calllibrary.h"
#include "gui/common/findbar.h"
#include "gui/export/exportdialog.h"
#include "gui/library/libraryattachment.h"
#include "gui/library/librarycontroller.h"
#include "gui/response/rawjsonpanel.h"
#include "gui/transcript/transcriptmodel.h"
#include "gui/transcript/transcriptpanel.h"
#include "gui/transcript/transcriptview.h"
#include "gui/window/mainwindow.h"

#include <QAction>
#include <QDeadlineTimer>
#include <QDialogButtonBox>
#include <QFile>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTabBar>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#include <functional>

namespace Revox::Bench {

namespace {

// The heartbeat ticks a few times before the action, and the measurement runs on this long after
// the action's result is there: what it left for the event loop (a paint of a large document, a
// layout) is the action's too.
constexpr int LeadInMs = 20;
constexpr int SettleMs = 300;
// A quick typist: one key every 100 ms.
constexpr int KeyIntervalMs = 100;
constexpr int TimeoutMs = 600000;

void spin(int ms)
{
    QElapsedTimer timer;
    timer.start();
    while (timer.elapsed() < ms)
        QCoreApplication::processEvents(QEventLoop::AllEvents, ms - int(timer.elapsed()));
}

// Runs `start` from the event loop, as input arrives, then `wait` (which returns when the action's
// result is there) and SettleMs more; returns the longest gap between the heartbeat's ticks.
double longestStall(const std::function<void()> &start, const std::function<bool()> &wait)
{
    Heartbeat heartbeat;
    heartbeat.start();
    QTimer::singleShot(LeadInMs, start);
    if (!wait())
        qFatal("the action did not finish within %d s", TimeoutMs / 1000);
    spin(SettleMs);
    heartbeat.stop();
    return heartbeat.longestGapMs();
}

// Spins the event loop until `done` holds.
bool waitUntil(const std::function<bool()> &done)
{
    const QDeadlineTimer deadline(TimeoutMs);
    while (!done()) {
        if (deadline.hasExpired())
            return false;
        QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents, 50);
    }
    return true;
}

// The window as main() builds it, with a library of its own.
class Window
{
public:
    Window()
    {
        m_library = attachLibrary(&m_window, m_dir.filePath(QStringLiteral("library.sqlite")));
        m_window.resize(1280, 800);
        m_window.show();
        m_window.activateWindow();
        if (!QTest::qWaitForWindowExposed(&m_window))
            qFatal("the window was never exposed");
        m_panel = m_window.findChild<TranscriptPanel *>();
        m_tabs = m_window.findChild<QTabWidget *>(QStringLiteral("tabs"));
        m_raw = m_window.findChild<RawJsonPanel *>(QStringLiteral("rawPanel"));
        if (!m_panel || !m_tabs || !m_raw)
            qFatal("the window has no transcript, tabs or Raw JSON panel");
    }

    // Opens the call from a file, as a user does, and waits until the library has saved it and
    // every transcript row is laid out: a user who has looked at the call for a while.
    void open(const QByteArray &bytes)
    {
        const QString path = m_dir.filePath(QStringLiteral("call.json"));
        QFile file(path);
        if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size())
            qFatal("cannot write %s", qPrintable(path));
        file.close();
        m_tabs->setCurrentWidget(m_panel);
        QSignalSpy saved(m_library->library(), &CallLibrary::callSaved);
        if (!m_window.openFile(path))
            qFatal("the window refused the call: %s", qPrintable(m_window.messageText()));
        if (saved.isEmpty() && !saved.wait(TimeoutMs))
            qFatal("the library did not save the call");
        TranscriptView *view = m_panel->view();
        const QModelIndex last = view->model()->index(view->model()->rowCount() - 1, 0);
        if (!waitUntil([&] { return view->visualRect(last).isValid(); }))
            qFatal("the transcript's layout did not finish");
        spin(SettleMs);
    }

    MainWindow &window() { return m_window; }
    TranscriptPanel *panel() const { return m_panel; }
    QTabWidget *tabs() const { return m_tabs; }
    RawJsonPanel *raw() const { return m_raw; }
    QString filePath(const QString &name) const { return m_dir.filePath(name); }

private:
    QTemporaryDir m_dir;
    MainWindow m_window;
    LibraryController *m_library = nullptr;
    TranscriptPanel *m_panel = nullptr;
    QTabWidget *m_tabs = nullptr;
    RawJsonPanel *m_raw = nullptr;
};

// Ctrl+F, then the rare word typed a key at a time into the find bar (each key searches).
double typeInFind(Window &w, int turns)
{
    QLineEdit *field = w.panel()->findBar()->lineEdit();
    QTest::keyClick(&w.window(), Qt::Key_F, Qt::ControlModifier);
    if (!waitUntil([&] { return field->isVisible(); }))
        qFatal("Ctrl+F did not show the find bar");
    field->clear();
    spin(SettleMs);
    const QString word = rareWord();
    int typed = 0;
    const int expected = turns / 100;
    return longestStall(
        [&] {
            for (int i = 0; i < word.size(); ++i)
                QTimer::singleShot(i * KeyIntervalMs, field, [&, i] {
                    QTest::keyClick(field, word.at(i).toLatin1());
                    typed = i + 1;
                });
        },
        [&] {
            return waitUntil([&] {
                return typed == word.size() && w.panel()->model()->matches().size() == expected;
            });
        });
}

// A click on the Raw JSON tab, until the panel says the whole response is formatted: its
// formatted() signal where it has one (it formats a large body on a worker); a panel without it
// fills itself as it is shown, so the tab being current is the end.
double openRawTab(Window &w)
{
    QTabBar *bar = w.tabs()->tabBar();
    const int index = w.tabs()->indexOf(w.raw());
    std::unique_ptr<QSignalSpy> formatted;
    if (w.raw()->metaObject()->indexOfSignal("formatted()") >= 0)
        formatted = std::make_unique<QSignalSpy>(w.raw(), SIGNAL(formatted()));
    return longestStall(
        [&] { QTest::mouseClick(bar, Qt::LeftButton, {}, bar->tabRect(index).center()); },
        [&] {
            if (!waitUntil([&] { return w.tabs()->currentWidget() == w.raw(); }))
                return false;
            return !formatted || !formatted->isEmpty() || formatted->wait(TimeoutMs);
        });
}

// Export… (the window's action), PDF chosen, a path typed, then a click on Export, until the
// dialog says it has written the file.
double exportPdf(Window &w, const QString &path)
{
    QFile::remove(path);
    ExportDialog *dialog = nullptr;
    std::unique_ptr<QSignalSpy> exported;
    const double stall = longestStall(
        [&] {
            w.window().exportAction()->trigger();
            dialog = w.window().findChild<ExportDialog *>();
            if (!dialog)
                qFatal("Export… opened no dialog");
            exported = std::make_unique<QSignalSpy>(dialog, &ExportDialog::exported);
            dialog->setFormat(ExportFormat::Pdf);
            dialog->setFilePath(path);
            QPushButton *save = dialog->findChild<QDialogButtonBox *>()->button(
                QDialogButtonBox::Save);
            QTimer::singleShot(KeyIntervalMs, save, [save] {
                QTest::mouseClick(save, Qt::LeftButton);
            });
        },
        [&] {
            if (!waitUntil([&] { return bool(exported); }))
                return false;
            return !exported->isEmpty() || exported->wait(TimeoutMs);
        });
    if (!QFile::exists(path))
        qFatal("the export dialog wrote no PDF");
    return stall;
}

Stats report(QJsonObject &result, const QString &key, const QString &what, const QList<double> &gaps)
{
    const Stats stats = Stats::of(gaps);
    result.insert(key, stats.toJson());
    out() << QStringLiteral("ui stall  %1: longest gap %2 ms (%3–%4), %5 runs")
                 .arg(what)
                 .arg(stats.median, 0, 'f', 0)
                 .arg(stats.min, 0, 'f', 0)
                 .arg(stats.max, 0, 'f', 0)
                 .arg(stats.runs)
          << Qt::endl;
    return stats;
}

} // namespace

QJsonObject runUiStalls(const UiStallOptions &options)
{
    QJsonObject result{{QStringLiteral("turns"), options.turns},
                       {QStringLiteral("pdfTurns"), options.pdfTurns}};
    Window w;
    const QByteArray bytes = generateCall(options.turns);
    w.open(bytes);

    QList<double> find;
    for (int i = 0; i < options.runs; ++i)
        find.append(typeInFind(w, options.turns));
    report(result,
           QStringLiteral("find"),
           QStringLiteral("typing \"%1\" into find at %2 turns").arg(rareWord()).arg(options.turns),
           find);

    QList<double> raw;
    for (int i = 0; i < options.runs; ++i) {
        if (i > 0)
            w.open(bytes); // a new body: the tab fills again
        raw.append(openRawTab(w));
    }
    report(result,
           QStringLiteral("rawJsonTab"),
           QStringLiteral("opening the Raw JSON tab at %1 turns").arg(options.turns),
           raw);

    if (options.pdfTurns != options.turns)
        w.open(generateCall(options.pdfTurns));
    QList<double> pdf;
    for (int i = 0; i < options.runs; ++i)
        pdf.append(exportPdf(w, w.filePath(QStringLiteral("export.pdf"))));
    report(result,
           QStringLiteral("pdfExport"),
           QStringLiteral("PDF export of %1 turns from the export dialog").arg(options.pdfTurns),
           pdf);
    return result;
}

} // namespace Revox::Bench
