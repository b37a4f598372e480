#include "core/json/jsonsearch.h"

#include <cstring>
#include <string>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

namespace Revox::JsonSearch {

namespace {

constexpr qsizetype CheckEveryLines = 4096;
constexpr qsizetype CheckEveryBytes = 1 << 20;

char lower(char c)
{
    return c >= 'A' && c <= 'Z' ? char(c - 'A' + 'a') : c;
}

bool isAscii(const QString &text)
{
    for (const QChar c : text) {
        if (c.unicode() >= 0x80)
            return false;
    }
    return true;
}

// A needle without blanks, separators or brackets never reaches across two tokens of the body:
// in JSON, tokens are always parted by one of those. Each of its occurrences is then inside one
// key or value, which is shown exactly as sent, so the body itself can be searched.
bool staysInOneToken(const std::string &needle)
{
    for (const char c : needle) {
        if (uchar(c) < 0x20 || c == ' ' || c == ',' || c == ':' || c == '{' || c == '}' || c == '['
            || c == ']')
            return false;
    }
    return true;
}

// UTF-16 units in `bytes` of UTF-8.
qsizetype utf16Size(const char *bytes, qsizetype size)
{
    for (qsizetype i = 0; i < size; ++i) {
        if (uchar(bytes[i]) >= 0x80)
            return QString::fromUtf8(bytes, size).size();
    }
    return size;
}

bool equalsLowered(const char *p, const std::string &needle)
{
    for (size_t i = 1; i < needle.size(); ++i) {
        if (lower(p[i]) != needle[i])
            return false;
    }
    return true;
}

// The first case-insensitive occurrence of `needle` (lower-case ASCII) in [p, end), or nullptr.
const char *findFrom(const char *p, const char *end, const std::string &needle)
{
    const qsizetype size = qsizetype(needle.size());
    if (end - p < size)
        return nullptr;
    const char *last = end - size; // the last place a match can start
    const char first = needle.front();
    const bool letter = first >= 'a' && first <= 'z';
#ifdef __SSE2__
    // Sixteen candidates at a time: with the 0x20 bit set, a letter's two cases are one byte.
    const __m128i fold = _mm_set1_epi8(letter ? 0x20 : 0);
    const __m128i wanted = _mm_set1_epi8(first);
    while (last - p >= 16) {
        const __m128i chunk = _mm_loadu_si128(reinterpret_cast<const __m128i *>(p));
        unsigned mask = unsigned(
            _mm_movemask_epi8(_mm_cmpeq_epi8(_mm_or_si128(chunk, fold), wanted)));
        while (mask) {
            const int bit = __builtin_ctz(mask);
            if (equalsLowered(p + bit, needle))
                return p + bit;
            mask &= mask - 1;
        }
        p += 16;
    }
#endif
    for (; p <= last; ++p) {
        if ((letter ? char(*p | 0x20) : *p) == first && equalsLowered(p, needle))
            return p;
    }
    return nullptr;
}

// The body searched once; each occurrence is put on the line whose key or value holds it.
QList<JsonMatch> findInBody(const JsonLayout &layout,
                            const std::string &needle,
                            const std::function<bool()> &cancelled)
{
    QList<JsonMatch> matches;
    const QByteArray &body = layout.body();
    const char *begin = body.constData();
    const char *end = begin + body.size();
    const auto lineStart = [&layout](qsizetype line) {
        const qsizetype key = layout.keyOffset(line);
        return key >= 0 ? key : layout.valueOffset(line);
    };
    qsizetype line = 0;
    for (const char *from = begin; from < end;) {
        if (cancelled && cancelled())
            break;
        // A window of the body at a time, overlapping by the needle, so `cancelled` is heard.
        const char *windowEnd = end - from > CheckEveryBytes + qsizetype(needle.size())
                                    ? from + CheckEveryBytes + needle.size()
                                    : end;
        const char *found = findFrom(from, windowEnd, needle);
        if (!found) {
            from = windowEnd == end ? end : windowEnd - needle.size() + 1;
            continue;
        }
        const qsizetype at = found - begin;
        while (line + 1 < layout.lineCount() && lineStart(line + 1) <= at)
            ++line;
        qsizetype column;
        const qsizetype value = layout.valueOffset(line);
        if (layout.kind(line) == JsonLayout::Kind::Raw) {
            column = utf16Size(begin + value, at - value);
        } else {
            column = qsizetype(layout.depth(line)) * JsonLayout::IndentWidth;
            const qsizetype key = layout.keyOffset(line);
            if (at >= value) {
                if (key >= 0) {
                    const QByteArrayView token = layout.keyToken(line);
                    column += utf16Size(token.data(), token.size()) + 2;
                }
                column += utf16Size(begin + value, at - value);
            } else {
                column += utf16Size(begin + key, at - key);
            }
        }
        matches.append({quint32(line), quint32(column)});
        from = found + needle.size();
    }
    return matches;
}

// The shown line, lower-cased in ASCII, into `out`: the same bytes as JsonLayout::lineBytes().
void lowerLine(const JsonLayout &layout, qsizetype line, std::string &out)
{
    const QByteArray bytes = layout.lineBytes(line);
    out.assign(bytes.constData(), size_t(bytes.size()));
    for (char &c : out)
        c = lower(c);
}

// Line by line, for a needle that may span a key and its value, or take in the indentation.
QList<JsonMatch> findInLines(const JsonLayout &layout,
                             const std::string &needle,
                             const std::function<bool()> &cancelled)
{
    QList<JsonMatch> matches;
    std::string line;
    for (qsizetype i = 0; i < layout.lineCount(); ++i) {
        if (i % CheckEveryLines == 0 && cancelled && cancelled())
            break;
        lowerLine(layout, i, line);
        const char *begin = line.data();
        for (const char *from = begin;;) {
            const char *found = findFrom(from, begin + line.size(), needle);
            if (!found)
                break;
            matches.append({quint32(i), quint32(utf16Size(begin, found - begin))});
            from = found + needle.size();
        }
    }
    return matches;
}

QList<JsonMatch> findUnicode(const JsonLayout &layout,
                             const QString &needle,
                             const std::function<bool()> &cancelled)
{
    QList<JsonMatch> matches;
    for (qsizetype i = 0; i < layout.lineCount(); ++i) {
        if (i % CheckEveryLines == 0 && cancelled && cancelled())
            break;
        const QString line = layout.lineText(i);
        for (qsizetype at = 0; (at = line.indexOf(needle, at, Qt::CaseInsensitive)) >= 0;
             at += needle.size())
            matches.append({quint32(i), quint32(at)});
    }
    return matches;
}

} // namespace

QList<JsonMatch> find(const JsonLayout &layout,
                      const QString &needle,
                      const std::function<bool()> &cancelled)
{
    if (needle.isEmpty())
        return {};
    if (!isAscii(needle))
        return findUnicode(layout, needle, cancelled);
    std::string lowered = needle.toLatin1().toStdString();
    for (char &c : lowered)
        c = lower(c);
    return staysInOneToken(lowered) ? findInBody(layout, lowered, cancelled)
                                    : findInLines(layout, lowered, cancelled);
}

} // namespace Revox::JsonSearch
