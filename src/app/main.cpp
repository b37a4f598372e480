#include "calllibrary.h"
#include "exportcommand.h"
#include "headless.h"
#include "librarycontroller.h"
#include "mainwindow.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QEvent>

#include <chrono>
#include <cstdio>

namespace {

// REVOX_EXIT_AFTER_FIRST_PAINT=1 makes the app print when its window has painted for the first
// time and quit, so tests/benchmarks can time process start to first paint. Normal runs never
// set it.
class ExitAfterFirstPaint final : public QObject
{
public:
    using QObject::QObject;

protected:
    bool eventFilter(QObject *watched, QEvent *event) override
    {
        // Queued: runs once the paint in progress is finished and flushed. The time printed is
        // the monotonic clock the benchmark also reads when it starts the process.
        if (event->type() == QEvent::Paint && !m_painted) {
            m_painted = true;
            QMetaObject::invokeMethod(
                qApp,
                [] {
                    const auto now = std::chrono::steady_clock::now().time_since_epoch();
                    std::printf("first-paint-ns %lld\n",
                                static_cast<long long>(
                                    std::chrono::duration_cast<std::chrono::nanoseconds>(now)
                                        .count()));
                    std::fflush(stdout);
                    QCoreApplication::quit();
                },
                Qt::QueuedConnection);
        }
        return QObject::eventFilter(watched, event);
    }

private:
    bool m_painted = false;
};

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication::setOrganizationName(QStringLiteral("Revox"));
    QCoreApplication::setOrganizationDomain(QStringLiteral("getrevox.com"));
    QCoreApplication::setApplicationName(QStringLiteral("Revox Call Inspector"));
    QCoreApplication::setApplicationVersion(QStringLiteral(REVOX_VERSION));

    if (Revox::ExportCommand::isRequested(argc, argv))
        return Revox::ExportCommand::main(argc, argv);

    // --help, --version and machines without a display must never need a GUI platform plugin.
    const Revox::Launch launch = Revox::Launch::fromArguments(argc, argv);
    if (launch.runsWithoutGui()) {
        QCoreApplication app(argc, argv);
        return Revox::runHeadless(app, launch);
    }

    QApplication app(argc, argv);
    QApplication::setApplicationDisplayName(QStringLiteral("Revox Call Inspector"));
    QApplication::setDesktopFileName(QStringLiteral(REVOX_APP_ID));
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/icons/revox-inspector.svg")));

    QCommandLineParser parser;
    Revox::Launch::describe(parser);
    parser.process(app);
    const Revox::Launch options = Revox::Launch::fromParser(parser);

    Revox::MainWindow window;
    // Owned by the window. A library that cannot be opened leaves the app working without it.
    new Revox::LibraryController(&window, Revox::CallLibrary::defaultPath());
    ExitAfterFirstPaint exitAfterFirstPaint;
    if (qEnvironmentVariableIntValue("REVOX_EXIT_AFTER_FIRST_PAINT") == 1)
        window.installEventFilter(&exitAfterFirstPaint);
    window.show();
    if (!options.input.isEmpty())
        window.openFile(options.input);
    else if (!options.callReference.isEmpty())
        window.fetchCall(options.callReference);
    else if (options.openSample)
        window.openSampleCall();
    return app.exec();
}
