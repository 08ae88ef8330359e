#pragma once

#include "EpochMetrics.h"
#include "RunInfo.h"

#include <QVector>

#include <optional>

namespace mb {

class Workspace;

// Runs and their per-epoch metrics in the registry. Each call is its own transaction, so a
// run's epochs appear while it trains (other processes see them). Holds a reference to the
// workspace; thread-safe as Workspace is.
class RunStore {
public:
    explicit RunStore(const Workspace& workspace) : m_workspace(workspace) {}

    qint64 begin(const QString& key, qint64 datasetVersionId, const QString& modelType, const QString& configYaml,
                 const QString& source) const;
    // Records whether the run loaded its data preparation from the cache.
    void setPrepCached(qint64 runId, bool cached) const;
    void addEpoch(qint64 runId, const EpochMetrics& epoch) const;
    void finish(qint64 runId, const QString& state, int bestEpoch, int epochsRun, const QJsonObject& metrics,
                const QString& error, double durationSeconds) const;

    // The latest finished run with this key whose model version still exists; with
    // `withoutModel`, failing that, the latest finished run with this key that registered
    // nothing (a grid-search combination that was not the best).
    std::optional<RunInfo> findCached(const QString& key, bool withoutModel = false) const;
    RunInfo get(qint64 runId) const;  // throws NotFound
    QVector<RunInfo> list() const;    // newest first
    QVector<EpochMetrics> epochs(qint64 runId) const;

private:
    QVector<RunInfo> query(const QString& where, const QVariantList& values) const;

    const Workspace& m_workspace;
};

}  // namespace mb
