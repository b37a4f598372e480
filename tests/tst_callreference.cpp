#include "core/api/callreference.h"

#include <QTest>

using namespace Revox;

class TestCallReference final : public QObject
{
    Q_OBJECT

private slots:
    void accepted_data();
    void accepted();
    void rejected_data();
    void rejected();
};

void TestCallReference::accepted_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<QString>("id");

    const QString id = QStringLiteral("call_01JD8X4K2M7QY5ZP3N6RWTB9HE");
    QTest::newRow("bare ID") << id << id;
    QTest::newRow("UUID") << QStringLiteral("3f2c6e0a-8b1d-4c6e-9a4f-1d2e3f4a5b6c")
                          << QStringLiteral("3f2c6e0a-8b1d-4c6e-9a4f-1d2e3f4a5b6c");
    QTest::newRow("spaces, tabs and a newline around")
        << QStringLiteral("  \t") + id + QStringLiteral(" \n") << id;
    QTest::newRow("double quotes") << QStringLiteral("\"%1\"").arg(id) << id;
    QTest::newRow("single quotes and spaces") << QStringLiteral(" ' %1 ' ").arg(id) << id;
    QTest::newRow("backticks from Markdown") << QStringLiteral("`%1`").arg(id) << id;
    QTest::newRow("typographic quotes from chat") << QStringLiteral("\u201C%1\u201D").arg(id) << id;
    QTest::newRow("angle brackets from e-mail") << QStringLiteral("<%1>").arg(id) << id;
    QTest::newRow("API URL") << QStringLiteral("https://www.getrevox.com/api/call/%1").arg(id)
                             << id;
    QTest::newRow("API URL with a trailing slash")
        << QStringLiteral("https://www.getrevox.com/api/call/%1/").arg(id) << id;
    QTest::newRow("dashboard URL with query and fragment")
        << QStringLiteral("https://www.getrevox.com/dashboard/call/%1?tab=transcript#t=12").arg(id)
        << id;
    QTest::newRow("dashboard URL with /calls/")
        << QStringLiteral("https://www.getrevox.com/dashboard/calls/%1").arg(id) << id;
    QTest::newRow("dashboard URL deeper than the ID")
        << QStringLiteral("https://www.getrevox.com/dashboard/call/%1/transcript").arg(id) << id;
    QTest::newRow("URL in quotes")
        << QStringLiteral("\"https://www.getrevox.com/api/call/%1\"").arg(id) << id;
    QTest::newRow("URL without scheme")
        << QStringLiteral("www.getrevox.com/dashboard/call/%1").arg(id) << id;
    QTest::newRow("upper-case scheme and CALL segment")
        << QStringLiteral("HTTPS://WWW.GETREVOX.COM/API/CALL/%1").arg(id) << id;
    QTest::newRow("app link") << QStringLiteral("revox-inspector://call/%1").arg(id) << id;
    QTest::newRow("app link with trailing slash")
        << QStringLiteral("revox-inspector://call/%1/").arg(id) << id;
    QTest::newRow("URL with an encoded harmless character")
        << QStringLiteral("https://www.getrevox.com/api/call/abc%2D123")
        << QStringLiteral("abc-123");
}

void TestCallReference::accepted()
{
    QFETCH(QString, input);
    QFETCH(QString, id);
    const CallReference ref = CallReference::parse(input);
    QVERIFY2(ref.isValid(), qPrintable(ref.error));
    QCOMPARE(ref.id, id);
    QVERIFY(ref.error.isEmpty());
}

void TestCallReference::rejected_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<QString>("message");

    QTest::newRow("empty") << QString() << QStringLiteral("Enter a call ID or a link to a call.");
    QTest::newRow("only spaces") << QStringLiteral("   \t ")
                                 << QStringLiteral("Enter a call ID or a link to a call.");
    QTest::newRow("only quotes") << QStringLiteral("\"\" ''")
                                 << QStringLiteral("Enter a call ID or a link to a call.");
    QTest::newRow("path traversal ../users/me")
        << QStringLiteral("../users/me") << QStringLiteral("it contains \u201C/\u201D");
    QTest::newRow("dot-dot alone")
        << QStringLiteral("..") << QStringLiteral("call IDs never contain \u201C..\u201D");
    QTest::newRow("dot-dot inside")
        << QStringLiteral("a..b") << QStringLiteral("call IDs never contain \u201C..\u201D");
    QTest::newRow("query a?b") << QStringLiteral("a?b")
                               << QStringLiteral("it contains \u201C?\u201D");
    QTest::newRow("fragment a#b") << QStringLiteral("a#b")
                                  << QStringLiteral("it contains \u201C#\u201D");
    QTest::newRow("percent-encoded slash %2F")
        << QStringLiteral("%2F") << QStringLiteral("it contains \u201C%\u201D");
    QTest::newRow("backslash") << QStringLiteral("a\\b")
                               << QStringLiteral("it contains \u201C\\\u201D");
    QTest::newRow("space inside") << QStringLiteral("call 123") << QStringLiteral("a space");
    QTest::newRow("control character")
        << QStringLiteral("abc\u0007def")
        << QStringLiteral("That is not a call ID: it contains a control character (U+0007)");
    QTest::newRow("NUL") << QString(QStringLiteral("abc") + QChar(0) + QStringLiteral("def"))
                         << QStringLiteral("a control character (U+0000)");
    QTest::newRow("URL with an encoded slash in the ID")
        << QStringLiteral("https://www.getrevox.com/api/call/..%2Fusers%2Fme")
        << QStringLiteral("it contains \u201C/\u201D");
    QTest::newRow("URL with an encoded dot-dot")
        << QStringLiteral("https://www.getrevox.com/api/call/%2E%2E/users")
        << QStringLiteral("never contain \u201C..\u201D");
    QTest::newRow("URL with an encoded question mark")
        << QStringLiteral("https://www.getrevox.com/api/call/a%3Fb")
        << QStringLiteral("\u201C?\u201D");
    QTest::newRow("URL without a call ID") << QStringLiteral("https://www.getrevox.com/dashboard")
                                           << QStringLiteral("does not contain a call ID");
    QTest::newRow("URL ending at /call/") << QStringLiteral("https://www.getrevox.com/api/call/")
                                          << QStringLiteral("does not contain a call ID");
    QTest::newRow("app link to something else") << QStringLiteral("revox-inspector://settings/key")
                                                << QStringLiteral("does not contain a call ID");
    QTest::newRow("other scheme") << QStringLiteral("file:///etc/passwd")
                                  << QStringLiteral("are not call links");
    QTest::newRow("javascript link")
        << QStringLiteral("javascript://call/x") << QStringLiteral("are not call links");
    QTest::newRow("far too long") << QString(500, QLatin1Char('a')) << QStringLiteral("too long");
    QTest::newRow("non-ASCII letters") << QStringLiteral("appel-\u00E9t\u00E9")
                                       << QStringLiteral("it contains \u201C\u00E9\u201D");
}

void TestCallReference::rejected()
{
    QFETCH(QString, input);
    QFETCH(QString, message);
    const CallReference ref = CallReference::parse(input);
    QVERIFY(!ref.isValid());
    QVERIFY(ref.id.isEmpty());
    QVERIFY2(ref.error.contains(message), qPrintable(ref.error));
}

QTEST_GUILESS_MAIN(TestCallReference)
#include "tst_callreference.moc"
