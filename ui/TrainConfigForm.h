#pragma once

#include "DatasetSchema.h"
#include "TrainConfig.h"

#include <QWidget>

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QFormLayout;
class QLineEdit;
class QSpinBox;

namespace mb::ui {

// The main training settings as a form: epochs, batch size, optimiser, learning rate, weight
// decay, schedule, patience, selection metric, class weights, seed, and the model family's
// own keys (hidden sizes and dropout; text embedding size; image size and augmentation).
// Each field's tooltip names its config key and default. It edits a TrainConfig (every other
// key is kept as given); the Train view keeps it in step with the YAML. GUI thread only.
class TrainConfigForm : public QWidget {
    Q_OBJECT
public:
    explicit TrainConfigForm(QWidget* parent = nullptr);

    // Shows `config` for a dataset of this kind; `defaults` feed the tooltips and the
    // highlighting of changed values. Emits nothing.
    void setConfig(const TrainConfig& config, const TrainConfig& defaults, DatasetKind kind, LabelKind labelKind);
    // `base` with the form's values written over it.
    TrainConfig apply(TrainConfig base) const;

    QSpinBox* epochsBox() const { return m_epochs; }
    QSpinBox* batchSizeBox() const { return m_batchSize; }
    QLineEdit* learningRateEdit() const { return m_lr; }

Q_SIGNALS:
    // The user changed a value.
    void edited();

private:
    void addRow(const QString& label, QWidget* field, const QString& key, const QString& help);
    void markChanges();

    QFormLayout* m_layout;
    QComboBox* m_model;
    QSpinBox* m_epochs;
    QSpinBox* m_batchSize;
    QComboBox* m_optimizer;
    QLineEdit* m_lr;
    QLineEdit* m_weightDecay;
    QComboBox* m_schedule;
    QSpinBox* m_patience;
    QCheckBox* m_refit;
    QComboBox* m_selectionMetric;
    QComboBox* m_classWeights;
    QSpinBox* m_seed;
    QLineEdit* m_hidden;
    QDoubleSpinBox* m_dropout;
    QSpinBox* m_textDim;
    QSpinBox* m_imageSize;
    QCheckBox* m_augment;
    TrainConfig m_defaults;
    bool m_loading = false;
};

}  // namespace mb::ui
