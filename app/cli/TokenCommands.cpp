#include "TokenCommands.h"

#include "CliApp.h"
#include "CliContext.h"
#include "Error.h"
#include "ExitCode.h"
#include "TokenStore.h"
#include "Workspace.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QRegularExpression>

namespace mb::cli {
namespace {

const QString kActor = QStringLiteral("cli");
constexpr qint64 kMaxLifetimeSeconds = 3650LL * 24 * 3600;

QString orDash(const QString& text)
{
    return text.isEmpty() ? QStringLiteral("-") : text;
}

int runCreate(CliContext& context)
{
    NewToken request;
    request.user = context.value(QStringLiteral("user"));
    if (request.user.isEmpty())
        throw Error(ErrorCode::InvalidArgument, QStringLiteral("--user: name the user the token is for"));
    request.name = context.value(QStringLiteral("name"));
    request.lifetimeSeconds = parseLifetime(context.value(QStringLiteral("expires-in")));
    if (context.isSet(QStringLiteral("role")))
        request.role = userRoleFromString(context.value(QStringLiteral("role")), QStringLiteral("--role"));
    const CreatedToken created = TokenStore(*context.workspace()).create(request, kActor);
    if (context.json()) {
        context.printJson(QJsonObject{{QStringLiteral("token"), created.info.toJson()}, {QStringLiteral("secret"), created.secret}});
        return ExitOk;
    }
    const TokenInfo& info = created.info;
    context.out() << "Token " << info.id << " for " << info.user << " (role " << toString(info.role) << ", expires "
                  << (info.expiresAt.isEmpty() ? QStringLiteral("never") : info.expiresAt) << "):\n\n"
                  << "  " << created.secret << "\n\n";
    context.out().flush();
    context.err() << "Copy it now: it is shown only this once and cannot be recovered.\n"
                  << "Send it as 'Authorization: Bearer <token>'; revoke it with: modelbench-cli token revoke " << info.prefix << "\n";
    context.err().flush();
    return ExitOk;
}

int runList(CliContext& context)
{
    const QVector<TokenInfo> tokens = TokenStore(*context.workspace()).list();
    if (context.json()) {
        QJsonArray list;
        for (const TokenInfo& token : tokens)
            list.append(token.toJson());
        context.printJson(list);
        return ExitOk;
    }
    if (tokens.isEmpty()) {
        context.out() << "No tokens yet. Make one with: modelbench-cli token create --user NAME\n";
        return ExitOk;
    }
    const QString row = QStringLiteral("%1 %2 %3 %4 %5 %6 %7 %8\n");
    context.out() << row.arg(QStringLiteral("ID"), 5)
                         .arg(QStringLiteral("PREFIX"), -13)
                         .arg(QStringLiteral("USER"), -16)
                         .arg(QStringLiteral("NAME"), -20)
                         .arg(QStringLiteral("ROLE"), -6)
                         .arg(QStringLiteral("STATE"), -8)
                         .arg(QStringLiteral("EXPIRES"), -25)
                         .arg(QStringLiteral("LAST USED"));
    for (const TokenInfo& token : tokens) {
        context.out() << row.arg(token.id, 5)
                             .arg(token.prefix, -13)
                             .arg(token.user.isEmpty() ? QStringLiteral("(removed)") : token.user, -16)
                             .arg(orDash(token.name), -20)
                             .arg(toString(token.role), -6)
                             .arg(token.state(), -8)
                             .arg(token.expiresAt.isEmpty() ? QStringLiteral("never") : token.expiresAt, -25)
                             .arg(orDash(token.lastUsedAt));
    }
    return ExitOk;
}

int runRevoke(CliContext& context)
{
    const TokenInfo token = TokenStore(*context.workspace()).revoke(context.argument(0), kActor);
    if (context.json())
        context.printJson(token.toJson());
    else
        context.out() << "Revoked token " << token.id << " (" << token.prefix << ", user " << orDash(token.user) << ").\n";
    return ExitOk;
}

}  // namespace

std::optional<qint64> parseLifetime(const QString& text)
{
    static const QRegularExpression pattern(QStringLiteral("^(\\d{1,12})([smhd]?)$"));
    if (text == QLatin1String("never"))
        return std::nullopt;
    const QRegularExpressionMatch match = pattern.match(text);
    const auto refuse = [&text] {
        return Error(ErrorCode::InvalidArgument,
                     QStringLiteral("--expires-in: '%1' is not a lifetime (30d, 12h, 45m, 3600s, 3600 or never, at most 3650d)").arg(text));
    };
    if (!match.hasMatch())
        throw refuse();
    const QString unit = match.captured(2);
    const qint64 scale = unit == QLatin1String("d") ? 86400 : unit == QLatin1String("h") ? 3600 : unit == QLatin1String("m") ? 60 : 1;
    const qint64 seconds = match.captured(1).toLongLong() * scale;
    if (seconds <= 0 || seconds > kMaxLifetimeSeconds)
        throw refuse();
    return seconds;
}

void addTokenCommands(CliApp& app)
{
    app.addNoun(QStringLiteral("token"), QStringLiteral("API tokens for the local API (for 'serve --auth')."));
    app.addCommand({QStringLiteral("token"), QStringLiteral("create"), QStringLiteral("Make an API token for a user and print it once."),
                    QStringLiteral("The token (\"mbt_...\") is printed once and never stored: only its SHA-256 is kept,\n"
                                   "with a short prefix that 'token list' shows. Clients send it as\n"
                                   "'Authorization: Bearer <token>' (or 'X-API-Key: <token>'). Its role is the user's\n"
                                   "unless --role user narrows an admin's token.\n\n"
                                   "Example:\n"
                                   "  modelbench-cli token create --user alice --name ci --expires-in 90d"),
                    {},
                    {QCommandLineOption(QStringLiteral("user"), QStringLiteral("The user the token acts for."), QStringLiteral("NAME")),
                     QCommandLineOption(QStringLiteral("name"), QStringLiteral("A label to tell tokens apart (ci, laptop, ...)."), QStringLiteral("LABEL")),
                     QCommandLineOption(QStringLiteral("expires-in"), QStringLiteral("Lifetime: 30d, 12h, 45m, 3600 (seconds) or never."),
                                        QStringLiteral("TIME"), QStringLiteral("30d")),
                     QCommandLineOption(QStringLiteral("role"), QStringLiteral("admin or user (default: the user's role)."), QStringLiteral("ROLE"))},
                    runCreate});
    app.addCommand({QStringLiteral("token"), QStringLiteral("list"), QStringLiteral("List the tokens (never their secrets): active, expired, revoked."),
                    {}, {}, {}, runList});
    app.addCommand({QStringLiteral("token"), QStringLiteral("revoke"), QStringLiteral("Revoke a token at once."),
                    QStringLiteral("A revoked token is refused by the API from its next request on."),
                    {{QStringLiteral("token"), QStringLiteral("Its id or its prefix, as 'token list' shows them")}}, {}, runRevoke});
}

}  // namespace mb::cli
