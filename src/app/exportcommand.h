#pragma once

#include "app/exportcommandline.h"

#include <QSet>
#include <QString>
#include <QStringList>

namespace Revox {

// `revox-inspector export <call>... [options]`: the headless exporter for scripts and batches.
// Runs on QCoreApplication, or on QGuiApplication with the offscreen platform for PDF, so it
// never needs a display. Its options are ExportCommandLine's; its exit statuses ExitStatus's.
class ExportCommand final
{
public:
    // True when argv[1] is "export".
    static bool isRequested(int argc, char *argv[]);
    // Creates the right application object and runs the command; returns the exit status.
    static int main(int argc, char *argv[]);

private:
    struct Outcome
    {
        int status = 0;
        QString message;
    };

    static int run(const QStringList &arguments);
    // `written` holds the files this run wrote, so two calls with one name do not overwrite.
    static Outcome exportOne(const ExportCommandLine::Settings &settings,
                             const QString &input,
                             int number,
                             int count,
                             QSet<QString> *written);
};

} // namespace Revox
