#pragma once

#include "calldata.h"
#include "exportdocument.h"
#include "exportoptions.h"

#include <QByteArray>
#include <QString>

#include <memory>

namespace Revox::Exporter {

struct Result
{
    QByteArray data;
    QString error; // a sentence for the user; empty on success
    bool isOk() const { return error.isEmpty(); }
};

// The text formats (TXT, Markdown, JSON, CSV, HTML). PDF needs Qt GUI and lives in revox_pdf
// (ExportService::exportCall covers all six); asked for PDF, this returns an error.
Result exportCall(const Call &call, const ExportOptions &options);
std::unique_ptr<FormatWriter> writer(ExportFormat format);

// "<call-id>-attempt3.md", "<call-id>-all-attempts.csv"; the call ID made filesystem-safe.
QString suggestedFileName(const Call &call, const ExportOptions &options);

} // namespace Revox::Exporter
