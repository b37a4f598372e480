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
    void coverageSaysWhatStays();
};

void tst_Redactor::text_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<QString>("expected");

    const QString phone = Redactor::phoneMarker();
    const QString mail = Redactor::emailMarker();
    const QString card = Redactor::cardMarker();
    const QString iban = Redactor::ibanMarker();
    // Each row: a format as people and tools write it, alone, in a sentence or in the JSON text of
    // a tool's arguments, and what must come out.
    const auto row = [](const char *name, const QString &input, const QString &expected) {
        QTest::newRow(name) << input << expected;
    };
    const auto kept = [](const char *name, const QString &input) {
        QTest::newRow(name) << input << input;
    };

    // Phone numbers.
    row("E.164", QStringLiteral("call +33612345678 now"), QStringLiteral("call %1 now").arg(phone));
    row("E.164 grouped", QStringLiteral("+33 6 12 34 56 78."), phone + QStringLiteral("."));
    row("French national",
        QStringLiteral("on 01 23 45 67 89. Thanks"),
        QStringLiteral("on %1. Thanks").arg(phone));
    row("French mobile",
        QStringLiteral("mon 06 12 34 56 78 svp"),
        QStringLiteral("mon %1 svp").arg(phone));
    row("French with trunk zero", QStringLiteral("+33 (0)6 12 34 56 78"), phone);
    row("dotted", QStringLiteral("06.12.34.56.78"), phone);
    row("US with area code", QStringLiteral("(555) 123-4567"), phone);
    row("US international", QStringLiteral("+1 (555) 123-4567!"), phone + QStringLiteral("!"));
    row("US dashed with country", QStringLiteral("+1-555-123-4567"), phone);
    row("UK", QStringLiteral("ring +44 20 7946 0958"), QStringLiteral("ring %1").arg(phone));
    row("UK with trunk zero", QStringLiteral("+44 (0)20 7946 0958"), phone);
    row("German slashed", QStringLiteral("Tel. 030/12345678"), QStringLiteral("Tel. %1").arg(phone));
    row("dashed", QStringLiteral("555-123-4567"), phone);
    row("no-break spaces", QStringLiteral("06\u00a012\u00a034\u00a056\u00a078"), phone);
    row("tel URI", QStringLiteral("tel:+33612345678"), QStringLiteral("tel:%1").arg(phone));
    row("inside JSON text",
        QStringLiteral("{\"to\": \"+33612345678\"}"),
        QStringLiteral("{\"to\": \"%1\"}").arg(phone));
    row("tool arguments with phone and date",
        QStringLiteral("{\"phone\":\"06 12 34 56 78\",\"date\":\"2025-11-19\"}"),
        QStringLiteral("{\"phone\":\"%1\",\"date\":\"2025-11-19\"}").arg(phone));

    // E-mail addresses.
    row("e-mail",
        QStringLiteral("mail camille.martin@example.com please"),
        QStringLiteral("mail %1 please").arg(mail));
    row("e-mail with plus and subdomain",
        QStringLiteral("<a.b+tag@mail.example.co.uk>"),
        QStringLiteral("<%1>").arg(mail));
    row("e-mail in tool arguments",
        QStringLiteral("{\"email\":\"jo@example.org\"}"),
        QStringLiteral("{\"email\":\"%1\"}").arg(mail));
    row("two of each",
        QStringLiteral("a@b.io, c@d.io; 0612345678 / 0798765432"),
        QStringLiteral("%1, %1; %2 / %2").arg(mail, phone));

    // Card numbers: Luhn-valid, 13 to 19 digits, spaced, dashed or run together.
    row("Visa spaced",
        QStringLiteral("my card is 4111 1111 1111 1111, expiry 12/27"),
        QStringLiteral("my card is %1, expiry 12/27").arg(card));
    row("Visa run together", QStringLiteral("4012888888881881"), card);
    row("Visa 13 digits",
        QStringLiteral("old card 4222222222222."),
        QStringLiteral("old card %1.").arg(card));
    row("Mastercard dashed", QStringLiteral("5105-1051-0510-5100"), card);
    row("Mastercard 2-series", QStringLiteral("2223 0031 2200 3222"), card);
    row("Amex 4-6-5",
        QStringLiteral("Amex 3782 822463 10005 ok"),
        QStringLiteral("Amex %1 ok").arg(card));
    row("Amex run together", QStringLiteral("371449635398431"), card);
    row("Diners 4-6-4", QStringLiteral("3056 930902 5904"), card);
    row("Discover", QStringLiteral("6011 1111 1111 1117"), card);
    row("19 digits", QStringLiteral("6011 0000 0000 0000 001"), card);
    row("card in tool arguments",
        QStringLiteral("{\"card_number\":\"4111111111111111\",\"cvv\":\"123\"}"),
        QStringLiteral("{\"card_number\":\"%1\",\"cvv\":\"123\"}").arg(card));
    row("card no-break spaces", QStringLiteral("4111\u00a01111\u00a01111\u00a01111"), card);

    // IBANs: mod-97-valid, grouped by four or run together.
    row("German IBAN grouped",
        QStringLiteral("IBAN: DE89 3704 0044 0532 0130 00."),
        QStringLiteral("IBAN: %1.").arg(iban));
    row("German IBAN compact", QStringLiteral("DE89370400440532013000"), iban);
    row("French IBAN with a letter", QStringLiteral("FR14 2004 1010 0505 0001 3M02 606"), iban);
    row("French IBAN",
        QStringLiteral("virement sur FR76 3000 6000 0112 3456 7890 189 demain"),
        QStringLiteral("virement sur %1 demain").arg(iban));
    row("UK IBAN", QStringLiteral("GB82 WEST 1234 5698 7654 32"), iban);
    row("Dutch IBAN", QStringLiteral("NL91ABNA0417164300"), iban);
    row("Belgian IBAN", QStringLiteral("BE68 5390 0754 7034"), iban);
    row("Italian IBAN", QStringLiteral("IT60 X054 2811 1010 0000 0123 456"), iban);
    row("Norwegian IBAN, shortest", QStringLiteral("NO93 8601 1117 947"), iban);
    row("IBAN followed by a capital word",
        QStringLiteral("CH93 0076 2011 6238 5295 7 THEN"),
        QStringLiteral("%1 THEN").arg(iban));
    row("IBAN in tool arguments",
        QStringLiteral("{\"iban\":\"ES9121000418450200051332\"}"),
        QStringLiteral("{\"iban\":\"%1\"}").arg(iban));

    // What must survive: dates, times, durations, money, IDs, timestamps and near misses.
    kept("ISO date", QStringLiteral("on 2025-11-19 please"));
    kept("ISO timestamp with zone", QStringLiteral("2025-11-19T14:30:00+01:00"));
    kept("ISO timestamp UTC with fraction", QStringLiteral("at 2025-11-19T14:30:00.123Z"));
    kept("formatted UTC time", QStringLiteral("2025-11-12 15:02:11.482 UTC"));
    kept("European date", QStringLiteral("le 12.11.2025"));
    kept("slashed date", QStringLiteral("19/11/2025 and 11/19/2025"));
    kept("year-first slashed date", QStringLiteral("2025/11/19"));
    kept("year-first dotted date", QStringLiteral("2025.11.19"));
    kept("date range", QStringLiteral("2025-11-19/2025-11-21"));
    kept("clock times", QStringLiteral("14:30 or 16:15"));
    kept("duration", QStringLiteral("lasted 00:12:34.567, 45 minutes, 1234567 ms"));
    kept("IDs", QStringLiteral("pat_7731 apt_55102 call_0612345678"));
    kept("call ID", QStringLiteral("call_01JD8X4K2M7QY5ZP3N6RWTB9HE"));
    kept("UUID", QStringLiteral("b2330295-2a91-4a1d-bb73-99e7707663d5"));
    kept("all-digit UUID", QStringLiteral("12345678-1234-1234-1234-123456789012"));
    kept("short numbers", QStringLiteral("5 s, 45 minutes, 1.05x, 600 s, 1234567"));
    kept("money, French", QStringLiteral("total 12 345 678,90 € TTC"));
    kept("money, German", QStringLiteral("12.345.678,90 EUR"));
    kept("money, US", QStringLiteral("$12,345,678.90 or USD 12345678"));
    kept("money, euro sign first", QStringLiteral("\u20ac12345678"));
    kept("money, pounds", QStringLiteral("12345678 pounds"));
    kept("Unix time in seconds", QStringLiteral("{\"ts\": 1731423731}"));
    kept("Unix time in ms, Luhn-valid", QStringLiteral("{\"ts\": 1731423731123}"));
    kept("order number failing Luhn", QStringLiteral("order 4556 7375 8689 9856 shipped"));
    kept("order number run together", QStringLiteral("order 1234567812345678"));
    kept("card with a wrong digit", QStringLiteral("4111 1111 1111 1112"));
    kept("too many digits for a card", QStringLiteral("41111111111111111111"));
    kept("IBAN with wrong check digits", QStringLiteral("DE88 3704 0044 0532 0130 00"));
    kept("UK IBAN with a wrong digit", QStringLiteral("GB82 WEST 1234 5698 7654 33"));
    kept("IBAN-shaped ID", QStringLiteral("AB12CDEF34567890XY"));
    kept("IBAN-shaped inside an ID", QStringLiteral("ref_DE89370400440532013000"));
    kept("version and IP", QStringLiteral("v1.2.3 from 192.168.1.10"));
    kept("no at sign", QStringLiteral("example.com"));
    kept("empty", QString());
    row("RTL and emoji around",
        QStringLiteral("\u202e 📞 +33612345678 📞"),
        QStringLiteral("\u202e 📞 %1 📞").arg(phone));
    row("everything in one sentence",
        QStringLiteral("Pay 1 200,00 € on 2025-11-19 from FR7630006000011234567890189 or card "
                       "4111-1111-1111-1111; call +44 20 7946 0958 or write to a@b.io."),
        QStringLiteral("Pay 1 200,00 € on 2025-11-19 from %1 or card %2; call %3 or write to %4.")
            .arg(iban, card, phone, mail));
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

void tst_Redactor::coverageSaysWhatStays()
{
    const QString text = Redactor::coverage();
    for (const char *word : {"phone numbers",
                             "e-mail addresses",
                             "card numbers",
                             "IBANs",
                             "Names",
                             "addresses",
                             "stay"}) {
        QVERIFY2(text.contains(QLatin1String(word)), word);
    }
}

QTEST_GUILESS_MAIN(tst_Redactor)
#include "tst_redactor.moc"
