// JsonLayout::build(): the one pass over the bytes that validates the JSON and indexes its lines.
#include "core/json/jsonlayoutdata.h"

#include <QCoreApplication>

#include <cstring>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

namespace Revox {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("Revox::JsonLayout", text);
}

// Bytes a string may hold as they are: not a quote, a backslash or a control character.
struct PlainTable
{
    bool plain[256];
    constexpr PlainTable()
        : plain()
    {
        for (int c = 0; c < 256; ++c)
            plain[c] = c >= 0x20 && c != '"' && c != '\\';
    }
};
constexpr PlainTable Plain;

bool isBlank(char c)
{
    return c == ' ' || c == '\n' || c == '\r' || c == '\t';
}

bool isDigit(char c)
{
    return c >= '0' && c <= '9';
}

bool isHex(char c)
{
    return isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

// Lines handed out while the build runs: enough for a first screen at once, then in batches.
constexpr qsizetype FirstPublish = 4096;
constexpr qsizetype PublishEvery = 256 * 1024;

class Builder
{
public:
    using Publish = std::function<void(qsizetype lines, qsizetype maxLineBytes)>;
    Builder(JsonLayout::Data &data, const std::function<bool()> &cancelled, const Publish &publish)
        : m_data(data)
        , m_cancelled(cancelled)
        , m_publish(publish)
        , m_begin(data.body.constData())
        , m_p(m_begin)
        , m_end(m_begin + data.body.size())
    {}

    // False when the body is not JSON (error set) or the build was cancelled.
    bool run();

private:
    enum class Want { Value, Member, CommaOrClose, Nothing };
    struct Frame
    {
        quint32 container;
        bool object;
    };

    quint32 offset(const char *p) const { return quint32(p - m_begin); }
    void skipBlanks()
    {
        while (m_p < m_end && isBlank(*m_p))
            ++m_p;
    }
    bool fail(const char *what);
    bool skipString();
    bool skipNumber();
    bool skipLiteral();
    void addLine(quint32 key, const char *value, JsonLayout::Kind kind, qsizetype valueBytes);
    void afterValue();

    JsonLayout::Data &m_data;
    const std::function<bool()> &m_cancelled;
    const Publish &m_publish;
    qsizetype m_nextPublish = FirstPublish;
    const char *m_begin;
    const char *m_p;
    const char *m_end;
    std::vector<Frame> m_stack;
    Want m_want = Want::Value;
    quint32 m_key = JsonLayout::Line::NoKey;
    qsizetype m_keyBytes = 0;
};

bool Builder::fail(const char *what)
{
    m_data.errorOffset = m_p - m_begin;
    qsizetype line = 1;
    const char *lineStart = m_begin;
    for (const char *c = m_begin; c < m_p; ++c) {
        if (*c == '\n') {
            ++line;
            lineStart = c + 1;
        }
    }
    m_data.error = tr("Not valid JSON: %1 at line %2, column %3 (byte %4).")
                       .arg(tr(what))
                       .arg(line)
                       .arg(m_p - lineStart + 1)
                       .arg(m_data.errorOffset);
    return false;
}

bool Builder::skipString()
{
    ++m_p; // the opening quote
    for (;;) {
#ifdef __SSE2__
        // Most of a response is the text in its strings: sixteen bytes at a time up to a quote,
        // a backslash or a control character.
        const __m128i quote = _mm_set1_epi8('"');
        const __m128i backslash = _mm_set1_epi8('\\');
        const __m128i control = _mm_set1_epi8(0x1f);
        while (m_end - m_p >= 16) {
            const __m128i chunk = _mm_loadu_si128(reinterpret_cast<const __m128i *>(m_p));
            const __m128i stops = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(chunk, quote),
                                                            _mm_cmpeq_epi8(chunk, backslash)),
                                               _mm_cmpeq_epi8(_mm_max_epu8(chunk, control),
                                                              control));
            const int mask = _mm_movemask_epi8(stops);
            if (mask) {
                m_p += __builtin_ctz(unsigned(mask));
                break;
            }
            m_p += 16;
        }
#endif
        while (m_p < m_end && Plain.plain[uchar(*m_p)])
            ++m_p;
        if (m_p == m_end)
            return fail(QT_TRANSLATE_NOOP("Revox::JsonLayout", "the text ends inside a string"));
        const char c = *m_p;
        if (c == '"') {
            ++m_p;
            return true;
        }
        if (c != '\\')
            return fail(
                QT_TRANSLATE_NOOP("Revox::JsonLayout", "a control character inside a string"));
        ++m_p;
        if (m_p == m_end)
            return fail(QT_TRANSLATE_NOOP("Revox::JsonLayout", "the text ends inside a string"));
        switch (*m_p) {
        case '"':
        case '\\':
        case '/':
        case 'b':
        case 'f':
        case 'n':
        case 'r':
        case 't':
            ++m_p;
            break;
        case 'u':
            for (int i = 1; i <= 4; ++i) {
                if (m_p + i >= m_end || !isHex(m_p[i])) {
                    m_p += i;
                    return fail(QT_TRANSLATE_NOOP("Revox::JsonLayout", "a bad \\u escape"));
                }
            }
            m_p += 5;
            break;
        default:
            return fail(QT_TRANSLATE_NOOP("Revox::JsonLayout", "an unknown escape in a string"));
        }
    }
}

bool Builder::skipNumber()
{
    if (*m_p == '-')
        ++m_p;
    if (m_p < m_end && *m_p == '0') {
        ++m_p;
    } else if (m_p < m_end && isDigit(*m_p)) {
        while (m_p < m_end && isDigit(*m_p))
            ++m_p;
    } else {
        return fail(QT_TRANSLATE_NOOP("Revox::JsonLayout", "a number without digits"));
    }
    if (m_p < m_end && *m_p == '.') {
        ++m_p;
        if (m_p == m_end || !isDigit(*m_p))
            return fail(QT_TRANSLATE_NOOP("Revox::JsonLayout", "no digits after a decimal point"));
        while (m_p < m_end && isDigit(*m_p))
            ++m_p;
    }
    if (m_p < m_end && (*m_p == 'e' || *m_p == 'E')) {
        ++m_p;
        if (m_p < m_end && (*m_p == '+' || *m_p == '-'))
            ++m_p;
        if (m_p == m_end || !isDigit(*m_p))
            return fail(QT_TRANSLATE_NOOP("Revox::JsonLayout", "no digits in an exponent"));
        while (m_p < m_end && isDigit(*m_p))
            ++m_p;
    }
    return true;
}

bool Builder::skipLiteral()
{
    for (const char *word : {"true", "false", "null"}) {
        const size_t size = strlen(word);
        if (size_t(m_end - m_p) >= size && memcmp(m_p, word, size) == 0) {
            m_p += size;
            return true;
        }
    }
    return fail(QT_TRANSLATE_NOOP("Revox::JsonLayout", "expected a value"));
}

void Builder::addLine(quint32 key, const char *value, JsonLayout::Kind kind, qsizetype valueBytes)
{
    JsonLayout::Line &line = m_data.append();
    line.key = key;
    line.value = offset(value);
    line.bits = JsonLayoutBits::make(kind, quint32(m_stack.size()));
    // indent, `"key": `, value, comma
    const qsizetype bytes = qsizetype(m_stack.size()) * JsonLayout::IndentWidth
                            + (key == JsonLayout::Line::NoKey ? 0 : m_keyBytes + 2) + valueBytes
                            + 1;
    m_data.maxLineBytes = std::max(m_data.maxLineBytes, bytes);
}

void Builder::afterValue()
{
    m_key = JsonLayout::Line::NoKey;
    if (m_stack.empty()) {
        m_want = Want::Nothing;
        return;
    }
    ++m_data.containers[m_stack.back().container].count;
    m_want = Want::CommaOrClose;
}

bool Builder::run()
{
    using Kind = JsonLayout::Kind;
    skipBlanks();
    if (m_p == m_end) {
        m_data.errorOffset = 0;
        m_data.error = m_begin == m_end ? tr("The response is empty.")
                                        : tr("Not valid JSON: the response is only blanks.");
        return false;
    }
    for (quint32 step = 1;; ++step) {
        if ((step & 0xffff) == 0 && m_cancelled && m_cancelled()) {
            m_data.cancelled = true;
            return false;
        }
        // The last line may still take a comma: those before it are final.
        if (m_publish && m_data.lineCount > m_nextPublish) {
            m_publish(m_data.lineCount - 1, m_data.maxLineBytes);
            m_nextPublish = m_data.lineCount + PublishEvery;
        }
        skipBlanks();
        if (m_p == m_end) {
            if (m_want == Want::Nothing)
                return true;
            return fail(QT_TRANSLATE_NOOP("Revox::JsonLayout", "the text ends before the JSON"));
        }
        const char *start = m_p;
        switch (m_want) {
        case Want::Nothing:
            return fail(QT_TRANSLATE_NOOP("Revox::JsonLayout", "more text after the JSON value"));
        case Want::Member:
            if (*m_p != '"')
                return fail(QT_TRANSLATE_NOOP("Revox::JsonLayout", "expected a key in quotes"));
            if (!skipString())
                return false;
            m_key = offset(start);
            m_keyBytes = m_p - start;
            skipBlanks();
            if (m_p == m_end || *m_p != ':')
                return fail(QT_TRANSLATE_NOOP("Revox::JsonLayout", "expected ':' after a key"));
            ++m_p;
            m_want = Want::Value;
            break;
        case Want::CommaOrClose: {
            const Frame frame = m_stack.back();
            if (*m_p == ',') {
                ++m_p;
                m_data.line(m_data.lineCount - 1).bits |= JsonLayoutBits::Comma;
                m_want = frame.object ? Want::Member : Want::Value;
                break;
            }
            if (*m_p != (frame.object ? '}' : ']'))
                return fail(frame.object
                                ? QT_TRANSLATE_NOOP("Revox::JsonLayout", "expected ',' or '}'")
                                : QT_TRANSLATE_NOOP("Revox::JsonLayout", "expected ',' or ']'"));
            ++m_p;
            m_stack.pop_back();
            m_data.containers[frame.container].close = quint32(m_data.lineCount);
            addLine(JsonLayout::Line::NoKey, start, Kind::Close, 1);
            afterValue();
            break;
        }
        case Want::Value:
            if (*m_p == '{' || *m_p == '[') {
                const bool object = *m_p == '{';
                ++m_p;
                skipBlanks();
                if (m_p < m_end && *m_p == (object ? '}' : ']')) {
                    ++m_p;
                    addLine(m_key, start, Kind::Empty, 2);
                    afterValue();
                    break;
                }
                if (m_data.containers.size() >= 0xffffffffu)
                    return fail(QT_TRANSLATE_NOOP("Revox::JsonLayout", "too many containers"));
                m_data.containers.push_back({quint32(m_data.lineCount), 0, 0});
                addLine(m_key, start, Kind::Open, 1);
                m_stack.push_back({quint32(m_data.containers.size() - 1), object});
                m_key = JsonLayout::Line::NoKey;
                m_want = object ? Want::Member : Want::Value;
                break;
            }
            if (*m_p == '"'                    ? !skipString()
                : *m_p == '-' || isDigit(*m_p) ? !skipNumber()
                                               : !skipLiteral())
                return false;
            addLine(m_key, start, Kind::Scalar, m_p - start);
            afterValue();
            break;
        }
    }
}

// A body that is not JSON, line by line: each line is shown as received (without a final '\r').
void indexRawLines(JsonLayout::Data &data)
{
    const char *begin = data.body.constData();
    const char *end = begin + data.body.size();
    for (const char *p = begin; p < end;) {
        const char *newline = static_cast<const char *>(memchr(p, '\n', size_t(end - p)));
        const char *lineEnd = newline ? newline : end;
        JsonLayout::Line &line = data.append();
        line.value = quint32(p - begin);
        line.bits = JsonLayoutBits::make(JsonLayout::Kind::Raw, 0);
        data.maxLineBytes = std::max(data.maxLineBytes, qsizetype(lineEnd - p));
        p = newline ? newline + 1 : end;
    }
}

} // namespace

JsonLayout JsonLayout::build(const QByteArray &body,
                             const std::function<bool()> &cancelled,
                             const std::function<void(const JsonLayout &)> &partial)
{
    auto data = std::make_shared<Data>();
    data->body = body;
    // Every line takes at least one byte of the body: with room for the most blocks there can
    // be, the list of blocks never moves while partial layouts are being read.
    data->blocks.reserve(size_t(body.size() / Data::BlockSize + 2));
    if (body.size() >= qsizetype(Line::NoKey)) {
        data->error = tr("Not indexed: the response is larger than 4 GiB.");
        data->errorOffset = 0;
        return JsonLayout(std::move(data));
    }
    // A guess from API responses (a container every 130 bytes or so), to grow the list rarely.
    data->containers.reserve(size_t(body.size() / 128));
    Builder::Publish publish;
    if (partial) {
        publish = [&partial, &data](qsizetype lines, qsizetype maxLineBytes) {
            partial(JsonLayout(data, lines, maxLineBytes));
        };
    }
    if (!Builder(*data, cancelled, publish).run()) {
        const bool stopped = data->cancelled;
        const QString error = data->error;
        const qsizetype errorOffset = data->errorOffset;
        data = std::make_shared<Data>();
        data->body = body;
        data->cancelled = stopped;
        if (stopped)
            return JsonLayout(std::move(data));
        data->error = error;
        data->errorOffset = errorOffset;
        indexRawLines(*data);
        return JsonLayout(std::move(data));
    }
    data->containers.shrink_to_fit();
    return JsonLayout(std::move(data));
}

} // namespace Revox
