#include "LoadedModel.h"

#include "ModelRegistry.h"
#include "Predictor.h"
#include "Workspace.h"

namespace mb::serve {

LoadedModel::LoadedModel(std::shared_ptr<const Workspace> workspace, ModelVersionInfo info)
    : m_workspace(std::move(workspace)), m_info(std::move(info)), m_signature(ModelSignature::of(m_info.signature))
{
}

LoadedModel::~LoadedModel() = default;

std::shared_ptr<const Predictor> LoadedModel::predictor() const
{
    std::lock_guard lock(m_mutex);
    if (!m_predictor) {
        m_predictor = Predictor::fromBundle(ModelRegistry(*m_workspace).bundleBytes(m_info), m_info.ref());
        m_loaded = true;
    }
    return m_predictor;
}

bool LoadedModel::isLoaded() const
{
    return m_loaded;
}

}  // namespace mb::serve
