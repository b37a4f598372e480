// TranscriptModel, its filter proxy, the delegate's geometry and the view's copy: fed the
// sample call, the documented example, hostile turns and 100,000 generated turns.
#include "gui/transcript/transcriptdelegate.h"
#include "gui/transcript/transcriptfilterproxy.h"
#include "gui/transcript/transcriptmodel.h"
#include "gui/transcript/transcriptview.h"
#include "guitesthelpers.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QClipboard>
#include <QElapsedTimer>
#include <QImage>
#include <QPainter>
#include <QScrollBar>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTest>

using namespace Revox;

class tst_TranscriptModel final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }
    void sampleTurns();
    void toolArgumentsPrettyPrinted_data();
    void toolArgumentsPrettyPrinted();
    void exampleResponseToolOnUserRole();
    void hostileTurns_data();
    void hostileTurns();
    void filter_data();
    void filter();
    void quickHeightsMatchLayout_data();
    void quickHeightsMatchLayout();
    void collapsingShrinksRow();
    void copySelectedTurns();
    void hundredThousandTurns();
};

void tst_TranscriptModel::sampleTurns()
{
    TranscriptModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    const Call call = TestCalls::sample();
    model.setTurns(*call.callAttempts.at(0).transcript);
    QCOMPARE(model.rowCount(), 19);

    const QModelIndex agent = model.index(0);
    QCOMPARE(agent.data(TranscriptModel::SpeakerRole).toInt(), int(TranscriptModel::Speaker::Agent));
    QCOMPARE(agent.data(TranscriptModel::SpeakerLabelRole).toString(), QStringLiteral("Agent"));
    QVERIFY(agent.data(TranscriptModel::ContentRole)
                .toString()
                .startsWith(QStringLiteral("Hi, this is Nora")));
    QVERIFY(!agent.data(TranscriptModel::IsToolRole).toBool());
    QVERIFY(!agent.data(TranscriptModel::ErrorFlagRole).isValid());
    QCOMPARE(model.index(1).data(TranscriptModel::SpeakerLabelRole).toString(),
             QStringLiteral("Caller"));

    const QModelIndex check = model.index(5);
    QVERIFY(check.data(TranscriptModel::IsToolRole).toBool());
    QCOMPARE(check.data(TranscriptModel::ToolNameRole).toString(),
             QStringLiteral("check_availability"));
    QCOMPARE(check.data(TranscriptModel::ErrorFlagRole), QVariant(false));
    // The result string holds JSON: shown indented, kept as sent in RawContentRole.
    QVERIFY(check.data(TranscriptModel::ContentRole)
                .toString()
                .contains(QStringLiteral("\n    \"practitioner\"")));
    QCOMPARE(check.data(TranscriptModel::RawContentRole).toString(),
             QStringLiteral(
                 "{\"slots\": [\"14:30\", \"16:15\"], \"practitioner\": \"Dr. Okafor\"}"));

    const QModelIndex failed = model.index(8);
    QCOMPARE(failed.data(TranscriptModel::ToolNameRole).toString(),
             QStringLiteral("book_appointment"));
    QVERIFY(failed.data(TranscriptModel::IsErrorRole).toBool());
    QVERIFY(
        failed.data(TranscriptModel::CopyTextRole).toString().contains(QStringLiteral("FAILED")));
    QVERIFY(failed.data(TranscriptModel::CopyTextRole)
                .toString()
                .contains(QStringLiteral("error:\nTimeout")));
}

void tst_TranscriptModel::toolArgumentsPrettyPrinted_data()
{
    QTest::addColumn<int>("row");
    QTest::addColumn<QString>("expected");
    QTest::newRow("object-indented")
        << 5 << QStringLiteral("{\n    \"constraints\": {\n        \"exclude\": [");
    QTest::newRow("json-in-string-indented")
        << 13 << QStringLiteral("{\n    \"appointment_id\": \"apt_55987\",");
    QTest::newRow("plain-string-as-is")
        << 14
        << QStringLiteral(
               "Patient asked for an e-mail confirmation too: camille.martin@example.com");
}

void tst_TranscriptModel::toolArgumentsPrettyPrinted()
{
    QFETCH(int, row);
    QFETCH(QString, expected);
    TranscriptModel model;
    model.setTurns(*TestCalls::sample().callAttempts.at(0).transcript);
    QVERIFY2(model.index(row).data(TranscriptModel::ToolArgumentsRole).toString().startsWith(expected),
             qPrintable(model.index(row).data(TranscriptModel::ToolArgumentsRole).toString()));
}

void tst_TranscriptModel::exampleResponseToolOnUserRole()
{
    // The documented example puts tool fields on a "user" turn: it is a tool call, and failed.
    TranscriptModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setTurns(*TestCalls::example().callAttempts.at(0).transcript);
    QCOMPARE(model.rowCount(), 1);
    QVERIFY(model.index(0).data(TranscriptModel::IsToolRole).toBool());
    QVERIFY(model.index(0).data(TranscriptModel::IsErrorRole).toBool());
    QCOMPARE(model.index(0).data(TranscriptModel::RawRoleRole).toString(), QStringLiteral("user"));
    QCOMPARE(model.index(0).data(TranscriptModel::ToolArgumentsRole).toString(),
             QStringLiteral("{\n    \"foo\": \"bar\"\n}"));
}

void tst_TranscriptModel::hostileTurns_data()
{
    QTest::addColumn<TranscriptEntry>("entry");
    QTest::addColumn<int>("speaker");

    using S = TranscriptModel::Speaker;
    QTest::newRow("empty-content")
        << TestCalls::turn(QStringLiteral("assistant"), QString()) << int(S::Agent);
    QTest::newRow("unknown-role") << TestCalls::turn(QStringLiteral("supervisor"),
                                                     QStringLiteral("hi"))
                                  << int(S::Other);
    TranscriptEntry noRole;
    noRole.content = QStringLiteral("who said this?");
    QTest::newRow("no-role") << noRole << int(S::Other);
    QTest::newRow("img-markup") << TestCalls::turn(
        QStringLiteral("user"), QStringLiteral("<img src=\"http://127.0.0.1:9/x.png\"><b>bold</b>"))
                                << int(S::Caller);
    QTest::newRow("rtl") << TestCalls::turn(QStringLiteral("user"),
                                            QStringLiteral("مرحبا، أريد تغيير الموعد"))
                         << int(S::Caller);
    QTest::newRow("emoji") << TestCalls::turn(QStringLiteral("assistant"),
                                              QStringLiteral("Parfait 👍🏽 à mercredi 🦷"))
                           << int(S::Agent);
    QTest::newRow("huge-line-no-spaces")
        << TestCalls::turn(QStringLiteral("assistant"), QString(200000, QLatin1Char('x')))
        << int(S::Agent);
    QTest::newRow("many-newlines")
        << TestCalls::turn(QStringLiteral("user"), QStringLiteral("line\n").repeated(500))
        << int(S::Caller);
    QTest::newRow("tool-without-name") << TestCalls::toolTurn(QString(),
                                                              QStringLiteral("{not json"),
                                                              QStringLiteral("{\"a\":"),
                                                              true)
                                       << int(S::Tool);
    TranscriptEntry bare;
    bare.role = QStringLiteral("tool");
    QTest::newRow("tool-role-nothing-else") << bare << int(S::Tool);
}

void tst_TranscriptModel::hostileTurns()
{
    QFETCH(TranscriptEntry, entry);
    QFETCH(int, speaker);
    TranscriptModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setTurns({entry, TestCalls::turn(QStringLiteral("user"), QStringLiteral("after"))});
    const QModelIndex index = model.index(0);
    QCOMPARE(index.data(TranscriptModel::SpeakerRole).toInt(), speaker);
    QCOMPARE(index.data(TranscriptModel::RawContentRole).toString(), entry.content);
    if (!entry.isToolCall())
        QCOMPARE(index.data(TranscriptModel::ContentRole).toString(), entry.content);
    // Copy keeps everything, even what the view cuts.
    QVERIFY(index.data(TranscriptModel::CopyTextRole).toString().contains(entry.content));

    TranscriptView view;
    view.resize(600, 400);
    view.setModel(&model);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    const QSize hint = view.itemDelegate()->sizeHint(QStyleOptionViewItem(), index);
    QVERIFY(hint.height() > 0);
    QVERIFY(hint.width() <= view.viewport()->width());
    // Painting the row must work (and stay within its size).
    QImage image(view.viewport()->size(), QImage::Format_ARGB32);
    view.viewport()->render(&image);
    QVERIFY(!image.isNull());
}

void tst_TranscriptModel::filter_data()
{
    QTest::addColumn<TranscriptFilterProxy::Filter>("filter");
    QTest::addColumn<int>("rows");
    QTest::newRow("all") << TranscriptFilterProxy::Filter::All << 19;
    QTest::newRow("tool-calls-only") << TranscriptFilterProxy::Filter::ToolCallsOnly << 6;
    QTest::newRow("failed-only") << TranscriptFilterProxy::Filter::ErrorsOnly << 1;
    QTest::newRow("hide-tools") << TranscriptFilterProxy::Filter::HideTools << 13;
}

void tst_TranscriptModel::filter()
{
    QFETCH(TranscriptFilterProxy::Filter, filter);
    QFETCH(int, rows);
    TranscriptModel model;
    TranscriptFilterProxy proxy;
    proxy.setSourceModel(&model);
    QAbstractItemModelTester tester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setTurns(*TestCalls::sample().callAttempts.at(0).transcript);
    proxy.setFilter(filter);
    QCOMPARE(proxy.rowCount(), rows);
    for (int row = 0; row < proxy.rowCount(); ++row) {
        const QModelIndex index = proxy.index(row, 0);
        const bool tool = index.data(TranscriptModel::IsToolRole).toBool();
        if (filter == TranscriptFilterProxy::Filter::ToolCallsOnly)
            QVERIFY(tool);
        if (filter == TranscriptFilterProxy::Filter::HideTools)
            QVERIFY(!tool);
        if (filter == TranscriptFilterProxy::Filter::ErrorsOnly)
            QCOMPARE(index.data(TranscriptModel::ToolNameRole).toString(),
                     QStringLiteral("book_appointment"));
    }
    // The turn number stays the position in the whole transcript, not in the filtered list.
    if (filter == TranscriptFilterProxy::Filter::ErrorsOnly)
        QCOMPARE(proxy.index(0, 0).data(TranscriptModel::TurnNumberRole).toInt(), 9);
}

void tst_TranscriptModel::quickHeightsMatchLayout_data()
{
    QTest::addColumn<int>("width");
    QTest::newRow("narrow") << 320;
    QTest::newRow("medium") << 700;
    QTest::newRow("wide") << 1600;
}

void tst_TranscriptModel::quickHeightsMatchLayout()
{
    // sizeHint() measures short plain lines with font metrics; it must give the layout's height.
    QFETCH(int, width);
    QList<TranscriptEntry> turns = *TestCalls::sample().callAttempts.at(0).transcript;
    turns.append(TestCalls::turn(QStringLiteral("user"), QStringLiteral("ok")));
    turns.append(TestCalls::turn(QStringLiteral("user"), QString()));
    turns.append(
        TestCalls::turn(QStringLiteral("assistant"), QStringLiteral("Très bien, à mercredi.")));
    turns.append(
        TestCalls::turn(QStringLiteral("assistant"), QStringLiteral("Parfait 👍 à mercredi")));
    turns.append(TestCalls::turn(QStringLiteral("user"), QStringLiteral("مرحبا")));
    turns.append(TestCalls::turn(QStringLiteral("user"), QStringLiteral("word ").repeated(30)));
    TranscriptModel model;
    model.setTurns(turns);
    TranscriptView view;
    view.setModel(&model);
    view.resize(width, 400);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    QStyleOptionViewItem option;
    option.initFrom(&view);
    option.font = view.font();
    for (int row = 0; row < model.rowCount(); ++row) {
        view.transcriptDelegate()->clearCache();
        const QModelIndex index = model.index(row);
        QCOMPARE(view.itemDelegate()->sizeHint(option, index).height(),
                 view.transcriptDelegate()->layoutHeight(option, index));
    }
}

void tst_TranscriptModel::collapsingShrinksRow()
{
    TranscriptModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setTurns(*TestCalls::sample().callAttempts.at(0).transcript);
    TranscriptView view;
    view.resize(700, 500);
    view.setModel(&model);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    const QModelIndex card = model.index(5);
    const int expanded = view.itemDelegate()->sizeHint(QStyleOptionViewItem(), card).height();
    QVERIFY(card.data(TranscriptModel::ExpandedRole).toBool());

    // Space on the current card collapses it; the row gets shorter.
    view.setCurrentIndex(card);
    QTest::keyClick(&view, Qt::Key_Space);
    QVERIFY(!card.data(TranscriptModel::ExpandedRole).toBool());
    const int collapsed = view.itemDelegate()->sizeHint(QStyleOptionViewItem(), card).height();
    QVERIFY2(collapsed * 3 < expanded,
             qPrintable(QStringLiteral("%1 vs %2").arg(collapsed).arg(expanded)));

    // A click on the header expands it again.
    QTRY_VERIFY(view.visualRect(card).height() == collapsed);
    const QRect header = view.transcriptDelegate()->headerRect(view.visualRect(card), card);
    QVERIFY(header.isValid());
    QTest::mouseClick(view.viewport(), Qt::LeftButton, {}, header.center());
    QVERIFY(card.data(TranscriptModel::ExpandedRole).toBool());

    // Speech turns have no header and ignore the toggle keys.
    view.setCurrentIndex(model.index(0));
    QTest::keyClick(&view, Qt::Key_Space);
    QVERIFY(!view.transcriptDelegate()
                 ->headerRect(view.visualRect(model.index(0)), model.index(0))
                 .isValid());

    // Wider views need less height for wrapped speech.
    const QModelIndex longTurn = model.index(3);
    const int narrow = view.itemDelegate()->sizeHint(QStyleOptionViewItem(), longTurn).height();
    view.resize(1400, 500);
    QTRY_VERIFY(view.itemDelegate()->sizeHint(QStyleOptionViewItem(), longTurn).height() < narrow);
}

void tst_TranscriptModel::copySelectedTurns()
{
    TranscriptModel model;
    model.setTurns(*TestCalls::sample().callAttempts.at(0).transcript);
    TranscriptView view;
    view.setModel(&model);
    view.resize(600, 400);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    // Selected out of order; copied in transcript order.
    view.selectionModel()->select(model.index(8), QItemSelectionModel::Select);
    view.selectionModel()->select(model.index(1), QItemSelectionModel::Select);
    view.setFocus();
    QTest::keyClick(&view, Qt::Key_C, Qt::ControlModifier);
    const QString text = QApplication::clipboard()->text();
    QVERIFY2(text.startsWith(
                 QStringLiteral("Caller: Yes, speaking.\n\n[tool] book_appointment — FAILED")),
             qPrintable(text));
    QVERIFY(text.contains(QStringLiteral("\"reschedule_from\": \"apt_55102\"")));
}

void tst_TranscriptModel::hundredThousandTurns()
{
    QList<TranscriptEntry> turns;
    constexpr int Count = 100000;
    turns.reserve(Count);
    for (int i = 0; i < Count; ++i) {
        if (i % 10 == 9)
            turns.append(TestCalls::toolTurn(QStringLiteral("lookup_%1").arg(i),
                                             QStringLiteral("{\"n\": %1}").arg(i),
                                             QStringLiteral("ok"),
                                             i % 1000 == 999));
        else
            turns.append(
                TestCalls::turn(i % 2 ? QStringLiteral("user") : QStringLiteral("assistant"),
                                QStringLiteral(
                                    "Turn %1: some words so that the line wraps at narrow widths, "
                                    "with a few more words at the end.")
                                    .arg(i)));
    }
    QElapsedTimer timer;
    timer.start();
    TranscriptModel model;
    TranscriptFilterProxy proxy;
    proxy.setSourceModel(&model);
    model.setTurns(turns);
    QCOMPARE(model.rowCount(), Count);
    const qint64 loadMs = timer.restart();

    // 100,000 turns are searched on a worker (tst_transcriptfind has the cases).
    QSignalSpy answered(&model, &TranscriptModel::matchesChanged);
    model.setSearchText(QStringLiteral("turn 99998:"));
    QVERIFY(model.isSearching());
    QVERIFY(answered.wait(60000));
    QCOMPARE(model.matches().size(), 1);
    QCOMPARE(model.matches().at(0).row, 99998);
    const qint64 searchMs = timer.restart();

    proxy.setFilter(TranscriptFilterProxy::Filter::ErrorsOnly);
    QCOMPARE(proxy.rowCount(), 100);
    proxy.setFilter(TranscriptFilterProxy::Filter::All);
    QCOMPARE(proxy.rowCount(), Count);
    const qint64 filterMs = timer.restart();

    TranscriptView view;
    view.resize(800, 600);
    view.setModel(&proxy);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    const qint64 firstPaintMs = timer.restart();
    {
        QStyleOptionViewItem option;
        option.initFrom(&view);
        option.font = view.font();
        for (int row = 0; row < Count; ++row)
            view.itemDelegate()->sizeHint(option, proxy.index(row, 0));
    }
    const qint64 measureMs = timer.restart();
    // Batched layout measures every row in the background; then the end is reachable.
    QTRY_VERIFY_WITH_TIMEOUT(view.verticalScrollBar()->maximum() > Count * 20, 60000);
    view.scrollToBottom();
    QTRY_VERIFY(view.indexAt(QPoint(10, view.viewport()->height() - 5)).row() >= Count - 3);
    const qint64 fullLayoutMs = timer.elapsed();
    qInfo("100k turns: load %lld ms, search %lld ms, filter twice %lld ms, first paint %lld ms, "
          "measuring every row %lld ms, view layout of all rows %lld ms",
          loadMs,
          searchMs,
          filterMs,
          firstPaintMs,
          measureMs,
          fullLayoutMs);
}

QTEST_MAIN(tst_TranscriptModel)
#include "tst_transcriptmodel.moc"
