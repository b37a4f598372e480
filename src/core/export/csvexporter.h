#pragma once

#include "core/export/exportdocument.h"

#include <QString>
#include <QStringList>

namespace Revox {

// RFC 4180: CRLF between records, a header row, fields quoted when they hold a comma, a quote,
// CR or LF (quotes doubled). One row per turn: attempt, index, role, content, tool name, tool
// arguments, tool error. UTF-8 with a byte-order mark so spreadsheets do not guess Latin-1.
//
// Spreadsheets run cells that start with = + - @ (and tab or CR, which some strip first) as
// formulas; such cells get a leading apostrophe, which spreadsheets hide and treat as "text".
class CsvExporter final : public FormatWriter
{
public:
    static QStringList header();
    static QString neutralize(const QString &cell);
    static QString quote(const QString &cell);

private:
    ExportResult writeDocument(const ExportDocument &document,
                               const ExportProgress &progress) const override;
};

} // namespace Revox
