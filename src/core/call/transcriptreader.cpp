#include "core/call/transcriptreader.h"

#include <QJsonDocument>
#include <QJsonParseError>
#include <QSemaphore>
#include <QThreadPool>

#include <algorithm>
#include <exception>
#include <vector>

namespace Revox::CallReading {

namespace {

ToolArguments readToolArguments(const Reader &entry)
{
    ToolArguments args;
    const QJsonValue v = entry.value("tool_arguments");
    if (v.isObject()) {
        args.setObject(v.toObject());
    } else if (v.isString()) {
        args.kind = ToolArguments::Kind::String;
        args.text = v.toString();
    } else if (!v.isUndefined() && !v.isNull()) {
        // Neither documented shape: keep it visible as text rather than lose it.
        args.kind = ToolArguments::Kind::String;
        args.text = QString::fromUtf8(QJsonDocument(QJsonArray{v}).toJson(QJsonDocument::Compact));
        args.text = args.text.mid(1, args.text.size() - 2);
    }
    return args;
}

// Roles and tool names repeat on every turn: one shared copy of each instead of one per turn.
class Interner
{
public:
    std::optional<QString> operator()(std::optional<QString> text)
    {
        if (!text)
            return text;
        for (const QString &known : std::as_const(m_known)) {
            if (known == *text)
                return known;
        }
        if (m_known.size() < 16)
            m_known.append(*text);
        return text;
    }

private:
    QList<QString> m_known;
};

TranscriptEntry readTurn(const Reader &attempt,
                         const QJsonValue &value,
                         qsizetype index,
                         Interner &intern)
{
    const Reader entry = attempt.element(value, "transcript", index);
    TranscriptEntry turn;
    turn.role = intern(entry.string("role", true));
    turn.content = entry.string("content", true).value_or(QString());
    turn.toolName = intern(entry.string("tool_name"));
    turn.toolArguments = readToolArguments(entry);
    turn.toolIsError = entry.boolean("tool_is_error");
    return turn;
}

// Consecutive slices of one transcript, [from, to), read together.
struct SliceRun
{
    qsizetype from = 0;
    qsizetype to = 0;
    qsizetype firstTurn = 0; // the index of its first turn in the whole transcript
    qsizetype turns = 0;
};

// What reading a run of slices gave: the turns and warnings in order, or the error that stopped
// it. Errors are carried, not thrown, so that a run read on another thread hands them back.
struct TranscriptPart
{
    QList<TranscriptEntry> entries;
    QStringList warnings;
    std::exception_ptr error;
};

// One slice's parse tree at a time: the turns' text is converted and the tree freed before the
// next slice is parsed.
void readSlices(const Reader &attempt,
                const QByteArray &body,
                const QList<TranscriptSlices::Slice> &slices,
                const SliceRun &run,
                TranscriptPart &part)
{
    part.entries.reserve(run.turns);
    const Reader reader = attempt.reportingTo(&part.warnings);
    Interner intern;
    QByteArray piece;
    try {
        for (qsizetype i = run.from; i < run.to; ++i) {
            const TranscriptSlices::Slice &slice = slices.at(i);
            piece.resize(0);
            piece.reserve(slice.size() + 2);
            piece.append('[');
            piece.append(body.constData() + slice.begin, slice.size());
            piece.append(']');
            QJsonParseError error;
            const QJsonDocument document = QJsonDocument::fromJson(piece, &error);
            if (error.error != QJsonParseError::NoError || !document.isArray())
                throw SliceError{};
            const QJsonArray array = document.array();
            for (const QJsonValue &value : array)
                part.entries.append(
                    readTurn(reader, value, run.firstTurn + part.entries.size(), intern));
        }
    } catch (...) {
        part.error = std::current_exception();
    }
}

// The slices cut into `count` runs of about equal bytes (fewer when there are fewer slices).
QList<SliceRun> splitIntoRuns(const QList<TranscriptSlices::Slice> &slices, qsizetype count)
{
    qsizetype total = 0;
    for (const TranscriptSlices::Slice &slice : slices)
        total += slice.size();
    QList<SliceRun> runs;
    SliceRun run;
    qsizetype bytes = 0;
    for (qsizetype i = 0; i < slices.size(); ++i) {
        bytes += slices.at(i).size();
        run.turns += slices.at(i).turns;
        // A run ends once the bytes read reach its share of the total, or at the last slice.
        if (bytes * count >= total * (runs.size() + 1) || i + 1 == slices.size()) {
            run.to = i + 1;
            runs.append(run);
            run = SliceRun{i + 1, i + 1, run.firstTurn + run.turns, 0};
        }
    }
    return runs;
}

} // namespace

QList<TranscriptEntry> readTranscript(const Reader &attempt, const QJsonArray &array)
{
    QList<TranscriptEntry> entries;
    entries.reserve(array.size());
    Interner intern;
    for (qsizetype i = 0; i < array.size(); ++i)
        entries.append(readTurn(attempt, array.at(i), i, intern));
    return entries;
}

QList<TranscriptEntry> readTranscript(const Reader &attempt,
                                      const QByteArray &body,
                                      const TranscriptSlices::Transcript &transcript)
{
    if (transcript.slices.isEmpty())
        return {};
    QThreadPool *pool = QThreadPool::globalInstance();
    const QList<SliceRun> runs = splitIntoRuns(transcript.slices,
                                               std::max(1, pool->maxThreadCount()));
    std::vector<TranscriptPart> parts(runs.size());
    parts.front().entries.reserve(transcript.turns); // the others are joined onto it
    const auto read = [&](qsizetype index) {
        readSlices(attempt, body, transcript.slices, runs.at(index), parts[index]);
    };

    // A run goes to the pool only while the pool has a thread free; otherwise it is read here,
    // so this never waits for a thread to come free. (Not QtConcurrent::blockingMap: in Qt 6.4 it
    // waits for pool threads when every one is taken, and busyThreadPoolReadsOnThisThread hangs.) Every run started is waited for before
    // this frame, which it refers to, can end: reading a run never throws (see readSlices).
    QSemaphore done;
    int started = 0;
    QList<qsizetype> readHere{0};
    for (qsizetype index = 1; index < runs.size(); ++index) {
        const bool inPool = pool->tryStart([&read, &done, index] {
            read(index);
            done.release();
        });
        if (inPool)
            ++started;
        else
            readHere.append(index);
    }
    for (const qsizetype index : std::as_const(readHere))
        read(index);
    done.acquire(started);

    for (const TranscriptPart &part : parts) {
        attempt.addWarnings(part.warnings);
        if (part.error)
            std::rethrow_exception(part.error);
    }
    QList<TranscriptEntry> entries = std::move(parts.front().entries);
    for (std::size_t index = 1; index < parts.size(); ++index)
        entries.append(std::move(parts[index].entries));
    return entries;
}

} // namespace Revox::CallReading
