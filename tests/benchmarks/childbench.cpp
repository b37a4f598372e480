#include "childbench.h"

#include "benchstats.h"
#include "callgenerator.h"
#include "childprocess.h"
#include "core/instance/instancehandoff.h"
#include "core/session/callsession.h"
#include "gui/transcript/transcriptpanel.h"
#include "gui/transcript/transcriptview.h"
#include "gui/window/mainwindow.h"

#include <QApplication>
#include <QDeadlineTimer>
#include <QDir>
#include <QFile>
#include <QImage>
#include <QProcess>
#include <QRegularExpression>
#include <QScrollBar>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTextStream>

#include <chrono>

namespace Revox::Bench {

namespace {

// "VmHWM:   123456 kB" from /proc/self/status, in KiB; -1 where there is no /proc.
qint64 statusKiB(const QByteArray &status, const char *field)
{
    const QRegularExpression re(QStringLiteral("^%1:\\s+(\\d+) kB").arg(QLatin1String(field)),
                                QRegularExpression::MultilineOption);
    const QRegularExpressionMatch match = re.match(QString::fromLatin1(status));
    return match.hasMatch() ? match.captured(1).toLongLong() : -1;
}

} // namespace

int memoryChild(const QString &path)
{
    QStandardPaths::setTestModeEnabled(true);
    MainWindow window;
    window.resize(1280, 800);
    window.show();
    if (!path.isEmpty() && !window.openFile(path)) {
        qCritical("cannot show %s: %s", qPrintable(path), qPrintable(window.messageText()));
        return 1;
    }
    // A file of 1 MiB or more is read and parsed on a worker: measure the call, not its absence.
    while (window.session()->isOpening())
        QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents);
    if (!path.isEmpty() && !window.session()->call()) {
        qCritical("cannot show %s: %s", qPrintable(path), qPrintable(window.messageText()));
        return 1;
    }
    QCoreApplication::processEvents();
    window.grab();
    auto *view = window.findChild<TranscriptPanel *>()->view();
    if (view->model()->rowCount() > 0) {
        const QModelIndex last = view->model()->index(view->model()->rowCount() - 1, 0);
        const QDeadlineTimer deadline(300000);
        while (!deadline.hasExpired() && !view->visualRect(last).isValid())
            QCoreApplication::processEvents();
        view->scrollToBottom();
        window.grab();
    }
    QFile status(QStringLiteral("/proc/self/status"));
    const QByteArray text = status.open(QIODevice::ReadOnly) ? status.readAll() : QByteArray();
    out() << "VmHWM " << statusKiB(text, "VmHWM") << " VmRSS " << statusKiB(text, "VmRSS")
          << Qt::endl;
    return 0;
}

QJsonObject runMemory(const QString &self, const QList<int> &sizes)
{
    QTemporaryDir dir;
    const QProcessEnvironment env = childEnvironment(dir.path());
    const auto measureChild = [&](const QString &path) {
        const QString output = runChild(self, {QStringLiteral("memory-child"), path}, env);
        const QRegularExpressionMatch match
            = QRegularExpression(QStringLiteral("VmHWM (-?\\d+) VmRSS (-?\\d+)")).match(output);
        if (!match.hasMatch())
            qFatal("memory-child printed no figures: %s", qPrintable(output));
        return QJsonObject{{QStringLiteral("hwmKiB"), match.captured(1).toDouble()},
                           {QStringLiteral("rssKiB"), match.captured(2).toDouble()}};
    };
    QJsonObject result;
    const QJsonObject empty = measureChild(QString());
    result.insert(QStringLiteral("empty"), empty);
    out() << QStringLiteral("empty window  peak RSS %1 MiB")
                 .arg(empty.value(QStringLiteral("hwmKiB")).toDouble() / 1024, 0, 'f', 1)
          << Qt::endl;
    for (const int turns : sizes) {
        const QString path = dir.filePath(QStringLiteral("call-%1.json").arg(turns));
        QFile file(path);
        const QByteArray bytes = generateCall(turns);
        if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size())
            qFatal("cannot write %s", qPrintable(path));
        file.close();
        QJsonObject figures = measureChild(path);
        figures.insert(QStringLiteral("jsonBytes"), double(bytes.size()));
        const double above = figures.value(QStringLiteral("hwmKiB")).toDouble()
                             - empty.value(QStringLiteral("hwmKiB")).toDouble();
        out() << QStringLiteral("%1 turns  peak RSS %2 MiB  (%3 MiB above the empty window, JSON "
                                "%4 MiB)")
                     .arg(turns, 6)
                     .arg(figures.value(QStringLiteral("hwmKiB")).toDouble() / 1024, 0, 'f', 1)
                     .arg(above / 1024, 0, 'f', 1)
                     .arg(double(bytes.size()) / (1024 * 1024), 0, 'f', 1)
              << Qt::endl;
        result.insert(QString::number(turns), figures);
        QFile::remove(path);
    }
    return result;
}

QJsonObject runStartup(const StartupPrograms &programs, int runs)
{
    QTemporaryDir dir;
    QProcessEnvironment appEnv = childEnvironment(dir.path());
    appEnv.insert(QStringLiteral("REVOX_EXIT_AFTER_FIRST_PAINT"), QStringLiteral("1"));
    const QProcessEnvironment minimalEnv = childEnvironment(dir.path());
    const QStringList text{QStringLiteral("--text")};
    // The app, the empty window the target compares it with, and two floors under any window
    // that shows a call: one line of text, and that window linked against the app's libraries.
    struct Subject
    {
        QString key;
        QString program;
        QStringList arguments;
        const QProcessEnvironment &env;
        QList<double> toPaint = {};
        QList<double> toExit = {};
    };
    QList<Subject> subjects{
        {QStringLiteral("app"), programs.app, {QStringLiteral("--sample")}, appEnv},
        {QStringLiteral("minimal"), programs.minimal, {}, minimalEnv},
        {QStringLiteral("minimalText"), programs.minimal, text, minimalEnv},
        {QStringLiteral("minimalTextLinked"), programs.minimalLinked, text, minimalEnv},
    };
    // Warm the page cache for all so none pays for loading libraries from disk.
    for (const Subject &subject : std::as_const(subjects))
        runChild(subject.program, subject.arguments, subject.env);
    // Alternately, so a change in the machine's load touches every figure alike. To first paint
    // (what the target is about), from the time each program prints at the end of its first
    // paint; to exit as well, which adds tearing the process down.
    for (int i = 0; i < runs; ++i) {
        for (Subject &subject : subjects) {
            double ms = 0;
            qint64 started = 0;
            const QString output = runChild(subject.program,
                                            subject.arguments,
                                            subject.env,
                                            &ms,
                                            &started);
            const QRegularExpressionMatch match
                = QRegularExpression(QStringLiteral("first-paint-ns (\\d+)")).match(output);
            if (!match.hasMatch())
                qFatal("%s printed no first-paint time", qPrintable(subject.program));
            subject.toPaint.append(double(match.captured(1).toLongLong() - started) / 1e6);
            subject.toExit.append(ms);
        }
    }
    QJsonObject result;
    QList<double> toPaint;
    QList<double> toExit;
    for (const Subject &subject : std::as_const(subjects)) {
        const Stats paint = Stats::of(subject.toPaint);
        const Stats exit = Stats::of(subject.toExit);
        result.insert(subject.key, paint.toJson());
        result.insert(subject.key + QStringLiteral("ToExit"), exit.toJson());
        toPaint.append(paint.median);
        toExit.append(exit.median);
    }
    out() << QStringLiteral("startup  to first paint: app %1 ms, minimal Qt program %2 ms, with a "
                            "line of text %3 ms, linked as the app %4 ms; to exit: app %5 ms, "
                            "minimal %6 ms; %7 runs each")
                 .arg(toPaint.at(0), 0, 'f', 1)
                 .arg(toPaint.at(1), 0, 'f', 1)
                 .arg(toPaint.at(2), 0, 'f', 1)
                 .arg(toPaint.at(3), 0, 'f', 1)
                 .arg(toExit.at(0), 0, 'f', 1)
                 .arg(toExit.at(1), 0, 'f', 1)
                 .arg(runs)
          << Qt::endl;
    return result;
}

QJsonObject runHandOff(const StartupPrograms &programs, int runs)
{
    QTemporaryDir dir;
    const QProcessEnvironment env = childEnvironment(dir.path());
    const QString socket = dir.filePath(QStringLiteral("runtime/revox-inspector.socket"));
    const QString call = dir.filePath(QStringLiteral("call.json"));
    QFile file(call);
    const QByteArray bytes = generateCall(100);
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size())
        qFatal("cannot write %s", qPrintable(call));
    file.close();

    // The open window every measured start hands its file to.
    QProcess first;
    first.setProcessEnvironment(env);
    first.start(programs.app, QStringList());
    const QDeadlineTimer ready(60000);
    while (InstanceHandoff::tryHandOff(InstanceRequest::activate(), socket).outcome
           != InstanceHandoff::Result::Outcome::Accepted) {
        if (ready.hasExpired() || first.state() == QProcess::NotRunning)
            qFatal("the first window never served: %s", first.readAllStandardError().constData());
        first.waitForFinished(50);
    }

    const auto handOff = [&] {
        double ms = 0;
        runChild(programs.app, {call}, env, &ms);
        return ms;
    };
    const auto toFirstPaint = [](const QString &program,
                                 const QStringList &arguments,
                                 const QProcessEnvironment &environment) {
        qint64 started = 0;
        const QString output = runChild(program, arguments, environment, nullptr, &started);
        const QRegularExpressionMatch match
            = QRegularExpression(QStringLiteral("first-paint-ns (\\d+)")).match(output);
        if (!match.hasMatch())
            qFatal("%s printed no first-paint time", qPrintable(program));
        return double(match.captured(1).toLongLong() - started) / 1e6;
    };
    // For scale, what the hand-off saves: the app opening a window of its own on the same call.
    QProcessEnvironment ownWindowEnv = env;
    ownWindowEnv.insert(QStringLiteral("REVOX_EXIT_AFTER_FIRST_PAINT"), QStringLiteral("1"));
    const QStringList ownWindow{QStringLiteral("--new-window"), call};
    handOff();
    toFirstPaint(programs.minimal, {}, env);
    toFirstPaint(programs.app, ownWindow, ownWindowEnv);
    // Alternately, as for startup, so a change in the machine's load touches all alike.
    QList<double> handOffs;
    QList<double> minimal;
    QList<double> app;
    for (int i = 0; i < runs; ++i) {
        handOffs.append(handOff());
        minimal.append(toFirstPaint(programs.minimal, {}, env));
        app.append(toFirstPaint(programs.app, ownWindow, ownWindowEnv));
    }
    first.kill();
    first.waitForFinished();

    const Stats handOffStats = Stats::of(handOffs);
    const Stats minimalStats = Stats::of(minimal);
    const Stats appStats = Stats::of(app);
    const double ratio = minimalStats.median > 0 ? handOffStats.median / minimalStats.median : 0;
    const auto figures = [](const Stats &stats) {
        return QStringLiteral("min %1 / median %2 / max %3 ms")
            .arg(stats.min, 0, 'f', 1)
            .arg(stats.median, 0, 'f', 1)
            .arg(stats.max, 0, 'f', 1);
    };
    out() << QStringLiteral("hand-off  second start to exit: %1; minimal Qt window start to first "
                            "paint: %2; hand-off / minimal (medians) %3; the app's own window "
                            "(--new-window) to first paint: %4; %5 runs each")
                 .arg(figures(handOffStats), figures(minimalStats))
                 .arg(ratio, 0, 'f', 2)
                 .arg(figures(appStats))
                 .arg(runs)
          << Qt::endl;
    return {{QStringLiteral("handOffToExit"), handOffStats.toJson()},
            {QStringLiteral("minimalToPaint"), minimalStats.toJson()},
            {QStringLiteral("appNewWindowToPaint"), appStats.toJson()},
            {QStringLiteral("ratio"), ratio}};
}

} // namespace Revox::Bench
