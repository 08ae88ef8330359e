#pragma once

#include <QByteArray>
#include <QString>
#include <QStringList>

#include <optional>

namespace mb::serve {

// The Swagger UI files that GET /docs needs, taken from the npm package swagger-ui-dist
// (packaging/install-web-assets.sh installs it into <repository>/node_modules; nothing of it
// is committed). Only the files named in fileNames() are ever read, so a request path can
// never reach another file, whatever it contains.
//
// Where the files are, unless HttpServerOptions::docsAssetsDir names a directory:
//   1. <executable's folder>/../share/modelbench/swagger-ui-dist   (an installed Modelbench)
//   2. <repository>/node_modules/swagger-ui-dist                   (a build from the source tree)
// The first that holds every required file wins. Looked up per request, so files installed
// while the server runs are picked up.
//
// Thread-safety: static functions of no shared state; call from any thread.
class SwaggerUiAssets {
public:
    struct File {
        QByteArray content;
        QByteArray contentType;
    };

    // Files /docs may serve, by name: the three the page cannot work without, and the icons.
    static const QStringList& fileNames();
    static const QStringList& requiredFiles();
    static QStringList defaultDirectories();
    // `configured` when it holds the required files (an explicit choice is never second-
    // guessed), else the first default that does; std::nullopt when none does.
    static std::optional<QString> locate(const QString& configured);
    // Where locate() looked, for the message that says how to install the files.
    static QStringList searched(const QString& configured);
    // `name`'s content and content type; std::nullopt when `name` is not one of fileNames()
    // or the file is missing. Throws Io when it exists but cannot be read.
    static std::optional<File> read(const QString& directory, const QString& name);
};

}  // namespace mb::serve
