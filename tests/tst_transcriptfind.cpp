// The real window's find bar on a call of 10,000 generated turns, searched on a worker: keys
// return at once, the bar ends at the right "N of M" and the view at the match, the filter is
// respected, and closing the bar or showing other turns leaves no highlight of the typed text.
// The model's search itself is in tst_transcriptsearch.
#include "benchmarks/callgenerator.h"
#include "core/session/callsession.h"
#include "findtesthelpers.h"
#include "gui/common/findbar.h"
#include "gui/transcript/transcriptmodel.h"
#include "gui/transcript/transcriptpanel.h"
#include "gui/transcript/transcriptview.h"
#include "gui/window/mainwindow.h"
#include "testpalettes.h"
#include "windowtesthelpers.h"

#include <QApplication>
#include <QComboBox>
#include <QFile>
#include <QLineEdit>
#include <QSet>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QStyle>
#include <QTemporaryDir>
#include <QTest>

using namespace Revox;
using FindTest::drainWorkers;
using FindTest::highlightedRows;
using WindowTest::child;

namespace {

constexpr int GeneratedTurns = 10000;

// The current match's turn is the view's current row, on screen.
bool showsMatchAt(TranscriptPanel *panel, int row)
{
    TranscriptView *view = panel->view();
    const QModelIndex current = view->currentIndex();
    return current.isValid() && panel->proxy()->mapToSource(current).row() == row
           && view->viewport()->rect().intersects(view->visualRect(current));
}

} // namespace

class tst_TranscriptFind final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanup()
    {
        drainWorkers();
        QApplication::setPalette(QApplication::style()->standardPalette());
    }

    void windowAnswersKeystrokesFromAWorker_data();
    void windowAnswersKeystrokesFromAWorker();
    void windowFindRespectsTheFilter_data();
    void windowFindRespectsTheFilter();
    void windowLeavesNoStaleHighlights_data();
    void windowLeavesNoStaleHighlights();

private:
    // The window with the generated call open and its transcript tab's find bar shown.
    std::unique_ptr<MainWindow> openGeneratedCall();

    QTemporaryDir m_dir;
    QString m_generatedPath;
};

void tst_TranscriptFind::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY(m_dir.isValid());
    m_generatedPath = m_dir.filePath(QStringLiteral("generated.json"));
    QFile file(m_generatedPath);
    QVERIFY(file.open(QIODevice::WriteOnly));
    QVERIFY(file.write(Bench::generateCall(GeneratedTurns)) > 0);
}

std::unique_ptr<MainWindow> tst_TranscriptFind::openGeneratedCall()
{
    QSettings().clear();
    auto window = std::make_unique<MainWindow>();
    window->resize(1200, 800);
    window->show();
    if (!QTest::qWaitForWindowExposed(window.get()))
        return {};
    QSignalSpy shown(window->session(), &CallSession::callChanged);
    if (!window->openFile(m_generatedPath) || (shown.isEmpty() && !shown.wait(60000)))
        return {};
    auto *panel = child<TranscriptPanel>(*window, "transcriptPanel");
    if (panel->model()->rowCount() != GeneratedTurns)
        return {};
    QTest::keyClick(window.get(), Qt::Key_F, Qt::ControlModifier);
    return panel->findBar()->isVisible() ? std::move(window) : nullptr;
}

void tst_TranscriptFind::windowAnswersKeystrokesFromAWorker_data()
{
    QTest::addColumn<WindowTest::Look>("look");
    for (const WindowTest::Look &look : WindowTest::looks())
        QTest::newRow(qPrintable(look.tag())) << look;
}

void tst_TranscriptFind::windowAnswersKeystrokesFromAWorker()
{
    QFETCH(WindowTest::Look, look);
    QApplication::setPalette(look.dark ? TestPalettes::dark()
                                       : QApplication::style()->standardPalette());
    const std::unique_ptr<MainWindow> window = openGeneratedCall();
    QVERIFY(window);
    window->resize(look.size);
    auto *panel = child<TranscriptPanel>(*window, "transcriptPanel");
    FindBar *bar = panel->findBar();
    QSignalSpy answered(panel->model(), &TranscriptModel::matchesChanged);

    // Each key returns before its search is done: the bar says so meanwhile.
    QTest::keyClicks(bar->lineEdit(), Bench::rareWord());
    QVERIFY(panel->model()->isSearching());
    QCOMPARE(bar->matchText(), QStringLiteral("Searching…"));
    QVERIFY(answered.wait(60000));
    // One turn in 100 has the word: turns 51, 151, …
    QCOMPARE(bar->matchText(), QStringLiteral("1 of %1").arg(GeneratedTurns / 100));
    QCOMPARE(panel->model()->matches().size(), GeneratedTurns / 100);
    QTRY_VERIFY(showsMatchAt(panel, 50));
    // Right after the jump the rows around the match are still being measured and the view is
    // blank for a moment (seen at 50 ms, gone by 1 s): picture what the user then reads.
    QTest::qWait(1000);
    QVERIFY(WindowTest::saveScreenshot(*window, QStringLiteral("flow-find-") + look.tag()));

    QTest::keyClick(bar->lineEdit(), Qt::Key_F3);
    QCOMPARE(bar->matchText(), QStringLiteral("2 of %1").arg(GeneratedTurns / 100));
    QTRY_VERIFY(showsMatchAt(panel, 150));
    QTest::keyClick(bar->lineEdit(), Qt::Key_F3, Qt::ShiftModifier);
    QTest::keyClick(bar->lineEdit(), Qt::Key_F3, Qt::ShiftModifier);
    QCOMPARE(bar->matchText(),
             QStringLiteral("%1 of %1").arg(GeneratedTurns / 100)); // wrapped round
    QTRY_VERIFY(showsMatchAt(panel, GeneratedTurns - 50));
}

void tst_TranscriptFind::windowFindRespectsTheFilter_data()
{
    QTest::addColumn<QString>("filter");
    QTest::addColumn<QString>("needle");
    QTest::addColumn<QString>("expected");
    // Every generated tool call's arguments name "Dr. Okafor"; only speech has the rare word.
    QTest::newRow("all turns") << QStringLiteral("All turns") << QStringLiteral("okafor")
                               << QStringLiteral("1 of 1000");
    QTest::newRow("tool calls") << QStringLiteral("Only tool calls") << QStringLiteral("okafor")
                                << QStringLiteral("1 of 1000");
    QTest::newRow("tools hidden") << QStringLiteral("Hide tool calls") << QStringLiteral("okafor")
                                  << QStringLiteral("No matches");
    QTest::newRow("speech word, tool calls only")
        << QStringLiteral("Only tool calls") << Bench::rareWord() << QStringLiteral("No matches");
}

void tst_TranscriptFind::windowFindRespectsTheFilter()
{
    QFETCH(QString, filter);
    QFETCH(QString, needle);
    QFETCH(QString, expected);
    const std::unique_ptr<MainWindow> window = openGeneratedCall();
    QVERIFY(window);
    auto *panel = child<TranscriptPanel>(*window, "transcriptPanel");
    panel->filterBox()->setCurrentIndex(panel->filterBox()->findText(filter));
    QSignalSpy answered(panel->model(), &TranscriptModel::matchesChanged);
    QTest::keyClicks(panel->findBar()->lineEdit(), needle);
    QVERIFY(answered.wait(60000));
    QCOMPARE(panel->findBar()->matchText(), expected);
    if (expected.startsWith(QStringLiteral("1 of"))) {
        const int row = panel->model()->matches().constFirst().row;
        QTRY_VERIFY(showsMatchAt(panel, row));
        QVERIFY(panel->view()->currentIndex().data(TranscriptModel::IsToolRole).toBool()
                || filter == QStringLiteral("All turns"));
    }
}

void tst_TranscriptFind::windowLeavesNoStaleHighlights_data()
{
    QTest::addColumn<QString>("then");
    QTest::newRow("find bar closed") << QStringLiteral("close");
    QTest::newRow("another attempt") << QStringLiteral("attempt");
    QTest::newRow("another call") << QStringLiteral("call");
}

// Typing, then at once closing the bar or showing other turns: the search still running for the
// typed text must leave no highlight, in the model or the bar.
void tst_TranscriptFind::windowLeavesNoStaleHighlights()
{
    QFETCH(QString, then);
    const std::unique_ptr<MainWindow> window = openGeneratedCall();
    QVERIFY(window);
    auto *panel = child<TranscriptPanel>(*window, "transcriptPanel");
    FindBar *bar = panel->findBar();
    QTest::keyClicks(bar->lineEdit(), Bench::rareWord());
    QVERIFY(panel->model()->isSearching());

    if (then == QStringLiteral("close")) {
        QTest::keyClick(bar->lineEdit(), Qt::Key_Escape);
        QVERIFY(bar->isHidden());
    } else if (then == QStringLiteral("attempt")) {
        window->session()->selectAttempt(1);
    } else {
        window->openSampleCall();
    }
    drainWorkers();
    QVERIFY(!panel->model()->isSearching());
    QVERIFY(panel->model()->matches().isEmpty());
    QCOMPARE(highlightedRows(*panel->model()), QSet<int>());
    if (then != QStringLiteral("close")) {
        // The text is still in the bar, searched in the turns now shown: the word is not there.
        QVERIFY(panel->model()->rowCount() < GeneratedTurns);
        QCOMPARE(bar->matchText(), QStringLiteral("No matches"));
    }
}

QTEST_MAIN(tst_TranscriptFind)
#include "tst_transcriptfind.moc"
