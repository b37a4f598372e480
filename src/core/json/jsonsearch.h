#pragma once

#include "core/json/jsonlayout.h"

#include <QList>
#include <QString>

#include <functional>

namespace Revox {

// Find in the re-indented text of a JsonLayout, line by line as it is shown.
struct JsonMatch
{
    quint32 line = 0;
    quint32 column = 0; // in UTF-16 units of JsonLayout::lineText(line)
    friend bool operator==(const JsonMatch &a, const JsonMatch &b)
    {
        return a.line == b.line && a.column == b.column;
    }
};

namespace JsonSearch {

// Every occurrence of `needle` in the shown lines, case-insensitive, without overlaps, in order;
// each is needle.size() long. A needle of ASCII only (the usual: a key, an ID, a word) is looked
// for in the bytes, without decoding a line (its letters match their ASCII capitals only: a
// Kelvin sign is not a K here); any other is compared in UTF-16, as QString does. Returns what was
// found so far when `cancelled` says so; it is asked now and then.
QList<JsonMatch> find(const JsonLayout &layout,
                      const QString &needle,
                      const std::function<bool()> &cancelled = {});

} // namespace JsonSearch

} // namespace Revox
