#pragma once

#include "Instance.h"
#include "ModelVersionInfo.h"

#include <QWidget>

#include <memory>

class QComboBox;
class QLabel;
class QVBoxLayout;

namespace mb {
class Workspace;
}

namespace mb::ui {

class LivePredictor;
class TopClassesView;

// The frame of an interactive playground in the Inspect view: a picker of the model versions
// that can read this kind of input, the input (drawn or typed, from a subclass) and the top-5
// classes, updated live. Subclasses say which versions fit (accepts), build their input
// controls in inputLayout(), and call predict() when the input changes. GUI thread only.
class PlaygroundPanel : public QWidget {
    Q_OBJECT
public:
    PlaygroundPanel(std::shared_ptr<const Workspace> workspace, const QString& emptyText, QWidget* parent = nullptr);
    ~PlaygroundPanel() override;

    // Reads the registered versions again, keeping the selection when it is still there.
    void refresh();
    // Selects a version by reference ("gestures-cnn@2"); false when it is not offered.
    bool selectVersion(const QString& ref);
    bool isReady() const;

    QComboBox* modelBox() const { return m_models; }
    TopClassesView* topClasses() const { return m_top; }
    QString status() const;

Q_SIGNALS:
    // The top classes were updated from a new input.
    void predicted();
    // The selected version finished loading.
    void modelReady();

protected:
    virtual bool accepts(const ModelVersionInfo& version) const = 0;
    // A version is loaded: adapt the inputs to it (fields, hints).
    virtual void modelChanged(const ModelVersionInfo& version) { Q_UNUSED(version); }
    QVBoxLayout* inputLayout() const { return m_inputLayout; }
    // Predicts on `instance` and shows the result, or the reason it cannot.
    void predict(const Instance& instance);
    void clearPrediction(const QString& hint);
    void showStatus(const QString& text);
    const ModelVersionInfo& currentVersion() const;

private:
    void onModelSelected(int index);

    std::shared_ptr<const Workspace> m_workspace;
    QString m_emptyText;
    LivePredictor* m_predictor;
    QComboBox* m_models;
    QVBoxLayout* m_inputLayout;
    TopClassesView* m_top;
    QLabel* m_status;
    QVector<ModelVersionInfo> m_versions;
};

}  // namespace mb::ui
