#pragma once

#include "core/export/exportoptions.h"

#include <QCommandLineOption>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

class QCommandLineParser;

// `revox-inspector export`'s command line: its options, each with the description --help shows,
// and the settings they parse into. Running the export is ExportCommand's.
namespace Revox::ExportCommandLine {

struct Settings
{
    QStringList calls;
    ExportOptions options;
    QString outputFile;
    QString outputDir;
    std::optional<int> timeoutMs;
};

struct Parsed
{
    std::optional<Settings> settings; // unset for --help and on a usage error
    bool helpRequested = false;
    QString error; // the usage error, for "revox-inspector export: <error>"
};

// Every option `export` takes, --help included.
QList<QCommandLineOption> options();
void describe(QCommandLineParser &parser);

// `arguments` are those after "export".
Parsed parse(const QStringList &arguments);
// Whether `arguments` ask for PDF, which needs a QGuiApplication: known before any application
// object exists.
bool wantsPdf(const QStringList &arguments);

// QCommandLineParser's help for the options above, then what they cannot say: how several calls
// and failures behave, examples, and the exit statuses (ExitStatus::table).
QString helpText();
// "revox-inspector export <call>... [--format <format>] …" for the main --help, wrapped as
// Format::wrapped wraps.
QString synopsis(int width, const QString &prefix, int indent);
// Columns of --help, as QCommandLineParser wraps the options' descriptions.
constexpr int HelpWidth = 79;

} // namespace Revox::ExportCommandLine
