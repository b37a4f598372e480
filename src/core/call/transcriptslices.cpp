#include "core/call/transcriptslices.h"

#include <QByteArrayView>

#include <algorithm>
#include <cstring>
#include <utility>

namespace Revox {

namespace {

// Walks the structure of JSON bytes: strings (with their escapes), nesting and separators. It
// trusts QJsonDocument to judge everything else (see the header), so it never needs to be strict
// about what it skips, only about where values begin and end.
class Scanner
{
public:
    Scanner(const QByteArray &body, qsizetype sliceBytes)
        : m_data(body.constData())
        , m_size(body.size())
        , m_sliceBytes(sliceBytes)
    {}

    bool scanRoot(TranscriptSlices &out)
    {
        bool sawCall = false;
        const bool ok = scanObject([&](QByteArrayView key) {
            if (key != "call")
                return skipValue();
            if (sawCall)
                return false; // which one the parser keeps is not ours to guess
            sawCall = true;
            return scanCall(out);
        });
        skipSpace();
        return ok && m_pos == m_size;
    }

private:
    bool scanCall(TranscriptSlices &out)
    {
        if (peek() != '{')
            return skipValue();
        bool sawAttempts = false;
        bool sawLast = false;
        return scanObject([&](QByteArrayView key) {
            if (key == "call_attempts") {
                if (std::exchange(sawAttempts, true))
                    return false;
                return scanAttempts(out.attempts);
            }
            if (key == "last_call_attempt") {
                if (std::exchange(sawLast, true))
                    return false;
                return peek() == '{' ? scanAttempt(out.lastAttempt) : skipValue();
            }
            return skipValue();
        });
    }

    bool scanAttempts(QList<std::optional<TranscriptSlices::Transcript>> &attempts)
    {
        if (peek() != '[')
            return skipValue();
        return scanArray([&] {
            std::optional<TranscriptSlices::Transcript> transcript;
            const bool ok = peek() == '{' ? scanAttempt(transcript) : skipValue();
            attempts.append(std::move(transcript));
            return ok;
        });
    }

    bool scanAttempt(std::optional<TranscriptSlices::Transcript> &transcript)
    {
        bool sawTranscript = false;
        return scanObject([&](QByteArrayView key) {
            if (key != "transcript")
                return skipValue();
            if (std::exchange(sawTranscript, true))
                return false;
            return peek() == '[' ? sliceTranscript(transcript) : skipValue();
        });
    }

    bool sliceTranscript(std::optional<TranscriptSlices::Transcript> &transcript)
    {
        TranscriptSlices::Transcript t;
        t.array.begin = m_pos;
        qsizetype sliceBegin = -1;
        qsizetype sliceTurns = 0;
        qsizetype lastEnd = -1;
        const bool ok = scanArray([&] {
            if (sliceBegin < 0)
                sliceBegin = m_pos;
            if (!skipValue())
                return false;
            ++t.turns;
            ++sliceTurns;
            lastEnd = m_pos;
            if (lastEnd - sliceBegin >= m_sliceBytes) {
                t.slices.append({{sliceBegin, lastEnd}, std::exchange(sliceTurns, 0)});
                sliceBegin = -1;
            }
            return true;
        });
        if (!ok)
            return false;
        if (sliceBegin >= 0)
            t.slices.append({{sliceBegin, lastEnd}, sliceTurns});
        t.array.end = m_pos;
        transcript = std::move(t);
        return true;
    }

    // `member` is called positioned at each value (after the colon and any space) and must consume
    // it. Keys written with escapes are refused: `"transcr\u0069pt"` is "transcript" to a parser.
    template<typename Member>
    bool scanObject(Member &&member)
    {
        skipSpace();
        return scanContainer('{', '}', [&] {
            if (peek() != '"')
                return false;
            const qsizetype keyBegin = m_pos + 1;
            if (!skipString())
                return false;
            const QByteArrayView key(m_data + keyBegin, m_pos - 1 - keyBegin);
            if (key.contains('\\'))
                return false;
            skipSpace();
            if (!consume(':'))
                return false;
            skipSpace();
            return bool(member(key));
        });
    }

    // `element` is called positioned at each element and must consume it.
    template<typename Element>
    bool scanArray(Element &&element)
    {
        return scanContainer('[', ']', element);
    }

    // `item` is called positioned at each member or element and must consume it.
    template<typename Item>
    bool scanContainer(char open, char close, Item &&item)
    {
        if (!consume(open))
            return false;
        skipSpace();
        if (consume(close))
            return true;
        for (;;) {
            skipSpace();
            if (!item())
                return false;
            skipSpace();
            if (consume(close))
                return true;
            if (!consume(','))
                return false;
        }
    }

    bool skipValue()
    {
        skipSpace();
        if (m_pos >= m_size)
            return false;
        const char c = m_data[m_pos];
        if (c == '"')
            return skipString();
        if (c == '{' || c == '[')
            return skipContainer();
        const qsizetype begin = m_pos;
        while (m_pos < m_size && !std::strchr(",:{}[]\" \t\n\r", m_data[m_pos]))
            ++m_pos;
        return m_pos > begin;
    }

    // Only depth is counted: a `[` closed by `}` leaves a piece that QJsonDocument rejects.
    bool skipContainer()
    {
        qsizetype depth = 0;
        while (m_pos < m_size) {
            const char c = m_data[m_pos];
            if (c == '"') {
                if (!skipString())
                    return false;
                continue;
            }
            ++m_pos;
            if (c == '{' || c == '[') {
                ++depth;
            } else if (c == '}' || c == ']') {
                if (--depth == 0)
                    return true;
            }
        }
        return false;
    }

    bool skipString()
    {
        ++m_pos; // the opening quote
        while (m_pos < m_size) {
            const void *found = std::memchr(m_data + m_pos, '"', size_t(m_size - m_pos));
            if (!found)
                return false;
            const qsizetype quote = static_cast<const char *>(found) - m_data;
            // The quote ends the string unless an odd number of backslashes escapes it.
            qsizetype backslashes = 0;
            while (quote - backslashes - 1 >= m_pos && m_data[quote - backslashes - 1] == '\\')
                ++backslashes;
            m_pos = quote + 1;
            if (backslashes % 2 == 0)
                return true;
        }
        return false;
    }

    void skipSpace()
    {
        while (m_pos < m_size) {
            const char c = m_data[m_pos];
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r')
                return;
            ++m_pos;
        }
    }

    char peek() const { return m_pos < m_size ? m_data[m_pos] : '\0'; }

    bool consume(char c)
    {
        if (peek() != c)
            return false;
        ++m_pos;
        return true;
    }

    const char *m_data;
    qsizetype m_size;
    qsizetype m_sliceBytes;
    qsizetype m_pos = 0;
};

} // namespace

std::optional<TranscriptSlices> TranscriptSlices::find(const QByteArray &body, qsizetype sliceBytes)
{
    TranscriptSlices out;
    Scanner scanner(body, std::max<qsizetype>(1, sliceBytes));
    if (!scanner.scanRoot(out))
        return std::nullopt;

    QList<Range> arrays; // in the order they appear in the body
    for (const std::optional<Transcript> &transcript : std::as_const(out.attempts)) {
        if (transcript)
            arrays.append(transcript->array);
    }
    if (out.lastAttempt)
        arrays.append(out.lastAttempt->array);
    if (arrays.isEmpty())
        return std::nullopt;
    std::sort(arrays.begin(), arrays.end(), [](const Range &a, const Range &b) {
        return a.begin < b.begin;
    });

    qsizetype cut = 0;
    for (const Range &array : std::as_const(arrays))
        cut += array.size() - 2;
    out.skeleton.reserve(body.size() - cut);
    qsizetype from = 0;
    for (const Range &array : std::as_const(arrays)) {
        out.skeleton.append(body.constData() + from, array.begin - from);
        out.skeleton.append("[]", 2);
        from = array.end;
    }
    out.skeleton.append(body.constData() + from, body.size() - from);
    return out;
}

} // namespace Revox
