#include "ModelCache.h"

#include <algorithm>

namespace mb::serve {

ModelCache::ModelCache(std::shared_ptr<const Workspace> workspace, int capacity)
    : m_workspace(std::move(workspace)), m_capacity(std::max(1, capacity))
{
}

std::shared_ptr<LoadedModel> ModelCache::acquire(const ModelVersionInfo& version)
{
    std::lock_guard lock(m_mutex);
    for (auto it = m_entries.begin(); it != m_entries.end(); ++it) {
        if ((*it)->info().id == version.id && (*it)->info().bundle == version.bundle) {
            if (it != m_entries.begin())
                m_entries.splice(m_entries.begin(), m_entries, it);
            return m_entries.front();
        }
    }
    m_entries.push_front(std::make_shared<LoadedModel>(m_workspace, version));
    while (int(m_entries.size()) > m_capacity)
        m_entries.pop_back();
    return m_entries.front();
}

QVector<ModelVersionInfo> ModelCache::loaded() const
{
    std::lock_guard lock(m_mutex);
    QVector<ModelVersionInfo> result;
    for (const auto& entry : m_entries) {
        if (entry->isLoaded())
            result << entry->info();
    }
    return result;
}

void ModelCache::setCapacity(int capacity)
{
    std::lock_guard lock(m_mutex);
    m_capacity = std::max(1, capacity);
    while (int(m_entries.size()) > m_capacity)
        m_entries.pop_back();
}

void ModelCache::clear()
{
    std::lock_guard lock(m_mutex);
    m_entries.clear();
}

}  // namespace mb::serve
