#include "core/call/callparser.h"
#include "core/call/samplecall.h"
#include "core/export/redactor.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace Revox;

class tst_Redactor : public QObject
{
    Q_OBJECT

private slots:
    void text_data();
    void text();
    void jsonKeysAndNestedValues();
    void everyTextFieldOfTheSampleCall();
    void longInputStaysLinear();
};

void tst_Redactor::text_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<QString>("expected");

    const QString phone = Redactor::phoneMarker();
    const QString mail = Redactor::emailMarker();
    QTest::newRow("E.164") << QStringLiteral("call +33612345678 now")
                           << QStringLiteral("call %1 now").arg(phone);
    QTest::newRow("E.164 grouped")
        << QStringLiteral("+33 6 12 34 56 78.") << phone + QStringLiteral(".");
    QTest::newRow("French national") << QStringLiteral("on 01 23 45 67 89. Thanks")
                                     << QStringLiteral("on %1. Thanks").arg(phone);
    QTest::newRow("dotted") << QStringLiteral("06.12.34.56.78") << phone;
    QTest::newRow("US with area code") << QStringLiteral("(555) 123-4567") << phone;
    QTest::newRow("US international")
        << QStringLiteral("+1 (555) 123-4567!") << phone + QStringLiteral("!");
    QTest::newRow("UK") << QStringLiteral("ring +44 20 7946 0958")
                        << QStringLiteral("ring %1").arg(phone);
    QTest::newRow("dashed") << QStringLiteral("555-123-4567") << phone;
    QTest::newRow("inside JSON text") << QStringLiteral("{\"to\": \"+33612345678\"}")
                                      << QStringLiteral("{\"to\": \"%1\"}").arg(phone);
    QTest::newRow("e-mail") << QStringLiteral("mail camille.martin@example.com please")
                            << QStringLiteral("mail %1 please").arg(mail);
    QTest::newRow("e-mail with plus and subdomain")
        << QStringLiteral("<a.b+tag@mail.example.co.uk>") << QStringLiteral("<%1>").arg(mail);
    QTest::newRow("two of each") << QStringLiteral("a@b.io, c@d.io; 0612345678 / 0798765432")
                                 << QStringLiteral("%1, %1; %2 / %2").arg(mail, phone);
    // What must survive: times, dates, IDs, short numbers, money, versions.
    QTest::newRow("ISO date") << QStringLiteral("on 2025-11-19 please")
                              << QStringLiteral("on 2025-11-19 please");
    QTest::newRow("ISO timestamp with zone") << QStringLiteral("2025-11-19T14:30:00+01:00")
                                             << QStringLiteral("2025-11-19T14:30:00+01:00");
    QTest::newRow("formatted UTC time") << QStringLiteral("2025-11-12 15:02:11.482 UTC")
                                        << QStringLiteral("2025-11-12 15:02:11.482 UTC");
    QTest::newRow("European date")
        << QStringLiteral("le 12.11.2025") << QStringLiteral("le 12.11.2025");
    QTest::newRow("clock times") << QStringLiteral("14:30 or 16:15")
                                 << QStringLiteral("14:30 or 16:15");
    QTest::newRow("IDs") << QStringLiteral("pat_7731 apt_55102 call_0612345678")
                         << QStringLiteral("pat_7731 apt_55102 call_0612345678");
    QTest::newRow("UUID") << QStringLiteral("b2330295-2a91-4a1d-bb73-99e7707663d5")
                          << QStringLiteral("b2330295-2a91-4a1d-bb73-99e7707663d5");
    QTest::newRow("short numbers") << QStringLiteral("5 s, 45 minutes, 1.05x, 600 s, 1234567")
                                   << QStringLiteral("5 s, 45 minutes, 1.05x, 600 s, 1234567");
    QTest::newRow("no at sign") << QStringLiteral("example.com") << QStringLiteral("example.com");
    QTest::newRow("empty") << QString() << QString();
    QTest::newRow("RTL and emoji around")
        << QStringLiteral("\u202e 📞 +33612345678 📞") << QStringLiteral("\u202e 📞 %1 📞").arg(phone);
}

void tst_Redactor::text()
{
    QFETCH(QString, input);
    QFETCH(QString, expected);
    QCOMPARE(Redactor::redact(input), expected);
}

void tst_Redactor::jsonKeysAndNestedValues()
{
    const QJsonObject input = QJsonDocument::fromJson(R"({"contact": {"emails": ["a@b.io", 3],
        "mobile": "+33612345678", "x@y.io": true}, "count": 33612345678})")
                                  .object();
    const QJsonObject out = Redactor::redact(input);
    const QJsonObject contact = out.value(QStringLiteral("contact")).toObject();
    QCOMPARE(contact.value(QStringLiteral("emails")).toArray().at(0).toString(),
             Redactor::emailMarker());
    QCOMPARE(contact.value(QStringLiteral("emails")).toArray().at(1).toInt(), 3);
    QCOMPARE(contact.value(QStringLiteral("mobile")).toString(), Redactor::phoneMarker());
    QVERIFY(contact.contains(Redactor::emailMarker()));
    // Numbers are kept as numbers: a redactor must not change the shape of the data.
    QCOMPARE(out.value(QStringLiteral("count")).toDouble(), 33612345678.0);
}

void tst_Redactor::everyTextFieldOfTheSampleCall()
{
    const Call call = *CallParser::parse(SampleCall::json()).call;
    const Call out = Redactor::redact(call);
    QCOMPARE(out.id, call.id);
    QVERIFY(out.otherFields.isEmpty());
    QCOMPARE(*out.toPhoneNumber, Redactor::phoneMarker());
    QCOMPARE(*out.fromPhoneNumber, Redactor::phoneMarker());
    const CallAttempt &human = out.callAttempts.constFirst();
    QCOMPARE(*human.phoneNumber, Redactor::phoneMarker());
    QCOMPARE(human.structuredOutput->value(QStringLiteral("email")).toString(),
             Redactor::emailMarker());
    QCOMPARE(human.structuredOutput->value(QStringLiteral("new_appointment_datetime")).toString(),
             QStringLiteral("2025-11-19T14:30:00+01:00"));
    const QList<TranscriptEntry> &turns = *human.transcript;
    QCOMPARE(turns.at(12).content,
             QStringLiteral("Yes please. And could you also email it to %1?")
                 .arg(Redactor::emailMarker()));
    QVERIFY(turns.at(13).toolArguments.text.contains(Redactor::phoneMarker()));
    QVERIFY(turns.at(14).toolArguments.text.endsWith(Redactor::emailMarker()));
    QCOMPARE(turns.at(5).toolArguments.object().value(QStringLiteral("date")).toString(),
             QStringLiteral("2025-11-19"));
    QVERIFY(out.callAttempts.at(1).transcript->constFirst().content.contains(
        QStringLiteral("call us back on %1.").arg(Redactor::phoneMarker())));
    QVERIFY(out.assistant->voicemailMessage->contains(Redactor::phoneMarker()));
    QCOMPARE(*out.assistant->transferPhoneNumber, Redactor::phoneMarker());
}

void tst_Redactor::longInputStaysLinear()
{
    // A pathological pattern would take minutes here; a linear one takes milliseconds.
    const QString words = QStringLiteral("a.b.c.d.e.f.g.h.").repeated(20000)
                          + QStringLiteral(" 1-2-3-4-5-6-").repeated(5000);
    const QString out = Redactor::redact(words + QStringLiteral(" x@y.io"));
    QVERIFY(out.endsWith(Redactor::emailMarker()));
}

QTEST_GUILESS_MAIN(tst_Redactor)
#include "tst_redactor.moc"
