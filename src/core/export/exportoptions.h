#pragma once

#include <QString>
#include <QStringList>

#include <optional>

namespace Revox {

enum class ExportFormat { Text, Markdown, Json, Csv, Html, Pdf };

// Which attempts of a call go into an export. Attempts are named by the number a person sees
// ("Attempt 2 of 3", counted in the order they were dialled), not by their position in the API's
// list, which is most recent first.
class AttemptSelection
{
public:
    enum class Kind { Latest, All, Number };

    static AttemptSelection latest() { return AttemptSelection(Kind::Latest, 0); }
    static AttemptSelection all() { return AttemptSelection(Kind::All, 0); }
    static AttemptSelection number(int oneBased)
    {
        return AttemptSelection(Kind::Number, oneBased);
    }
    // From an index into Call::callAttempts (as the main window reports its selection).
    static AttemptSelection fromIndex(int index, int attemptCount)
    {
        return number(attemptCount - index);
    }
    // "latest", "all" or a number; nullopt for anything else.
    static std::optional<AttemptSelection> fromString(const QString &text);

    Kind kind() const { return m_kind; }
    int attemptNumber() const { return m_number; }

    bool operator==(const AttemptSelection &other) const
    {
        return m_kind == other.m_kind && m_number == other.m_number;
    }

private:
    AttemptSelection(Kind kind, int number)
        : m_kind(kind)
        , m_number(number)
    {}

    Kind m_kind = Kind::Latest;
    int m_number = 0;
};

struct ExportOptions
{
    ExportFormat format = ExportFormat::Text;
    AttemptSelection attempts = AttemptSelection::latest();
    bool includeTools = true;
    bool includeSummary = true;
    bool redact = false;
};

namespace ExportFormats {

QList<ExportFormat> all();
// "txt", "md", "json", "csv", "html", "pdf": the file extension and the command line's name.
QString extension(ExportFormat format);
std::optional<ExportFormat> fromName(const QString &name);
// "Plain text", "Markdown", … for a format chooser.
QString label(ExportFormat format);
QString mimeType(ExportFormat format);
bool isBinary(ExportFormat format);

} // namespace ExportFormats

} // namespace Revox
