#include "CurlExample.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace mb::ui {

QString curlExample(const ModelVersionInfo& version, const QString& baseUrl, bool auth)
{
    const QJsonArray inputs = version.signature.value(QStringLiteral("inputs")).toArray();
    const QString url = QStringLiteral("%1/api/v1/models/%2/predict?version=%3").arg(baseUrl, version.model).arg(version.version);
    QString body;
    if (inputs.size() == 1 && inputs.first().toObject().value(QStringLiteral("type")).toString() == QLatin1String("image")) {
        // The shell inlines the image; single quotes would stop $(...) from running.
        body = QStringLiteral("\"{\\\"instances\\\": [\\\"$(base64 -w0 image.png)\\\"]}\"");
    } else {
        QJsonObject instance;
        for (const QJsonValue& input : inputs) {
            const QJsonObject object = input.toObject();
            const QString name = object.value(QStringLiteral("name")).toString();
            if (object.value(QStringLiteral("type")).toString() == QLatin1String("text"))
                instance.insert(name, QStringLiteral("some %1 text").arg(name));
            else
                instance.insert(name, 0.0);
        }
        const QByteArray json = QJsonDocument(QJsonObject{{QStringLiteral("instances"), QJsonArray{instance}}}).toJson(QJsonDocument::Compact);
        body = QLatin1Char('\'') + QString::fromUtf8(json) + QLatin1Char('\'');
    }
    QString command = QStringLiteral("curl -s -X POST '%1' \\\n  -H 'Content-Type: application/json' \\\n").arg(url);
    if (auth)
        command += QStringLiteral("  -H \"Authorization: Bearer $MODELBENCH_TOKEN\" \\\n");
    command += QStringLiteral("  -d %1").arg(body);
    return command;
}

}  // namespace mb::ui
