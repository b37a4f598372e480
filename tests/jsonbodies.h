#pragma once

// Bodies and a reference search shared by the JSON layout and search tests.
#include "core/json/jsonlayout.h"
#include "core/json/jsonsearch.h"

#include <QByteArray>
#include <QList>
#include <QString>

namespace Revox::JsonBodies {

// Text that looks like structure, escapes, other scripts, odd numbers and blanks in odd places.
inline QByteArray odd()
{
    return "\r\n { \"z\" :\t1.50 ,\"a\":[ 1e3 , -0, 0.1E-2 ,-9007199254740991, true,false ,null],"
           "\"s\":\"{\\\"x\\\": [1, 2]} \\\\ \\/ \\u00e9\\ud83d\\ude00 caf\xc3\xa9 \xe6\x97\xa5\","
           "\"empty\" : { } ,\"list\":[\r\n],\"nested\":[[],{},[{\"k\":\"v\"}]],"
           "\"odd key\":\"Ke\xcc\x81LVIN \xe2\x84\xaa\",\"\":\"\"}\r\n\t ";
}

// Every shown line searched the slow, obvious way.
inline QList<JsonMatch> naiveFind(const JsonLayout &layout, const QString &needle)
{
    QList<JsonMatch> matches;
    for (qsizetype i = 0; i < layout.lineCount(); ++i) {
        const QString line = layout.lineText(i);
        for (qsizetype at = 0; (at = line.indexOf(needle, at, Qt::CaseInsensitive)) >= 0;
             at += needle.size())
            matches.append({quint32(i), quint32(at)});
    }
    return matches;
}

} // namespace Revox::JsonBodies
