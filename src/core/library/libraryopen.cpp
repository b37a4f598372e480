#include "core/library/libraryopen.h"

#include "core/call/callparser.h"
#include "core/common/corelogging.h"
#include "core/library/calllibrary.h"
#include "core/library/libraryschema.h"
#include "core/library/librarywrite.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QSqlDatabase>
#include <QSqlDriver>
#include <QSqlError>
#include <QSqlQuery>

namespace Revox::LibraryOpen {

using namespace LibrarySchema;

namespace {

// The same context as CallLibrary's own messages, which these were.
QString tr(const char *text)
{
    return QCoreApplication::translate("Revox::CallLibrary", text);
}

QString unreadable(const QString &shown, const QSqlError &error)
{
    return tr("The call library is off: %1 cannot be read (%2). The app works without it; "
              "move the file away to start a new library.")
        .arg(shown, sqlMessage(error));
}

// Read before anything writes: a file from a newer version, or not a database at all, is left
// exactly as it was.
QString check(const QSqlDatabase &db, const QString &shown)
{
    QSqlQuery query(db);
    if (!query.exec(QStringLiteral("PRAGMA user_version")) || !query.next())
        return unreadable(shown, query.lastError());
    const int version = query.value(0).toInt();
    if (version > CallLibrary::SchemaVersion)
        return tr("The call library is off: %1 was written by a newer version of this app "
                  "(schema %2; this version reads up to %3). It is left untouched.")
            .arg(shown)
            .arg(version)
            .arg(CallLibrary::SchemaVersion);

    if (!query.exec(QStringLiteral("PRAGMA quick_check")))
        return unreadable(shown, query.lastError());
    QStringList problems;
    while (query.next()) {
        const QStringList lines = query.value(0).toString().split(QLatin1Char('\n'),
                                                                  Qt::SkipEmptyParts);
        for (const QString &problem : lines) {
            if (problem != QLatin1String("ok") && !problem.startsWith(QLatin1String("***")))
                problems << problem;
        }
    }
    if (!problems.isEmpty())
        return tr("The call library is off: %1 is damaged (%2). The app works without it; "
                  "move the file away to start a new library.")
            .arg(shown, problems.mid(0, 3).join(QStringLiteral("; ")));

    if (!query.exec(QStringLiteral("PRAGMA journal_mode=WAL")) || !query.next())
        return tr("The call library is off: %1 cannot be written (%2). The app works without it.")
            .arg(shown, sqlMessage(query.lastError()));
    if (query.value(0).toString().compare(QLatin1String("wal"), Qt::CaseInsensitive) != 0)
        qCWarning(lcLibrary) << "journal mode stays" << query.value(0).toString();
    return {};
}

// One upgrade step, in its own write transaction. Another instance may have upgraded while this
// one waited for the lock: `version` is read again inside it.
QString upgradeOnce(const QSqlDatabase &db, int &version)
{
    const auto failed = [](const QString &context, const QSqlError &error) {
        return tr("%1: %2").arg(context, sqlMessage(error));
    };
    WriteTransaction transaction(db);
    if (!transaction.isActive())
        return failed(tr("starting the upgrade"), transaction.error());
    QSqlQuery query(db);
    if (!query.exec(QStringLiteral("PRAGMA user_version")) || !query.next())
        return failed(tr("reading the schema version"), query.lastError());
    version = query.value(0).toInt();
    query.finish();
    if (version >= CallLibrary::SchemaVersion)
        return {};

    const QString upgrading = tr("upgrading to schema %1").arg(version + 1);
    for (const QString &statement : migrations().at(version)) {
        if (!query.exec(statement))
            return failed(upgrading, query.lastError());
    }
    if (version + 1 == 2) {
        // The index starts with every call already saved.
        QSqlQuery calls(db);
        QSqlQuery insert(db);
        if (!calls.exec(QStringLiteral("SELECT id, body FROM calls"))
            || !insert.prepare(insertDocumentSql()))
            return failed(tr("indexing saved calls"), calls.lastError());
        while (calls.next()) {
            const CallParseResult parsed = CallParser::parse(calls.value(1).toByteArray());
            if (parsed.call && !insertDocuments(insert, calls.value(0).toString(), *parsed.call))
                return failed(tr("indexing saved calls"), insert.lastError());
        }
    }
    if (!query.exec(QStringLiteral("PRAGMA user_version=%1").arg(version + 1)))
        return failed(upgrading, query.lastError());
    query.finish();
    if (!transaction.commit())
        return failed(upgrading, transaction.error());
    ++version;
    return {};
}

QString migrate(const QSqlDatabase &db)
{
    int version = 0;
    while (version < CallLibrary::SchemaVersion) {
        if (const QString why = upgradeOnce(db, version); !why.isEmpty())
            return why;
    }
    return {};
}

} // namespace

QString prepare(const QString &path)
{
    if (path.isEmpty())
        return tr("The call library is off: this system has no folder for application data.");
    if (!QSqlDatabase::isDriverAvailable(QStringLiteral("QSQLITE")))
        return tr("The call library is off: Qt's SQLite driver is not installed "
                  "(Debian package libqt6sql6-sqlite).");

    const QString shown = QDir::toNativeSeparators(path);
    const QFileInfo info(path);
    if (!QDir().mkpath(info.absolutePath()))
        return tr("The call library is off: the folder %1 cannot be created. "
                  "The app works without it.")
            .arg(QDir::toNativeSeparators(info.absolutePath()));
    if (info.exists() && (!info.isReadable() || !info.isWritable()))
        return tr("The call library is off: no permission to read and write %1. "
                  "The app works without it.")
            .arg(shown);

    const LibraryWrite::Connection connection(path);
    if (!connection.isOpen())
        return tr("The call library is off: %1 cannot be opened (%2). The app works without it.")
            .arg(shown, connection.errorString());
    if (const QString problem = check(connection.database(), shown); !problem.isEmpty())
        return problem;
    if (const QString why = migrate(connection.database()); !why.isEmpty())
        return tr("The call library is off: %1 could not be prepared (%2). The app works "
                  "without it.")
            .arg(shown, why);
    return {};
}

} // namespace Revox::LibraryOpen
