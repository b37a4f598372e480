#include "app/exportcommand.h"
#include "app/headless.h"
#include "app/launchprobes.h"
#include "app/singleinstance.h"
#include "core/instance/instanceserver.h"
#include "core/library/calllibrary.h"
#include "gui/library/libraryattachment.h"
#include "gui/settings/apikeystore.h"
#include "gui/window/mainwindow.h"

#include <QApplication>
#include <QCommandLineParser>

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
    // A window of this user's is open already: it shows the file or call, and this process ends
    // before it has paid for an application object, let alone a window.
    if (const std::optional<int> status = Revox::SingleInstance::handOffToRunningWindow(launch))
        return *status;

    QApplication app(argc, argv);
    QApplication::setApplicationDisplayName(QStringLiteral("Revox Call Inspector"));
    QApplication::setDesktopFileName(QStringLiteral(REVOX_APP_ID));
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/icons/revox-inspector.svg")));

    QCommandLineParser parser;
    Revox::Launch::describe(parser);
    parser.process(app);
    const Revox::Launch options = Revox::Launch::fromParser(parser);

    // A large call file named on the command line is parsed on workers while the window is
    // built; anything else is opened by the window once it is shown.
    auto *session = new Revox::CallSession;
    const bool opening = !options.input.isEmpty()
                         && Revox::MainWindow::startOpeningLargeFile(session, options.input);
    Revox::MainWindow window(session);
    // Owned by the window. A library that cannot be opened leaves the app working without it.
    Revox::LibraryController *library = Revox::attachLibrary(&window,
                                                             Revox::CallLibrary::defaultPath());
    // From now on, later starts of the app show their file or call in this window.
    Revox::InstanceServer instanceServer;
    Revox::SingleInstance::serveLaterStarts(instanceServer, window);
    // For tests and benchmarks (REVOX_EXIT_AFTER_FIRST_PAINT, REVOX_HEARTBEAT); idle otherwise.
    Revox::LaunchProbes probes(&window,
                               library,
                               !options.input.isEmpty() || !options.callReference.isEmpty());
    window.show();
    if (!options.input.isEmpty()) {
        if (!opening) // the window says why a file cannot be opened
            window.openFile(options.input);
    } else if (!options.callReference.isEmpty()) {
        window.fetchCall(options.callReference);
    } else if (options.openSample) {
        window.openSampleCall();
    }
    const int status = app.exec();
    // A key saved just before quitting is still on its way to the keychain.
    Revox::ApiKeyStore::waitForRunningJobs(5000);
    return status;
}
