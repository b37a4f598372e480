// One table of exit statuses for `export`, `--print` and a hand-off to the open window: what each
// failure maps to, and README.md and the man page giving every status in the code's own words.
#include "core/api/fetchresult.h"
#include "core/cli/exitstatus.h"
#include "core/instance/instanceprotocol.h"

#include <QFile>
#include <QRegularExpression>
#include <QTest>

using namespace Revox;

Q_DECLARE_METATYPE(FetchResult::Status)
Q_DECLARE_METATYPE(InstanceRefusal::Reason)
Q_DECLARE_METATYPE(CallFile::Problem)

namespace {

QString readSource(const char *path)
{
    QFile file(QStringLiteral(REVOX_SOURCE_DIR "/") + QLatin1String(path));
    return file.open(QIODevice::ReadOnly) ? QString::fromUtf8(file.readAll()) : QString();
}

// The man page's EXIT STATUS entry for `code` as plain text: its lines after ".B <code>", up to
// the next request, joined, with roff's escaped hyphens and font changes undone.
QString manPageEntry(const QString &page, int code)
{
    const qsizetype section = page.indexOf(QLatin1String("\n.SH EXIT STATUS\n"));
    if (section < 0)
        return QStringLiteral("no EXIT STATUS section");
    const QString head = QStringLiteral("\n.TP\n.B %1\n").arg(code);
    const qsizetype start = page.indexOf(head, section);
    if (start < 0)
        return QStringLiteral("no entry");
    QStringList lines;
    for (const QString &line : page.mid(start + head.size()).split(QLatin1Char('\n'))) {
        if (line.startsWith(QLatin1Char('.')))
            break;
        lines.append(line);
    }
    QString text = lines.join(QLatin1Char(' '));
    text.replace(QLatin1String("\\-"), QLatin1String("-"));
    text.remove(QRegularExpression(QStringLiteral("\\\\f[BIRP]")));
    return text;
}

} // namespace

class tst_ExitStatus final : public QObject
{
    Q_OBJECT

private slots:
    void documentedInTheSameWords_data();
    void documentedInTheSameWords();
    void helpTableListsEveryStatus();
    void fetchFailures_data();
    void fetchFailures();
    void fileProblemsAndRefusalsAgree_data();
    void fileProblemsAndRefusalsAgree();
};

void tst_ExitStatus::documentedInTheSameWords_data()
{
    QTest::addColumn<int>("code");
    for (const ExitStatus::Code code : ExitStatus::all())
        QTest::addRow("%d", int(code)) << int(code);
}

void tst_ExitStatus::documentedInTheSameWords()
{
    QFETCH(int, code);
    const QString meaning = ExitStatus::meaning(ExitStatus::Code(code));
    QVERIFY(!meaning.isEmpty());

    const QString readme = readSource("README.md");
    const QString row = QStringLiteral("| %1 | %2 |").arg(code).arg(meaning);
    QVERIFY2(readme.contains(QLatin1Char('\n') + row + QLatin1Char('\n')),
             qPrintable(QStringLiteral("README.md lacks the row\n%1").arg(row)));

    const QString page = readSource("packaging/revox-inspector.1");
    QCOMPARE(manPageEntry(page, code), meaning);
}

void tst_ExitStatus::helpTableListsEveryStatus()
{
    const QString table = ExitStatus::table(79);
    const QStringList lines = table.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    QString joined;
    for (const QString &line : lines) {
        QVERIFY2(line.size() <= 79, qPrintable(line));
        joined += line.trimmed() + QLatin1Char(' ');
    }
    for (const ExitStatus::Code code : ExitStatus::all()) {
        QVERIFY2(joined.contains(
                     QStringLiteral("%1  %2 ").arg(int(code)).arg(ExitStatus::meaning(code))),
                 qPrintable(table));
    }
    QVERIFY(table.contains(QLatin1String("\n  7  an output could not be written")));
}

void tst_ExitStatus::fetchFailures_data()
{
    QTest::addColumn<FetchResult::Status>("status");
    QTest::addColumn<int>("code");

    using S = FetchResult::Status;
    QTest::newRow("ok") << S::Ok << 0;
    QTest::newRow("not a call ID") << S::InvalidReference << 2;
    QTest::newRow("plain http to a remote host") << S::InsecureBaseUrl << 2;
    QTest::newRow("no API key") << S::MissingApiKey << 3;
    QTest::newRow("401") << S::Unauthorized << 3;
    QTest::newRow("403") << S::Forbidden << 3;
    QTest::newRow("404") << S::NotFound << 4;
    QTest::newRow("429") << S::RateLimited << 5;
    QTest::newRow("5xx") << S::ServerError << 5;
    QTest::newRow("timeout") << S::Timeout << 5;
    QTest::newRow("TLS") << S::TlsError << 5;
    QTest::newRow("connection refused") << S::ConnectionError << 5;
    QTest::newRow("body over the cap") << S::TooLarge << 6;
    QTest::newRow("HTML page") << S::InvalidResponse << 6;
}

void tst_ExitStatus::fetchFailures()
{
    QFETCH(FetchResult::Status, status);
    QFETCH(int, code);
    FetchResult result;
    result.status = status;
    QCOMPARE(int(ExitStatus::forFetch(result)), code);
}

void tst_ExitStatus::fileProblemsAndRefusalsAgree_data()
{
    QTest::addColumn<CallFile::Problem>("problem");
    QTest::addColumn<int>("code");

    using P = CallFile::Problem;
    QTest::newRow("missing") << P::NotFound << 4;
    QTest::newRow("permission denied") << P::PermissionDenied << 6;
    QTest::newRow("folder") << P::Directory << 6;
    QTest::newRow("FIFO, socket or device") << P::NotRegularFile << 6;
    QTest::newRow("over the cap") << P::TooLarge << 6;
    QTest::newRow("read error") << P::ReadError << 6;
    QTest::newRow("not a call") << P::NotACall << 6;
}

// A file the open window refuses gives the status `--print` and `export` give the same file.
void tst_ExitStatus::fileProblemsAndRefusalsAgree()
{
    QFETCH(CallFile::Problem, problem);
    QFETCH(int, code);
    QCOMPARE(int(ExitStatus::forFile(problem)), code);
    const InstanceRefusal refusal = InstanceProtocol::fileRefusal(problem, QStringLiteral("why"));
    QVERIFY(refusal.isRefused());
    QCOMPARE(int(ExitStatus::forRefusal(refusal)), code);
}

QTEST_GUILESS_MAIN(tst_ExitStatus)
#include "tst_exitstatus.moc"
