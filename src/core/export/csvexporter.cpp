#include "core/export/csvexporter.h"

#include "core/export/exportfields.h"

#include <QJsonDocument>

namespace Revox {

namespace {

QString arguments(const TranscriptEntry &turn)
{
    switch (turn.toolArguments.kind) {
    case ToolArguments::Kind::Absent:
        return {};
    case ToolArguments::Kind::Object:
        return QString::fromUtf8(turn.toolArguments.objectJson());
    case ToolArguments::Kind::String:
        return turn.toolArguments.text;
    }
    return {};
}

void appendRecord(QString &out, const QStringList &cells)
{
    bool first = true;
    for (const QString &cell : cells) {
        if (!first)
            out.append(QLatin1Char(','));
        first = false;
        out.append(CsvExporter::quote(CsvExporter::neutralize(cell)));
    }
    out.append(QStringLiteral("\r\n"));
}

} // namespace

QStringList CsvExporter::header()
{
    return {QStringLiteral("attempt"),
            QStringLiteral("index"),
            QStringLiteral("role"),
            QStringLiteral("content"),
            QStringLiteral("tool_name"),
            QStringLiteral("tool_arguments"),
            QStringLiteral("tool_error")};
}

QString CsvExporter::neutralize(const QString &cell)
{
    if (cell.isEmpty())
        return cell;
    const QChar first = cell.at(0);
    static const QString triggers = QStringLiteral("=+-@\t\r");
    if (triggers.contains(first))
        return QLatin1Char('\'') + cell;
    return cell;
}

QString CsvExporter::quote(const QString &cell)
{
    const bool needsQuotes = cell.contains(QLatin1Char(',')) || cell.contains(QLatin1Char('"'))
                             || cell.contains(QLatin1Char('\n'))
                             || cell.contains(QLatin1Char('\r'));
    if (!needsQuotes)
        return cell;
    QString quoted = cell;
    quoted.replace(QLatin1Char('"'), QStringLiteral("\"\""));
    return QLatin1Char('"') + quoted + QLatin1Char('"');
}

ExportResult CsvExporter::writeDocument(const ExportDocument &document,
                                        const ExportProgress &progress) const
{
    ExportProgress::Counter turns = progress.count(document.turnCount());
    QString out;
    appendRecord(out, header());
    for (const ExportedAttempt &exported : document.attempts) {
        if (!exported.attempt.transcript)
            continue;
        const QList<TranscriptEntry> &entries = *exported.attempt.transcript;
        const ToolCallPairing pairing(entries);
        for (int at = 0; at < entries.size(); ++at) {
            if (!turns.next())
                return ExportResult::stopped();
            const int index = at + 1;
            const TranscriptEntry &turn = entries.at(at);
            // Without tools, a turn that spoke while calling one keeps its words, not its call.
            if (!document.shows(pairing, at))
                continue;
            const bool tool = turn.isToolCall() && document.includeTools;
            appendRecord(out,
                         {QString::number(exported.number),
                          QString::number(index),
                          turn.role.value_or(QString()),
                          turn.content,
                          tool ? turn.toolName.value_or(QString()) : QString(),
                          tool ? arguments(turn) : QString(),
                          (tool || !turn.isToolCall()) && turn.toolIsError ? (
                              *turn.toolIsError ? QStringLiteral("true") : QStringLiteral("false"))
                                                                           : QString()});
        }
    }
    return {QByteArrayLiteral("\xEF\xBB\xBF") + out.toUtf8(), {}};
}

} // namespace Revox
