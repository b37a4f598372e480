#include "core/json/jsonlayout.h"

#include "core/json/jsonlayoutdata.h"

#include <algorithm>
#include <cstring>

namespace Revox {

namespace {

const JsonLayout::Data &emptyData()
{
    static const JsonLayout::Data data;
    return data;
}

char closing(char open)
{
    return open == '{' ? '}' : ']';
}

int hexValue(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

// The UTF-16 unit of a `\uXXXX` escape starting at `p` (at the backslash), or -1.
int escapedUnit(const char *p, const char *end)
{
    if (end - p < 6 || p[0] != '\\' || p[1] != 'u')
        return -1;
    int unit = 0;
    for (int i = 2; i < 6; ++i) {
        const int digit = hexValue(p[i]);
        if (digit < 0)
            return -1;
        unit = unit * 16 + digit;
    }
    return unit;
}

} // namespace

JsonLayout::JsonLayout()
    : d(std::shared_ptr<const Data>(std::shared_ptr<const Data>(), &emptyData()))
{}

JsonLayout::JsonLayout(std::shared_ptr<const Data> data)
    : d(std::move(data))
    , m_lineCount(d->lineCount)
    , m_maxLineBytes(d->maxLineBytes)
{}

JsonLayout::JsonLayout(std::shared_ptr<const Data> data, qsizetype lineCount, qsizetype maxLineBytes)
    : d(std::move(data))
    , m_lineCount(lineCount)
    , m_maxLineBytes(maxLineBytes)
    , m_complete(false)
{}

const JsonLayout::Line &JsonLayout::at(qsizetype line) const
{
    Q_ASSERT(line >= 0 && line < m_lineCount);
    return d->line(line);
}

bool JsonLayout::isComplete() const
{
    return m_complete;
}

const QByteArray &JsonLayout::body() const
{
    return d->body;
}

bool JsonLayout::isJson() const
{
    return m_complete && d->error.isEmpty() && !d->cancelled;
}

bool JsonLayout::isCancelled() const
{
    return m_complete && d->cancelled;
}

QString JsonLayout::error() const
{
    return m_complete ? d->error : QString();
}

qsizetype JsonLayout::errorOffset() const
{
    return m_complete ? d->errorOffset : -1;
}

qsizetype JsonLayout::lineCount() const
{
    return m_lineCount;
}

JsonLayout::Kind JsonLayout::kind(qsizetype line) const
{
    return Kind(at(line).bits >> JsonLayoutBits::KindShift & JsonLayoutBits::KindMask);
}

int JsonLayout::depth(qsizetype line) const
{
    return int(at(line).bits >> JsonLayoutBits::DepthShift);
}

bool JsonLayout::hasKey(qsizetype line) const
{
    return at(line).key != Line::NoKey;
}

bool JsonLayout::hasComma(qsizetype line) const
{
    return at(line).bits & JsonLayoutBits::Comma;
}

qsizetype JsonLayout::keyOffset(qsizetype line) const
{
    const Line &entry = at(line);
    return entry.key == Line::NoKey ? -1 : qsizetype(entry.key);
}

qsizetype JsonLayout::valueOffset(qsizetype line) const
{
    return qsizetype(at(line).value);
}

QByteArrayView JsonLayout::keyToken(qsizetype line) const
{
    const Line &entry = at(line);
    if (entry.key == Line::NoKey)
        return {};
    const QByteArrayView rest = QByteArrayView(d->body).sliced(entry.key);
    return rest.first(tokenLength(rest));
}

QByteArrayView JsonLayout::valueToken(qsizetype line) const
{
    const Line &entry = at(line);
    const QByteArrayView rest = QByteArrayView(d->body).sliced(entry.value);
    switch (kind(line)) {
    case Kind::Scalar:
        return rest.first(tokenLength(rest));
    case Kind::Open:
    case Kind::Close:
    case Kind::Empty:
        return rest.first(1);
    case Kind::Raw: {
        const void *newline = memchr(rest.data(), '\n', size_t(rest.size()));
        qsizetype size = newline ? static_cast<const char *>(newline) - rest.data() : rest.size();
        if (size > 0 && rest.at(size - 1) == '\r')
            --size;
        return rest.first(size);
    }
    }
    return {};
}

void JsonLayout::appendLine(QByteArray &out, qsizetype line) const
{
    const QByteArrayView key = keyToken(line);
    const QByteArrayView value = valueToken(line);
    const qsizetype indent = qsizetype(depth(line)) * IndentWidth;
    const qsizetype from = out.size();
    out.resize(from + indent, ' ');
    if (!key.isEmpty()) {
        out.append(key);
        out.append(": ", 2);
    }
    out.append(value);
    if (kind(line) == Kind::Empty)
        out.append(closing(value.front()));
    if (hasComma(line))
        out.append(',');
}

QByteArray JsonLayout::lineBytes(qsizetype line) const
{
    QByteArray out;
    appendLine(out, line);
    return out;
}

QString JsonLayout::lineText(qsizetype line) const
{
    return QString::fromUtf8(lineBytes(line));
}

qsizetype JsonLayout::maxLineBytes() const
{
    return m_maxLineBytes;
}

QString JsonLayout::text() const
{
    if (!isJson())
        return QString::fromUtf8(d->body);
    QByteArray out;
    // The indented form is usually between one and two times the compact body.
    out.reserve(d->body.size() + d->body.size() / 2);
    for (qsizetype line = 0; line < m_lineCount; ++line) {
        appendLine(out, line);
        out.append('\n');
    }
    return QString::fromUtf8(out);
}

QString JsonLayout::valueText(qsizetype line) const
{
    switch (kind(line)) {
    case Kind::Scalar:
    case Kind::Raw:
        return QString::fromUtf8(valueToken(line));
    case Kind::Empty: {
        const char open = valueToken(line).front();
        return QString(QLatin1Char(open)) + QLatin1Char(closing(open));
    }
    case Kind::Close:
        return QString();
    case Kind::Open:
        break;
    }
    const qsizetype last = lineAfter(line) - 1;
    const qsizetype strip = qsizetype(depth(line)) * IndentWidth;
    QByteArray out;
    for (qsizetype i = line; i <= last; ++i) {
        QByteArray bytes = lineBytes(i).sliced(strip);
        if (i == line && hasKey(i))
            bytes = bytes.sliced(keyToken(i).size() + 2);
        if (i == last && hasComma(i))
            bytes.chop(1);
        out.append(bytes);
        if (i < last)
            out.append('\n');
    }
    return QString::fromUtf8(out);
}

qsizetype JsonLayout::containerCount() const
{
    return m_complete ? qsizetype(d->containers.size()) : 0;
}

const JsonLayout::Container &JsonLayout::container(qsizetype index) const
{
    return d->containers[size_t(index)];
}

qsizetype JsonLayout::containerAt(qsizetype line) const
{
    if (!m_complete)
        return -1;
    const auto &containers = d->containers;
    const auto found = std::lower_bound(containers.begin(),
                                        containers.end(),
                                        quint32(line),
                                        [](const Container &c, quint32 l) { return c.open < l; });
    return found != containers.end() && found->open == quint32(line) ? found - containers.begin()
                                                                     : -1;
}

qsizetype JsonLayout::lineAfter(qsizetype line) const
{
    if (kind(line) == Kind::Open) {
        const qsizetype index = containerAt(line);
        if (index >= 0)
            return qsizetype(container(index).close) + 1;
    }
    return line + 1;
}

qsizetype JsonLayout::tokenLength(QByteArrayView bytes)
{
    const char *begin = bytes.data();
    const char *end = begin + bytes.size();
    if (begin == end)
        return 0;
    const char *p = begin + 1;
    if (*begin == '"') {
        while (p < end && *p != '"')
            p += *p == '\\' && end - p > 1 ? 2 : 1;
        return std::min(p + 1, end) - begin;
    }
    while (p < end && *p != ',' && *p != '}' && *p != ']' && *p != ' ' && *p != '\n' && *p != '\r'
           && *p != '\t')
        ++p;
    return p - begin;
}

QString JsonLayout::decodeString(QByteArrayView token)
{
    if (!token.isEmpty() && token.front() == '"')
        token = token.sliced(1);
    if (!token.isEmpty() && token.back() == '"')
        token.chop(1);
    QString out;
    out.reserve(token.size());
    const char *p = token.data();
    const char *end = p + token.size();
    while (p < end) {
        const char *backslash = static_cast<const char *>(memchr(p, '\\', size_t(end - p)));
        const char *plainEnd = backslash ? backslash : end;
        out.append(QString::fromUtf8(p, plainEnd - p));
        p = plainEnd;
        if (p == end)
            break;
        if (end - p < 2) {
            out.append(QChar::ReplacementCharacter);
            break;
        }
        const char c = p[1];
        p += 2;
        switch (c) {
        case '"':
        case '\\':
        case '/':
            out.append(QLatin1Char(c));
            break;
        case 'b':
            out.append(QLatin1Char('\b'));
            break;
        case 'f':
            out.append(QLatin1Char('\f'));
            break;
        case 'n':
            out.append(QLatin1Char('\n'));
            break;
        case 'r':
            out.append(QLatin1Char('\r'));
            break;
        case 't':
            out.append(QLatin1Char('\t'));
            break;
        case 'u': {
            const int unit = escapedUnit(p - 2, end);
            if (unit < 0) {
                out.append(QChar::ReplacementCharacter);
                break;
            }
            p += 4;
            const QChar first(char16_t(unit & 0xffff));
            if (first.isHighSurrogate()) {
                const int low = escapedUnit(p, end);
                if (low >= 0 && QChar(char16_t(low)).isLowSurrogate()) {
                    out.append(first);
                    out.append(QChar(char16_t(low)));
                    p += 6;
                    break;
                }
                out.append(QChar::ReplacementCharacter);
            } else {
                out.append(first.isLowSurrogate() ? QChar(QChar::ReplacementCharacter) : first);
            }
            break;
        }
        default:
            out.append(QChar::ReplacementCharacter);
        }
    }
    return out;
}

} // namespace Revox
