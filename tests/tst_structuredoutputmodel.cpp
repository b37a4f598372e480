// StructuredOutputModel: configured fields beside extracted values, missing required values
// flagged, values outside the configuration listed too.
#include "gui/response/structuredoutputmodel.h"
#include "guitesthelpers.h"

#include <QAbstractItemModelTester>
#include <QJsonArray>
#include <QStandardPaths>
#include <QTest>

using namespace Revox;
using State = StructuredOutputModel::State;

namespace {

int rowOf(const StructuredOutputModel &model, const QString &name)
{
    for (int row = 0; row < model.rowCount(); ++row) {
        if (model.index(row, StructuredOutputModel::Name).data().toString() == name)
            return row;
    }
    return -1;
}

StructuredOutputField field(const QString &name,
                            const QString &type,
                            bool required,
                            const std::optional<QStringList> &options = std::nullopt)
{
    StructuredOutputField f;
    f.name = name;
    f.type = type;
    f.required = required;
    f.enumOptions = options;
    return f;
}

} // namespace

class tst_StructuredOutputModel final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }
    void humanAttempt_data();
    void humanAttempt();
    void voicemailAttemptMissesRequired();
    void exampleResponse();
    void hostile_data();
    void hostile();
};

void tst_StructuredOutputModel::humanAttempt_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("value");
    QTest::addColumn<int>("state");
    QTest::newRow("text") << QStringLiteral("patient_name") << QStringLiteral("Camille Martin")
                          << int(State::Present);
    QTest::newRow("boolean-false")
        << QStringLiteral("appointment_confirmed") << QStringLiteral("no") << int(State::Present);
    QTest::newRow("enum-option") << QStringLiteral("outcome") << QStringLiteral("rescheduled")
                                 << int(State::Present);
    QTest::newRow("optional-absent")
        << QStringLiteral("follow_up_date") << QStringLiteral("—") << int(State::Absent);
    QTest::newRow("not-configured")
        << QStringLiteral("sms_consent") << QStringLiteral("yes") << int(State::NotConfigured);
}

void tst_StructuredOutputModel::humanAttempt()
{
    QFETCH(QString, name);
    QFETCH(QString, value);
    QFETCH(int, state);
    const Call call = TestCalls::sample();
    StructuredOutputModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setData(call.assistant->structuredOutputConfig, call.callAttempts.at(0).structuredOutput);
    QCOMPARE(model.rowCount(), 7);
    QCOMPARE(model.missingRequiredCount(), 0);
    const int row = rowOf(model, name);
    QVERIFY(row >= 0);
    QCOMPARE(model.index(row, StructuredOutputModel::Value).data().toString(), value);
    QCOMPARE(model.index(row, 0).data(StructuredOutputModel::StateRole).toInt(), state);
    // Configured fields first, in configured order; extra values after them.
    QCOMPARE(rowOf(model, QStringLiteral("sms_consent")), 6);
    QCOMPARE(model.index(0, StructuredOutputModel::Type).data().toString(), QStringLiteral("Text"));
    QCOMPARE(model.index(0, StructuredOutputModel::Required).data().toString(),
             QStringLiteral("yes"));
    QCOMPARE(model.index(0, StructuredOutputModel::Description).data().toString(),
             QStringLiteral("Full name of the patient as confirmed on the call"));
}

void tst_StructuredOutputModel::voicemailAttemptMissesRequired()
{
    const Call call = TestCalls::sample();
    StructuredOutputModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setData(call.assistant->structuredOutputConfig, call.callAttempts.at(1).structuredOutput);
    QCOMPARE(model.missingRequiredCount(), 2);
    const int row = rowOf(model, QStringLiteral("patient_name"));
    QCOMPARE(model.index(row, 0).data(StructuredOutputModel::StateRole).toInt(),
             int(State::MissingRequired));
    QCOMPARE(model.index(row, StructuredOutputModel::Value).data().toString(),
             QStringLiteral("null (required)"));
    QVERIFY(model.index(row, StructuredOutputModel::Value).data(Qt::DecorationRole).isValid());
    QVERIFY(model.index(row, StructuredOutputModel::Value).data(Qt::ForegroundRole).isValid());

    // An attempt with nothing extracted: every required field is flagged.
    model.setData(call.assistant->structuredOutputConfig, call.callAttempts.at(2).structuredOutput);
    QVERIFY(!call.callAttempts.at(2).structuredOutput.has_value());
    QCOMPARE(model.rowCount(), 6);
    for (int row = 0; row < model.rowCount(); ++row) {
        const QModelIndex index = model.index(row, 0);
        QVERIFY(index.data(StructuredOutputModel::RawValueRole).toJsonValue().isUndefined());
        QVERIFY(index.data(StructuredOutputModel::InConfigRole).toBool());
    }
    QCOMPARE(model.missingRequiredCount(), 3);
}

void tst_StructuredOutputModel::exampleResponse()
{
    const Call call = TestCalls::example();
    StructuredOutputModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setData(call.assistant->structuredOutputConfig, call.callAttempts.at(0).structuredOutput);
    // Config has a required "x" the output lacks; the output has "foo" the config lacks.
    QCOMPARE(model.rowCount(), 2);
    QCOMPARE(model.index(0, 0).data(StructuredOutputModel::StateRole).toInt(),
             int(State::MissingRequired));
    QCOMPARE(model.index(0, StructuredOutputModel::Value).data().toString(),
             QStringLiteral("missing (required)"));
    QCOMPARE(model.index(1, StructuredOutputModel::Name).data().toString(), QStringLiteral("foo"));
    QCOMPARE(model.index(1, StructuredOutputModel::Value).data().toString(), QStringLiteral("bar"));
    QVERIFY(!model.index(1, 0).data(StructuredOutputModel::InConfigRole).toBool());
}

void tst_StructuredOutputModel::hostile_data()
{
    QTest::addColumn<QList<StructuredOutputField>>("config");
    QTest::addColumn<QJsonObject>("output");
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("value");
    QTest::addColumn<int>("state");

    const QList<StructuredOutputField> outcome{
        field(QStringLiteral("outcome"),
              QStringLiteral("enum"),
              true,
              QStringList{QStringLiteral("a"), QStringLiteral("b")})};
    QTest::newRow("enum-value-not-an-option")
        << outcome << QJsonObject{{QStringLiteral("outcome"), QStringLiteral("z")}}
        << QStringLiteral("outcome") << QStringLiteral("z") << int(State::NotAnOption);
    QTest::newRow("required-empty-string")
        << outcome << QJsonObject{{QStringLiteral("outcome"), QStringLiteral("  ")}}
        << QStringLiteral("outcome") << QStringLiteral("  ") << int(State::MissingRequired);
    QTest::newRow("object-value-compact")
        << QList<StructuredOutputField>{}
        << QJsonObject{{QStringLiteral("address"),
                        QJsonObject{{QStringLiteral("city"), QStringLiteral("Paris")}}}}
        << QStringLiteral("address") << QStringLiteral("{\"city\":\"Paris\"}")
        << int(State::NotConfigured);
    QTest::newRow("markup-value-literal")
        << QList<StructuredOutputField>{field(QStringLiteral("note"),
                                              QStringLiteral("string"),
                                              false)}
        << QJsonObject{{QStringLiteral("note"),
                        QStringLiteral("<img src=http://127.0.0.1:9/s.png>")}}
        << QStringLiteral("note") << QStringLiteral("<img src=http://127.0.0.1:9/s.png>")
        << int(State::Present);
    QTest::newRow("unknown-type-raw")
        << QList<StructuredOutputField>{field(QStringLiteral("when"),
                                              QStringLiteral("timestamp-tz"),
                                              false)}
        << QJsonObject{{QStringLiteral("when"), 12}} << QStringLiteral("when")
        << QStringLiteral("12") << int(State::Present);
    QTest::newRow("optional-null")
        << QList<StructuredOutputField>{field(QStringLiteral("email"),
                                              QStringLiteral("string"),
                                              false)}
        << QJsonObject{{QStringLiteral("email"), QJsonValue::Null}} << QStringLiteral("email")
        << QStringLiteral("null") << int(State::Empty);
    QTest::newRow("emoji-name") << QList<StructuredOutputField>{}
                                << QJsonObject{{QStringLiteral("mood 🙂"), true}}
                                << QStringLiteral("mood 🙂") << QStringLiteral("yes")
                                << int(State::NotConfigured);
}

void tst_StructuredOutputModel::hostile()
{
    QFETCH(QList<StructuredOutputField>, config);
    QFETCH(QJsonObject, output);
    QFETCH(QString, name);
    QFETCH(QString, value);
    QFETCH(int, state);
    StructuredOutputModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setData(config, output);
    const int row = rowOf(model, name);
    QVERIFY(row >= 0);
    QCOMPARE(model.index(row, StructuredOutputModel::Value).data().toString(), value);
    QCOMPARE(model.index(row, 0).data(StructuredOutputModel::StateRole).toInt(), state);
    const QString toolTip
        = model.index(row, StructuredOutputModel::Value).data(Qt::ToolTipRole).toString();
    QVERIFY2(!toolTip.contains(QStringLiteral("<img")), qPrintable(toolTip));
    model.setData(std::nullopt, std::nullopt);
    QCOMPARE(model.rowCount(), 0);
}

QTEST_MAIN(tst_StructuredOutputModel)
#include "tst_structuredoutputmodel.moc"
