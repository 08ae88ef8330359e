#pragma once

#include "Instance.h"
#include "ModelVersionInfo.h"

#include <QObject>
#include <QVector>

#include <functional>
#include <memory>

namespace mb {
class Predictor;
class Workspace;
}  // namespace mb

namespace mb::ui {

// A registered model version loaded for interactive use (the gesture pad, the text
// playground): load() reads and loads the bundle off the GUI thread; once `loaded` is
// emitted, topClasses() answers on the GUI thread (one instance: a millisecond or so).
// GUI thread only.
class LivePredictor : public QObject {
    Q_OBJECT
public:
    LivePredictor(std::shared_ptr<const Workspace> workspace, QObject* parent = nullptr);
    ~LivePredictor() override;

    // Every registered version for which `accepts` is true, newest model versions first.
    static QVector<ModelVersionInfo> candidates(const Workspace& workspace, const std::function<bool(const ModelVersionInfo&)>& accepts);

    // Starts loading; a later load() supersedes an unfinished one.
    void load(const ModelVersionInfo& version);
    bool isReady() const { return m_predictor != nullptr; }
    const ModelVersionInfo& version() const { return m_version; }
    // The best classes for one instance. Throws mb::Error for input the model cannot read,
    // or when nothing is loaded.
    QVector<QPair<QString, double>> topClasses(const Instance& instance, int k = 5) const;

Q_SIGNALS:
    void loaded();
    void failed(const QString& message);

private:
    std::shared_ptr<const Workspace> m_workspace;
    ModelVersionInfo m_version;
    std::shared_ptr<Predictor> m_predictor;
    quint64 m_generation = 0;   // which load() a finished background load belongs to
};

}  // namespace mb::ui
