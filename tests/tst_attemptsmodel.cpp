// AttemptsModel: the attempts table's rows for the sample call, the documented example and
// hostile attempts.
#include "gui/summary/attemptsmodel.h"
#include "guitesthelpers.h"

#include <QAbstractItemModelTester>
#include <QJsonArray>
#include <QStandardPaths>
#include <QTest>

using namespace Revox;

class tst_AttemptsModel final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }
    void sampleCall_data();
    void sampleCall();
    void exampleResponse();
    void hostileAttempts_data();
    void hostileAttempts();
    void headers();
};

void tst_AttemptsModel::sampleCall_data()
{
    QTest::addColumn<int>("row");
    QTest::addColumn<int>("column");
    QTest::addColumn<QString>("display");
    using M = AttemptsModel;
    // Most recent first, as the API sends them; numbered from the first attempt.
    QTest::newRow("latest-is-number-3") << 0 << int(M::Number) << QStringLiteral("3");
    QTest::newRow("human-result") << 0 << int(M::Result) << QStringLiteral("Human");
    QTest::newRow("time-to-answer") << 0 << int(M::TimeToAnswer) << QStringLiteral("8.4 s");
    QTest::newRow("talk-time") << 0 << int(M::Talk) << QStringLiteral("1 min 43 s");
    QTest::newRow("ended-by") << 0 << int(M::EndedBy) << QStringLiteral("Agent");
    QTest::newRow("end-reason") << 0 << int(M::EndReason) << QStringLiteral("tool_end_call");
    QTest::newRow("voicemail") << 1 << int(M::Result) << QStringLiteral("Voicemail");
    QTest::newRow("busy-dial-error") << 2 << int(M::DialError) << QStringLiteral("Busy");
    QTest::newRow("error-status") << 2 << int(M::Status) << QStringLiteral("Error");
    QTest::newRow("never-answered") << 2 << int(M::TimeToAnswer) << QStringLiteral("—");
    QTest::newRow("no-result") << 2 << int(M::Result) << QStringLiteral("—");
    QTest::newRow("number") << 2 << int(M::Phone) << QStringLiteral("+33612345678");
}

void tst_AttemptsModel::sampleCall()
{
    QFETCH(int, row);
    QFETCH(int, column);
    QFETCH(QString, display);
    AttemptsModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setAttempts(TestCalls::sample().callAttempts);
    QCOMPARE(model.rowCount(), 3);
    QCOMPARE(model.columnCount(), int(AttemptsModel::ColumnCount));
    QCOMPARE(model.index(row, column).data().toString(), display);
    QCOMPARE(model.index(row, column).data(AttemptsModel::AttemptIndexRole).toInt(), row);
}

void tst_AttemptsModel::exampleResponse()
{
    AttemptsModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setAttempts(TestCalls::example().callAttempts);
    QCOMPARE(model.rowCount(), 1);
    // `{}` timestamps: "unknown", with the raw value in the tooltip.
    QCOMPARE(model.index(0, AttemptsModel::Started).data().toString(), QStringLiteral("unknown"));
    QVERIFY(model.index(0, AttemptsModel::Started)
                .data(Qt::ToolTipRole)
                .toString()
                .contains(QStringLiteral("{}")));
    QVERIFY(!model.index(0, AttemptsModel::Started).data(AttemptsModel::RawValueRole).isValid());
    QCOMPARE(model.index(0, AttemptsModel::Result).data().toString(), QStringLiteral("IVR"));
    QCOMPARE(model.index(0, AttemptsModel::DialError).data().toString(),
             QStringLiteral("Number not attributed"));
    QVERIFY(model.index(0, AttemptsModel::DialError)
                .data(Qt::ToolTipRole)
                .toString()
                .contains(QStringLiteral("not assigned to any subscriber")));
    QCOMPARE(model.index(0, AttemptsModel::DialError).data(AttemptsModel::RawValueRole).toString(),
             QStringLiteral("number_non_attributed"));
    QCOMPARE(model.index(0, AttemptsModel::Status).data().toString(), QStringLiteral("Queued"));
}

void tst_AttemptsModel::hostileAttempts_data()
{
    QTest::addColumn<QJsonObject>("attempt");
    QTest::addColumn<int>("column");
    QTest::addColumn<QString>("display");
    QTest::addColumn<QString>("toolTipContains");

    QTest::newRow("unknown-status-shown-raw")
        << QJsonObject{{QStringLiteral("id"), QStringLiteral("a")},
                       {QStringLiteral("status"), QStringLiteral("teleported")}}
        << int(AttemptsModel::Status) << QStringLiteral("teleported")
        << QStringLiteral("does not know");
    QTest::newRow("ios-screening-explained")
        << QJsonObject{{QStringLiteral("id"), QStringLiteral("a")},
                       {QStringLiteral("result"), QStringLiteral("ios-screening-filter")}}
        << int(AttemptsModel::Result) << QStringLiteral("iOS screening")
        << QStringLiteral("iOS call screening");
    QTest::newRow("no-international-permission-explained")
        << QJsonObject{{QStringLiteral("id"), QStringLiteral("a")},
                       {QStringLiteral("dial_error"), QStringLiteral("no_international_permission")}}
        << int(AttemptsModel::DialError) << QStringLiteral("No international permission")
        << QStringLiteral("not allowed to call this country");
    QTest::newRow("markup-end-reason-escaped-in-tooltip")
        << QJsonObject{{QStringLiteral("id"), QStringLiteral("a")},
                       {QStringLiteral("end_reason"),
                        QStringLiteral("<img src=http://127.0.0.1:9/p.png>")}}
        << int(AttemptsModel::EndReason) << QStringLiteral("<img src=http://127.0.0.1:9/p.png>")
        << QStringLiteral("&lt;img");
    QTest::newRow("garbage-timestamp")
        << QJsonObject{{QStringLiteral("id"), QStringLiteral("a")},
                       {QStringLiteral("started_at"), QStringLiteral("yesterday-ish")}}
        << int(AttemptsModel::Started) << QStringLiteral("unknown")
        << QStringLiteral("yesterday-ish");
    QTest::newRow("epoch-seconds-timestamp")
        << QJsonObject{{QStringLiteral("id"), QStringLiteral("a")},
                       {QStringLiteral("started_at"), 1762959600}}
        << int(AttemptsModel::Started) << QString()
        << QStringLiteral("2025-11-12 15:00:00.000 UTC");
    QTest::newRow("answered-before-started")
        << QJsonObject{{QStringLiteral("id"), QStringLiteral("a")},
                       {QStringLiteral("started_at"), QStringLiteral("2025-11-12T10:00:10Z")},
                       {QStringLiteral("answered_at"), QStringLiteral("2025-11-12T10:00:00Z")}}
        << int(AttemptsModel::TimeToAnswer) << QStringLiteral("−10 s") << QString();
    QTest::newRow("missing-everything")
        << QJsonObject{} << int(AttemptsModel::Phone) << QStringLiteral("—") << QString();
}

void tst_AttemptsModel::hostileAttempts()
{
    QFETCH(QJsonObject, attempt);
    QFETCH(int, column);
    QFETCH(QString, display);
    QFETCH(QString, toolTipContains);
    const Call call = TestCalls::parse(TestCalls::editedSample(
        [&](QJsonObject &c) { c.insert(QStringLiteral("call_attempts"), QJsonArray{attempt}); }));
    AttemptsModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setAttempts(call.callAttempts);
    QCOMPARE(model.rowCount(), 1);
    const QModelIndex index = model.index(0, column);
    if (!display.isNull())
        QCOMPARE(index.data().toString(), display);
    const QString toolTip = index.data(Qt::ToolTipRole).toString();
    if (!toolTipContains.isEmpty())
        QVERIFY2(toolTip.contains(toolTipContains), qPrintable(toolTip));
    QVERIFY2(!toolTip.contains(QStringLiteral("<img")), qPrintable(toolTip));
    for (int c = 0; c < model.columnCount(); ++c)
        QVERIFY(model.index(0, c).data().isValid());

    model.setAttempts({});
    QCOMPARE(model.rowCount(), 0);
}

void tst_AttemptsModel::headers()
{
    AttemptsModel model;
    QCOMPARE(model.headerData(AttemptsModel::DialError, Qt::Horizontal).toString(),
             QStringLiteral("Dial error"));
    QCOMPARE(model.headerData(AttemptsModel::Talk, Qt::Horizontal).toString(),
             QStringLiteral("Talk time"));
    QVERIFY(!model.headerData(AttemptsModel::ColumnCount, Qt::Horizontal).isValid());
    QVERIFY(!model.headerData(0, Qt::Vertical).isValid());
}

QTEST_MAIN(tst_AttemptsModel)
#include "tst_attemptsmodel.moc"
