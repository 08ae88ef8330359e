#pragma once

#include "DatasetSchema.h"
#include "EpochMetrics.h"
#include "JobInfo.h"
#include "TrainConfig.h"

#include <QPointer>
#include <QWidget>

#include <memory>

class QCheckBox;
class QComboBox;
class QGroupBox;
class QLabel;
class QLineEdit;
class QLineSeries;
class QPlainTextEdit;
class QProgressBar;
class QPushButton;
class QRadioButton;
class QTabWidget;
class QTableView;
class QTimer;

namespace mb {
class JobManager;
class TrainingJob;
class Workspace;
}  // namespace mb

namespace mb::ui {

class GridSearchEditor;
class LineChart;
class SearchResultsModel;
class TrainConfigForm;

// The Train view: choose a dataset version, adjust the config (a form for the main keys, the
// whole YAML in an Advanced tab, kept in step), Start and Stop; watch the training live (loss
// and validation metrics per epoch, batch loss as it goes, progress with samples/s and ETA,
// a log) and see the registered model version with its test metrics at the end. In grid-search
// mode a grid editor adds the values to try; the search runs as one job, the curves follow the
// combination in progress and a results table fills in as each one ends, best first. It follows the
// job it started, or any job that JobManager starts while none is running (a training asked
// for through the HTTP API shows up here too). Training runs on JobManager's threads; this view
// only receives queued signals. GUI thread only.
class TrainPage : public QWidget {
    Q_OBJECT
public:
    TrainPage(std::shared_ptr<const Workspace> workspace, JobManager* jobs, QWidget* parent = nullptr);

    // Re-reads the datasets and versions, keeping the selection where possible.
    void refreshDatasets();
    // Selects a dataset version ("wine@2" or "wine" for the latest); false if it is not listed.
    bool selectDataset(const QString& ref);
    QString selectedDatasetRef() const;
    // Starts a training (or in grid-search mode a search) of the selected version with the
    // current config; returns the job id, empty when the config or grid is invalid (the error
    // is reported).
    QString start();
    void setSearchMode(bool search);
    bool isSearchMode() const;
    void stop();
    // Shows a job of this session (its curves so far, then live).
    void follow(const QString& jobId);
    QString followedJobId() const;

    QString configYaml() const;
    void setConfigYaml(const QString& yaml);

    // For tests and screenshots.
    QComboBox* datasetBox() const { return m_dataset; }
    QComboBox* versionBox() const { return m_version; }
    QPushButton* startButton() const { return m_start; }
    QPushButton* stopButton() const { return m_stop; }
    TrainConfigForm* configForm() const { return m_form; }
    QPlainTextEdit* yamlEditor() const { return m_yaml; }
    QTabWidget* configTabs() const { return m_configTabs; }
    QLineSeries* trainLossSeries() const { return m_trainLoss; }
    QLineSeries* valLossSeries() const { return m_valLoss; }
    QLineSeries* batchLossSeries() const { return m_batchLoss; }
    QList<QLineSeries*> metricSeries() const;
    QProgressBar* progressBar() const { return m_progress; }
    QPlainTextEdit* logView() const { return m_log; }
    QLabel* resultLabel() const { return m_resultText; }
    QRadioButton* singleModeButton() const { return m_singleMode; }
    QRadioButton* searchModeButton() const { return m_searchMode; }
    GridSearchEditor* gridEditor() const { return m_grid; }
    SearchResultsModel* searchResults() const { return m_searchResults; }
    QTableView* searchResultsTable() const { return m_searchTable; }

Q_SIGNALS:
    void errorOccurred(const QString& message);
    // A config error went away (the message bar may close).
    void errorCleared();
    // "View in Models" on a finished training.
    void showModelRequested(const QString& ref);

private:
    QWidget* buildSetupPanel();
    QWidget* buildMonitor();
    void onDatasetChanged();
    void onVersionChanged();
    void onFormEdited();
    void onYamlEdited();
    bool validateYaml(bool report);
    void updateButtons();
    void updateJobList();
    void resetMonitor();
    void clearCurves();
    void followTrial();
    void updateSearchResults();
    void syncFromJob();
    void appendEpochs();
    void appendLog();
    void onBatch(const BatchProgress& batch);
    void updateProgress();
    void onJobFinished();
    void showResult();

    std::shared_ptr<const Workspace> m_workspace;
    JobManager* m_jobs;

    // Setup
    QComboBox* m_dataset;
    QComboBox* m_version;
    QLabel* m_workload;
    QTabWidget* m_configTabs;
    TrainConfigForm* m_form;
    QPlainTextEdit* m_yaml;
    QLabel* m_yamlError;
    QLineEdit* m_modelName;
    QCheckBox* m_force;
    QPushButton* m_start;
    QPushButton* m_stop;
    QPushButton* m_resetConfig;
    QTimer* m_yamlTimer;
    QRadioButton* m_singleMode;
    QRadioButton* m_searchMode;
    QGroupBox* m_gridBox;
    GridSearchEditor* m_grid;

    // Monitor
    QComboBox* m_jobBox;
    QLabel* m_jobState;
    QProgressBar* m_progress;
    QLabel* m_speed;
    QWidget* m_result;
    QLabel* m_resultText;
    QPushButton* m_viewModel;
    LineChart* m_lossChart;
    LineChart* m_metricChart;
    LineChart* m_batchChart;
    QLineSeries* m_trainLoss;
    QLineSeries* m_valLoss;
    QLineSeries* m_batchLoss;
    QList<QPair<QString, QLineSeries*>> m_metrics;  // metric key -> series
    QPlainTextEdit* m_log;
    QGroupBox* m_searchBox;
    QTableView* m_searchTable;
    SearchResultsModel* m_searchResults;

    // State
    bool m_haveVersion = false;
    DatasetKind m_kind = DatasetKind::Tabular;
    LabelKind m_labelKind = LabelKind::Classification;
    TrainConfig m_config;       // the last valid config
    bool m_yamlValid = true;
    bool m_syncing = false;
    QString m_lastError;
    QPointer<TrainingJob> m_job;
    int m_epochsShown = 0;
    int m_trialShown = 0;       // the search combination the curves show (1-based)
    int m_logShown = 0;
    double m_lastBatchX = -1;
    QString m_resultRef;
};

}  // namespace mb::ui
