// Test helper: opens a workspace and writes N audit rows, one transaction each, reading the
// table inside every transaction as real code does. Run as two processes at once by
// TestWorkspace. Usage: workspace_writer DIR N ACTOR
#include "Error.h"
#include "Sql.h"
#include "Workspace.h"
#include "WriteTransaction.h"

#include <QCoreApplication>

#include <cstdio>

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    if (args.size() != 4) {
        std::fprintf(stderr, "usage: workspace_writer DIR N ACTOR\n");
        return 2;
    }
    try {
        const auto workspace = mb::Workspace::open(args.at(1));
        const int count = args.at(2).toInt();
        for (int i = 0; i < count; ++i) {
            mb::WriteTransaction transaction(workspace->database());
            const int seen = mb::sql::scalar(workspace->database(), QStringLiteral("SELECT COUNT(*) FROM audit_log")).toInt();
            workspace->audit(args.at(3), QStringLiteral("write"), QString::number(i), QString::number(seen));
            transaction.commit();
        }
    } catch (const mb::Error& error) {
        std::fprintf(stderr, "workspace_writer: %s\n", error.what());
        return 1;
    }
    return 0;
}
