#pragma once

// What a parse result shows a user, as one string: two results that give the same string show the
// same thing everywhere. Used to check that CallParser::parse (transcripts read a slice at a
// time) and CallParser::parseWhole (one parse tree) never disagree, in tests and in the fuzzer.
#include "core/call/callparser.h"
#include "core/export/jsonexporter.h"
#include "core/export/textreport.h"

#include <QJsonDocument>

namespace Revox::TestSupport {

inline QString fingerprint(const CallParseResult &result)
{
    QString out = QStringLiteral("error %1: %2\nwarnings:\n%3\n")
                      .arg(int(result.error.kind))
                      .arg(result.error.message, result.warnings.join(QLatin1Char('\n')));
    if (!result.call)
        return out;
    ExportOptions options;
    options.format = ExportFormat::Json;
    options.attempts = AttemptSelection::all();
    // The writer itself: the fuzzer links revox_core alone, without ExportService (revox_pdf).
    out += QString::fromUtf8(
        JsonExporter().write(ExportDocument::build(*result.call, options)).data);
    if (result.call->lastCallAttempt)
        out += TextReport::attemptHeader(*result.call->lastCallAttempt, 1, 1)
               + TextReport::transcript(*result.call->lastCallAttempt, true);
    out += QString::fromUtf8(QJsonDocument(result.call->otherFields).toJson());
    return out;
}

} // namespace Revox::TestSupport
