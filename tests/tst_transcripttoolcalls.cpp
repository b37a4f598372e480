// The transcript tab on every shape of tool call: what each row shows (speech or a result, which
// result of which call), the header's counts, the three filters, copying, and the delegate laying
// out a bubble with its call's card under it. Every model runs under QAbstractItemModelTester.
#include "gui/transcript/transcriptdelegate.h"
#include "gui/transcript/transcriptfilterproxy.h"
#include "gui/transcript/transcriptmodel.h"
#include "gui/transcript/transcriptpanel.h"
#include "gui/transcript/transcriptview.h"
#include "guitesthelpers.h"
#include "toolcallturns.h"

#include <QAbstractItemModelTester>
#include <QComboBox>
#include <QImage>
#include <QStandardPaths>
#include <QTest>

using namespace Revox;
using namespace Revox::ToolCallTurns;
using Filter = TranscriptFilterProxy::Filter;

namespace {

const QString check = QStringLiteral("check_availability");
const QString book = QStringLiteral("book_appointment");
const QJsonObject args{{QStringLiteral("date"), QStringLiteral("2025-11-19")}};

// What a reader sees on each row: S speech, S+C(note) speech with a call card, R(headline|note)
// a call's result, O(…) a result without its call, T a call and its result in one card; ! when
// the card says Failed.
QString describe(const QAbstractItemModel &model)
{
    QStringList rows;
    for (int row = 0; row < model.rowCount(); ++row) {
        const QModelIndex index = model.index(row, 0);
        const auto kind = ToolCallPairing::Kind(index.data(TranscriptModel::TurnKindRole).toInt());
        const QString note = index.data(TranscriptModel::ToolNoteRole).toString();
        const QString headline = index.data(TranscriptModel::ToolHeadlineRole).toString();
        QString text;
        switch (kind) {
        case ToolCallPairing::Kind::Speech:
            text = QStringLiteral("S");
            break;
        case ToolCallPairing::Kind::SpeechWithCall:
            text = QStringLiteral("S+C(%1)").arg(note);
            break;
        case ToolCallPairing::Kind::Result:
            text = QStringLiteral("R(%1|%2)").arg(headline, note);
            break;
        case ToolCallPairing::Kind::OrphanResult:
            text = QStringLiteral("O(%1|%2)").arg(headline, note);
            break;
        case ToolCallPairing::Kind::StandaloneCall:
            text = QStringLiteral("T");
            break;
        }
        if (index.data(TranscriptModel::IsErrorRole).toBool())
            text += QLatin1Char('!');
        rows.append(text);
    }
    return rows.join(QStringLiteral(" ; "));
}

QString turnNumbers(const QAbstractItemModel &model)
{
    QStringList numbers;
    for (int row = 0; row < model.rowCount(); ++row)
        numbers.append(model.index(row, 0).data(TranscriptModel::TurnNumberRole).toString());
    return numbers.join(QLatin1Char(','));
}

QString statusOf(const QList<TranscriptEntry> &turns)
{
    CallAttempt attempt;
    attempt.transcript = turns;
    TranscriptPanel panel;
    panel.setAttempt(&attempt);
    return panel.statusText();
}

} // namespace

class tst_TranscriptToolCalls final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }
    void rows_data();
    void rows();
    void speakingCallUnderHiddenTools();
    void bubbleThenCard();
};

void tst_TranscriptToolCalls::rows_data()
{
    QTest::addColumn<QList<TranscriptEntry>>("turns");
    QTest::addColumn<QString>("expected");
    QTest::addColumn<QString>("status");
    QTest::addColumn<QString>("toolRows");   // "tool calls" filter, turn numbers
    QTest::addColumn<QString>("failedRows"); // "failed tool calls"
    QTest::addColumn<QString>("speechRows"); // "no tools"

    const TranscriptEntry hello = said(QStringLiteral("user"), QStringLiteral("Hello?"));
    QTest::newRow("call-one-result")
        << QList<TranscriptEntry>{callWhileSaying(checkWords(), check, args),
                                  result(check, QStringLiteral("{\"slots\": []}"))}
        << QStringLiteral("S+C(Result in turn 2) ; R(result|Call in turn 1)")
        << QStringLiteral("2 turns · 1 tool call") << QStringLiteral("1,2") << QString()
        << QStringLiteral("1");
    QTest::newRow("call-failure-retry")
        << callFailureRetry()
        << QStringLiteral("S ; S+C(Results in turns 3 and 4) ; R(result 1 of 2|Call in turn 2)! ; "
                          "R(result 2 of 2, retry after a failure|Call in turn 2) ; S")
        << QStringLiteral("5 turns · 1 tool call") << QStringLiteral("2,3,4") << QString()
        << QStringLiteral("1,2,5");
    QTest::newRow("call-failed-for-good")
        << QList<TranscriptEntry>{callWhileSaying(checkWords(), check, args),
                                  result(check, QStringLiteral("Timeout"), true),
                                  result(check, QStringLiteral("Timeout again"), true)}
        << QStringLiteral("S+C(Results in turns 2 and 3)! ; R(result 1 of 2|Call in turn 1)! ; "
                          "R(result 2 of 2, retry after a failure|Call in turn 1)!")
        << QStringLiteral("3 turns · 1 tool call · 1 failed") << QStringLiteral("1,2,3")
        << QStringLiteral("1,2,3") << QStringLiteral("1");
    QTest::newRow("result-empty-content")
        << QList<TranscriptEntry>{callWhileSaying(checkWords(), check, args), result(check, {})}
        << QStringLiteral("S+C(Result in turn 2) ; R(result|Call in turn 1)")
        << QStringLiteral("2 turns · 1 tool call") << QStringLiteral("1,2") << QString()
        << QStringLiteral("1");
    QTest::newRow("call-no-result")
        << QList<TranscriptEntry>{callWhileSaying(checkWords(), check, args), hello}
        << QStringLiteral("S+C(No result in the transcript) ; S")
        << QStringLiteral("2 turns · 1 tool call") << QStringLiteral("1") << QString()
        << QStringLiteral("1,2");
    QTest::newRow("result-without-call")
        << QList<TranscriptEntry>{hello, result(check, QStringLiteral("boom"), true)}
        << QStringLiteral("S ; O(result without its call|Its call is not in the transcript)!")
        << QStringLiteral("2 turns · 1 tool call · 1 failed · 1 result without its call")
        << QStringLiteral("2") << QStringLiteral("2") << QStringLiteral("1");
    QTest::newRow("standalone-as-today")
        << QList<TranscriptEntry>{resultWithArguments(book,
                                                      QStringLiteral("{}"),
                                                      QStringLiteral("Timeout"),
                                                      true),
                                  resultWithArguments(book,
                                                      QStringLiteral("{}"),
                                                      QStringLiteral("confirmed"))}
        << QStringLiteral("T! ; T") << QStringLiteral("2 turns · 2 tool calls · 1 failed")
        << QStringLiteral("1,2") << QStringLiteral("1") << QString();
    QTest::newRow("two-tools-interleaved")
        << QList<TranscriptEntry>{callWhileSaying(checkWords(), check, args),
                                  callWhileSaying(QStringLiteral("And booking it."), book, args),
                                  result(book, QStringLiteral("Timeout"), true),
                                  result(check, QStringLiteral("{\"slots\": []}")),
                                  result(book, QStringLiteral("confirmed"))}
        << QStringLiteral("S+C(Result in turn 4) ; S+C(Results in turns 3 and 5) ; "
                          "R(result 1 of 2|Call in turn 2)! ; R(result|Call in turn 1) ; "
                          "R(result 2 of 2, retry after a failure|Call in turn 2)")
        << QStringLiteral("5 turns · 2 tool calls") << QStringLiteral("1,2,3,4,5") << QString()
        << QStringLiteral("1,2");
    QTest::newRow("same-tool-twice-latest-call")
        << QList<TranscriptEntry>{callWhileSaying(checkWords(), check, args),
                                  result(check, QStringLiteral("none")),
                                  callWhileSaying(QStringLiteral("Thursday then?"), check, args),
                                  result(check, QStringLiteral("{\"slots\": [\"9:00\"]}"))}
        << QStringLiteral("S+C(Result in turn 2) ; R(result|Call in turn 1) ; "
                          "S+C(Result in turn 4) ; R(result|Call in turn 3)")
        << QStringLiteral("4 turns · 2 tool calls") << QStringLiteral("1,2,3,4") << QString()
        << QStringLiteral("1,3");
    TranscriptEntry userCall = said(QStringLiteral("user"), QStringLiteral("content"));
    userCall.toolName = QStringLiteral("tool_name");
    userCall.toolArguments.setObject({{QStringLiteral("foo"), QStringLiteral("bar")}});
    userCall.toolIsError = true;
    QTest::newRow("docs-example-user-turn")
        << QList<TranscriptEntry>{userCall} << QStringLiteral("S+C(No result in the transcript)!")
        << QStringLiteral("1 turn · 1 tool call · 1 failed") << QStringLiteral("1")
        << QStringLiteral("1") << QStringLiteral("1");
    TranscriptEntry noRole;
    noRole.content = QStringLiteral("who?");
    TranscriptEntry bareTool;
    bareTool.role = QStringLiteral("tool");
    QTest::newRow("unknown-roles-and-missing-fields")
        << QList<TranscriptEntry>{said(QStringLiteral("supervisor"), QStringLiteral("note")),
                                  noRole,
                                  bareTool}
        << QStringLiteral("S ; S ; O(result without its call|Its call is not in the transcript)")
        << QStringLiteral("3 turns · 1 tool call · 1 result without its call")
        << QStringLiteral("3") << QString() << QStringLiteral("1,2");
    QTest::newRow("sample-call") << *TestCalls::sample().callAttempts.at(0).transcript
                                 << QStringLiteral(
                                        "S ; S ; S ; S ; S ; T ; S ; S ; T! ; S ; T ; S ; "
                                        "S ; T ; T ; S ; S ; S ; T")
                                 << QStringLiteral("19 turns · 6 tool calls · 1 failed")
                                 << QStringLiteral("6,9,11,14,15,19") << QStringLiteral("9")
                                 << QStringLiteral("1,2,3,4,5,7,8,10,12,13,16,17,18");
}

void tst_TranscriptToolCalls::rows()
{
    QFETCH(QList<TranscriptEntry>, turns);
    QFETCH(QString, expected);
    QFETCH(QString, status);
    QFETCH(QString, toolRows);
    QFETCH(QString, failedRows);
    QFETCH(QString, speechRows);

    TranscriptModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    TranscriptFilterProxy proxy;
    QAbstractItemModelTester proxyTester(&proxy,
                                         QAbstractItemModelTester::FailureReportingMode::QtTest);
    proxy.setSourceModel(&model);
    model.setTurns(turns);
    QCOMPARE(model.rowCount(), turns.size()); // rows stay turns
    QCOMPARE(describe(model), expected);

    for (int row = 0; row < model.rowCount(); ++row) {
        const QModelIndex index = model.index(row);
        const TranscriptEntry &turn = turns.at(row);
        const QVariant speech = index.data(TranscriptModel::SpeechRole);
        const QVariant result = index.data(TranscriptModel::ResultRole);
        // Spoken words are never a result: a row holds one or the other, and a speaker's words
        // are shown as sent, in the bubble.
        QVERIFY(!(speech.isValid() && result.isValid()));
        if (speech.isValid()) {
            QCOMPARE(speech.toString(), turn.content);
            QCOMPARE(index.data(TranscriptModel::ContentRole).toString(), turn.content);
            QVERIFY(index.data(TranscriptModel::SpeakerRole).toInt()
                    != int(TranscriptModel::Speaker::Tool));
            const QString copy = index.data(TranscriptModel::CopyTextRole).toString();
            QVERIFY2(!copy.contains(QStringLiteral("result:\n") + turn.content)
                         || turn.content.isEmpty(),
                     qPrintable(copy));
        }
        if (turn.role == QStringLiteral("assistant"))
            QVERIFY(speech.isValid());
    }

    QCOMPARE(statusOf(turns), status);
    proxy.setFilter(Filter::ToolCallsOnly);
    QCOMPARE(turnNumbers(proxy), toolRows);
    proxy.setFilter(Filter::ErrorsOnly);
    QCOMPARE(turnNumbers(proxy), failedRows);
    proxy.setFilter(Filter::HideTools);
    QCOMPARE(turnNumbers(proxy), speechRows);
    for (int row = 0; row < proxy.rowCount(); ++row) {
        // The conversation alone: no card, and nothing of a tool in what is copied.
        const QModelIndex index = proxy.index(row, 0);
        QVERIFY(!index.data(TranscriptModel::IsToolRole).toBool());
        QVERIFY(
            !index.data(TranscriptModel::CopyTextRole).toString().contains(QStringLiteral("[tool]")));
        QVERIFY(index.data(TranscriptModel::SpeechRole).isValid());
    }
}

void tst_TranscriptToolCalls::speakingCallUnderHiddenTools()
{
    // In the real panel: "Hide tool calls" keeps what the agent said while calling the tool.
    CallAttempt attempt;
    attempt.transcript = callFailureRetry();
    TranscriptPanel panel;
    panel.resize(800, 600);
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    panel.setAttempt(&attempt);
    panel.setFilter(Filter::HideTools);
    QCOMPARE(panel.proxy()->rowCount(), 3);
    QCOMPARE(panel.proxy()->index(1, 0).data(TranscriptModel::CopyTextRole).toString(),
             QStringLiteral("Agent: ") + checkWords());
}

void tst_TranscriptToolCalls::bubbleThenCard()
{
    QList<TranscriptEntry> turns = callFailureRetry();
    turns.append(callWhileSaying(QString(200, QLatin1Char('w')), book, args)); // no result
    TranscriptModel model;
    model.setTurns(turns);
    TranscriptFilterProxy proxy;
    proxy.setSourceModel(&model);
    TranscriptView view;
    view.setModel(&proxy);
    view.resize(700, 600);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    QStyleOptionViewItem option;
    option.initFrom(&view);
    option.font = view.font();
    TranscriptDelegate *delegate = view.transcriptDelegate();
    const QModelIndex speaking = proxy.index(1, 0);
    const QModelIndex plain = proxy.index(0, 0);
    const int bubbleOnly = delegate->layoutHeight(option, plain);
    const int withCard = delegate->layoutHeight(option, speaking);
    QVERIFY2(withCard > 2 * bubbleOnly,
             qPrintable(QStringLiteral("%1 %2").arg(withCard).arg(bubbleOnly)));
    // The card's header is under the bubble: clicking it collapses the card, not the words.
    QTRY_VERIFY(view.visualRect(speaking).height() > 0);
    const QRect item = view.visualRect(speaking);
    const QRect header = delegate->headerRect(item, speaking);
    QVERIFY(header.top() > item.top() + bubbleOnly / 2);
    QVERIFY(item.contains(header));
    QTest::mouseClick(view.viewport(), Qt::LeftButton, {}, header.center());
    QVERIFY(!speaking.data(TranscriptModel::ExpandedRole).toBool());
    const int collapsed = delegate->layoutHeight(option, speaking);
    QVERIFY(collapsed < withCard && collapsed > bubbleOnly);

    // sizeHint agrees with the layout in every filter (the cache knows a card can be hidden).
    for (const Filter filter : {Filter::All, Filter::HideTools, Filter::ToolCallsOnly}) {
        proxy.setFilter(filter);
        for (int row = 0; row < proxy.rowCount(); ++row) {
            const QModelIndex index = proxy.index(row, 0);
            QCOMPARE(delegate->sizeHint(option, index).height(),
                     delegate->layoutHeight(option, index));
        }
    }
    proxy.setFilter(Filter::HideTools);
    QCOMPARE(delegate->sizeHint(option, proxy.index(1, 0)).height(), bubbleOnly);

    QImage image(view.viewport()->size(), QImage::Format_ARGB32);
    proxy.setFilter(Filter::All);
    view.viewport()->render(&image);
    QVERIFY(!image.isNull());
}

QTEST_MAIN(tst_TranscriptToolCalls)
#include "tst_transcripttoolcalls.moc"
