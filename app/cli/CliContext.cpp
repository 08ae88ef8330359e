#include "CliContext.h"

#include "Workspace.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace mb::cli {

CliContext::CliContext(const QCommandLineParser& parser, QStringList arguments, QTextStream& out, QTextStream& err)
    : m_parser(parser), m_arguments(std::move(arguments)), m_out(out), m_err(err)
{
}

CliContext::~CliContext() = default;

bool CliContext::json() const
{
    return m_parser.isSet(QStringLiteral("json"));
}

std::shared_ptr<Workspace> CliContext::workspace()
{
    if (!m_workspace)
        m_workspace = Workspace::open(Workspace::resolvePath(m_parser.value(QStringLiteral("workspace"))));
    return m_workspace;
}

void CliContext::printJson(const QJsonValue& value)
{
    const QJsonDocument document = value.isArray() ? QJsonDocument(value.toArray()) : QJsonDocument(value.toObject());
    m_out << document.toJson(QJsonDocument::Indented);
    m_out.flush();
}

}  // namespace mb::cli
