#pragma once

#include <QJsonObject>
#include <QString>
#include <QStringList>

namespace mb {

// A registered model version: one bundle file plus what the registry knows of it.
struct ModelVersionInfo {
    qint64 id = 0;
    QString model;              // model name
    int version = 0;            // 1, 2, ... within the model
    QString task;               // classification | regression
    QString modelType;          // mlp | linear | cnn | text | imported
    QString bundle;             // artifact hash of the bundle file
    qint64 runId = 0;           // 0 for imported versions
    qint64 datasetVersionId = 0;
    QString datasetRef;         // lineage: "wine@1", empty when imported
    QStringList aliases;        // production, staging, ...
    QJsonObject metrics;        // {"validation": {...}, "test": {...}}
    QJsonObject signature;      // {"inputs": [...], "labels": [...]}
    QString description;
    QString createdAt;

    QString ref() const { return QStringLiteral("%1@%2").arg(model).arg(version); }
    // As the CLI's --json and the API show it.
    QJsonObject toJson() const;
};

// One registered model with its versions' count and aliases.
struct ModelSummary {
    QString name;
    QString task;
    int versions = 0;
    int latest = 0;
    QStringList aliases;        // "production=3"
    QString updatedAt;
};

}  // namespace mb
