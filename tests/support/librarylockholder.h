#pragma once

// Another instance of the app, as far as the library is concerned: a second process that takes
// the library's write lock and keeps it until told to let go. A test binary runs itself with
// `--hold-library-lock PATH` (see runLibraryLockHolder) and drives it with LibraryLockHolder.

#include <QCoreApplication>
#include <QProcess>
#include <QSignalSpy>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QString>

#include <cstdio>
#include <cstring>
#include <optional>

namespace TestSupport {

inline constexpr const char *HoldLibraryLockOption = "--hold-library-lock";

// In the child: the library path when argv asks for a holder, to be checked before any
// QApplication exists.
inline std::optional<QString> libraryLockHolderPath(int argc, char *argv[])
{
    if (argc == 3 && std::strcmp(argv[1], HoldLibraryLockOption) == 0)
        return QString::fromLocal8Bit(argv[2]);
    return std::nullopt;
}

// In the child: takes the write lock, says "holding", waits for a line (or the end) on stdin,
// then rolls back. Exit code 0 when all went as planned.
inline int runLibraryLockHolder(int argc, char *argv[], const QString &path)
{
    QCoreApplication app(argc, argv);
    int status = 0;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"),
                                                    QStringLiteral("holder"));
        db.setDatabaseName(path);
        if (!db.open())
            return 2;
        QSqlQuery query(db);
        query.exec(QStringLiteral("PRAGMA busy_timeout=10000"));
        if (!query.exec(QStringLiteral("BEGIN IMMEDIATE")))
            return 3;
        std::fputs("holding\n", stdout);
        std::fflush(stdout);
        char line[64];
        (void) std::fgets(line, sizeof line, stdin);
        if (!query.exec(QStringLiteral("ROLLBACK")))
            status = 4;
        query.finish();
        db.close();
    }
    QSqlDatabase::removeDatabase(QStringLiteral("holder"));
    return status;
}

// In the test: the holder process.
class LibraryLockHolder final
{
public:
    LibraryLockHolder() { m_process.setProcessChannelMode(QProcess::ForwardedErrorChannel); }
    ~LibraryLockHolder() { release(); }

    // True once the other process holds the lock.
    bool hold(const QString &libraryPath)
    {
        QSignalSpy output(&m_process, &QProcess::readyReadStandardOutput);
        m_process.start(QCoreApplication::applicationFilePath(),
                        {QString::fromLatin1(HoldLibraryLockOption), libraryPath});
        if (!m_process.waitForStarted())
            return false;
        while (!m_process.canReadLine()) {
            if (m_process.state() != QProcess::Running || !output.wait(15000))
                return false;
        }
        return m_process.readLine().trimmed() == "holding";
    }

    // Lets go of the lock and waits for the process to end; true if it ended cleanly.
    bool release()
    {
        if (m_process.state() == QProcess::NotRunning)
            return m_process.exitStatus() == QProcess::NormalExit && m_process.exitCode() == 0;
        m_process.write("release\n");
        m_process.closeWriteChannel();
        return m_process.waitForFinished(15000) && m_process.exitStatus() == QProcess::NormalExit
               && m_process.exitCode() == 0;
    }

private:
    QProcess m_process;
};

} // namespace TestSupport
