#pragma once

#include "ModelVersionInfo.h"
#include "Route.h"

#include <QJsonObject>
#include <QVector>

#include <deque>

namespace mb::serve {

// The OpenAPI 3.0.3 description of the API, made from the route table as it is: one
// operation per route (path {parameters}, summary, tag, and a bearer-token requirement on
// routes that are not Public when authentication is on), an error schema, and for every
// registered model a request schema of its predict route derived from the version it serves
// (the predict operation offers each as a oneOf branch and an example).
//
// A pure function of its inputs: no socket, no registry; OpenApiEndpoints feeds it.
class OpenApiDocument {
public:
    struct Options {
        QString title = QStringLiteral("Modelbench API");
        QString version;  // the API's version string
        bool authRequired = false;  // the server checks tokens
        QString predictPattern = QStringLiteral("/api/v1/models/{name}/predict");
    };

    static QJsonObject build(const std::deque<Route>& routes,
        const QVector<ModelVersionInfo>& models, const Options& options);

    // "/api/v1/models/{name}" -> {"name"}, in order.
    static QStringList pathParameters(const QString& pattern);
    // "PredictRequest_<model>" with characters outside [A-Za-z0-9._-] replaced (component names
    // must match ^[a-zA-Z0-9._-]+$).
    static QString predictSchemaName(const QString& model);
};

}  // namespace mb::serve
