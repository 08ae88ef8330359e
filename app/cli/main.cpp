// modelbench-cli: the headless entry point. Wires the command table and runs it.
#include "CliApp.h"
#include "DatasetCommands.h"
#include "GestureCommands.h"
#include "ModelCommands.h"
#include "ServeCommands.h"
#include "TokenCommands.h"
#include "TrainCommands.h"
#include "UserCommands.h"
#include "WorkspaceCommands.h"

#include <QCoreApplication>
#include <QTextStream>

#include <cstdio>

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("modelbench"));
    QCoreApplication::setOrganizationName(QStringLiteral("modelbench"));

    QTextStream out(stdout);
    QTextStream err(stderr);
    mb::cli::CliApp cli(QStringLiteral("modelbench-cli"), out, err);
    mb::cli::addDatasetCommands(cli);
    mb::cli::addGestureCommands(cli);
    mb::cli::addModelCommands(cli);
    mb::cli::addServeCommands(cli);
    mb::cli::addTokenCommands(cli);
    mb::cli::addTrainCommands(cli);
    mb::cli::addUserCommands(cli);
    mb::cli::addWorkspaceCommands(cli);
    return cli.run(QCoreApplication::arguments().mid(1));
}
