#include "sizebench.h"

#include "benchapplication.h"
#include "benchstats.h"
#include "callgenerator.h"
#include "core/call/callparser.h"
#include "core/call/samplecall.h"
#include "gui/common/findbar.h"
#include "gui/response/jsontextview.h"
#include "gui/response/rawjsonpanel.h"
#include "gui/response/structuredoutputmodel.h"
#include "gui/summary/attemptsmodel.h"
#include "gui/summary/summarymodel.h"
#include "gui/transcript/transcriptfilterproxy.h"
#include "gui/transcript/transcriptmodel.h"
#include "gui/transcript/transcriptpanel.h"
#include "gui/transcript/transcriptview.h"
#include "gui/window/mainwindow.h"
#include "pdf/exportservice.h"

#include <QApplication>
#include <QDeadlineTimer>
#include <QImage>
#include <QJsonDocument>
#include <QLineEdit>
#include <QSaveFile>
#include <QScrollBar>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTextStream>
#include <QTimer>

#include <memory>
#include <optional>

namespace Revox::Bench {

namespace {

QTextStream &out()
{
    static QTextStream stream(stdout);
    return stream;
}

void report(QJsonObject &figures, const QString &name, const Stats &stats, int turns)
{
    figures.insert(name, stats.toJson());
    out() << QStringLiteral("%1 turns  %2  median %3 ms  min %4 ms  (%5 runs)")
                 .arg(turns, 6)
                 .arg(name, -16)
                 .arg(stats.median, 9, 'f', 2)
                 .arg(stats.min, 9, 'f', 2)
                 .arg(stats.runs)
          << Qt::endl;
}

// What the window holds for a call, built the way the window builds it.
struct Models
{
    TranscriptModel transcript;
    TranscriptFilterProxy proxy;
    AttemptsModel attempts;
    SummaryModel summary;
    StructuredOutputModel structured;
    Models() { proxy.setSourceModel(&transcript); }
};

void load(Models &models, const QByteArray &bytes)
{
    const CallParseResult parsed = CallParser::parse(bytes);
    const Call &call = *parsed.call;
    models.summary.setCall(call);
    models.attempts.setAttempts(call.callAttempts);
    const CallAttempt &latest = call.callAttempts.constFirst();
    models.transcript.setTurns(latest.transcript.value_or(QList<TranscriptEntry>()));
    models.structured.setData(call.assistant ? call.assistant->structuredOutputConfig : std::nullopt,
                              latest.structuredOutput);
}

// Paints like a screen would: QWidget::grab renders the whole widget tree into an image.
void paint(QWidget *widget)
{
    const QImage image = widget->grab().toImage();
    Q_UNUSED(image)
}

// A timer every 5 ms on the GUI thread: the widest gap between its ticks (and from its start to
// the last look) is the longest the event loop was held up.
class Heartbeat final
{
public:
    Heartbeat()
    {
        m_clock.start();
        m_timer.setInterval(5);
        m_timer.setTimerType(Qt::PreciseTimer);
        QObject::connect(&m_timer, &QTimer::timeout, [this] { tick(); });
        m_timer.start();
    }
    double widestGapMs()
    {
        tick();
        return m_widest;
    }

private:
    void tick()
    {
        const double now = elapsedMs(m_clock);
        m_widest = std::max(m_widest, now - m_last);
        m_last = now;
    }
    QTimer m_timer;
    QElapsedTimer m_clock;
    double m_last = 0;
    double m_widest = 0;
};

// Counts the paint events a shown window gets from the event loop.
class PaintCounter final : public QObject
{
public:
    explicit PaintCounter(QWidget *window) { window->installEventFilter(this); }
    int count = 0;

protected:
    bool eventFilter(QObject *watched, QEvent *event) override
    {
        if (event->type() == QEvent::Paint)
            ++count;
        return QObject::eventFilter(watched, event);
    }
};

// Lays a shown window out and paints it once, as the screen would: the event loop paints a
// visible window whose contents changed; grab() forces the paint only if it did not, so the
// window is never painted twice in one measurement. Returns the time on `clock` when that paint
// had ended: when the window's update request that painted it returned, or grab() did. Timers
// due in the same pass of the event loop (the transcript's next layout slice, its tool texts
// printed in the background) run after that; they follow the first screen, they do not make it.
double layOutAndPaintOnce(QWidget *window, PaintCounter &counter, const QElapsedTimer &clock)
{
    const int before = counter.count;
    std::optional<double> paintEnded;
    BenchApplication::instance()->afterEvent = [&](QObject *receiver, QEvent::Type type) {
        if (!paintEnded && receiver == window && type == QEvent::UpdateRequest
            && counter.count > before)
            paintEnded = elapsedMs(clock);
    };
    QCoreApplication::processEvents();
    BenchApplication::instance()->afterEvent = nullptr;
    if (counter.count == before) {
        paint(window);
        return elapsedMs(clock);
    }
    // Painted some other way than by an update request (an expose, say): the pass is the bound.
    return paintEnded.value_or(elapsedMs(clock));
}

void layOutAndPaintOnce(QWidget *window, PaintCounter &counter)
{
    QElapsedTimer clock;
    clock.start();
    layOutAndPaintOnce(window, counter, clock);
}

// Batched layout measures the rows in slices between events; this waits until the last row
// has a place, i.e. the scroll bar covers the whole transcript.
bool finishLayout(TranscriptView *view, QDeadlineTimer deadline)
{
    const QModelIndex last = view->model()->index(view->model()->rowCount() - 1, 0);
    while (!deadline.hasExpired()) {
        QCoreApplication::processEvents();
        const QRect rect = view->visualRect(last);
        if (rect.isValid() && view->verticalScrollBar()->maximum() > 0)
            return true;
    }
    return false;
}

// 1280×800, shown and painted once with the sample call, so each first screen replaces a call as
// a user does.
void showForFirstScreen(MainWindow &window)
{
    window.resize(1280, 800);
    window.show();
    window.session()->open(SampleCall::json(),
                           CallSession::Origin::File,
                           QStringLiteral("benchmark"));
    QCoreApplication::processEvents();
}

// From showing the call to the end of the window's paint, `repeat` times, each time replacing
// the sample call.
// Opens `bytes` as the window does and returns once the call is shown: a body of 1 MiB or more
// is parsed on a worker (CallSession::ParseOnWorkerFrom), and the figures time what the user
// waits for, that parse included.
bool openAndWait(MainWindow &window, const QByteArray &bytes, const QString &source)
{
    if (!window.session()->open(bytes, CallSession::Origin::File, source))
        return false;
    while (window.session()->isOpening())
        QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents);
    return window.session()->call() != nullptr;
}

Stats measureFirstScreen(MainWindow &window,
                         PaintCounter &painted,
                         const QByteArray &bytes,
                         int repeat)
{
    const QByteArray sample = SampleCall::json();
    const QString source = QStringLiteral("benchmark");
    QList<double> samples;
    for (int i = 0; i < repeat; ++i) {
        window.session()->open(sample, CallSession::Origin::File, source);
        layOutAndPaintOnce(&window, painted);
        QElapsedTimer clock;
        clock.start();
        if (!openAndWait(window, bytes, source))
            qFatal("the window refused the generated call");
        samples.append(layOutAndPaintOnce(&window, painted, clock));
    }
    return Stats::of(samples);
}

int repeatFor(const SizeOptions &options, int cap)
{
    return std::max(1, std::min(options.repeat, cap));
}

// The slow figures (seconds each at the large sizes) are taken fewer times, so that a full run
// stays within a few minutes.
int slowRepeat(const SizeOptions &options, int largeFrom)
{
    return options.turns >= largeFrom ? 1 : repeatFor(options, 3);
}

} // namespace

QJsonObject runSize(const SizeOptions &options)
{
    const int turns = options.turns;
    const int repeat = options.repeat;
    QJsonObject figures;
    const QByteArray bytes = generateCall(turns);
    figures.insert(QStringLiteral("turns"), turns);
    figures.insert(QStringLiteral("jsonBytes"), double(bytes.size()));
    out() << QStringLiteral("%1 turns  JSON %2 KiB").arg(turns, 6).arg(bytes.size() / 1024)
          << Qt::endl;

    report(figures,
           QStringLiteral("rawParse"),
           measure(
               repeat,
               [&] {
                   const QJsonDocument doc = QJsonDocument::fromJson(bytes);
                   if (!doc.isObject())
                       qFatal("the generated call is not JSON");
               },
               [] {}),
           turns);

    {
        std::unique_ptr<Models> models;
        QList<double> samples;
        for (int i = 0; i < repeat; ++i) {
            models = std::make_unique<Models>();
            QElapsedTimer timer;
            timer.start();
            load(*models, bytes);
            samples.append(elapsedMs(timer));
            if (models->transcript.rowCount() != turns)
                qFatal("load: %d rows, expected %d", models->transcript.rowCount(), turns);
            models.reset();
        }
        report(figures, QStringLiteral("load"), Stats::of(samples), turns);
    }

    MainWindow window;
    PaintCounter painted(&window);
    showForFirstScreen(window);
    auto *panel = window.findChild<TranscriptPanel *>();
    TranscriptView *view = panel->view();
    const QByteArray sample = SampleCall::json();
    const QString source = QStringLiteral("benchmark");

    report(figures,
           QStringLiteral("firstScreen"),
           measureFirstScreen(window, painted, bytes, repeat),
           turns);
    if (window.session()->selectedAttempt() != 0 || panel->model()->rowCount() != turns)
        qFatal("first screen: the latest attempt's %d turns are not shown", turns);

    // Once shown, the remaining rows are measured between events; how long until all are.
    {
        QList<double> samples;
        for (int i = 0; i < slowRepeat(options, 100000); ++i) {
            window.session()->open(sample, CallSession::Origin::File, source);
            QCoreApplication::processEvents();
            QElapsedTimer timer;
            timer.start();
            openAndWait(window, bytes, source);
            if (!finishLayout(view, QDeadlineTimer(300000)))
                qFatal("the transcript's layout did not finish in 5 minutes");
            samples.append(elapsedMs(timer));
        }
        report(figures, QStringLiteral("fullLayout"), Stats::of(samples), turns);
    }

    report(figures,
           QStringLiteral("scrollToEnd"),
           measure(
               repeat,
               [&] {
                   view->scrollToBottom();
                   paint(view);
               },
               [&] {
                   view->scrollToTop();
                   paint(view);
               }),
           turns);
    const QModelIndex bottom = view->indexAt(QPoint(8, view->viewport()->height() - 4));
    figures.insert(QStringLiteral("scrolledToRow"), bottom.row());

    panel->showFind();
    QLineEdit *findField = panel->findBar()->lineEdit();
    report(figures,
           QStringLiteral("find"),
           measure(
               repeat,
               [&] {
                   findField->setText(rareWord());
                   // A large transcript is searched on a worker: the figure runs until the
                   // matches are there and painted, as the user sees them.
                   while (panel->model()->isSearching())
                       QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents);
                   paint(view);
               },
               [&] {
                   findField->clear();
                   view->scrollToBottom();
                   paint(view);
               }),
           turns);
    const int matches = int(panel->model()->matches().size());
    figures.insert(QStringLiteral("findMatches"), matches);
    if (matches != turns / 100)
        qFatal("find: %d matches, expected %d", matches, turns / 100);

    // Opening the raw JSON tab after a call is shown: until a paint with rows of the re-indented
    // text on screen ("rawTab"), until all of the body is indexed and painted ("rawTabFormatted"),
    // and the longest the GUI thread went without turning its event loop meanwhile ("rawTabStall":
    // the widest gap between the ticks of a 5 ms timer, from the click to the last paint).
    {
        auto *tabs = window.findChild<QTabWidget *>(QStringLiteral("tabs"));
        auto *raw = window.findChild<RawJsonPanel *>(QStringLiteral("rawPanel"));
        findField->clear();
        QList<double> firstRows, formatted, stalls;
        for (int i = 0; i < repeat; ++i) {
            tabs->setCurrentWidget(panel);
            window.session()->open(sample, CallSession::Origin::File, source);
            window.session()->open(bytes, CallSession::Origin::File, source);
            while (window.session()->isOpening())
                QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents);
            QCoreApplication::processEvents();
            Heartbeat heartbeat;
            QElapsedTimer timer;
            timer.start();
            tabs->setCurrentWidget(raw);
            while (raw->view()->json().lineCount() == 0)
                QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents);
            paint(&window);
            firstRows.append(elapsedMs(timer));
            while (!raw->isFormatted())
                QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents);
            paint(&window);
            formatted.append(elapsedMs(timer));
            stalls.append(heartbeat.widestGapMs());
        }
        if (raw->view()->json().lineCount() < turns)
            qFatal("raw tab: %lld lines for %d turns",
                   static_cast<long long>(raw->view()->json().lineCount()),
                   turns);
        report(figures, QStringLiteral("rawTab"), Stats::of(firstRows), turns);
        report(figures, QStringLiteral("rawTabFormatted"), Stats::of(formatted), turns);
        report(figures, QStringLiteral("rawTabStall"), Stats::of(stalls), turns);
        tabs->setCurrentWidget(panel);
    }

    const Call call = *window.session()->call();
    QTemporaryDir dir;
    for (const ExportFormat format : ExportFormats::all()) {
        const bool pdf = format == ExportFormat::Pdf;
        if (pdf && !options.pdf)
            continue;
        ExportOptions exportOptions;
        exportOptions.format = format;
        const QString name = ExportFormats::extension(format);
        qint64 size = 0;
        const Stats stats = measure(
            pdf ? slowRepeat(options, 10000) : repeat,
            [&] {
                const ExportResult result = ExportService::exportCall(call, exportOptions);
                if (!result.isOk())
                    qFatal("export %s failed", qPrintable(name));
                size = result.data.size();
                if (pdf) {
                    QSaveFile file(dir.filePath(QStringLiteral("export.pdf")));
                    if (!file.open(QIODevice::WriteOnly) || file.write(result.data) != size
                        || !file.commit())
                        qFatal("cannot write the PDF");
                }
            },
            [] {});
        report(figures, QStringLiteral("export.") + name, stats, turns);
        figures.insert(QStringLiteral("exportBytes.") + name, double(size));
    }
    return figures;
}

Stats runFirstScreen(int turns, int repeat)
{
    const QByteArray bytes = generateCall(turns);
    MainWindow window;
    PaintCounter painted(&window);
    showForFirstScreen(window);
    QJsonObject figures;
    const Stats stats = measureFirstScreen(window, painted, bytes, repeat);
    report(figures, QStringLiteral("firstScreen"), stats, turns);
    return stats;
}

Stats runPdfExport(int turns, int repeat, const QString &path)
{
    const CallParseResult parsed = CallParser::parse(generateCall(turns));
    if (!parsed.isValid())
        qFatal("the generated call does not parse");
    ExportOptions options;
    options.format = ExportFormat::Pdf;
    QByteArray pdf;
    const Stats stats = measure(
        repeat,
        [&] {
            const ExportResult result = ExportService::exportCall(*parsed.call, options);
            if (!result.isOk())
                qFatal("export pdf failed: %s", qPrintable(result.error));
            pdf = result.data;
        },
        [] {});
    QJsonObject figures;
    report(figures, QStringLiteral("export.pdf"), stats, turns);
    if (!path.isEmpty()) {
        QSaveFile file(path);
        if (!file.open(QIODevice::WriteOnly) || file.write(pdf) != pdf.size() || !file.commit())
            qFatal("cannot write %s", qPrintable(path));
    }
    return stats;
}

} // namespace Revox::Bench
