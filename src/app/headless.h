#pragma once

#include <QCommandLineOption>
#include <QList>
#include <QString>

class QCommandLineParser;
class QCoreApplication;

namespace Revox {

// How the executable was asked to start, decided before any QGuiApplication exists.
struct Launch
{
    bool openSample = false;
    bool printAsText = false;
    bool wantsHelpOrVersion = false;
    // --new-window: never hand the request to a window that is already open.
    bool newWindow = false;
    // Whether the command line parsed before an application object existed; when it did not
    // (a typo, or one of Qt's own options such as -platform), nothing is handed off and the
    // window's own parsing reports or removes it.
    bool parsedEarly = false;
    QString noDisplayReason; // set when the machine has no display to open a window on
    QString input;           // a saved API response to open
    // A positional argument that names no file: a call ID, a dashboard or API link, or a
    // revox-inspector://call/<id> link from the desktop. The window fetches it.
    QString callReference;

    bool runsWithoutGui() const
    {
        return printAsText || wantsHelpOrVersion || !noDisplayReason.isEmpty();
    }

    static Launch fromArguments(int argc, char *argv[]);
    // The app's own options; describe() adds them, with Qt's --help and --version.
    static QList<QCommandLineOption> options();
    static void describe(QCommandLineParser &parser);
    // The parser's own help, then `export`'s synopsis and the exit statuses.
    static QString helpText(const QCommandLineParser &parser);
    static Launch fromParser(const QCommandLineParser &parser);
    // Sorts one positional argument into input (a file) or callReference.
    void setPositional(const QString &argument);
};

int runHeadless(QCoreApplication &app, const Launch &launch);

} // namespace Revox
