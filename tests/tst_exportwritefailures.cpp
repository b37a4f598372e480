// What `revox-inspector export` does when its output cannot be written: a real full disk (a
// small tmpfs filled to the byte), special files named as the output, and a closed standard
// output. The old file must survive byte for byte, the exit status must be 7 and the message
// must name the cause. The real executable is run, as a script would run it.
#include "support/fulldisk.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

using namespace Revox;

namespace {

struct Run
{
    int exitCode = -1; // -1 when killed by a signal or timed out
    QString err;
};

const QByteArray oldContent = "the old export, which must survive a failed write\n";

} // namespace

class tst_ExportWriteFailures final : public QObject
{
    Q_OBJECT

public:
    // Before the application exists: a user namespace to mount the tmpfs in, when not root.
    static void initMain() { FullDisk::enterMountNamespaceIfNeeded(); }

private slots:
    void initTestCase();
    void fullDiskKeepsTheOldFile_data();
    void fullDiskKeepsTheOldFile();
    void specialFilesAreNeverReplaced_data();
    void specialFilesAreNeverReplaced();
    void closedStandardOutput_data();
    void closedStandardOutput();

private:
    QProcessEnvironment environment() const;
    // Runs `revox-inspector export <saved call> <arguments>`; stdout goes to `stdoutFd` when
    // given (already open in this process), else is read and dropped.
    Run run(const QStringList &arguments, int stdoutFd = -1) const;

    QTemporaryDir m_dir;
    QString m_input;
};

void tst_ExportWriteFailures::initTestCase()
{
    QVERIFY(QFile::exists(QStringLiteral(REVOX_INSPECTOR_BIN)));
    QVERIFY(m_dir.isValid());
    m_input = m_dir.filePath(QStringLiteral("call.json"));
    QVERIFY(FullDisk::writeWhole(m_input, FullDisk::longerSampleJson(3)));
    for (const char *name : {"home", "config", "cache", "data", "runtime"})
        QVERIFY(QDir(m_dir.path()).mkpath(QString::fromLatin1(name)));
    QVERIFY(QFile::setPermissions(m_dir.filePath(QStringLiteral("runtime")),
                                  QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner));
}

QProcessEnvironment tst_ExportWriteFailures::environment() const
{
    // Private HOME and XDG folders: nothing of the user's is read or written.
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    for (const char *name : {"DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM", "REVOX_API_KEY"})
        environment.remove(QString::fromLatin1(name));
    environment.insert(QStringLiteral("HOME"), m_dir.filePath(QStringLiteral("home")));
    environment.insert(QStringLiteral("XDG_CONFIG_HOME"), m_dir.filePath(QStringLiteral("config")));
    environment.insert(QStringLiteral("XDG_CACHE_HOME"), m_dir.filePath(QStringLiteral("cache")));
    environment.insert(QStringLiteral("XDG_DATA_HOME"), m_dir.filePath(QStringLiteral("data")));
    environment.insert(QStringLiteral("XDG_RUNTIME_DIR"), m_dir.filePath(QStringLiteral("runtime")));
    return environment;
}

Run tst_ExportWriteFailures::run(const QStringList &arguments, int stdoutFd) const
{
    QProcess process;
    process.setProcessEnvironment(environment());
    process.setWorkingDirectory(m_dir.path());
    if (stdoutFd >= 0) {
        // Runs in the child after QProcess has set up its channels: standard output becomes
        // the given descriptor instead of QProcess's pipe.
        process.setChildProcessModifier([stdoutFd] { ::dup2(stdoutFd, STDOUT_FILENO); });
    }
    process.start(QStringLiteral(REVOX_INSPECTOR_BIN),
                  QStringList{QStringLiteral("export"), m_input} + arguments);
    // A FIFO opened for writing would block the exporter forever: the timeout catches that.
    if (!process.waitForFinished(60000)) {
        process.kill();
        process.waitForFinished();
        return {-1,
                QStringLiteral("timed out; stderr: ")
                    + QString::fromUtf8(process.readAllStandardError())};
    }
    Run result;
    result.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    result.err = QString::fromUtf8(process.readAllStandardError());
    if (process.exitStatus() != QProcess::NormalExit)
        result.err += QStringLiteral(" [killed by a signal]");
    return result;
}

void tst_ExportWriteFailures::fullDiskKeepsTheOldFile_data()
{
    QTest::addColumn<QString>("format");
    QTest::addColumn<qint64>("leaveBytes");
    for (const char *format : {"txt", "md", "json", "csv", "html", "pdf"}) {
        QTest::addRow("%s, disk 100%% full", format) << QString::fromLatin1(format) << qint64(0);
        QTest::addRow("%s, 4 KiB left", format) << QString::fromLatin1(format) << qint64(4096);
    }
}

void tst_ExportWriteFailures::fullDiskKeepsTheOldFile()
{
    QFETCH(QString, format);
    QFETCH(qint64, leaveBytes);

    FullDisk::SmallTmpfs disk(512 * 1024);
    if (!disk.isMounted())
        QSKIP(qPrintable(disk.whyNot()));
    const QString target = disk.filePath(QStringLiteral("out.") + format);
    QVERIFY(FullDisk::writeWhole(target, oldContent));
    QVERIFY2(disk.fillLeaving(leaveBytes), qPrintable(QString::number(disk.freeBytes())));

    const Run result = run({QStringLiteral("--format"), format, QStringLiteral("--output"), target});
    QVERIFY2(result.exitCode == 7,
             qPrintable(QStringLiteral("exit %1, stderr: %2").arg(result.exitCode).arg(result.err)));
    QVERIFY2(result.err.contains(QLatin1String("No space left")), qPrintable(result.err));
    QVERIFY2(!result.err.contains(QLatin1String("Unknown error")), qPrintable(result.err));
    QVERIFY2(!result.err.contains(QLatin1String("wrote ")), qPrintable(result.err));
    QFile kept(target);
    QVERIFY(kept.open(QIODevice::ReadOnly));
    QCOMPARE(kept.readAll(), oldContent);
    QCOMPARE(disk.entries(),
             QStringList({QStringLiteral("filler"), QStringLiteral("out.") + format}));

    // The failure was the disk's: with room again, the same command writes the export.
    QVERIFY(disk.removeFiller());
    const Run retry = run({QStringLiteral("--format"), format, QStringLiteral("--output"), target});
    QVERIFY2(retry.exitCode == 0, qPrintable(retry.err));
    QVERIFY(QFileInfo(target).size() > 4096);
}

void tst_ExportWriteFailures::specialFilesAreNeverReplaced_data()
{
    QTest::addColumn<QString>("kind");
    QTest::newRow("FIFO") << QStringLiteral("fifo");
    QTest::newRow("character device (a copy of /dev/null)") << QStringLiteral("char copy");
    QTest::newRow("directory") << QStringLiteral("dir");
    QTest::newRow("symbolic link to a FIFO") << QStringLiteral("link to fifo");
}

void tst_ExportWriteFailures::specialFilesAreNeverReplaced()
{
    QFETCH(QString, kind);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QString target = dir.filePath(QStringLiteral("target"));
    QString expectedType = kind;
    const QByteArray encoded = QFile::encodeName(target);
    if (kind == QLatin1String("fifo")) {
        QCOMPARE(::mkfifo(encoded.constData(), 0600), 0);
    } else if (kind == QLatin1String("char copy")) {
        // Never the system's own /dev/null: a writer that regressed would replace it (as root),
        // and every program on the machine would then write into a file.
        if (::mknod(encoded.constData(), S_IFCHR | 0666, makedev(1, 3)) != 0)
            QSKIP("mknod is not allowed here (needs root), and the real /dev/null is never a "
                  "target");
        expectedType = QStringLiteral("char");
    } else if (kind == QLatin1String("dir")) {
        QVERIFY(QDir().mkdir(target));
    } else {
        const QString fifo = dir.filePath(QStringLiteral("fifo"));
        QCOMPARE(::mkfifo(QFile::encodeName(fifo).constData(), 0600), 0);
        QVERIFY(QFile::link(fifo, target));
        expectedType = QStringLiteral("link");
    }
    QCOMPARE(FullDisk::fileType(target), expectedType);

    const Run result = run({QStringLiteral("--output"), target});
    QVERIFY2(result.exitCode == 7,
             qPrintable(QStringLiteral("exit %1, stderr: %2").arg(result.exitCode).arg(result.err)));
    QVERIFY2(result.err.contains(QLatin1String("not a regular file")), qPrintable(result.err));
    QCOMPARE(FullDisk::fileType(target), expectedType);
    if (kind == QLatin1String("link to fifo"))
        QCOMPARE(FullDisk::fileType(dir.filePath(QStringLiteral("fifo"))), QStringLiteral("fifo"));
}

void tst_ExportWriteFailures::closedStandardOutput_data()
{
    QTest::addColumn<QString>("format");
    // A small export fits a pipe's buffer and fails at fflush; a large one fails in fwrite.
    QTest::newRow("small (csv)") << QStringLiteral("csv");
    QTest::newRow("large (pdf)") << QStringLiteral("pdf");
}

void tst_ExportWriteFailures::closedStandardOutput()
{
    QFETCH(QString, format);
    int ends[2];
    QCOMPARE(::pipe2(ends, O_CLOEXEC), 0);
    ::close(ends[0]); // no reader, ever: the first write gets EPIPE (and SIGPIPE unless ignored)
    const Run result = run({QStringLiteral("--format"), format}, ends[1]);
    ::close(ends[1]);
    QVERIFY2(result.exitCode == 7,
             qPrintable(QStringLiteral("exit %1 (141 or -1 is death by SIGPIPE), stderr: %2")
                            .arg(result.exitCode)
                            .arg(result.err)));
    QVERIFY2(result.err.contains(QLatin1String("standard output was closed")),
             qPrintable(result.err));
}

QTEST_GUILESS_MAIN(tst_ExportWriteFailures)
#include "tst_exportwritefailures.moc"
