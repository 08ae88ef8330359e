#include "PasswordInput.h"

#include "CliContext.h"
#include "Error.h"
#include "UserStore.h"

#include <iostream>
#include <string>

#include <termios.h>
#include <unistd.h>

namespace mb::cli {
namespace {

// Turns the terminal's echo off for its lifetime.
class EchoOff {
public:
    EchoOff()
    {
        m_active = tcgetattr(STDIN_FILENO, &m_saved) == 0;
        if (m_active) {
            termios quiet = m_saved;
            quiet.c_lflag &= ~tcflag_t(ECHO);
            tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
        }
    }
    ~EchoOff()
    {
        if (m_active)
            tcsetattr(STDIN_FILENO, TCSAFLUSH, &m_saved);
    }
    EchoOff(const EchoOff&) = delete;
    EchoOff& operator=(const EchoOff&) = delete;

private:
    termios m_saved{};
    bool m_active = false;
};

QString readLine()
{
    std::string line;
    std::getline(std::cin, line);
    if (!line.empty() && line.back() == '\r')
        line.pop_back();
    return QString::fromStdString(line);
}

QString ask(CliContext& context, const QString& prompt)
{
    context.err() << prompt;
    context.err().flush();
    QString answer;
    {
        const EchoOff echoOff;
        answer = readLine();
    }
    context.err() << "\n";
    context.err().flush();
    return answer;
}

}  // namespace

QString readNewPassword(CliContext& context, bool fromStdin)
{
    QString password;
    if (fromStdin) {
        password = readLine();
    } else {
        if (!isatty(STDIN_FILENO))
            throw Error(ErrorCode::InvalidArgument,
                        QStringLiteral("password: standard input is not a terminal to ask on; pipe it in with --password-stdin"));
        password = ask(context, QStringLiteral("Password: "));
        UserStore::checkPassword(password);
        if (ask(context, QStringLiteral("Password again: ")) != password)
            throw Error(ErrorCode::InvalidArgument, QStringLiteral("password: the two entries differ"));
    }
    UserStore::checkPassword(password);
    return password;
}

}  // namespace mb::cli
