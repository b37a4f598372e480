// The Raw JSON tab driven as a user drives it: the response as received (key order, numbers),
// find with "3 of 120" and Enter / Shift+Enter, the tree beside the text (click, copy path and
// value), line selection and copy, bodies that are not JSON, a long body formatted off the GUI
// thread, and typing that never reaches the window's single-key shortcuts.
#include "core/call/keptbody.h"
#include "core/call/samplecall.h"
#include "gui/common/theme.h"
#include "gui/response/jsontextview.h"
#include "gui/response/jsontreemodel.h"
#include "gui/response/rawjsonpanel.h"
#include "testpalettes.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QClipboard>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QScrollBar>
#include <QShortcut>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTest>
#include <QTreeView>
#include <QVBoxLayout>

using namespace Revox;

class tst_RawJsonPanel final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void showsTheResponseAsReceived();
    void findShowsWhichMatchIsCurrent();
    void treeNodeSelectsItsLineAndCopiesItsPath();
    void treeModelIsLazy();
    void selectAndCopyLines();
    void notJson_data();
    void notJson();
    void longBodyIsFormattedOffTheGuiThread();
    void compressedBodyIsExpandedByTheWorker();
    void newBodyDropsTheOldOne();
    void typingNeverReachesWindowShortcuts();
    void matchesPaintedOnBothPalettes_data();
    void matchesPaintedOnBothPalettes();
};

namespace {

QString u(const char *text)
{
    return QString::fromUtf8(text);
}

// The panel in a window of its own, shown, with `body` as its response.
struct Shown
{
    QWidget window;
    RawJsonPanel *panel = new RawJsonPanel(&window);
    QAbstractItemModelTester tester{panel->treeModel(),
                                    QAbstractItemModelTester::FailureReportingMode::QtTest};

    explicit Shown(const QByteArray &body)
    {
        // Qt 6.4's tester fetches more rows from its own modelReset handler, before it has noted
        // the reset as done, and then takes the rows it made itself for a change in the middle of
        // the reset. The views here fetch as they lay out, as in the app.
        tester.setUseFetchMore(false);
        auto *layout = new QVBoxLayout(&window);
        layout->addWidget(panel);
        window.resize(1000, 700);
        panel->setBody([body] { return body; });
        window.show();
    }
};

QStringList viewLines(const JsonTextView *view)
{
    QStringList lines;
    for (qsizetype i = 0; i < view->json().lineCount(); ++i)
        lines.append(view->json().lineText(i));
    return lines;
}

QModelIndex childNamed(const JsonTreeModel *model, const QModelIndex &parent, const QString &key)
{
    for (int row = 0; row < model->rowCount(parent); ++row) {
        const QModelIndex index = model->index(row, JsonTreeModel::KeyColumn, parent);
        if (index.data().toString() == key)
            return index;
    }
    return {};
}

// A transcript of `turns` turns in a call, compact as the API sends it.
QByteArray longCall(int turns)
{
    QByteArray body = R"({"call":{"id":"call_long","status":"completed","transcript":[)";
    for (int i = 0; i < turns; ++i) {
        if (i > 0)
            body += ',';
        body += R"({"role":")" + QByteArray(i % 2 ? "assistant" : "user")
                + R"(","content":"turn number )" + QByteArray::number(i)
                + R"( of a long call","start_ms":)" + QByteArray::number(i * 1500) + "}";
    }
    return body + "]}}";
}

} // namespace

void tst_RawJsonPanel::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
}

void tst_RawJsonPanel::showsTheResponseAsReceived()
{
    Shown shown(R"({"b":1,"a":2,"n":1.50,"big":1e3,"e":{},"s":"caf\u00e9"})");
    QVERIFY(QTest::qWaitForWindowExposed(&shown.window));
    const QStringList expected{u("{"),
                               u(R"(    "b": 1,)"),
                               u(R"(    "a": 2,)"),
                               u(R"(    "n": 1.50,)"),
                               u(R"(    "big": 1e3,)"),
                               u(R"(    "e": {},)"),
                               u(R"(    "s": "caf\u00e9")"),
                               u("}")};
    QCOMPARE(viewLines(shown.panel->view()), expected);
    QCOMPARE(shown.panel->text(), expected.join(QLatin1Char('\n')) + QLatin1Char('\n'));
    QVERIFY(shown.panel->noteText().isEmpty());

    // The tree lists the keys in the same order, values as sent.
    const JsonTreeModel *model = shown.panel->treeModel();
    QCOMPARE(model->rowCount(), 6);
    QStringList keys, values;
    for (int row = 0; row < model->rowCount(); ++row) {
        keys.append(model->index(row, JsonTreeModel::KeyColumn).data().toString());
        values.append(model->index(row, JsonTreeModel::ValueColumn).data().toString());
    }
    QCOMPARE(keys, QStringList({u("b"), u("a"), u("n"), u("big"), u("e"), u("s")}));
    QCOMPARE(values,
             QStringList({u("1"), u("2"), u("1.50"), u("1e3"), u("{}"), u(R"("caf\u00e9")")}));

    // "Copy JSON" copies what is shown.
    QApplication::clipboard()->clear();
    QTest::mouseClick(shown.panel->findChild<QPushButton *>(QStringLiteral("copyJsonButton")),
                      Qt::LeftButton);
    QCOMPARE(QApplication::clipboard()->text(), shown.panel->text());
}

void tst_RawJsonPanel::findShowsWhichMatchIsCurrent()
{
    Shown shown(SampleCall::json());
    QVERIFY(QTest::qWaitForWindowActive(&shown.window));
    RawJsonPanel *panel = shown.panel;
    QLineEdit *find = panel->findField();
    find->setFocus();
    QTest::keyClicks(find, QStringLiteral("APT_55987"));
    QCOMPARE(panel->matchText(), QStringLiteral("1 of 4"));
    QCOMPARE(panel->view()->currentMatchText(), QStringLiteral("apt_55987"));
    const qsizetype firstLine = panel->view()->cursorLine();
    QVERIFY(panel->view()->json().lineText(firstLine).contains(QLatin1String("apt_55987")));

    QTest::keyClick(find, Qt::Key_Return);
    QCOMPARE(panel->matchText(), QStringLiteral("2 of 4"));
    QVERIFY(panel->view()->cursorLine() > firstLine);
    QTest::keyClick(find, Qt::Key_Return, Qt::ShiftModifier);
    QCOMPARE(panel->matchText(), QStringLiteral("1 of 4"));
    QTest::keyClick(find, Qt::Key_Return, Qt::ShiftModifier); // wraps to the last
    QCOMPARE(panel->matchText(), QStringLiteral("4 of 4"));
    QTest::keyClick(find, Qt::Key_Enter);
    QCOMPARE(panel->matchText(), QStringLiteral("1 of 4"));
    panel->findNext(true); // what Shift+F3 calls
    QCOMPARE(panel->matchText(), QStringLiteral("4 of 4"));
    QCOMPARE(panel->view()->currentMatchText(), QStringLiteral("apt_55987"));
    // The current match is on screen.
    const qsizetype line = panel->view()->cursorLine();
    QVERIFY(line >= panel->view()->firstVisibleLine());
    QVERIFY(line < panel->view()->firstVisibleLine() + panel->view()->visibleLineCount());

    QTest::keyClicks(find, QStringLiteral("-nowhere"));
    QCOMPARE(panel->matchText(), QStringLiteral("No matches"));
    QCOMPARE(panel->view()->currentMatch(), -1);
    find->clear();
    QCOMPARE(panel->matchText(), QString());
}

void tst_RawJsonPanel::treeNodeSelectsItsLineAndCopiesItsPath()
{
    Shown shown(SampleCall::json());
    QVERIFY(QTest::qWaitForWindowActive(&shown.window));
    QTreeView *tree = shown.panel->tree();
    const JsonTreeModel *model = shown.panel->treeModel();
    const QModelIndex call = childNamed(model, {}, u("call"));
    QVERIFY(call.isValid());
    tree->expand(call);
    const QModelIndex attempts = childNamed(model, call, u("call_attempts"));
    QCOMPARE(attempts.siblingAtColumn(JsonTreeModel::ValueColumn).data().toString(), u("[3 items]"));
    tree->expand(attempts);
    const QModelIndex first = model->index(0, 0, attempts);
    QCOMPARE(first.data().toString(), u("0"));
    QCOMPARE(first.siblingAtColumn(JsonTreeModel::ValueColumn).data().toString(), u("{13 keys}"));
    tree->expand(first);
    const QModelIndex status = childNamed(model, first, u("status"));
    QVERIFY(status.isValid());
    tree->scrollTo(status);

    QTest::mouseClick(tree->viewport(), Qt::LeftButton, {}, tree->visualRect(status).center());
    QCOMPARE(tree->currentIndex(), status);
    const JsonTextView *view = shown.panel->view();
    QVERIFY(view->hasSelection());
    QCOMPARE(view->cursorLine(), model->lineOf(status));
    QVERIFY(view->selectedText().trimmed().startsWith(u(R"("status": ")")));
    QVERIFY(view->cursorLine() >= view->firstVisibleLine());
    QVERIFY(view->cursorLine() < view->firstVisibleLine() + view->visibleLineCount());

    QApplication::clipboard()->clear();
    QTest::keyClick(tree, Qt::Key_C, Qt::ControlModifier | Qt::ShiftModifier);
    QCOMPARE(QApplication::clipboard()->text(), u("call.call_attempts[0].status"));
    QTest::keyClick(tree, Qt::Key_C, Qt::ControlModifier);
    QCOMPARE(QApplication::clipboard()->text(),
             JsonLayout::decodeString(view->json().valueToken(model->lineOf(status))));

    // A container's value is its text, re-indented from the left.
    tree->setCurrentIndex(first);
    QTest::keyClick(tree, Qt::Key_C, Qt::ControlModifier);
    const QString value = QApplication::clipboard()->text();
    QVERIFY(value.startsWith(u("{\n    \"id\": ")));
    QVERIFY(value.endsWith(u("\n}")));
}

void tst_RawJsonPanel::treeModelIsLazy()
{
    QByteArray body = R"({"odd key":[)";
    for (int i = 0; i < 1200; ++i)
        body += (i ? "," : "") + QByteArray(R"({"x y":)") + QByteArray::number(i) + "}";
    body += R"(],"1st":true})";
    JsonTreeModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    tester.setUseFetchMore(false); // fetched below, one batch at a time (see Shown)
    model.setJson(JsonLayout::build(body));
    QCOMPARE(model.rowCount(), 0); // nothing made until asked
    QVERIFY(model.canFetchMore({}));
    model.fetchMore({});
    QCOMPARE(model.rowCount(), 2);
    const QModelIndex list = model.index(0, 0);
    QVERIFY(model.hasChildren(list));
    QCOMPARE(model.rowCount(list), 0);
    model.fetchMore(list);
    QCOMPARE(model.rowCount(list), JsonTreeModel::FetchBatch);
    while (model.canFetchMore(list))
        model.fetchMore(list);
    QCOMPARE(model.rowCount(list), 1200);
    const QModelIndex last = model.index(1199, 0, list);
    QCOMPARE(last.data().toString(), u("1199"));
    model.fetchMore(last);
    const QModelIndex leaf = model.index(0, 0, last);
    QCOMPARE(model.pathOf(leaf), u(R"(["odd key"][1199]["x y"])"));
    QCOMPARE(model.valueOf(leaf), u("1199"));
    QCOMPARE(model.pathOf(model.index(1, 0)), u(R"(["1st"])"));
    QVERIFY(model.flags(leaf) & Qt::ItemNeverHasChildren);

    // A bare scalar is one row, "$".
    model.setJson(JsonLayout::build("\"only\""));
    model.fetchMore({});
    QCOMPARE(model.rowCount(), 1);
    QCOMPARE(model.pathOf(model.index(0, 0)), u("$"));
    QCOMPARE(model.index(0, JsonTreeModel::ValueColumn).data().toString(), u("\"only\""));
    QCOMPARE(model.valueOf(model.index(0, 0)), u("only"));
    // Not JSON: no tree.
    model.setJson(JsonLayout::build("<html>"));
    QCOMPARE(model.rowCount(), 0);
    QVERIFY(!model.canFetchMore({}));
}

void tst_RawJsonPanel::selectAndCopyLines()
{
    Shown shown(SampleCall::json());
    QVERIFY(QTest::qWaitForWindowActive(&shown.window));
    JsonTextView *view = shown.panel->view();
    const int pitch = view->fontMetrics().lineSpacing();
    QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, QPoint(20, pitch + pitch / 2));
    QVERIFY(view->hasFocus());
    QCOMPARE(view->cursorLine(), 1);
    QTest::keyClick(view, Qt::Key_Down, Qt::ShiftModifier);
    QTest::keyClick(view, Qt::Key_Down, Qt::ShiftModifier);
    QApplication::clipboard()->clear();
    QTest::keyClick(view, Qt::Key_C, Qt::ControlModifier);
    const QStringList lines = shown.panel->text().split(QLatin1Char('\n'));
    QCOMPARE(QApplication::clipboard()->text(), lines.mid(1, 3).join(QLatin1Char('\n')));

    // Shift+click extends from the anchor; Ctrl+A takes every line.
    QTest::mouseClick(view->viewport(),
                      Qt::LeftButton,
                      Qt::ShiftModifier,
                      QPoint(20, 5 * pitch + pitch / 2));
    QTest::keyClick(view, Qt::Key_C, Qt::ControlModifier);
    QCOMPARE(QApplication::clipboard()->text(), lines.mid(1, 5).join(QLatin1Char('\n')));
    QTest::keyClick(view, Qt::Key_A, Qt::ControlModifier);
    QTest::keyClick(view, Qt::Key_C, Qt::ControlModifier);
    QCOMPARE(QApplication::clipboard()->text() + QLatin1Char('\n'), shown.panel->text());

    // End reaches the last line, with the screen full.
    QTest::keyClick(view, Qt::Key_End);
    const qsizetype count = view->json().lineCount();
    QCOMPARE(view->cursorLine(), count - 1);
    QCOMPARE(view->verticalScrollBar()->value(), view->verticalScrollBar()->maximum());
    QVERIFY(view->firstVisibleLine() + view->visibleLineCount() >= count);
    QTest::keyClick(view, Qt::Key_Home);
    QCOMPARE(view->firstVisibleLine(), 0);
}

void tst_RawJsonPanel::notJson_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("note");
    QTest::newRow("html error page")
        << QByteArray("<!DOCTYPE html>\r\n<html><body>502 Bad Gateway</body></html>\n")
        << u("Not valid JSON: expected a value at line 1, column 1");
    QTest::newRow("truncated") << SampleCall::json().left(300)
                               << u("Not valid JSON: the text ends inside a string");
    QTest::newRow("empty") << QByteArray() << u("The response is empty.");
    QTest::newRow("api error object then junk")
        << QByteArray(R"({"error":"not_found"} trailing)")
        << u("Not valid JSON: more text after the JSON value at line 1, column 23");
}

void tst_RawJsonPanel::notJson()
{
    QFETCH(QByteArray, body);
    QFETCH(QString, note);
    Shown shown(body);
    QVERIFY(QTest::qWaitForWindowExposed(&shown.window));
    RawJsonPanel *panel = shown.panel;
    QVERIFY2(panel->noteText().startsWith(note), qPrintable(panel->noteText()));
    QVERIFY(panel->findChild<QLabel *>(QStringLiteral("rawNote"))->isVisible());
    QVERIFY(!panel->tree()->isVisible());
    QCOMPARE(panel->text(), QString::fromUtf8(body));
    QStringList expected = QString::fromUtf8(body).split(QLatin1Char('\n'));
    if (body.isEmpty() || body.endsWith('\n'))
        expected.removeLast();
    for (QString &line : expected) {
        if (line.endsWith(QLatin1Char('\r')))
            line.chop(1);
    }
    QCOMPARE(viewLines(panel->view()), expected);
    // Never blank without a word: with no lines, the view says why.
    if (body.isEmpty())
        QCOMPARE(panel->view()->placeholderText(), note);
}

void tst_RawJsonPanel::longBodyIsFormattedOffTheGuiThread()
{
    const int turns = 100000;
    const QByteArray body = longCall(turns);
    QVERIFY(body.size() > RawJsonPanel::BackgroundFrom);
    QWidget window;
    auto *panel = new RawJsonPanel(&window);
    (new QVBoxLayout(&window))->addWidget(panel);
    QSignalSpy linesShown(panel, &RawJsonPanel::linesShown);
    QSignalSpy formatted(panel, &RawJsonPanel::formatted);
    panel->setBody([body] { return body; });
    window.show();
    // Shown at once, with a word instead of a blank, while a worker indexes the body.
    QVERIFY(!panel->isFormatted());
    QCOMPARE(panel->view()->placeholderText(), u("Formatting the response…"));
    auto *copy = panel->findChild<QPushButton *>(QStringLiteral("copyJsonButton"));
    QVERIFY(!copy->isEnabled());
    QVERIFY(formatted.wait(60000));
    QVERIFY(copy->isEnabled());
    QCOMPARE(linesShown.count(), 1);
    QVERIFY(panel->isFormatted());
    // { "call": { id, status, "transcript": [ turns × 5 lines ] } }
    QCOMPARE(panel->view()->json().lineCount(), 5 * qsizetype(turns) + 8);
    QVERIFY(panel->noteText().isEmpty());
    QTRY_COMPARE(panel->treeModel()->rowCount(), 1); // fetched as the tree lays out

    // Found on a worker too: "Searching…" first, then the count.
    QSignalSpy searched(panel, &RawJsonPanel::searched);
    panel->findField()->setText(QStringLiteral("turn number 99999 "));
    QCOMPARE(panel->matchText(), u("Searching…"));
    QVERIFY(searched.wait(60000));
    QCOMPARE(panel->matchText(), u("1 of 1"));
    const qsizetype line = panel->view()->cursorLine();
    QVERIFY(panel->view()->json().lineText(line).contains(u("turn number 99999 of a long call")));
    QVERIFY(line >= panel->view()->firstVisibleLine());
}

// A body kept compressed is handed over as it is kept and expanded by the worker that indexes it,
// not on the GUI thread; what is shown is the same.
void tst_RawJsonPanel::compressedBodyIsExpandedByTheWorker()
{
    const QByteArray body = longCall(20000);
    KeptBody kept;
    QSignalSpy compressed(&kept, &KeptBody::compressed);
    kept.set(body);
    QVERIFY(compressed.wait(60000));
    QVERIFY(!kept.snapshot().compressed.isNull());
    QVERIFY(kept.snapshot().plain.isNull());

    QWidget window;
    auto *panel = new RawJsonPanel(&window);
    (new QVBoxLayout(&window))->addWidget(panel);
    QSignalSpy formatted(panel, &RawJsonPanel::formatted);
    panel->setBody([&kept] { return kept.snapshot(); });
    window.show();
    QVERIFY(!panel->isFormatted());
    QVERIFY(formatted.wait(60000));
    QCOMPARE(panel->view()->json().body(), body);
    QCOMPARE(panel->text(), JsonLayout::build(body).text());
}

void tst_RawJsonPanel::newBodyDropsTheOldOne()
{
    const QByteArray big = longCall(50000);
    Shown shown(big);
    QVERIFY(!shown.panel->isFormatted());
    QSignalSpy formatted(shown.panel, &RawJsonPanel::formatted);
    shown.panel->setBody([] { return QByteArray(R"({"next":true})"); });
    // Small: formatted at once; the long one's results, if any come, are dropped.
    QVERIFY(shown.panel->isFormatted());
    QCOMPARE(viewLines(shown.panel->view()),
             QStringList({u("{"), u(R"(    "next": true)"), u("}")}));
    QVERIFY(!formatted.wait(300));
    QCOMPARE(shown.panel->view()->json().lineCount(), 3);
}

void tst_RawJsonPanel::typingNeverReachesWindowShortcuts()
{
    Shown shown(SampleCall::json());
    auto *button = new QPushButton(QStringLiteral("elsewhere"), &shown.window);
    shown.window.layout()->addWidget(button);
    // As the recording player's L: a window-wide single-key shortcut.
    QShortcut skip(QKeySequence(Qt::Key_L), &shown.window, nullptr, nullptr, Qt::WindowShortcut);
    QSignalSpy activated(&skip, &QShortcut::activated);
    QVERIFY(QTest::qWaitForWindowActive(&shown.window));

    button->setFocus();
    QTest::keyClick(button, Qt::Key_L);
    QCOMPARE(activated.count(), 1); // the shortcut works where nothing types

    QWidget *typed[] = {shown.panel->findField(), shown.panel->view(), shown.panel->tree()};
    for (QWidget *widget : typed) {
        widget->setFocus();
        QTRY_VERIFY(widget->hasFocus());
        QTest::keyClick(widget, Qt::Key_L);
        QTest::keyClick(widget, Qt::Key_L, Qt::ShiftModifier);
        QCOMPARE(activated.count(), 1);
    }
    QCOMPARE(shown.panel->findField()->text(), u("ll"));
}

void tst_RawJsonPanel::matchesPaintedOnBothPalettes_data()
{
    QTest::addColumn<bool>("dark");
    QTest::newRow("light") << false;
    QTest::newRow("dark") << true;
}

void tst_RawJsonPanel::matchesPaintedOnBothPalettes()
{
    QFETCH(bool, dark);
    Shown shown(R"({"a":"xx","b":"xx"})");
    if (dark)
        shown.window.setPalette(TestPalettes::dark());
    QVERIFY(QTest::qWaitForWindowExposed(&shown.window));
    shown.panel->findField()->setText(QStringLiteral("xx"));
    QCOMPARE(shown.panel->matchText(), u("1 of 2"));
    JsonTextView *view = shown.panel->view();
    const QPalette colours = view->palette();
    const QImage image = view->viewport()->grab().toImage();
    const int pitch = view->fontMetrics().lineSpacing();
    const int column = view->fontMetrics().horizontalAdvance(u(R"(    "a": ")"));
    const auto at = [&](int line) { return image.pixel(4 + column + 1, line * pitch + 1); };
    QCOMPARE(image.pixel(image.width() - 2, 1), colours.color(QPalette::Base).rgb());
    QCOMPARE(at(1), colours.color(QPalette::Highlight).rgb()); // the current match
    QCOMPARE(at(2), Theme::matchFill(colours).rgb());          // another one
    shown.panel->findNext();
    const QImage next = view->viewport()->grab().toImage();
    QCOMPARE(next.pixel(4 + column + 1, 2 * pitch + 1), colours.color(QPalette::Highlight).rgb());
}

QTEST_MAIN(tst_RawJsonPanel)
#include "tst_rawjsonpanel.moc"
