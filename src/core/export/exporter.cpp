#include "core/export/exporter.h"

#include "core/export/exportfields.h"

namespace Revox::Exporter {

QString suggestedFileName(const Call &call, const ExportOptions &options)
{
    const QString stem = ExportFields::safeFileStem(call.id);
    QString attempt;
    if (options.attempts.kind() == AttemptSelection::Kind::All) {
        attempt = QStringLiteral("all-attempts");
    } else {
        const QList<int> numbers = ExportDocument::selectedNumbers(call, options.attempts);
        attempt = numbers.isEmpty()
                      ? (options.attempts.kind() == AttemptSelection::Kind::Number
                             ? QStringLiteral("attempt%1").arg(options.attempts.attemptNumber())
                             : QStringLiteral("no-attempts"))
                      : QStringLiteral("attempt%1").arg(numbers.constFirst());
    }
    return QStringLiteral("%1-%2.%3").arg(stem, attempt, ExportFormats::extension(options.format));
}

} // namespace Revox::Exporter
