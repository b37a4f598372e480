#pragma once

#include "exportoptions.h"

#include <QSet>
#include <QString>
#include <QStringList>

#include <optional>

class QCoreApplication;

namespace Revox {

struct FetchResult;

// `revox-inspector export <call>... [options]`: the headless exporter for scripts and batches.
// Runs on QCoreApplication, or on QGuiApplication with the offscreen platform for PDF, so it
// never needs a display.
class ExportCommand final
{
public:
    // Documented in --help and the README; scripts depend on these numbers.
    enum ExitStatus {
        Success = 0,
        UsageError = 2,
        AuthenticationFailed = 3,
        NotFound = 4,
        NetworkOrServerError = 5,
        InvalidCallData = 6,
        OutputNotWritable = 7,
    };

    // True when argv[1] is "export".
    static bool isRequested(int argc, char *argv[]);
    // Creates the right application object and runs the command; returns the exit status.
    static int main(int argc, char *argv[]);

    static int exitStatusFor(const FetchResult &result);
    static QString helpText();

private:
    struct Settings
    {
        QStringList calls;
        ExportOptions options;
        QString outputFile;
        QString outputDir;
        std::optional<int> timeoutMs;
    };
    struct Outcome
    {
        int status = Success;
        QString message;
    };

    // Parses everything after "export"; nullopt (with `error` set) on a usage error.
    static std::optional<Settings> parse(const QStringList &arguments,
                                         QString *error,
                                         bool *helpRequested);
    static bool wantsPdf(int argc, char *argv[]);
    static int run(const QStringList &arguments);
    // `written` holds the files this run wrote, so two calls with one name do not overwrite.
    static Outcome exportOne(const Settings &settings,
                             const QString &input,
                             int number,
                             int count,
                             QSet<QString> *written);
};

} // namespace Revox
