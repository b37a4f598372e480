#pragma once

#include "core/export/exportdocument.h"

#include <QJsonObject>

namespace Revox {

// The normalized shape documented in docs/export-json.md: the call summary, the chosen attempts
// in the order they happened, and their turns. Keys are sorted (QJsonObject's order), so the same
// call always gives the same bytes.
class JsonExporter final : public FormatWriter
{
public:
    // The export as one object; write() gives the same bytes as QJsonDocument would for it.
    static QJsonObject toJson(const ExportDocument &document);

    static constexpr int formatVersion = 1;

private:
    ExportResult writeDocument(const ExportDocument &document,
                               const ExportProgress &progress) const override;
};

} // namespace Revox
