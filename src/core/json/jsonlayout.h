#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

#include <functional>
#include <memory>
#include <vector>

namespace Revox {

// A response re-indented for reading, as an index into its bytes rather than as text.
//
// One pass over the bytes (no QJsonDocument: it sorts keys and respells numbers) records, for
// every line of the indented form, its depth and where its key and value start in the body. A
// line is then written out from the body's own bytes when it is shown, so keys keep their order
// and numbers and strings their spelling (`1.0`, `1e3`, `-0`, `"\u00e9"`), and the index costs
// 12 bytes a line instead of a string a line. Nesting is followed with a stack of its own, so a
// body nested 100,000 deep does not overflow the thread's.
//
// A body that is not JSON (an HTML error page, a truncated response) is indexed by its own lines
// and shown as it is, with error() saying where the JSON stopped.
//
// Immutable once built and cheap to copy (shared data), so a worker thread can build one and
// hand it to the GUI.
class JsonLayout
{
public:
    enum class Kind : quint8 {
        Scalar, // a string, number, true, false or null, after its key if it has one
        Open,   // `{` or `[` of a container with members; its members follow, one deeper
        Close,  // `}` or `]`
        Empty,  // `{}` or `[]`, on one line
        Raw,    // a line of a body that is not JSON
    };
    // A container with members: the lines of its opening and closing brackets.
    struct Container
    {
        quint32 open = 0;
        quint32 close = 0;
        quint32 count = 0; // members
    };

    static constexpr int IndentWidth = 4;

    // Returns an empty layout (isCancelled()) when `cancelled` says so; it is asked now and then.
    // `partial`, if given, is handed the lines indexed so far, now and then while the build runs
    // (on the building thread), so that the first screen of a long body can be shown at once.
    static JsonLayout build(const QByteArray &body,
                            const std::function<bool()> &cancelled = {},
                            const std::function<void(const JsonLayout &)> &partial = {});
    JsonLayout();

    const QByteArray &body() const;
    // False for the lines handed out while the build runs: only the line accessors below
    // (kind() to lineText()) may be used on those, and the JSON may yet turn out invalid.
    bool isComplete() const;
    bool isJson() const;
    bool isCancelled() const;
    // Empty for JSON; else why and where it stopped, in words ("… at line 3, column 14").
    QString error() const;
    qsizetype errorOffset() const; // -1 for JSON

    qsizetype lineCount() const;
    Kind kind(qsizetype line) const;
    int depth(qsizetype line) const;
    bool hasKey(qsizetype line) const;
    bool hasComma(qsizetype line) const;
    // Where the line's key and value start in the body; keyOffset() is -1 without a key.
    qsizetype keyOffset(qsizetype line) const;
    qsizetype valueOffset(qsizetype line) const;
    // The key as sent, with its quotes and escapes; empty without one.
    QByteArrayView keyToken(qsizetype line) const;
    // A scalar as sent; the bracket of Open and Close; the opening bracket of Empty (shown as
    // `{}` or `[]` whatever blanks were between); a whole Raw line without its line end.
    QByteArrayView valueToken(qsizetype line) const;
    // The line as shown, in UTF-8: indent, key, value, comma.
    QByteArray lineBytes(qsizetype line) const;
    QString lineText(qsizetype line) const;
    // Bytes in the longest line, for a horizontal scroll range.
    qsizetype maxLineBytes() const;

    // The whole text: every line and a final newline for JSON, the body itself otherwise.
    QString text() const;
    // The value that starts at `line` (a scalar, or a container down to its closing line),
    // indented from depth 0 and without the comma that follows it.
    QString valueText(qsizetype line) const;

    // Containers with members, in the order they open.
    qsizetype containerCount() const;
    const Container &container(qsizetype index) const;
    // The container that `line` opens, or -1.
    qsizetype containerAt(qsizetype line) const;
    // The line after the value that starts at `line`: its next sibling, or its parent's close.
    qsizetype lineAfter(qsizetype line) const;

    // A JSON string token (with quotes) decoded; invalid escapes become U+FFFD.
    static QString decodeString(QByteArrayView token);
    // The length of the scalar at the start of `bytes` (a string, number or literal): a scan of
    // bytes build() has already validated.
    static qsizetype tokenLength(QByteArrayView bytes);

    struct Line;
    struct Data;

private:
    JsonLayout(std::shared_ptr<const Data> data, qsizetype lineCount, qsizetype maxLineBytes);
    explicit JsonLayout(std::shared_ptr<const Data> data); // complete
    const Line &at(qsizetype line) const;
    void appendLine(QByteArray &out, qsizetype line) const;

    std::shared_ptr<const Data> d;
    // Of this copy: a partial layout sees the lines indexed when it was handed out.
    qsizetype m_lineCount = 0;
    qsizetype m_maxLineBytes = 0;
    bool m_complete = true;
};

// The index entry of one line: 12 bytes. Offsets are into the body, so bodies are limited to
// 4 GiB (larger ones are not indexed).
struct JsonLayout::Line
{
    static constexpr quint32 NoKey = 0xffffffffu;
    quint32 key = NoKey;
    quint32 value = 0;
    quint32 bits = 0; // depth << 4 | kind << 1 | comma
};

} // namespace Revox
