// TranscriptModel's find answers a small transcript at once and a large one on a worker: both
// ways find the same, and a search superseded by newer text, new turns or a cleared text never
// shows its matches. The real window's find bar is in tst_transcriptfind.
#include "findtesthelpers.h"
#include "gui/transcript/transcriptmodel.h"
#include "guitesthelpers.h"

#include <QAbstractItemModelTester>
#include <QSet>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTest>

#include <limits>

using namespace Revox;
using FindTest::drainWorkers;
using FindTest::highlightedRows;

namespace {

// A model that searches at once, or on a worker whatever the size of its transcript.
void searchOnWorker(TranscriptModel &model, bool onWorker)
{
    model.setSearchInBackgroundFrom(onWorker ? 0 : std::numeric_limits<qsizetype>::max());
}

// Sets the text and waits for its answer, however it comes.
[[nodiscard]] bool find(TranscriptModel &model, const QString &text)
{
    QSignalSpy answered(&model, &TranscriptModel::matchesChanged);
    model.setSearchText(text);
    return !model.isSearching() || answered.wait(60000);
}

// Every match spelled out, so that two lists compare with a readable difference.
QStringList described(const QList<TextMatch> &matches)
{
    QStringList out;
    for (const TextMatch &match : matches)
        out.append(QStringLiteral("row %1 part %2 at %3+%4")
                       .arg(match.row)
                       .arg(int(match.part))
                       .arg(match.start)
                       .arg(match.length));
    return out;
}

void addModes()
{
    QTest::addColumn<bool>("onWorker");
    QTest::newRow("at once") << false;
    QTest::newRow("on a worker") << true;
}

} // namespace

class tst_TranscriptSearch final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }
    void cleanup() { drainWorkers(); }

    void search_data() { addModes(); }
    void search();
    void searchIgnoresCase_data();
    void searchIgnoresCase();
    void searchRepaintsOnlyRowsWhoseHighlightsChanged_data() { addModes(); }
    void searchRepaintsOnlyRowsWhoseHighlightsChanged();
    void searchSurvivesNewTurns_data() { addModes(); }
    void searchSurvivesNewTurns();
    void toolTextsArePrintedWhenFirstAskedFor_data() { addModes(); }
    void toolTextsArePrintedWhenFirstAskedFor();
    void workerFindsWhatTheGuiThreadFinds_data();
    void workerFindsWhatTheGuiThreadFinds();
    void supersededSearchIsNeverShown_data();
    void supersededSearchIsNeverShown();
};

void tst_TranscriptSearch::search()
{
    QFETCH(bool, onWorker);
    TranscriptModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    searchOnWorker(model, onWorker);
    model.setTurns(*TestCalls::sample().callAttempts.at(0).transcript);
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    QSignalSpy answered(&model, &TranscriptModel::matchesChanged);
    model.setSearchText(QStringLiteral("BOOK"));
    QCOMPARE(model.isSearching(), onWorker);
    if (onWorker) {
        QVERIFY(model.matches().isEmpty()); // nothing shown until the answer comes
        QVERIFY(answered.wait());
    }
    QCOMPARE(answered.size(), 1);
    QVERIFY(!changed.isEmpty());
    // "book_appointment" twice as tool names, and "booking" in an agent turn; case-insensitive.
    QCOMPARE(model.matches().size(), 3);
    QCOMPARE(model.matches().at(0).row, 8);
    QCOMPARE(model.matches().at(0).part, TextMatch::Part::ToolName);
    QCOMPARE(model.matches().at(1).row, 9);
    QCOMPARE(model.matches().at(1).part, TextMatch::Part::Content);
    QCOMPARE(model.index(9).data(TranscriptModel::MatchesRole).value<QList<TextMatch>>().size(), 1);
    QCOMPARE(model.index(0).data(TranscriptModel::MatchesRole).value<QList<TextMatch>>().size(), 0);

    model.setCurrentMatch(1);
    QCOMPARE(model.index(9).data(TranscriptModel::CurrentMatchRole).toInt(), 0);
    QCOMPARE(model.index(8).data(TranscriptModel::CurrentMatchRole).toInt(), -1);

    // Arguments and pretty-printed results are searched too.
    QVERIFY(find(model, QStringLiteral("lunch_break")));
    QCOMPARE(model.matches().size(), 1);
    QCOMPARE(model.matches().at(0).part, TextMatch::Part::Arguments);
    QCOMPARE(model.index(9).data(TranscriptModel::CurrentMatchRole).toInt(), -1);
    QVERIFY(find(model, QStringLiteral("\"slots\": [")));
    QCOMPARE(model.matches().size(), 1);

    QVERIFY(find(model, QStringLiteral("no such words")));
    QVERIFY(model.matches().isEmpty());
    // Clearing the text never waits for a worker.
    model.setSearchText(QString());
    QVERIFY(!model.isSearching());
    QVERIFY(model.matches().isEmpty());
}

void tst_TranscriptSearch::searchIgnoresCase_data()
{
    QTest::addColumn<bool>("onWorker");
    QTest::addColumn<QString>("content");
    QTest::addColumn<QString>("needle");
    QTest::addColumn<QList<int>>("starts");

    for (const bool onWorker : {false, true}) {
        const auto row = [onWorker](const char *name) -> QTestData & {
            return QTest::addRow("%s, %s", name, onWorker ? "on a worker" : "at once") << onWorker;
        };
        row("ASCII, every case") << QStringLiteral("book BOOK BoOk") << QStringLiteral("bOoK")
                                 << QList<int>{0, 5, 10};
        row("accented capitals") << QStringLiteral("l'été est là") << QStringLiteral("ÉTÉ")
                                 << QList<int>{2};
        row("Cyrillic") << QStringLiteral("Привет, ПРИВЕТ") << QStringLiteral("привет")
                        << QList<int>{0, 8};
        row("Greek") << QStringLiteral("ΣΟΦΙΑ και σοφια") << QStringLiteral("Σοφια")
                     << QList<int>{0, 10};
        row("matches do not overlap")
            << QStringLiteral("aaaaa") << QStringLiteral("aa") << QList<int>{0, 2};
        row("emoji (surrogate pairs)")
            << QStringLiteral("ok 😀 ok 😀") << QStringLiteral("😀") << QList<int>{3, 9};
        row("needle longer than the text")
            << QStringLiteral("hi") << QStringLiteral("hello") << QList<int>{};
    }
}

void tst_TranscriptSearch::searchIgnoresCase()
{
    QFETCH(bool, onWorker);
    QFETCH(QString, content);
    QFETCH(QString, needle);
    QFETCH(QList<int>, starts);

    TranscriptModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    searchOnWorker(model, onWorker);
    model.setTurns({TestCalls::turn(QStringLiteral("user"), content)});
    QVERIFY(find(model, needle));
    QList<int> found;
    for (const TextMatch &match : model.matches()) {
        QCOMPARE(match.length, needle.size());
        found.append(match.start);
    }
    QCOMPARE(found, starts);
}

// A find repaints the rows that gain, lose or move a highlight and leaves the others alone: with
// 100,000 turns, one change over the whole range made every find walk every row.
void tst_TranscriptSearch::searchRepaintsOnlyRowsWhoseHighlightsChanged()
{
    QFETCH(bool, onWorker);
    QList<TranscriptEntry> turns;
    for (int i = 0; i < 12; ++i) {
        QString text = QStringLiteral("turn %1").arg(i);
        if (i == 1 || i == 5)
            text += QStringLiteral(" alpha");
        if (i == 5 || i == 9)
            text += QStringLiteral(" beta");
        if (i == 11)
            text += QStringLiteral(" alpha beta");
        turns.append(TestCalls::turn(QStringLiteral("user"), text));
    }
    TranscriptModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    searchOnWorker(model, onWorker);
    model.setTurns(turns);
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    const auto repainted = [&] {
        QSet<int> rows;
        for (const QList<QVariant> &signal : std::as_const(changed)) {
            for (int row = signal.at(0).toModelIndex().row();
                 row <= signal.at(1).toModelIndex().row();
                 ++row)
                rows.insert(row);
        }
        changed.clear();
        return rows;
    };

    QVERIFY(find(model, QStringLiteral("alpha")));
    QCOMPARE(repainted(), (QSet<int>{1, 5, 11}));
    // The same highlights in the same places: nothing to repaint.
    QVERIFY(find(model, QStringLiteral("ALPHA")));
    QCOMPARE(repainted(), QSet<int>());
    QCOMPARE(model.matches().size(), 3);
    QVERIFY(find(model, QStringLiteral("beta")));
    QCOMPARE(repainted(), (QSet<int>{1, 5, 9, 11}));
    QVERIFY(find(model, QString()));
    QCOMPARE(repainted(), (QSet<int>{5, 9, 11}));
    QVERIFY(model.matches().isEmpty());
}

void tst_TranscriptSearch::searchSurvivesNewTurns()
{
    QFETCH(bool, onWorker);
    TranscriptModel model;
    searchOnWorker(model, onWorker);
    QSignalSpy answered(&model, &TranscriptModel::matchesChanged);
    model.setSearchText(QStringLiteral("nora"));
    const Call call = TestCalls::sample();
    model.setTurns(*call.callAttempts.at(0).transcript);
    QVERIFY(!model.isSearching() || answered.wait());
    QCOMPARE(model.matches().size(), 1);
    model.setTurns(*call.callAttempts.at(1).transcript);
    QVERIFY(!model.isSearching() || answered.wait());
    QCOMPARE(model.matches().size(), 1);
    QCOMPARE(model.matches().at(0).row, 0);
}

// Tool calls are pretty-printed when a row is first asked for or between events after the call is
// shown, never up front; whichever comes first, the text is the same, and a find sees it all: at
// once after printing what is missing, on a worker by printing it there.
void tst_TranscriptSearch::toolTextsArePrintedWhenFirstAskedFor()
{
    QFETCH(bool, onWorker);
    QList<TranscriptEntry> turns;
    for (int i = 0; i < 2000; ++i) {
        turns.append(i % 2
                         ? TestCalls::turn(QStringLiteral("user"), QStringLiteral("turn %1").arg(i))
                         : TestCalls::toolTurn(QStringLiteral("lookup"),
                                               QStringLiteral("{\"id\":%1}").arg(i),
                                               QStringLiteral("{\"slot\":\"s%1\"}").arg(i),
                                               false));
    }
    TranscriptModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    searchOnWorker(model, onWorker);
    model.setTurns(turns);
    QVERIFY(!model.isFullyFormatted());

    const QModelIndex last = model.index(1998);
    QCOMPARE(last.data(TranscriptModel::ToolArgumentsRole).toString(),
             QStringLiteral("{\n    \"id\": 1998\n}"));
    QCOMPARE(last.data(TranscriptModel::ContentRole).toString(),
             QStringLiteral("{\n    \"slot\": \"s1998\"\n}"));
    QCOMPARE(last.data(TranscriptModel::RawContentRole).toString(),
             QStringLiteral("{\"slot\":\"s1998\"}"));

    // A find straight away searches the printed text of every row, not only those painted.
    QVERIFY(find(model, QStringLiteral("\"slot\": \"s1000\"")));
    QCOMPARE(model.matches().size(), 1);
    QCOMPARE(model.matches().constFirst().row, 1000);
    QVERIFY(find(model, QStringLiteral("\"id\": 1998")));
    QCOMPARE(model.matches().size(), 1);
    QCOMPARE(model.matches().constFirst().part, TextMatch::Part::Arguments);
    if (!onWorker)
        QVERIFY(model.isFullyFormatted());

    QVERIFY(find(model, QString()));
    model.setTurns(turns);
    QVERIFY(!model.isFullyFormatted());
    QTRY_VERIFY(model.isFullyFormatted()); // between events, without being asked
    QCOMPARE(model.index(0).data(TranscriptModel::ToolArgumentsRole).toString(),
             QStringLiteral("{\n    \"id\": 0\n}"));
}

void tst_TranscriptSearch::workerFindsWhatTheGuiThreadFinds_data()
{
    QTest::addColumn<int>("attempt");
    QTest::addColumn<QString>("needle");
    QTest::newRow("tool names and speech") << 0 << QStringLiteral("book");
    QTest::newRow("pretty-printed arguments") << 0 << QStringLiteral("\"exclude\": [");
    QTest::newRow("pretty-printed result") << 0 << QStringLiteral("\"practitioner\": \"Dr.");
    QTest::newRow("one letter, many matches") << 0 << QStringLiteral("e");
    QTest::newRow("indentation") << 0 << QStringLiteral("    ");
    QTest::newRow("no match") << 0 << QStringLiteral("quokka");
    QTest::newRow("second attempt") << 1 << QStringLiteral("nora");
}

// The worker prints the tool texts the model has not printed yet itself: what it finds must be
// what the GUI thread finds after printing them.
void tst_TranscriptSearch::workerFindsWhatTheGuiThreadFinds()
{
    QFETCH(int, attempt);
    QFETCH(QString, needle);
    const QList<TranscriptEntry> turns = *TestCalls::sample().callAttempts.at(attempt).transcript;
    TranscriptModel atOnce;
    searchOnWorker(atOnce, false);
    atOnce.setTurns(turns);
    QVERIFY(find(atOnce, needle));
    TranscriptModel worker;
    searchOnWorker(worker, true);
    worker.setTurns(turns);
    QVERIFY(!worker.isFullyFormatted());
    QVERIFY(find(worker, needle));
    QCOMPARE(described(worker.matches()), described(atOnce.matches()));
}

void tst_TranscriptSearch::supersededSearchIsNeverShown_data()
{
    QTest::addColumn<QString>("superseded");
    QTest::newRow("newer text") << QStringLiteral("text");
    QTest::newRow("text cleared") << QStringLiteral("clear");
    QTest::newRow("new turns") << QStringLiteral("turns");
}

void tst_TranscriptSearch::supersededSearchIsNeverShown()
{
    QFETCH(QString, superseded);
    // "alpha" in every third turn; "beta" in every fifth; the other turns have neither.
    const auto make = [](int count, int alphaEvery) {
        QList<TranscriptEntry> turns;
        for (int i = 0; i < count; ++i) {
            QString text = QStringLiteral("turn %1").arg(i);
            if (i % alphaEvery == 0)
                text += QStringLiteral(" alpha");
            if (i % 5 == 0)
                text += QStringLiteral(" beta");
            turns.append(TestCalls::turn(QStringLiteral("user"), text));
        }
        return turns;
    };
    TranscriptModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    searchOnWorker(model, true);
    model.setTurns(make(3000, 3));
    // Every answer applied, as the rows it highlighted.
    QList<QSet<int>> answers;
    connect(&model, &TranscriptModel::matchesChanged, this, [&] {
        QSet<int> rows;
        for (const TextMatch &match : model.matches())
            rows.insert(match.row);
        answers.append(rows);
    });
    QSignalSpy answered(&model, &TranscriptModel::matchesChanged);

    model.setSearchText(QStringLiteral("alpha"));
    QVERIFY(model.isSearching());
    QSet<int> expected;
    if (superseded == QStringLiteral("text")) {
        model.setSearchText(QStringLiteral("beta"));
        QVERIFY(answered.wait());
        for (int row = 0; row < 3000; row += 5)
            expected.insert(row);
    } else if (superseded == QStringLiteral("clear")) {
        model.setSearchText(QString());
        QVERIFY(!model.isSearching());
    } else {
        model.setTurns(make(1000, 7)); // "alpha" is searched again, in these
        QVERIFY(answered.wait());
        for (int row = 0; row < 1000; row += 7)
            expected.insert(row);
    }
    drainWorkers();
    QCOMPARE(answers.size(), 1);
    QCOMPARE(answers.constFirst(), expected);
    QVERIFY(!model.isSearching());
    QCOMPARE(highlightedRows(model), expected);
}

QTEST_MAIN(tst_TranscriptSearch)
#include "tst_transcriptsearch.moc"
