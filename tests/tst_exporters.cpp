#include "core/call/callparser.h"
#include "core/call/samplecall.h"
#include "core/export/csvexporter.h"
#include "core/export/exporter.h"
#include "core/export/markdownexporter.h"
#include "core/export/redactor.h"
#include "csvreader.h"
#include "exportchecks.h"
#include "hostilecalls.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QStringDecoder>
#include <QTest>
#include <QTextBlock>
#include <QTextDocument>

using namespace Revox;
using namespace Revox::ExportChecks;

class tst_Exporters : public QObject
{
    Q_OBJECT

private slots:
    void jsonParsesBackToTheSameTurns();
    void csvParsesBackToTheSameCells();
    void csvNeutralizesFormulas_data();
    void csvNeutralizesFormulas();
    void markdownFencesOutgrowContent_data();
    void markdownFencesOutgrowContent();
    void htmlIsSelfContainedAndEscaped();
    void hostile_data();
    void hostile();
    void hugeTranscript();
    void attemptSelection_data();
    void attemptSelection();
    void suggestedFileNames_data();
    void suggestedFileNames();
    void redactionReachesEveryFormat_data();
    void redactionReachesEveryFormat();
};

void tst_Exporters::jsonParsesBackToTheSameTurns()
{
    const Call call = sampleCall();
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(exported(call,
                                                                    options(ExportFormat::Json)),
                                                           &error);
    QCOMPARE(error.error, QJsonParseError::NoError);
    const QJsonObject root = document.object();
    QCOMPARE(root.value(QStringLiteral("format")).toString(),
             QStringLiteral("revox-inspector-transcript"));
    QCOMPARE(root.value(QStringLiteral("call")).toObject().value(QStringLiteral("id")).toString(),
             call.id);
    const QJsonArray attempts = root.value(QStringLiteral("attempts")).toArray();
    QCOMPARE(attempts.size(), call.callAttempts.size());
    for (int number = 1; number <= attempts.size(); ++number) {
        const QJsonObject attempt = attempts.at(number - 1).toObject();
        const CallAttempt &original = call.callAttempts.at(call.callAttempts.size() - number);
        QCOMPARE(attempt.value(QStringLiteral("number")).toInt(), number);
        QCOMPARE(attempt.value(QStringLiteral("id")).toString(), original.id);
        if (!original.transcript) {
            QVERIFY(attempt.value(QStringLiteral("transcript")).isNull());
            continue;
        }
        const QJsonArray turns = attempt.value(QStringLiteral("transcript")).toArray();
        QCOMPARE(turns.size(), original.transcript->size());
        for (int i = 0; i < turns.size(); ++i) {
            const QJsonObject turn = turns.at(i).toObject();
            const TranscriptEntry &entry = original.transcript->at(i);
            QCOMPARE(turn.value(QStringLiteral("index")).toInt(), i + 1);
            QCOMPARE(turn.value(QStringLiteral("role")).toString(), entry.role.value_or(QString()));
            QCOMPARE(turn.value(QStringLiteral("content")).toString(), entry.content);
            const QJsonValue tool = turn.value(QStringLiteral("tool"));
            QCOMPARE(tool.isObject(), entry.isToolCall());
            if (!entry.isToolCall())
                continue;
            QCOMPARE(tool[QStringLiteral("name")].toString(), *entry.toolName);
            QCOMPARE(tool[QStringLiteral("is_error")].toBool(), entry.isToolError());
            if (entry.toolArguments.kind == ToolArguments::Kind::Object)
                QCOMPARE(tool[QStringLiteral("arguments")].toObject(), entry.toolArguments.object());
            else
                QCOMPARE(tool[QStringLiteral("arguments")].toString(), entry.toolArguments.text);
        }
    }
}

void tst_Exporters::csvParsesBackToTheSameCells()
{
    const Call call = sampleCall();
    const QByteArray csv = exported(call, options(ExportFormat::Csv));
    QVERIFY(csv.startsWith("\xEF\xBB\xBF"));
    QVERIFY(csv.endsWith("\r\n"));
    bool ok = false;
    const QList<QStringList> rows = readCsv(csv, &ok);
    QVERIFY(ok);
    QCOMPARE(rows.constFirst(), CsvExporter::header());

    QList<QStringList> expected;
    for (int number = 1; number <= call.callAttempts.size(); ++number) {
        const CallAttempt &attempt = call.callAttempts.at(call.callAttempts.size() - number);
        if (!attempt.transcript)
            continue;
        for (int i = 0; i < attempt.transcript->size(); ++i) {
            const TranscriptEntry &turn = attempt.transcript->at(i);
            QString arguments;
            if (turn.toolArguments.kind == ToolArguments::Kind::Object)
                arguments = QString::fromUtf8(
                    QJsonDocument(turn.toolArguments.object()).toJson(QJsonDocument::Compact));
            else
                arguments = turn.toolArguments.text;
            expected.append({QString::number(number),
                             QString::number(i + 1),
                             *turn.role,
                             turn.content,
                             turn.toolName.value_or(QString()),
                             arguments,
                             turn.toolIsError ? (*turn.toolIsError ? QStringLiteral("true")
                                                                   : QStringLiteral("false"))
                                              : QString()});
        }
    }
    QCOMPARE(rows.mid(1), expected);
}

void tst_Exporters::csvNeutralizesFormulas_data()
{
    QTest::addColumn<QString>("content");
    QTest::addColumn<QString>("cell");
    QTest::newRow("equals") << QStringLiteral("=HYPERLINK(\"http://x\",\"y\")")
                            << QStringLiteral("'=HYPERLINK(\"http://x\",\"y\")");
    QTest::newRow("plus") << QStringLiteral("+1") << QStringLiteral("'+1");
    QTest::newRow("minus") << QStringLiteral("-1+2") << QStringLiteral("'-1+2");
    QTest::newRow("at") << QStringLiteral("@SUM(A1)") << QStringLiteral("'@SUM(A1)");
    QTest::newRow("tab") << QStringLiteral("\t=1") << QStringLiteral("'\t=1");
    QTest::newRow("carriage return") << QStringLiteral("\r=1") << QStringLiteral("'\r=1");
    QTest::newRow("equals later is fine") << QStringLiteral("a=b") << QStringLiteral("a=b");
    QTest::newRow("leading space is fine") << QStringLiteral(" =1") << QStringLiteral(" =1");
    QTest::newRow("already an apostrophe")
        << QStringLiteral("'quoted") << QStringLiteral("'quoted");
}

void tst_Exporters::csvNeutralizesFormulas()
{
    QFETCH(QString, content);
    QFETCH(QString, cell);
    Call call = TestCalls::callSaying(content);
    bool ok = false;
    const QList<QStringList> rows = readCsv(exported(call, options(ExportFormat::Csv)), &ok);
    QVERIFY(ok);
    QCOMPARE(rows.size(), 4);
    QCOMPARE(rows.at(1).at(3), cell);                    // what the caller said
    QCOMPARE(rows.at(2).at(4), cell);                    // the tool's name
    QCOMPARE(rows.at(2).at(5), cell);                    // its arguments
    QCOMPARE(rows.at(2).at(3), cell);                    // its result
    QCOMPARE(rows.at(3).at(3), QStringLiteral("after")); // nothing spilled into the next row
}

void tst_Exporters::markdownFencesOutgrowContent_data()
{
    QTest::addColumn<QString>("content");
    QTest::addColumn<int>("fenceLength");
    QTest::newRow("no backticks") << QStringLiteral("plain") << 3;
    QTest::newRow("one backtick") << QStringLiteral("a ` b") << 3;
    QTest::newRow("a fence") << QStringLiteral("```\ncode\n```") << 4;
    QTest::newRow("seven") << QStringLiteral("x ``````` y") << 8;
}

void tst_Exporters::markdownFencesOutgrowContent()
{
    QFETCH(QString, content);
    QFETCH(int, fenceLength);
    const QString fenced = MarkdownExporter::fence(content, QStringLiteral("text"));
    QVERIFY(fenced.startsWith(QString(fenceLength, QLatin1Char('`')) + QStringLiteral("text\n")));
    QVERIFY(fenced.endsWith(QLatin1Char('\n') + QString(fenceLength, QLatin1Char('`'))));

    // Qt's own Markdown reader (md4c) sees one code block holding the content, and the turn after
    // the tool call is ordinary text again.
    const QByteArray markdown = exported(TestCalls::callSaying(content),
                                         options(ExportFormat::Markdown));
    QTextDocument document;
    document.setMarkdown(QString::fromUtf8(markdown), QTextDocument::MarkdownDialectGitHub);
    bool sawAfter = false;
    for (QTextBlock block = document.begin(); block.isValid(); block = block.next()) {
        if (block.text() == QLatin1String("Agent: after")) {
            sawAfter = true;
            QVERIFY(!block.blockFormat().hasProperty(QTextFormat::BlockCodeFence));
        }
    }
    QVERIFY(sawAfter);
    QVERIFY(markdownPlainText(markdown).contains(content));
}

void tst_Exporters::htmlIsSelfContainedAndEscaped()
{
    const QByteArray html = exported(sampleCall(), options(ExportFormat::Html));
    const QString text = QString::fromUtf8(html);
    QCOMPARE(checkHtmlTags(text), QString());
    QVERIFY(text.contains(QLatin1String("<meta charset=\"utf-8\">")));
    QVERIFY(text.contains(QLatin1String("default-src 'none'")));
    QVERIFY(text.contains(QLatin1String("@media print")));
    QVERIFY(text.contains(QLatin1String("<div class=\"tool error\">")));
    QVERIFY(text.contains(QLatin1String("<span class=\"badge\">Failed</span>")));
    // The sample's recording lives at a URL: it is not referenced, not even as text.
    QVERIFY(!text.contains(QLatin1String("recording-human")));
}

void tst_Exporters::hostile_data()
{
    QTest::addColumn<QString>("content");
    QTest::addColumn<ExportFormat>("format");
    for (const auto &[name, content] : TestCalls::hostileTexts()) {
        for (const ExportFormat format : ExportFormats::all()) {
            if (format == ExportFormat::Pdf)
                continue;
            QTest::addRow("%s, %s", name.constData(), qPrintable(ExportFormats::extension(format)))
                << content << format;
        }
    }
}

void tst_Exporters::hostile()
{
    QFETCH(QString, content);
    QFETCH(ExportFormat, format);
    const Call call = TestCalls::callSaying(content);
    const QByteArray bytes = exported(call, options(format));
    QVERIFY(!bytes.isEmpty());
    QVERIFY(isValidUtf8(bytes));
    const QString text = QString::fromUtf8(bytes);

    switch (format) {
    case ExportFormat::Text:
        QVERIFY(text.contains(QStringLiteral("Caller: ") + content + QLatin1Char('\n')));
        QVERIFY(text.contains(QStringLiteral("Metadata: key ") + content));
        QVERIFY(text.contains(QStringLiteral(": value\n")));
        QVERIFY(text.contains(QLatin1String("Agent: after")));
        break;
    case ExportFormat::Markdown: {
        QString expected = content;
        expected.replace(QStringLiteral("\r\n"), QStringLiteral("\n"))
            .replace(QLatin1Char('\r'), QLatin1Char('\n'));
        const QString plain = markdownPlainText(bytes);
        // What Markdown would otherwise eat (leading indentation) is the only change allowed.
        QStringList lines = expected.split(QLatin1Char('\n'));
        for (QString &line : lines) {
            while (line.startsWith(QLatin1Char(' ')) || line.startsWith(QLatin1Char('\t')))
                line.remove(0, 1);
        }
        const bool hasControl = std::any_of(content.begin(), content.end(), [](QChar c) {
            return c.category() == QChar::Other_Control && c != QLatin1Char('\n')
                   && c != QLatin1Char('\r');
        });
        // Qt's Markdown reader shows control characters as '?'; the bytes still carry them.
        if (hasControl)
            QVERIFY(text.contains(MarkdownExporter::escape(content)));
        else
            QVERIFY2(plain.contains(
                         (QStringLiteral("Caller: ") + lines.join(QLatin1Char('\n'))).trimmed()),
                     qPrintable(plain));
        QVERIFY(plain.contains(QStringLiteral("\nAgent: after")));
        break;
    }
    case ExportFormat::Json: {
        QJsonParseError error;
        const QJsonObject root = QJsonDocument::fromJson(bytes, &error).object();
        QCOMPARE(error.error, QJsonParseError::NoError);
        const QJsonArray turns = root[QStringLiteral("attempts")][0][QStringLiteral("transcript")]
                                     .toArray();
        QCOMPARE(turns.size(), 3);
        QCOMPARE(turns.at(0)[QStringLiteral("content")].toString(), content);
        QCOMPARE(turns.at(1)[QStringLiteral("tool")][QStringLiteral("name")].toString(), content);
        QCOMPARE(turns.at(1)[QStringLiteral("tool")][QStringLiteral("arguments")].toString(),
                 content);
        QCOMPARE(root[QStringLiteral("call")][QStringLiteral("metadata")][QStringLiteral("note")]
                     .toString(),
                 content);
        break;
    }
    case ExportFormat::Csv: {
        bool ok = false;
        const QList<QStringList> rows = readCsv(bytes, &ok);
        QVERIFY(ok);
        QCOMPARE(rows.size(), 4);
        QCOMPARE(rows.at(1).at(3), CsvExporter::neutralize(content));
        QCOMPARE(rows.at(3).at(3), QStringLiteral("after"));
        break;
    }
    case ExportFormat::Html: {
        QCOMPARE(checkHtmlTags(text), QString());
        QVERIFY(text.contains(content.toHtmlEscaped()));
        // A browser-grade reader gives back exactly the text.
        QTextDocument document;
        document.setHtml(text);
        QVERIFY(document.toRawText().contains(QLatin1String("after")));
        break;
    }
    case ExportFormat::Pdf:
        break;
    }
}

void tst_Exporters::hugeTranscript()
{
    const int turns = 100000;
    const Call call = TestCalls::hugeCall(turns);
    for (const ExportFormat format : ExportFormats::all()) {
        if (format == ExportFormat::Pdf)
            continue;
        QElapsedTimer timer;
        timer.start();
        const QByteArray bytes = exported(call, options(format));
        qInfo("%s: %lld bytes in %lld ms",
              qPrintable(ExportFormats::extension(format)),
              qint64(bytes.size()),
              timer.elapsed());
        QVERIFY(isValidUtf8(bytes));
        const QString lastTurn = QStringLiteral("Turn %1: the quick brown fox").arg(turns - 2);
        QVERIFY(QString::fromUtf8(bytes).contains(
            format == ExportFormat::Markdown
                ? QStringLiteral("Turn %1: the quick brown fox").arg(turns - 2)
                : lastTurn));
        if (format == ExportFormat::Csv) {
            bool ok = false;
            QCOMPARE(readCsv(bytes, &ok).size(), turns + 1);
            QVERIFY(ok);
        }
        if (format == ExportFormat::Json) {
            const QJsonDocument document = QJsonDocument::fromJson(bytes);
            QCOMPARE(document[QStringLiteral("attempts")][0][QStringLiteral("transcript")]
                         .toArray()
                         .size(),
                     turns);
        }
    }
}

void tst_Exporters::attemptSelection_data()
{
    QTest::addColumn<AttemptSelection>("selection");
    QTest::addColumn<QList<int>>("numbers");
    QTest::addColumn<bool>("isError");
    QTest::newRow("latest is the last dialled")
        << AttemptSelection::latest() << QList<int>{3} << false;
    QTest::newRow("all, oldest first") << AttemptSelection::all() << QList<int>{1, 2, 3} << false;
    QTest::newRow("the busy one") << AttemptSelection::number(1) << QList<int>{1} << false;
    QTest::newRow("from the window's index 0")
        << AttemptSelection::fromIndex(0, 3) << QList<int>{3} << false;
    QTest::newRow("past the end") << AttemptSelection::number(4) << QList<int>{} << true;
}

void tst_Exporters::attemptSelection()
{
    QFETCH(AttemptSelection, selection);
    QFETCH(QList<int>, numbers);
    QFETCH(bool, isError);
    const Call call = sampleCall();
    QString error;
    const ExportDocument document = ExportDocument::build(call,
                                                          options(ExportFormat::Text, selection),
                                                          &error);
    QCOMPARE(!error.isEmpty(), isError);
    QList<int> got;
    for (const ExportedAttempt &attempt : document.attempts) {
        got.append(attempt.number);
        QCOMPARE(attempt.attempt.id,
                 call.callAttempts.at(call.callAttempts.size() - attempt.number).id);
    }
    QCOMPARE(got, numbers);
    const ExportResult result = ExportService::exportCall(call,
                                                          options(ExportFormat::Markdown,
                                                                  selection));
    QCOMPARE(result.isOk(), !isError);
    if (isError)
        QVERIFY(result.error.contains(QLatin1String("no attempt 4")));
}

void tst_Exporters::suggestedFileNames_data()
{
    QTest::addColumn<QString>("callId");
    QTest::addColumn<ExportOptions>("exportOptions");
    QTest::addColumn<QString>("fileName");
    const QString id = QStringLiteral("call_01JD8X4K2M7QY5ZP3N6RWTB9HE");
    QTest::newRow("latest") << id << options(ExportFormat::Markdown, AttemptSelection::latest())
                            << QStringLiteral("call_01JD8X4K2M7QY5ZP3N6RWTB9HE-attempt3.md");
    QTest::newRow("all") << id << options(ExportFormat::Csv, AttemptSelection::all())
                         << QStringLiteral("call_01JD8X4K2M7QY5ZP3N6RWTB9HE-all-attempts.csv");
    QTest::newRow("one") << id << options(ExportFormat::Pdf, AttemptSelection::number(2))
                         << QStringLiteral("call_01JD8X4K2M7QY5ZP3N6RWTB9HE-attempt2.pdf");
    QTest::newRow("path separators and dots")
        << QStringLiteral("../../etc/passwd")
        << options(ExportFormat::Text, AttemptSelection::all())
        << QStringLiteral("_._.._etc_passwd-all-attempts.txt");
    QTest::newRow("spaces, colons and emoji")
        << QStringLiteral("a b:c\\d📞") << options(ExportFormat::Json, AttemptSelection::all())
        << QStringLiteral("a_b_c_d__-all-attempts.json");
    QTest::newRow("empty id") << QString() << options(ExportFormat::Html, AttemptSelection::all())
                              << QStringLiteral("call-all-attempts.html");
}

void tst_Exporters::suggestedFileNames()
{
    QFETCH(QString, callId);
    QFETCH(ExportOptions, exportOptions);
    QFETCH(QString, fileName);
    Call call = sampleCall();
    call.id = callId;
    QCOMPARE(Exporter::suggestedFileName(call, exportOptions), fileName);
}

void tst_Exporters::redactionReachesEveryFormat_data()
{
    QTest::addColumn<ExportFormat>("format");
    for (const ExportFormat format : ExportFormats::all()) {
        if (format != ExportFormat::Pdf)
            QTest::newRow(qPrintable(ExportFormats::extension(format))) << format;
    }
}

void tst_Exporters::redactionReachesEveryFormat()
{
    QFETCH(ExportFormat, format);
    const QString text = QString::fromUtf8(
        exported(sampleCall(), options(format, AttemptSelection::all(), true, true, true)));
    for (const char *secret :
         {"+33612345678", "33612345678", "camille.martin@example.com", "01 23 45 67 89"})
        QVERIFY2(!text.contains(QLatin1String(secret)), secret);
    QVERIFY(text.contains(QLatin1String("redacted")));
    if (format != ExportFormat::Csv) // CSV has no call column; its rows are the turns
        QVERIFY(text.contains(QLatin1String("call_01JD8X4K2M7QY5ZP3N6RWTB9HE")));
}

QTEST_MAIN(tst_Exporters)
#include "tst_exporters.moc"
