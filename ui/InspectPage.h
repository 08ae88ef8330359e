#pragma once

#include "ModelVersionInfo.h"
#include "PredictionInspector.h"

#include <QWidget>

#include <memory>

class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QTabWidget;
class QTableView;

namespace mb {
class Workspace;
}

namespace mb::ui {

class ClassMetricsChart;
class ConfusionMatrixView;
class GesturePlayground;
class PredictionFilterModel;
class PredictionTableModel;
class TextPlayground;

// The Inspect view. Evaluation tab: pick a classifier version, a dataset version and a split;
// see the confusion matrix (click a cell to list its rows), per-class precision/recall/F1 and
// the predictions, filterable to mistakes or low confidence, with thumbnails for images.
// Rows can be relabelled (stored as feedback) and the feedback turned into a new dataset
// version. Gesture pad and text playground tabs try a model live. Loading and scoring run
// off the GUI thread. GUI thread only.
class InspectPage : public QWidget {
    Q_OBJECT
public:
    explicit InspectPage(std::shared_ptr<const Workspace> workspace, QWidget* parent = nullptr);

    QComboBox* versionBox() const { return m_versionBox; }
    QComboBox* datasetBox() const { return m_datasetBox; }
    QComboBox* splitBox() const { return m_splitBox; }
    QComboBox* showBox() const { return m_showBox; }
    ConfusionMatrixView* confusionView() const { return m_confusion; }
    ClassMetricsChart* classChart() const { return m_classChart; }
    PredictionTableModel* predictions() const { return m_predictions; }
    PredictionFilterModel* filter() const { return m_filter; }
    QTableView* predictionTable() const { return m_table; }
    QPushButton* evaluateButton() const { return m_evaluate; }
    QPushButton* relabelButton() const { return m_relabel; }
    QPushButton* applyFeedbackButton() const { return m_applyFeedback; }
    QTabWidget* tabs() const { return m_tabs; }
    GesturePlayground* gesturePlayground() const { return m_gestures; }
    TextPlayground* textPlayground() const { return m_text; }
    const Inspection& inspection() const { return m_inspection; }
    bool isBusy() const { return m_busy; }

    // Selects a version ("gestures-cnn@1") and loads its predictions on its own dataset.
    bool selectVersion(const QString& ref);

public Q_SLOTS:
    // Reads the registry again (versions, datasets) and reloads the current selection.
    void refresh();
    // Loads the selected version's stored predictions on the selected dataset and split.
    void load();
    // Scores the selected version on the selected dataset (all splits), then loads.
    void evaluate();
    // Stores `label` as the corrected label of the dataset row shown at `proxyRow` of the
    // prediction table (feedback). False, with errorOccurred, when core refuses it.
    bool relabel(int proxyRow, const QString& label);
    // Makes a new version of the dataset with every correction in it (in the background);
    // feedbackApplied tells the new version's reference.
    void applyFeedback();

Q_SIGNALS:
    void errorOccurred(const QString& message);
    void noticeOccurred(const QString& message);
    // A load finished (with or without predictions).
    void loaded();
    // applyFeedback() made `datasetRef` (or found nothing new: empty).
    void feedbackApplied(const QString& datasetRef);

private:
    QWidget* buildEvaluationTab();
    void onVersionChanged();
    void onCellClicked(int truth, int predicted);
    void showInspection(const Inspection& inspection, const QVector<QImage>& thumbnails);
    void setBusy(bool busy, const QString& text = {});
    void updateCellLabel();
    void updateFeedbackActions();
    void onRelabel();
    ModelVersionInfo selectedVersion() const;

    std::shared_ptr<const Workspace> m_workspace;
    QVector<ModelVersionInfo> m_versions;
    Inspection m_inspection;
    bool m_busy = false;
    quint64 m_generation = 0;

    QComboBox* m_versionBox;
    QComboBox* m_datasetBox;
    QComboBox* m_splitBox;
    QPushButton* m_evaluate;
    QLabel* m_headline;
    QTabWidget* m_tabs;
    ConfusionMatrixView* m_confusion;
    ClassMetricsChart* m_classChart;
    PredictionTableModel* m_predictions;
    PredictionFilterModel* m_filter;
    QTableView* m_table;
    QComboBox* m_showBox;
    QDoubleSpinBox* m_threshold;
    QLineEdit* m_search;
    QLabel* m_cellLabel;
    QPushButton* m_clearCell;
    QPushButton* m_relabel;
    QPushButton* m_applyFeedback;
    GesturePlayground* m_gestures;
    TextPlayground* m_text;
};

}  // namespace mb::ui
