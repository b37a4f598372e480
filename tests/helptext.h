#pragma once

// Reads the "Options:" section of a QCommandLineParser help text back into option names and
// their descriptions, to check that --help describes every option it lists.
#include <QCommandLineOption>
#include <QMap>
#include <QRegularExpression>
#include <QString>
#include <QStringList>

namespace Revox::HelpText {

// Every name in the "Options:" section ("f", "format", …) with its description, wrapped lines
// joined; an option listed without a description maps to an empty string.
inline QMap<QString, QString> options(const QString &help)
{
    QMap<QString, QString> found;
    const qsizetype start = help.indexOf(QLatin1String("\nOptions:\n"));
    if (start < 0)
        return found;
    const QStringList lines = help.mid(start + 10).split(QLatin1Char('\n'));
    QStringList names;
    const auto record = [&](const QString &text) {
        for (const QString &name : std::as_const(names))
            found[name] = (found.value(name) + QLatin1Char(' ') + text).trimmed();
    };
    static const QRegularExpression entry(QStringLiteral("^  (-\\S.*?)(?:\\s{2,}(\\S.*))?$"));
    for (const QString &line : lines) {
        if (line.trimmed().isEmpty())
            break;
        const QRegularExpressionMatch match = entry.match(line);
        if (match.hasMatch()) {
            names.clear();
            // "-f, --format <format>": the names without dashes and without the value.
            for (QString name : match.captured(1).split(QStringLiteral(", "))) {
                name = name.section(QLatin1Char(' '), 0, 0);
                while (name.startsWith(QLatin1Char('-')))
                    name.remove(0, 1);
                names.append(name);
                found.insert(name, QString());
            }
            record(match.captured(2));
        } else {
            record(line.trimmed()); // a description's next line
        }
    }
    return found;
}

} // namespace Revox::HelpText
