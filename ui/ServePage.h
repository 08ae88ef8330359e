#pragma once

#include "ModelVersionInfo.h"

#include <QWidget>

#include <memory>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QSpinBox;
class QTableView;
class QTimer;

namespace mb {
class JobManager;
class Workspace;
}

namespace mb::serve {
class HttpServer;
}

namespace mb::ui {

class AccessPanel;
class LineChart;
class RequestCollector;
class RequestLogModel;

// The Serve view: switches the local HTTP API on and off (host, port, API tokens, batching;
// kept in QSettings), shows its URL, live charts of requests per second and p50/p99 latency,
// the recent requests, and a copyable curl example for a chosen model; opens the API docs in
// the browser. The server runs on its own threads: the window never waits on a request.
// GUI thread only.
class ServePage : public QWidget {
    Q_OBJECT
public:
    ServePage(std::shared_ptr<const Workspace> workspace, JobManager* jobs, QWidget* parent = nullptr);
    ~ServePage() override;

    bool isRunning() const;
    QString url() const;   // empty when off
    serve::HttpServer* server() const { return m_server.get(); }

    QPushButton* toggleButton() const { return m_toggle; }
    QLineEdit* hostEdit() const { return m_host; }
    QSpinBox* portBox() const { return m_port; }
    QCheckBox* authBox() const { return m_auth; }
    QSpinBox* maxBatchBox() const { return m_maxBatch; }
    QSpinBox* maxDelayBox() const { return m_maxDelay; }
    QComboBox* exampleModelBox() const { return m_exampleModel; }
    QPlainTextEdit* curlText() const { return m_curl; }
    RequestLogModel* requestLog() const { return m_log; }
    LineChart* rateChart() const { return m_rateChart; }
    LineChart* latencyChart() const { return m_latencyChart; }
    AccessPanel* accessPanel() const { return m_access; }

public Q_SLOTS:
    // Starts the server with the settings shown; errors go to errorOccurred. True when running.
    bool start();
    void stop();
    // Reads the registered models again (for the curl example).
    void refresh();
    // Moves the live charts and the log on by what arrived since the last tick (a timer calls
    // it every second while the server runs).
    void tick();

Q_SIGNALS:
    // The server started (url) or stopped (empty url).
    void stateChanged(const QString& url);
    void errorOccurred(const QString& message);
    void noticeOccurred(const QString& message);

private:
    QWidget* buildSettings();
    QWidget* buildExample();
    void updateState();
    void updateExample();
    void saveSettings() const;

    std::shared_ptr<const Workspace> m_workspace;
    JobManager* m_jobs;
    std::unique_ptr<serve::HttpServer> m_server;
    std::shared_ptr<RequestCollector> m_collector;
    QVector<ModelVersionInfo> m_exampleVersions;
    double m_elapsed = 0;   // seconds the charts have run

    QPushButton* m_toggle;
    QLabel* m_state;
    QPushButton* m_openDocs;
    QLineEdit* m_host;
    QSpinBox* m_port;
    QCheckBox* m_auth;
    QSpinBox* m_maxBatch;
    QSpinBox* m_maxDelay;
    QComboBox* m_exampleModel;
    QPlainTextEdit* m_curl;
    LineChart* m_rateChart;
    LineChart* m_latencyChart;
    RequestLogModel* m_log;
    QTableView* m_logView;
    AccessPanel* m_access;
    QTimer* m_ticker;
};

}  // namespace mb::ui
