#include "webpeerbench.h"

#include "benchstats.h"
#include "callgenerator.h"
#include "childprocess.h"

#include <QDeadlineTimer>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QThread>
#include <QUrl>

#include <unistd.h>

namespace Revox::Bench {

namespace {

// A chat-bubble page as a web viewer of calls would write it: no script, one style sheet.
constexpr char PageHead[] = R"(<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Transcript</title>
<style>
body { font: 14px/1.45 system-ui, sans-serif; margin: 0; background: #f5f6f8; color: #1d2330; }
main { max-width: 860px; margin: 0 auto; padding: 16px; }
.turn { display: flex; margin: 6px 0; }
.turn.user { justify-content: flex-end; }
.bubble { max-width: 70%; padding: 8px 12px; border-radius: 14px; white-space: pre-wrap;
          background: #fff; box-shadow: 0 1px 2px rgba(0,0,0,.12); }
.user .bubble { background: #d9ecff; }
.role { font-size: 11px; font-weight: 600; color: #5b6473; text-transform: uppercase; }
details.tool { margin: 6px 48px; border: 1px solid #c9ced8; border-radius: 8px; background: #fff; }
details.tool.failed { border-color: #d9534f; }
details.tool summary { padding: 6px 10px; cursor: pointer; font-weight: 600; }
details.tool pre { margin: 0; padding: 6px 10px; font: 12px/1.4 monospace; white-space: pre-wrap;
                   border-top: 1px solid #e3e6ec; }
</style></head><body><main>
)";

QString escaped(const QString &text)
{
    return text.toHtmlEscaped();
}

QString toolCard(const QJsonObject &turn)
{
    const bool failed = turn.value(QStringLiteral("tool_is_error")).toBool();
    const QString arguments = QString::fromUtf8(
        QJsonDocument(turn.value(QStringLiteral("tool_arguments")).toObject())
            .toJson(QJsonDocument::Indented));
    // Results are JSON text; shown re-indented when they parse, as they are otherwise.
    const QString content = turn.value(QStringLiteral("content")).toString();
    const QJsonDocument result = QJsonDocument::fromJson(content.toUtf8());
    const QString shownResult = result.isNull()
                                    ? content
                                    : QString::fromUtf8(result.toJson(QJsonDocument::Indented));
    return QStringLiteral("<details class=\"tool%1\"><summary>%2%3</summary><pre>%4</pre><pre>%5"
                          "</pre></details>\n")
        .arg(failed ? QStringLiteral(" failed") : QString(),
             escaped(turn.value(QStringLiteral("tool_name")).toString()),
             failed ? QStringLiteral(" — failed") : QString(),
             escaped(arguments),
             escaped(shownResult));
}

QString bubble(const QJsonObject &turn)
{
    const QString role = turn.value(QStringLiteral("role")).toString();
    return QStringLiteral(
               "<div class=\"turn %1\"><div class=\"bubble\"><div class=\"role\">%2</div>"
               "%3</div></div>\n")
        .arg(role == QLatin1String("user") ? QStringLiteral("user") : QStringLiteral("agent"),
             escaped(role),
             escaped(turn.value(QStringLiteral("content")).toString()));
}

struct Chromium
{
    QString program;
    QString profile; // a fresh profile folder: no one's cache or settings
    QString screenshot;

    // Start → exit in ms, or a negative number with `error` set.
    double render(const QString &page, QString *error) const
    {
        QStringList arguments{QStringLiteral("--headless"),
                              QStringLiteral("--disable-gpu"),
                              QStringLiteral("--no-first-run"),
                              QStringLiteral("--user-data-dir=") + profile,
                              QStringLiteral("--window-size=1280,800"),
                              QStringLiteral("--screenshot=") + screenshot};
        // Chromium refuses to start as root with its sandbox on (containers, CI machines).
        if (::geteuid() == 0)
            arguments.append(QStringLiteral("--no-sandbox"));
        arguments.append(QUrl::fromLocalFile(page).toString());
        QProcess process;
        process.setProcessChannelMode(QProcess::MergedChannels);
        QElapsedTimer timer;
        timer.start();
        process.start(program, arguments);
        if (!process.waitForFinished(600000) || process.exitStatus() != QProcess::NormalExit
            || process.exitCode() != 0) {
            *error = QStringLiteral("%1 failed: %2 %3")
                         .arg(program, process.errorString(), QString::fromUtf8(process.readAll()));
            process.kill();
            process.waitForFinished();
            return -1;
        }
        const double ms = elapsedMs(timer);
        waitForLeftovers();
        if (!QFile::exists(screenshot)) {
            *error = QStringLiteral("%1 wrote no screenshot").arg(program);
            return -1;
        }
        QFile::remove(screenshot);
        return ms;
    }

    // Chromium's helper processes (zygote, renderer) outlive its main one by up to a second;
    // the app's next start must not share the machine with them. They carry the profile folder
    // on their command line.
    void waitForLeftovers() const
    {
        const QByteArray mark = QFile::encodeName(profile);
        const QDeadlineTimer deadline(10000);
        while (!deadline.hasExpired()) {
            bool running = false;
            for (const QString &pid : QDir(QStringLiteral("/proc")).entryList(QDir::Dirs)) {
                QFile cmdline(QStringLiteral("/proc/%1/cmdline").arg(pid));
                if (pid.front().isDigit() && cmdline.open(QIODevice::ReadOnly)
                    && cmdline.readAll().contains(mark)) {
                    running = true;
                    break;
                }
            }
            if (!running)
                return;
            QThread::msleep(20);
        }
    }
};

} // namespace

QString chromiumProgram()
{
    const QString configured = qEnvironmentVariable("REVOX_CHROMIUM");
    if (!configured.isEmpty())
        return QStandardPaths::findExecutable(configured).isEmpty()
                   ? (QFile::exists(configured) ? configured : QString())
                   : QStandardPaths::findExecutable(configured);
    for (const char *name : {"chromium", "chromium-browser"}) {
        const QString found = QStandardPaths::findExecutable(QString::fromLatin1(name));
        if (!found.isEmpty())
            return found;
    }
    return {};
}

QByteArray transcriptPage(const QByteArray &callJson)
{
    const QJsonObject call
        = QJsonDocument::fromJson(callJson).object().value(QStringLiteral("call")).toObject();
    const QJsonArray turns = call.value(QStringLiteral("call_attempts"))
                                 .toArray()
                                 .at(0)
                                 .toObject()
                                 .value(QStringLiteral("transcript"))
                                 .toArray();
    QString page = QString::fromUtf8(PageHead);
    page += QStringLiteral("<h1>%1</h1>\n").arg(escaped(call.value(QStringLiteral("id")).toString()));
    for (const QJsonValue &value : turns) {
        const QJsonObject turn = value.toObject();
        page += turn.value(QStringLiteral("role")).toString() == QLatin1String("tool")
                        || turn.contains(QStringLiteral("tool_name"))
                    ? toolCard(turn)
                    : bubble(turn);
    }
    page += QStringLiteral("</main></body></html>\n");
    return page.toUtf8();
}

QJsonObject runWebPeer(const StartupPrograms &programs, const QList<int> &sizes, int runs)
{
    const QString program = chromiumProgram();
    if (program.isEmpty()) {
        const QString why = QStringLiteral("no chromium on PATH (apt-get install chromium, or set "
                                           "REVOX_CHROMIUM)");
        out() << "web peer  skipped: " << why << Qt::endl;
        return {{QStringLiteral("skipped"), why}};
    }
    QJsonObject result{{QStringLiteral("chromium"), program}};
    for (const int turns : sizes) {
        QTemporaryDir dir;
        const QByteArray bytes = generateCall(turns);
        const QString call = dir.filePath(QStringLiteral("call.json"));
        const QString page = dir.filePath(QStringLiteral("transcript.html"));
        const QByteArray html = transcriptPage(bytes);
        for (const auto &[path, content] : {std::pair{call, bytes}, std::pair{page, html}}) {
            QFile file(path);
            if (!file.open(QIODevice::WriteOnly) || file.write(content) != content.size())
                qFatal("cannot write %s", qPrintable(path));
        }
        const Chromium chromium{program,
                                dir.filePath(QStringLiteral("profile")),
                                dir.filePath(QStringLiteral("shot.png"))};
        const QString home = dir.filePath(QStringLiteral("app"));
        QProcessEnvironment appEnv = childEnvironment(home);
        appEnv.insert(QStringLiteral("REVOX_EXIT_AFTER_FIRST_PAINT"), QStringLiteral("1"));
        const auto openInApp = [&] {
            QDir(home + QStringLiteral("/data")).removeRecursively();
            return timeToFirstPaint(programs.app, {QStringLiteral("--new-window"), call}, appEnv);
        };

        QString error;
        // Warm-ups: the page cache, and Chromium's first start in a new profile.
        openInApp();
        if (chromium.render(page, &error) < 0) {
            out() << "web peer  skipped: " << error << Qt::endl;
            return {{QStringLiteral("skipped"), error}};
        }
        QList<double> web, appPaint, appExit;
        for (int i = 0; i < runs; ++i) {
            const PaintTiming app = openInApp();
            appPaint.append(app.toPaint);
            appExit.append(app.toExit);
            const double ms = chromium.render(page, &error);
            if (ms < 0)
                qFatal("%s", qPrintable(error));
            web.append(ms);
        }
        const Stats webStats = Stats::of(web);
        const Stats paintStats = Stats::of(appPaint);
        const Stats exitStats = Stats::of(appExit);
        out() << QStringLiteral("web peer %1 turns (page %2 MiB): Chromium start → exit %3 ms; the "
                                "app to first paint %4 ms, to exit %5 ms; Chromium ÷ app %6× "
                                "(to paint) / %7× (to exit); %8 runs")
                     .arg(turns)
                     .arg(double(html.size()) / (1024 * 1024), 0, 'f', 1)
                     .arg(webStats.median, 0, 'f', 0)
                     .arg(paintStats.median, 0, 'f', 0)
                     .arg(exitStats.median, 0, 'f', 0)
                     .arg(webStats.median / paintStats.median, 0, 'f', 1)
                     .arg(webStats.median / exitStats.median, 0, 'f', 1)
                     .arg(runs)
              << Qt::endl;
        result.insert(QString::number(turns),
                      QJsonObject{{QStringLiteral("chromiumToExit"), webStats.toJson()},
                                  {QStringLiteral("appToPaint"), paintStats.toJson()},
                                  {QStringLiteral("appToExit"), exitStats.toJson()},
                                  {QStringLiteral("pageBytes"), double(html.size())},
                                  {QStringLiteral("jsonBytes"), double(bytes.size())}});
    }
    return result;
}

} // namespace Revox::Bench
