// Files are replaced whole or not at all. The real `revox-inspector export` writes a large export
// over an existing file and is killed with SIGKILL while its QSaveFile is open: the old file must
// be intact and nothing else left in its directory.
//
// "Half-way" is observed, not guessed: the writer is frozen with SIGSTOP many times a second and
// its open file descriptors are read from /proc/<pid>/fd. On Linux QSaveFile writes into an
// unnamed O_TMPFILE inode in the target's directory ("<dir>/#123 (deleted)"), linked under the
// target's name only on commit(); a SIGKILL before that leaves no temporary file at all. On file
// systems without O_TMPFILE Qt falls back to a named "<target>.XXXXXX", which a SIGKILL does leave
// behind; the test then names it instead of failing (see SECURITY.md, "Crash-safe writes").
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSaveFile>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <signal.h>

namespace {

constexpr int Turns = 100000;

// The single-letter state in /proc/<pid>/stat ("T" once SIGSTOP has landed).
char processState(qint64 pid)
{
    QFile stat(QStringLiteral("/proc/%1/stat").arg(pid));
    if (!stat.open(QIODevice::ReadOnly))
        return 0;
    const QByteArray line = stat.readAll();
    const qsizetype close = line.lastIndexOf(')');
    return close > 0 && close + 2 < line.size() ? line.at(close + 2) : 0;
}

// The writer's open files inside `dir`.
QStringList openFilesIn(qint64 pid, const QString &dir)
{
    QStringList found;
    const QDir fds(QStringLiteral("/proc/%1/fd").arg(pid));
    for (const QString &fd : fds.entryList(QDir::Files | QDir::System | QDir::NoDotAndDotDot)) {
        const QString target = QFile::symLinkTarget(fds.filePath(fd));
        if (target.startsWith(dir + QLatin1Char('/')))
            found.append(target);
    }
    return found;
}

QByteArray readAll(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray("<unreadable>");
}

bool writeAll(const QString &path, const QByteArray &bytes)
{
    QSaveFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(bytes) == bytes.size() && file.commit();
}

} // namespace

class tst_CrashSafeWrite final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void exportKilledHalfWay_data();
    void exportKilledHalfWay();

private:
    QProcess *startExport(const QString &format, const QString &output);

    QTemporaryDir m_dir;
    QString m_input;
};

void tst_CrashSafeWrite::initTestCase()
{
    QVERIFY(QFile::exists(QStringLiteral(REVOX_INSPECTOR_BIN)));
    QVERIFY(m_dir.isValid());
    // A 100,000-turn call with long turns: tens of MB of output, so the write takes long enough
    // to be caught in the middle.
    QJsonArray transcript;
    const QString filler = QString(240, QLatin1Char('w'));
    for (int i = 0; i < Turns; ++i) {
        transcript.append(QJsonObject{
            {QStringLiteral("role"), i % 2 ? QStringLiteral("user") : QStringLiteral("agent")},
            {QStringLiteral("content"), QStringLiteral("Turn %1 %2").arg(i).arg(filler)},
        });
    }
    const QJsonObject attempt{{QStringLiteral("id"), QStringLiteral("att_huge")},
                              {QStringLiteral("status"), QStringLiteral("completed")},
                              {QStringLiteral("transcript"), transcript}};
    const QJsonObject call{{QStringLiteral("id"), QStringLiteral("call_huge")},
                           {QStringLiteral("status"), QStringLiteral("completed")},
                           {QStringLiteral("call_attempts"), QJsonArray{attempt}}};
    m_input = m_dir.filePath(QStringLiteral("huge-call.json"));
    QVERIFY(writeAll(m_input, QJsonDocument(QJsonObject{{QStringLiteral("call"), call}}).toJson()));
}

QProcess *tst_CrashSafeWrite::startExport(const QString &format, const QString &output)
{
    auto *process = new QProcess(this);
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.remove(QStringLiteral("REVOX_API_KEY"));
    environment.remove(QStringLiteral("REVOX_BASE_URL"));
    process->setProcessEnvironment(environment);
    process->setProcessChannelMode(QProcess::ForwardedErrorChannel);
    process->start(QStringLiteral(REVOX_INSPECTOR_BIN),
                   {QStringLiteral("export"),
                    m_input,
                    QStringLiteral("--format"),
                    format,
                    QStringLiteral("--output"),
                    output});
    return process;
}

void tst_CrashSafeWrite::exportKilledHalfWay_data()
{
    QTest::addColumn<QString>("format");
    QTest::newRow("CSV over an older CSV") << QStringLiteral("csv");
    QTest::newRow("JSON over an older JSON") << QStringLiteral("json");
    QTest::newRow("Markdown over an older Markdown") << QStringLiteral("md");
}

void tst_CrashSafeWrite::exportKilledHalfWay()
{
    QFETCH(QString, format);
    // The target lives alone in its directory, so anything else appearing there came from the
    // writer.
    QTemporaryDir targetDir;
    QVERIFY(targetDir.isValid());
    const QString dir = QDir(targetDir.path()).canonicalPath();

    // What a finished export writes, for telling "old", "new" and "partial" apart.
    const QString reference = m_dir.filePath(QStringLiteral("reference.") + format);
    {
        QProcess *process = startExport(format, reference);
        QVERIFY(process->waitForFinished(120000));
        QCOMPARE(process->exitCode(), 0);
    }
    const QByteArray complete = readAll(reference);
    QVERIFY(complete.size() > 10 * 1024 * 1024);
    QVERIFY(QFile::remove(reference));

    const QString target = dir + QStringLiteral("/export.") + format;
    const QByteArray old = QByteArray("An older export the user wants to keep.\n").repeated(1000);
    const QStringList expectedEntries = {QFileInfo(target).fileName()};

    bool caughtHalfWay = false;
    for (int round = 0; round < 5 && !caughtHalfWay; ++round) {
        QVERIFY(writeAll(target, old));
        QProcess *process = startExport(format, target);
        QVERIFY(process->waitForStarted());
        const qint64 pid = process->processId();
        QStringList temporary;
        while (process->state() == QProcess::Running) {
            if (::kill(pid, SIGSTOP) != 0)
                break;
            for (int spin = 0; spin < 1000 && processState(pid) != 'T'; ++spin)
                QThread::usleep(50);
            temporary = openFilesIn(pid, dir);
            if (!temporary.isEmpty()) {
                ::kill(pid, SIGKILL);
                break;
            }
            ::kill(pid, SIGCONT);
            QThread::usleep(300);
        }
        process->waitForFinished(60000);

        const QByteArray now = readAll(target);
        // Whatever the moment of the kill, the target is the old file or the complete new one.
        QVERIFY2(now == old || now == complete,
                 qPrintable(QStringLiteral("partial target: %1 bytes").arg(now.size())));
        QStringList entries = QDir(dir).entryList(QDir::Files | QDir::Hidden | QDir::System);
        for (const QString &path : std::as_const(temporary)) {
            // The named fallback (no O_TMPFILE): left behind, but never the target.
            if (!path.endsWith(QLatin1String(" (deleted)")) && path != target) {
                qWarning("named temporary file left by the killed writer: %s", qPrintable(path));
                entries.removeOne(QFileInfo(path).fileName());
            }
        }
        entries.sort();
        QCOMPARE(entries, expectedEntries);

        if (!temporary.isEmpty() && now == old) {
            caughtHalfWay = true;
            qInfo("round %d: killed while writing %s, old file intact (%lld bytes of new output "
                  "never reached it)",
                  round + 1,
                  qPrintable(temporary.join(QLatin1String(", "))),
                  qint64(complete.size()));
        }
        delete process;
    }
    QVERIFY2(caughtHalfWay, "the writer was never caught with its temporary file open");
    QCOMPARE(readAll(target), old);
}

QTEST_GUILESS_MAIN(tst_CrashSafeWrite)
#include "tst_crashsafewrite.moc"
