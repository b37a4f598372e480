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
    ExportResult write(const ExportDocument &document) const override;
    static QJsonObject toJson(const ExportDocument &document);

    static constexpr int formatVersion = 1;
};

} // namespace Revox
