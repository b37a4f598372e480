#include "exportchecks.h"

#include <QDir>
#include <QFile>
#include <QTest>

using namespace Revox;
using namespace Revox::ExportChecks;

// The sample call in every text format, compared byte for byte with reviewed files in
// tests/data/golden. After an intended change: REVOX_UPDATE_GOLDEN=1 tst_exportgolden, then
// review the diff before committing it.
class tst_ExportGolden : public QObject
{
    Q_OBJECT

private slots:
    void golden_data();
    void golden();
};

void tst_ExportGolden::golden_data()
{
    QTest::addColumn<QString>("goldenName");
    QTest::addColumn<ExportOptions>("exportOptions");

    const struct
    {
        const char *name;
        AttemptSelection attempts;
        bool tools;
        bool summary;
        bool redact;
    } variants[] = {
        {"all", AttemptSelection::all(), true, true, false},
        {"all-no-tools", AttemptSelection::all(), false, true, false},
        {"all-redacted", AttemptSelection::all(), true, true, true},
        {"latest-no-summary", AttemptSelection::latest(), true, false, false},
    };
    for (const auto &variant : variants) {
        for (const ExportFormat format : ExportFormats::all()) {
            if (format == ExportFormat::Pdf)
                continue;
            const QString name = QStringLiteral("sample-%1.%2")
                                     .arg(QString::fromLatin1(variant.name),
                                          ExportFormats::extension(format));
            QTest::newRow(qPrintable(name))
                << name
                << options(format, variant.attempts, variant.tools, variant.summary, variant.redact);
        }
    }
}

void tst_ExportGolden::golden()
{
    QFETCH(QString, goldenName);
    QFETCH(ExportOptions, exportOptions);

    const QByteArray actual = exported(sampleCall(), exportOptions);
    QVERIFY(!actual.isEmpty());
    QVERIFY(isValidUtf8(actual));
    const QString path = QStringLiteral(REVOX_TEST_DATA_DIR "/golden/") + goldenName;
    if (qEnvironmentVariableIntValue("REVOX_UPDATE_GOLDEN") == 1) {
        QDir().mkpath(QStringLiteral(REVOX_TEST_DATA_DIR "/golden"));
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(actual);
        qInfo("updated %s", qPrintable(path));
        return;
    }
    QFile file(path);
    QVERIFY2(file.open(QIODevice::ReadOnly),
             qPrintable(
                 QStringLiteral("%1 is missing; run with REVOX_UPDATE_GOLDEN=1 and review it")
                     .arg(path)));
    const QByteArray expected = file.readAll();
    if (actual != expected) {
        const QList<QByteArray> a = actual.split('\n');
        const QList<QByteArray> e = expected.split('\n');
        for (int i = 0; i < qMin(a.size(), e.size()); ++i) {
            if (a.at(i) != e.at(i)) {
                qWarning("line %d differs:\n  actual:   %s\n  expected: %s",
                         i + 1,
                         a.at(i).constData(),
                         e.at(i).constData());
                break;
            }
        }
    }
    QCOMPARE(actual.size(), expected.size());
    QVERIFY(actual == expected);
}

QTEST_GUILESS_MAIN(tst_ExportGolden)
#include "tst_exportgolden.moc"
