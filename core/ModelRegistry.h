#pragma once

#include "ModelVersionInfo.h"

#include <QByteArray>
#include <QVector>

namespace mb {

class Workspace;

// What a new model version is made of.
struct NewModelVersion {
    QString model;              // name: letters, digits, '.', '_', '-'
    QString task;
    QString modelType;
    QByteArray bundle;          // the bundle file's bytes
    qint64 runId = 0;
    qint64 datasetVersionId = 0;
    QJsonObject metrics;
    QJsonObject signature;
    QString description;
};

// Registered models, their versions and aliases. Every change is one transaction and is
// written to the audit log with `actor`. References: "name" (the production alias if set,
// else the latest version), "name@3" (version 3) or "name@staging" (an alias). Holds a
// reference to the workspace; thread-safe as Workspace is.
class ModelRegistry {
public:
    explicit ModelRegistry(const Workspace& workspace) : m_workspace(workspace) {}

    QVector<ModelSummary> list() const;
    QVector<ModelVersionInfo> versions(const QString& model) const;  // oldest first; NotFound
    ModelVersionInfo resolve(const QString& ref) const;              // NotFound, InvalidArgument
    ModelVersionInfo get(qint64 versionId) const;

    ModelVersionInfo registerVersion(const NewModelVersion& version, const QString& actor) const;
    // Points `alias` at `ref`'s version (moving it if it pointed elsewhere).
    ModelVersionInfo setAlias(const QString& ref, const QString& alias, const QString& actor) const;
    void removeAlias(const QString& model, const QString& alias, const QString& actor) const;
    // Refuses (Conflict) a version that an alias points to, unless `force` (then the aliases go
    // too). The bundle file is removed when no other version uses it.
    void deleteVersion(const QString& ref, bool force, const QString& actor) const;

    // The bundle file's bytes, verified against its hash.
    QByteArray bundleBytes(const ModelVersionInfo& version) const;

    static void checkModelName(const QString& name);
    static void checkAliasName(const QString& alias);

private:
    QVector<ModelVersionInfo> query(const QString& where, const QVariantList& values) const;

    const Workspace& m_workspace;
};

}  // namespace mb
