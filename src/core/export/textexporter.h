#pragma once

#include "core/export/exportdocument.h"

namespace Revox {

// For a person: the summary, then one paragraph per turn, tool calls as indented blocks.
class TextExporter final : public FormatWriter
{
private:
    ExportResult writeDocument(const ExportDocument &document,
                               const ExportProgress &progress) const override;
};

} // namespace Revox
