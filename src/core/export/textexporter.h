#pragma once

#include "core/export/exportdocument.h"

namespace Revox {

// For a person: the summary, then one paragraph per turn, tool calls as indented blocks.
class TextExporter final : public FormatWriter
{
public:
    ExportResult write(const ExportDocument &document) const override;
};

} // namespace Revox
