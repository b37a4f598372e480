#pragma once

#include "core/call/calldata.h"

#include <QList>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QString>
#include <QStringList>

// The call library's schema and the SQL helpers CallLibrary writes with.
namespace Revox::LibrarySchema {

const QList<QStringList> &migrations();

QString insertDocumentSql();
// Adds the full-text rows of `call` with the prepared insertDocumentSql() statement.
bool insertDocuments(QSqlQuery &insert, const QString &callId, const Call &call);

QString sqlMessage(const QSqlError &error);

// BEGIN IMMEDIATE takes the write lock up front, so a second instance waits for it (busy timeout)
// instead of failing with SQLITE_BUSY halfway through. Rolls back unless committed.
class WriteTransaction final
{
    Q_DISABLE_COPY_MOVE(WriteTransaction)
public:
    explicit WriteTransaction(const QSqlDatabase &db)
        : m_db(db)
    {
        QSqlQuery query(m_db);
        m_active = query.exec(QStringLiteral("BEGIN IMMEDIATE"));
        if (!m_active)
            m_error = query.lastError();
    }
    ~WriteTransaction()
    {
        if (m_active)
            QSqlQuery(m_db).exec(QStringLiteral("ROLLBACK"));
    }
    bool isActive() const { return m_active; }
    QSqlError error() const { return m_error; }
    bool commit()
    {
        QSqlQuery query(m_db);
        if (!query.exec(QStringLiteral("COMMIT"))) {
            m_error = query.lastError();
            return false;
        }
        m_active = false;
        return true;
    }

private:
    QSqlDatabase m_db;
    QSqlError m_error;
    bool m_active = false;
};

} // namespace Revox::LibrarySchema
