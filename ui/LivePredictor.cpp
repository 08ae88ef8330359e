#include "LivePredictor.h"

#include "BackgroundTask.h"
#include "ModelRegistry.h"
#include "Predictor.h"

#include <algorithm>

namespace mb::ui {

LivePredictor::LivePredictor(std::shared_ptr<const Workspace> workspace, QObject* parent)
    : QObject(parent), m_workspace(std::move(workspace))
{
}

LivePredictor::~LivePredictor() = default;

QVector<ModelVersionInfo> LivePredictor::candidates(const Workspace& workspace, const std::function<bool(const ModelVersionInfo&)>& accepts)
{
    const ModelRegistry registry(workspace);
    QVector<ModelVersionInfo> out;
    for (const ModelSummary& model : registry.list()) {
        QVector<ModelVersionInfo> versions = registry.versions(model.name);
        std::reverse(versions.begin(), versions.end());
        for (const ModelVersionInfo& version : std::as_const(versions)) {
            if (accepts(version))
                out << version;
        }
    }
    return out;
}

void LivePredictor::load(const ModelVersionInfo& version)
{
    m_version = version;
    m_predictor.reset();
    const quint64 generation = ++m_generation;
    const std::shared_ptr<const Workspace> workspace = m_workspace;
    runInBackground<std::shared_ptr<Predictor>>(
        this, m_workspace,
        [workspace, version] { return Predictor::fromBundle(ModelRegistry(*workspace).bundleBytes(version), version.ref()); },
        [this, generation](const std::shared_ptr<Predictor>& predictor) {
            if (generation != m_generation)
                return;
            m_predictor = predictor;
            Q_EMIT loaded();
        },
        [this, generation](const QString& message) {
            if (generation == m_generation)
                Q_EMIT failed(message);
        });
}

QVector<QPair<QString, double>> LivePredictor::topClasses(const Instance& instance, int k) const
{
    if (!m_predictor)
        throw Error(ErrorCode::Conflict, tr("no model is loaded yet"));
    return m_predictor->predict({instance}, k).value(0).top;
}

}  // namespace mb::ui
