#include "UserCommands.h"

#include "CliApp.h"
#include "CliContext.h"
#include "ExitCode.h"
#include "PasswordInput.h"
#include "UserStore.h"
#include "Workspace.h"

#include <QJsonArray>
#include <QJsonObject>

namespace mb::cli {
namespace {

const QString kActor = QStringLiteral("cli");

int runAdd(CliContext& context)
{
    const QString name = context.argument(0);
    const UserRole role = userRoleFromString(context.value(QStringLiteral("role")), QStringLiteral("--role"));
    // Checked before asking for a password, so a typo does not cost the typing.
    UserStore::checkName(name);
    const QString password = readNewPassword(context, context.isSet(QStringLiteral("password-stdin")));
    const UserInfo user = UserStore(*context.workspace()).add(name, password, role, kActor);
    if (context.json())
        context.printJson(user.toJson());
    else
        context.out() << "Added user " << user.name << " (role " << toString(user.role) << ").\n"
                      << "Give it an API token with: modelbench-cli token create --user " << user.name << "\n";
    return ExitOk;
}

int runList(CliContext& context)
{
    const QVector<UserInfo> users = UserStore(*context.workspace()).list();
    if (context.json()) {
        QJsonArray list;
        for (const UserInfo& user : users)
            list.append(user.toJson());
        context.printJson(list);
        return ExitOk;
    }
    if (users.isEmpty()) {
        context.out() << "No users yet. Add an admin with: modelbench-cli user add NAME --role admin\n";
        return ExitOk;
    }
    context.out() << QStringLiteral("%1 %2 %3\n").arg(QStringLiteral("NAME"), -24).arg(QStringLiteral("ROLE"), -6).arg(QStringLiteral("CREATED"));
    for (const UserInfo& user : users)
        context.out() << QStringLiteral("%1 %2 %3\n").arg(user.name, -24).arg(toString(user.role), -6).arg(user.createdAt);
    return ExitOk;
}

int runRemove(CliContext& context)
{
    const QString name = context.argument(0);
    const int revoked = UserStore(*context.workspace()).remove(name, kActor);
    if (context.json())
        context.printJson(QJsonObject{{QStringLiteral("removed"), name}, {QStringLiteral("tokens_revoked"), revoked}});
    else
        context.out() << "Removed user " << name << "; revoked " << revoked << (revoked == 1 ? " token.\n" : " tokens.\n");
    return ExitOk;
}

}  // namespace

void addUserCommands(CliApp& app)
{
    app.addNoun(QStringLiteral("user"), QStringLiteral("Users of the local API (for 'serve --auth')."));
    app.addCommand({QStringLiteral("user"), QStringLiteral("add"), QStringLiteral("Add a user who may log in to the API."),
                    QStringLiteral("The password is asked twice on the terminal (not shown), or read from the first line\n"
                                   "of standard input with --password-stdin. It needs at least 8 characters and is stored\n"
                                   "only as an argon2id hash. Names: letters, digits, '.', '_', '-' (case is ignored).\n\n"
                                   "Roles: 'user' may read the registry and predict; 'admin' may also change it.\n\n"
                                   "Example:\n"
                                   "  printf '%s\\n' \"$PASSWORD\" | modelbench-cli user add alice --role admin --password-stdin"),
                    {{QStringLiteral("name"), QStringLiteral("User name")}},
                    {QCommandLineOption(QStringLiteral("role"), QStringLiteral("admin or user."), QStringLiteral("ROLE"), QStringLiteral("user")),
                     QCommandLineOption(QStringLiteral("password-stdin"), QStringLiteral("Read the password from standard input."))},
                    runAdd});
    app.addCommand({QStringLiteral("user"), QStringLiteral("list"), QStringLiteral("List the users and their roles."), {}, {}, {}, runList});
    app.addCommand({QStringLiteral("user"), QStringLiteral("remove"), QStringLiteral("Remove a user and revoke its tokens."),
                    QStringLiteral("Its tokens stay listed by 'token list', revoked, for the record."),
                    {{QStringLiteral("name"), QStringLiteral("User name")}}, {}, runRemove});
}

}  // namespace mb::cli
