#include "SwaggerUiAssets.h"

#include "Error.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>

namespace mb::serve {
namespace {

bool holdsRequiredFiles(const QString& directory)
{
    if (directory.isEmpty())
        return false;
    const QDir dir(directory);
    for (const QString& name : SwaggerUiAssets::requiredFiles()) {
        if (!QFileInfo(dir.filePath(name)).isFile())
            return false;
    }
    return true;
}

QByteArray contentTypeOf(const QString& name)
{
    if (name.endsWith(QLatin1String(".js")))
        return "text/javascript; charset=utf-8";
    if (name.endsWith(QLatin1String(".css")))
        return "text/css; charset=utf-8";
    return "image/png";
}

}  // namespace

const QStringList& SwaggerUiAssets::fileNames()
{
    static const QStringList names { QStringLiteral("swagger-ui.css"),
        QStringLiteral("swagger-ui-bundle.js"), QStringLiteral("swagger-ui-standalone-preset.js"),
        QStringLiteral("favicon-32x32.png"), QStringLiteral("favicon-16x16.png") };
    return names;
}

const QStringList& SwaggerUiAssets::requiredFiles()
{
    static const QStringList names = fileNames().mid(0, 3);
    return names;
}

QStringList SwaggerUiAssets::defaultDirectories()
{
    QStringList directories;
    if (QCoreApplication::instance())
        directories << QDir::cleanPath(QCoreApplication::applicationDirPath()
            + QStringLiteral("/../share/modelbench/swagger-ui-dist"));
    directories << QDir::cleanPath(
        QStringLiteral(MODELBENCH_SOURCE_DIR "/node_modules/swagger-ui-dist"));
    return directories;
}

QStringList SwaggerUiAssets::searched(const QString& configured)
{
    return configured.isEmpty() ? defaultDirectories() : QStringList { configured };
}

std::optional<QString> SwaggerUiAssets::locate(const QString& configured)
{
    for (const QString& directory : searched(configured)) {
        if (holdsRequiredFiles(directory))
            return directory;
    }
    return std::nullopt;
}

std::optional<SwaggerUiAssets::File> SwaggerUiAssets::read(
    const QString& directory, const QString& name)
{
    // Exact names from a fixed list: "..", "%2e%2e", slashes or anything else never match.
    if (!fileNames().contains(name))
        return std::nullopt;
    QFile file(QDir(directory).filePath(name));
    if (!file.exists())
        return std::nullopt;
    if (!file.open(QIODevice::ReadOnly))
        throw Error(ErrorCode::Io,
            QStringLiteral("cannot read %1: %2").arg(file.fileName(), file.errorString()));
    return File { file.readAll(), contentTypeOf(name) };
}

}  // namespace mb::serve
