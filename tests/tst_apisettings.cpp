#include "core/api/apisettings.h"
#include "core/api/fetchmessages.h"
#include "core/common/retrypolicy.h"

#include <QTest>

using namespace Revox;

class TestApiSettings final : public QObject
{
    Q_OBJECT

private slots:
    void validation_data();
    void validation();
    void environmentOverridesDefaults();
    void shouldRetry_data();
    void shouldRetry();
    void serverDelay_data();
    void serverDelay();
    void backoff_data();
    void backoff();
    void jitterStaysInRange();
    void serverMessageIsPlainShortAndWithoutTheKey();
};

void TestApiSettings::validation_data()
{
    QTest::addColumn<QString>("baseUrl");
    QTest::addColumn<QString>("error"); // empty: usable

    QTest::newRow("default https") << QStringLiteral("https://www.getrevox.com/api") << QString();
    QTest::newRow("https with port")
        << QStringLiteral("https://api.example.com:8443/") << QString();
    QTest::newRow("http localhost") << QStringLiteral("http://localhost:8080") << QString();
    QTest::newRow("http 127.0.0.1") << QStringLiteral("http://127.0.0.1:1234/api") << QString();
    QTest::newRow("http 127.1.2.3 (all of 127/8)")
        << QStringLiteral("http://127.1.2.3") << QString();
    QTest::newRow("http [::1]") << QStringLiteral("http://[::1]:9000") << QString();
    QTest::newRow("http non-loopback host")
        << QStringLiteral("http://www.getrevox.com/api") << QStringLiteral("uses plain http");
    QTest::newRow("http LAN address")
        << QStringLiteral("http://192.168.1.10/api") << QStringLiteral("uses plain http");
    QTest::newRow("http host named like loopback")
        << QStringLiteral("http://127.0.0.1.evil.example/api") << QStringLiteral("uses plain http");
    QTest::newRow("http localhost subdomain")
        << QStringLiteral("http://localhost.evil.example") << QStringLiteral("uses plain http");
    QTest::newRow("ftp") << QStringLiteral("ftp://www.getrevox.com")
                         << QStringLiteral("must start with https://");
    QTest::newRow("no scheme") << QStringLiteral("www.getrevox.com/api")
                               << QStringLiteral("is not a web address");
    QTest::newRow("empty") << QString() << QStringLiteral("is not a web address");
    QTest::newRow("credentials in URL") << QStringLiteral("https://user:pw@www.getrevox.com/api")
                                        << QStringLiteral("user name or password");
    QTest::newRow("query") << QStringLiteral("https://www.getrevox.com/api?x=1")
                           << QStringLiteral("must not contain");
}

void TestApiSettings::validation()
{
    QFETCH(QString, baseUrl);
    QFETCH(QString, error);
    ApiSettings settings;
    settings.baseUrl = QUrl(baseUrl);
    const QString actual = settings.validationError();
    if (error.isEmpty())
        QVERIFY2(actual.isEmpty(), qPrintable(actual));
    else
        QVERIFY2(actual.contains(error), qPrintable(actual));
}

void TestApiSettings::environmentOverridesDefaults()
{
    const ApiSettings plain;
    QCOMPARE(plain.baseUrl, QUrl(QStringLiteral("https://www.getrevox.com/api")));
    QCOMPARE(plain.timeoutMs, 60000);
    QCOMPARE(plain.maxBodyBytes, 64 * 1024 * 1024);

    qputenv("REVOX_API_KEY", "  sk_from_env \n");
    qputenv("REVOX_BASE_URL", "http://127.0.0.1:8777");
    ApiSettings defaults;
    defaults.apiKey = QStringLiteral("sk_from_settings");
    defaults.timeoutMs = 1234;
    const ApiSettings settings = ApiSettings::fromEnvironment(defaults);
    QCOMPARE(settings.apiKey, QStringLiteral("sk_from_env"));
    QCOMPARE(settings.baseUrl, QUrl(QStringLiteral("http://127.0.0.1:8777")));
    QCOMPARE(settings.timeoutMs, 1234);
    QCOMPARE(settings.displayHost(), QStringLiteral("127.0.0.1:8777"));

    qunsetenv("REVOX_API_KEY");
    qunsetenv("REVOX_BASE_URL");
    const ApiSettings kept = ApiSettings::fromEnvironment(defaults);
    QCOMPARE(kept.apiKey, QStringLiteral("sk_from_settings"));
    QCOMPARE(kept.baseUrl, ApiSettings::defaultBaseUrl());
    QCOMPARE(kept.displayHost(), QStringLiteral("www.getrevox.com"));
    QCOMPARE(ApiSettings::fromEnvironment().apiKey, QString());
}

void TestApiSettings::shouldRetry_data()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("header");
    QTest::addColumn<bool>("retry");

    QTest::newRow("400") << 400 << QByteArray() << false;
    QTest::newRow("401") << 401 << QByteArray() << false;
    QTest::newRow("404") << 404 << QByteArray() << false;
    QTest::newRow("408") << 408 << QByteArray() << true;
    QTest::newRow("409") << 409 << QByteArray() << true;
    QTest::newRow("422") << 422 << QByteArray() << false;
    QTest::newRow("429") << 429 << QByteArray() << true;
    QTest::newRow("500") << 500 << QByteArray() << true;
    QTest::newRow("503") << 503 << QByteArray() << true;
    QTest::newRow("599") << 599 << QByteArray() << true;
    QTest::newRow("500 but x-should-retry false") << 500 << QByteArray("false") << false;
    QTest::newRow("404 but x-should-retry true") << 404 << QByteArray("true") << true;
    QTest::newRow("x-should-retry TRUE, any case") << 400 << QByteArray(" TRUE ") << true;
    QTest::newRow("x-should-retry garbage is ignored") << 503 << QByteArray("maybe") << true;
}

void TestApiSettings::shouldRetry()
{
    QFETCH(int, status);
    QFETCH(QByteArray, header);
    QFETCH(bool, retry);
    QCOMPARE(RetryPolicy::shouldRetry(status, header), retry);
}

void TestApiSettings::serverDelay_data()
{
    QTest::addColumn<QByteArray>("retryAfterMs");
    QTest::addColumn<QByteArray>("retryAfter");
    QTest::addColumn<int>("delayMs"); // -1: none, use the backoff

    QTest::newRow("nothing") << QByteArray() << QByteArray() << -1;
    QTest::newRow("retry-after-ms") << QByteArray("250") << QByteArray() << 250;
    QTest::newRow("retry-after-ms fractional") << QByteArray("12.5") << QByteArray() << 13;
    QTest::newRow("retry-after-ms wins") << QByteArray("300") << QByteArray("5") << 300;
    QTest::newRow("retry-after seconds") << QByteArray() << QByteArray("3") << 3000;
    QTest::newRow("retry-after fractional seconds") << QByteArray() << QByteArray("1.5") << 1500;
    QTest::newRow("retry-after HTTP date, 5 s ahead")
        << QByteArray() << QByteArray("Wed, 21 Oct 2015 07:28:05 GMT") << 5000;
    QTest::newRow("retry-after obsolete RFC 850 date")
        << QByteArray() << QByteArray("Wednesday, 21-Oct-15 07:28:07 GMT") << 7000;
    QTest::newRow("retry-after asctime date")
        << QByteArray() << QByteArray("Wed Oct 21 07:28:10 2015") << 10000;
    QTest::newRow("retry-after RFC 2822 date with offset")
        << QByteArray() << QByteArray("Wed, 21 Oct 2015 09:28:02 +0200") << 2000;
    QTest::newRow("retry-after HTTP date in the past")
        << QByteArray() << QByteArray("Wed, 21 Oct 2015 07:27:00 GMT") << -1;
    QTest::newRow("retry-after HTTP date 2 min ahead")
        << QByteArray() << QByteArray("Wed, 21 Oct 2015 07:30:00 GMT") << -1;
    QTest::newRow("exactly 60 s is too long") << QByteArray() << QByteArray("60") << -1;
    QTest::newRow("59 s is fine") << QByteArray() << QByteArray("59") << 59000;
    QTest::newRow("zero falls back") << QByteArray() << QByteArray("0") << -1;
    QTest::newRow("negative falls back") << QByteArray("-5") << QByteArray() << -1;
    QTest::newRow("garbage falls back") << QByteArray("soon") << QByteArray("later") << -1;
    QTest::newRow("garbage ms, good seconds") << QByteArray("soon") << QByteArray("2") << 2000;
    QTest::newRow("infinity") << QByteArray("inf") << QByteArray() << -1;
}

void TestApiSettings::serverDelay()
{
    QFETCH(QByteArray, retryAfterMs);
    QFETCH(QByteArray, retryAfter);
    QFETCH(int, delayMs);
    const QDateTime now(QDate(2015, 10, 21), QTime(7, 28, 0), Qt::UTC);
    const std::optional<int> delay = RetryPolicy::serverDelayMs(retryAfterMs, retryAfter, now);
    QCOMPARE(delay.value_or(-1), delayMs);
}

void TestApiSettings::backoff_data()
{
    QTest::addColumn<int>("retryIndex");
    QTest::addColumn<double>("jitter");
    QTest::addColumn<int>("delayMs");

    QTest::newRow("first retry, no jitter") << 0 << 1.0 << 500;
    QTest::newRow("second retry, no jitter") << 1 << 1.0 << 1000;
    QTest::newRow("third, if there were one") << 2 << 1.0 << 2000;
    QTest::newRow("capped at 8 s") << 10 << 1.0 << 8000;
    QTest::newRow("first retry, most jitter") << 0 << 0.75 << 375;
    QTest::newRow("capped, with jitter") << 6 << 0.8 << 6400;
}

void TestApiSettings::backoff()
{
    QFETCH(int, retryIndex);
    QFETCH(double, jitter);
    QFETCH(int, delayMs);
    QCOMPARE(RetryPolicy::backoffDelayMs(retryIndex, jitter), delayMs);
}

void TestApiSettings::jitterStaysInRange()
{
    for (int i = 0; i < 10000; ++i) {
        const double jitter = RetryPolicy::randomJitter();
        QVERIFY(jitter > 0.75 && jitter <= 1.0);
    }
}

void TestApiSettings::serverMessageIsPlainShortAndWithoutTheKey()
{
    const QString key = QStringLiteral("sk_secret_123");
    QCOMPARE(FetchMessages::serverMessage("{\"error\": {\"message\": \"bad\\nthing\\u0007 here\"}}",
                                          key),
             QStringLiteral("bad thing here"));
    QCOMPARE(FetchMessages::serverMessage("{\"message\": \"key sk_secret_123 is revoked\"}", key),
             QStringLiteral("key \u2026 is revoked"));
    QCOMPARE(FetchMessages::serverMessage("<html>oops</html>", key), QString());
    const QString longText = FetchMessages::serverMessage("{\"detail\": \"" + QByteArray(1000, 'x')
                                                              + "\"}",
                                                          key);
    QCOMPARE(longText.size(), 300);
    QVERIFY(longText.endsWith(QStringLiteral("\u2026")));
    QCOMPARE(FetchMessages::seconds(60000), QStringLiteral("60 s"));
    QCOMPARE(FetchMessages::seconds(3000), QStringLiteral("3 s"));
    QCOMPARE(FetchMessages::seconds(500), QStringLiteral("0.5 s"));
    QCOMPARE(FetchMessages::timeout(QStringLiteral("www.getrevox.com"), 60000),
             QStringLiteral("No answer from www.getrevox.com after 60 s."));
}

QTEST_GUILESS_MAIN(TestApiSettings)
#include "tst_apisettings.moc"
