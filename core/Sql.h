#pragma once

#include <QSqlDatabase>
#include <QSqlQuery>
#include <QVariantList>

namespace mb::sql {

// Prepares `statement`, binds `values` positionally (a null QString as '', an invalid
// QVariant as NULL) and executes it. Throws mb::Error
// (Io, or Conflict for a constraint violation) naming the statement on failure.
QSqlQuery exec(const QSqlDatabase& db, const QString& statement, const QVariantList& values = {});

// Runs a query expected to return one row with one column, and returns that value
// (an invalid QVariant when there is no row).
QVariant scalar(const QSqlDatabase& db, const QString& statement, const QVariantList& values = {});

bool tableExists(const QSqlDatabase& db, const QString& table);

}  // namespace mb::sql
