#include "Sql.h"

#include "Error.h"

#include <QSqlError>

namespace mb::sql {

QSqlQuery exec(const QSqlDatabase& db, const QString& statement, const QVariantList& values)
{
    QSqlQuery query(db);
    query.setForwardOnly(true);
    if (!query.prepare(statement)) {
        throw Error(ErrorCode::Io, QStringLiteral("database error preparing \"%1\": %2")
                                       .arg(statement.simplified(), query.lastError().text()));
    }
    for (const QVariant& value : values) {
        // A default-constructed QString would bind as NULL; text columns mean "" by it.
        const bool nullText = value.typeId() == QMetaType::QString && value.toString().isNull();
        query.addBindValue(nullText ? QVariant(QStringLiteral("")) : value);
    }
    if (!query.exec()) {
        const QSqlError error = query.lastError();
        // SQLite's extended code 19 is SQLITE_CONSTRAINT: the data, not the disk, is at fault.
        const bool constraint = error.nativeErrorCode().toInt() % 256 == 19;
        throw Error(constraint ? ErrorCode::Conflict : ErrorCode::Io,
                    QStringLiteral("database error in \"%1\": %2")
                        .arg(statement.simplified(), error.text()));
    }
    return query;
}

QVariant scalar(const QSqlDatabase& db, const QString& statement, const QVariantList& values)
{
    QSqlQuery query = exec(db, statement, values);
    return query.next() ? query.value(0) : QVariant();
}

bool tableExists(const QSqlDatabase& db, const QString& table)
{
    return scalar(db, QStringLiteral("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?"),
                  {table})
        .isValid();
}

}  // namespace mb::sql
