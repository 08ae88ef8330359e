#include "WriteTransaction.h"

#include "Sql.h"

namespace mb {

WriteTransaction::WriteTransaction(QSqlDatabase db) : m_db(std::move(db))
{
    sql::exec(m_db, QStringLiteral("BEGIN IMMEDIATE"));
    m_open = true;
}

WriteTransaction::~WriteTransaction()
{
    if (m_open) {
        QSqlQuery rollback(m_db);
        rollback.exec(QStringLiteral("ROLLBACK"));
    }
}

void WriteTransaction::commit()
{
    sql::exec(m_db, QStringLiteral("COMMIT"));
    m_open = false;
}

}  // namespace mb
