#include "ServePage.h"

#include "AccessPanel.h"
#include "CurlExample.h"
#include "Error.h"
#include "HttpServer.h"
#include "LineChart.h"
#include "ModelRegistry.h"
#include "PageHeader.h"
#include "RequestCollector.h"
#include "RequestLogModel.h"

#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QComboBox>
#include <QFontDatabase>
#include <QDesktopServices>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QLineSeries>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSettings>
#include <QSpinBox>
#include <QSplitter>
#include <QTabWidget>
#include <QTableView>
#include <QTimer>
#include <QUrl>
#include <QVBoxLayout>

#include <algorithm>

namespace mb::ui {
namespace {

const int kChartSeconds = 120;   // the charts keep the last two minutes

double percentile(std::vector<double> values, double p)
{
    if (values.empty())
        return 0;
    const size_t k = std::min(values.size() - 1, size_t(p * double(values.size())));
    std::nth_element(values.begin(), values.begin() + qsizetype(k), values.end());
    return values[k];
}

}  // namespace

ServePage::ServePage(std::shared_ptr<const Workspace> workspace, JobManager* jobs, QWidget* parent)
    : QWidget(parent),
      m_workspace(std::move(workspace)),
      m_jobs(jobs),
      m_collector(std::make_shared<RequestCollector>()),
      m_toggle(new QPushButton(this)),
      m_state(new QLabel(this)),
      m_openDocs(new QPushButton(tr("Open API docs"), this)),
      m_host(new QLineEdit(this)),
      m_port(new QSpinBox(this)),
      m_auth(new QCheckBox(tr("Require API tokens"), this)),
      m_maxBatch(new QSpinBox(this)),
      m_maxDelay(new QSpinBox(this)),
      m_exampleModel(new QComboBox(this)),
      m_curl(new QPlainTextEdit(this)),
      m_rateChart(new LineChart(tr("Requests per second"), tr("seconds"), tr("req/s"), this)),
      m_latencyChart(new LineChart(tr("Latency"), tr("seconds"), tr("ms"), this)),
      m_log(new RequestLogModel(500, this)),
      m_logView(new QTableView(this)),
      m_access(new AccessPanel(m_workspace, this)),
      m_ticker(new QTimer(this))
{
    setObjectName(QStringLiteral("servePage"));
    auto* header = new PageHeader(tr("Serve"), tr("The local HTTP API for every registered model: one port, batching, metrics, docs."), this);

    m_toggle->setObjectName(QStringLiteral("serverToggle"));
    m_toggle->setCheckable(true);
    m_toggle->setMinimumWidth(140);
    connect(m_toggle, &QPushButton::clicked, this, [this](bool on) {
        if (on)
            start();
        else
            stop();
    });
    m_state->setObjectName(QStringLiteral("serverUrl"));
    m_state->setTextInteractionFlags(Qt::TextBrowserInteraction);
    m_state->setOpenExternalLinks(true);
    m_openDocs->setObjectName(QStringLiteral("openDocs"));
    connect(m_openDocs, &QPushButton::clicked, this, [this] { QDesktopServices::openUrl(QUrl(url() + QStringLiteral("/docs"))); });

    auto* controls = new QHBoxLayout;
    controls->addWidget(m_toggle);
    controls->addWidget(m_state, 1);
    controls->addWidget(m_openDocs);

    m_rateChart->setPlaceholder(tr("Start the API to see its traffic"));
    m_latencyChart->setPlaceholder(tr("Start the API to see its latency"));
    m_rateChart->addSeries(tr("requests/s"));
    m_latencyChart->addSeries(tr("p50"));
    m_latencyChart->addSeries(tr("p99"));
    m_rateChart->setMinimumXRange(0, 60);
    m_latencyChart->setMinimumXRange(0, 60);
    m_rateChart->setMinimumHeight(240);
    m_latencyChart->setMinimumHeight(240);

    m_logView->setObjectName(QStringLiteral("requestLog"));
    m_logView->setModel(m_log);
    m_logView->verticalHeader()->hide();
    m_logView->setAlternatingRowColors(true);
    m_logView->horizontalHeader()->setSectionResizeMode(RequestLogModel::Path, QHeaderView::Stretch);

    auto* top = new QHBoxLayout;
    top->addWidget(buildSettings());
    top->addWidget(buildExample(), 1);

    auto* charts = new QSplitter(Qt::Horizontal, this);
    charts->addWidget(m_rateChart);
    charts->addWidget(m_latencyChart);
    auto* traffic = new QSplitter(Qt::Vertical, this);
    traffic->addWidget(charts);
    traffic->addWidget(m_logView);
    traffic->setSizes({320, 260});
    auto* body = new QTabWidget(this);
    body->setObjectName(QStringLiteral("serveTabs"));
    body->addTab(traffic, tr("Traffic"));
    body->addTab(m_access, tr("Users and tokens"));
    connect(m_access, &AccessPanel::errorOccurred, this, &ServePage::errorOccurred);
    connect(m_access, &AccessPanel::noticeOccurred, this, &ServePage::noticeOccurred);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(header);
    layout->addLayout(controls);
    layout->addLayout(top);
    layout->addWidget(body, 1);

    m_ticker->setInterval(1000);
    connect(m_ticker, &QTimer::timeout, this, &ServePage::tick);
    updateState();
}

ServePage::~ServePage()
{
    stop();
}

QWidget* ServePage::buildSettings()
{
    QSettings settings;
    auto* box = new QGroupBox(tr("Settings"), this);
    box->setObjectName(QStringLiteral("serverSettings"));
    m_host->setObjectName(QStringLiteral("serverHost"));
    m_host->setText(settings.value(QStringLiteral("server/host"), QStringLiteral("127.0.0.1")).toString());
    m_host->setToolTip(tr("127.0.0.1 serves this machine only; another address needs API tokens on"));
    m_port->setObjectName(QStringLiteral("serverPort"));
    m_port->setRange(0, 65535);
    m_port->setSpecialValueText(tr("any free port"));
    m_port->setValue(settings.value(QStringLiteral("server/port"), 8080).toInt());
    m_auth->setObjectName(QStringLiteral("serverAuth"));
    m_auth->setChecked(settings.value(QStringLiteral("server/auth"), false).toBool());
    m_maxBatch->setObjectName(QStringLiteral("serverMaxBatch"));
    m_maxBatch->setRange(1, 4096);
    m_maxBatch->setValue(settings.value(QStringLiteral("server/maxBatch"), serve::BatchingOptions{}.maxBatchSize).toInt());
    m_maxBatch->setToolTip(tr("Most instances run in one forward pass; 1 turns batching off"));
    m_maxDelay->setObjectName(QStringLiteral("serverMaxDelay"));
    m_maxDelay->setRange(0, 1000000);
    m_maxDelay->setSuffix(tr(" µs"));
    m_maxDelay->setValue(settings.value(QStringLiteral("server/maxDelayUs"), serve::BatchingOptions{}.maxDelayUs).toInt());
    m_maxDelay->setToolTip(tr("How long a request may wait for others to fill its batch"));
    auto* form = new QFormLayout(box);
    form->addRow(tr("Host:"), m_host);
    form->addRow(tr("Port:"), m_port);
    form->addRow(QString(), m_auth);
    form->addRow(tr("Max batch:"), m_maxBatch);
    form->addRow(tr("Max delay:"), m_maxDelay);
    return box;
}

QWidget* ServePage::buildExample()
{
    auto* box = new QGroupBox(tr("Try it"), this);
    m_exampleModel->setObjectName(QStringLiteral("exampleModel"));
    m_curl->setObjectName(QStringLiteral("curlExample"));
    m_curl->setReadOnly(true);
    m_curl->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_curl->setMaximumHeight(110);
    auto* copy = new QPushButton(tr("Copy"), box);
    copy->setObjectName(QStringLiteral("copyCurl"));
    connect(copy, &QPushButton::clicked, this, [this] { QApplication::clipboard()->setText(m_curl->toPlainText()); });
    connect(m_exampleModel, &QComboBox::currentIndexChanged, this, &ServePage::updateExample);
    auto* row = new QHBoxLayout;
    row->addWidget(new QLabel(tr("Model:"), box));
    row->addWidget(m_exampleModel, 1);
    row->addWidget(copy);
    auto* layout = new QVBoxLayout(box);
    layout->addLayout(row);
    layout->addWidget(m_curl);
    return box;
}

bool ServePage::isRunning() const
{
    return m_server && m_server->isRunning();
}

QString ServePage::url() const
{
    return isRunning() ? m_server->url() : QString();
}

bool ServePage::start()
{
    if (isRunning())
        return true;
    serve::HttpServerOptions options;
    options.host = m_host->text().trimmed();
    options.port = quint16(m_port->value());
    options.authRequired = m_auth->isChecked();
    options.batching.maxBatchSize = m_maxBatch->value();
    options.batching.maxDelayUs = m_maxDelay->value();
    const std::weak_ptr<RequestCollector> collector = m_collector;
    options.requestLog = [collector](const serve::RequestRecord& record) {
        if (auto c = collector.lock())
            c->add(record);
    };
    try {
        m_server = std::make_unique<serve::HttpServer>(m_workspace, options);
        if (m_jobs)
            m_server->setJobManager(m_jobs);   // trainings started over the API show in Train
        m_server->start();
    } catch (const Error& error) {
        m_server.reset();
        Q_EMIT errorOccurred(tr("The API did not start: %1").arg(error.message()));
        updateState();
        return false;
    }
    saveSettings();
    m_collector->take();
    m_log->clear();
    m_rateChart->clearPoints();
    m_latencyChart->clearPoints();
    m_elapsed = 0;
    m_ticker->start();
    updateState();
    Q_EMIT stateChanged(url());
    return true;
}

void ServePage::stop()
{
    if (!m_server)
        return;
    m_ticker->stop();
    m_server->stop();
    m_server.reset();
    tick();
    updateState();
    Q_EMIT stateChanged(QString());
}

void ServePage::refresh()
{
    m_access->refresh();
    const QString selected = m_exampleModel->currentData().toString();
    m_exampleVersions.clear();
    try {
        const ModelRegistry registry(*m_workspace);
        for (const ModelSummary& model : registry.list()) {
            const QVector<ModelVersionInfo> versions = registry.versions(model.name);
            if (!versions.isEmpty())
                m_exampleVersions << versions.last();
        }
    } catch (const Error& error) {
        Q_EMIT errorOccurred(error.message());
    }
    const QSignalBlocker block(m_exampleModel);
    m_exampleModel->clear();
    for (const ModelVersionInfo& version : std::as_const(m_exampleVersions))
        m_exampleModel->addItem(version.ref(), version.ref());
    m_exampleModel->setCurrentIndex(qMax(0, m_exampleModel->findData(selected)));
    updateExample();
}

void ServePage::tick()
{
    const RequestCollector::Batch batch = m_collector->take();
    m_log->append(batch.entries);
    if (!isRunning())
        return;
    m_elapsed += m_ticker->interval() / 1000.0;
    std::vector<double> latencies;
    latencies.reserve(size_t(batch.entries.size()));
    for (const RequestLogModel::Entry& entry : batch.entries)
        latencies.push_back(entry.record.seconds * 1000.0);
    m_rateChart->append(m_rateChart->lineSeries().at(0), m_elapsed, double(batch.count) * 1000.0 / m_ticker->interval());
    if (!latencies.empty()) {
        m_latencyChart->append(m_latencyChart->lineSeries().at(0), m_elapsed, percentile(latencies, 0.5));
        m_latencyChart->append(m_latencyChart->lineSeries().at(1), m_elapsed, percentile(latencies, 0.99));
    }
    m_rateChart->setMaxPoints(kChartSeconds);
    m_latencyChart->setMaxPoints(kChartSeconds);
}

void ServePage::updateState()
{
    const bool running = isRunning();
    m_toggle->setChecked(running);
    m_toggle->setText(running ? tr("Stop the API") : tr("Start the API"));
    m_openDocs->setEnabled(running);
    for (QWidget* setting : {static_cast<QWidget*>(m_host), static_cast<QWidget*>(m_port), static_cast<QWidget*>(m_auth),
                             static_cast<QWidget*>(m_maxBatch), static_cast<QWidget*>(m_maxDelay)})
        setting->setEnabled(!running);
    if (running)
        m_state->setText(tr("Serving at <a href=\"%1\">%1</a>%2").arg(url(), m_auth->isChecked() ? tr(" · API tokens required") : QString()));
    else
        m_state->setText(tr("The API is off."));
    updateExample();
}

void ServePage::updateExample()
{
    const int index = m_exampleModel->currentIndex();
    if (index < 0 || index >= m_exampleVersions.size()) {
        m_curl->setPlainText(tr("# Register a model (Train) to get an example request."));
        return;
    }
    const QString base = isRunning() ? url()
                                     : QStringLiteral("http://%1:%2").arg(m_host->text().trimmed()).arg(m_port->value() == 0 ? 8080 : m_port->value());
    m_curl->setPlainText(curlExample(m_exampleVersions.at(index), base, m_auth->isChecked()));
}

void ServePage::saveSettings() const
{
    QSettings settings;
    settings.setValue(QStringLiteral("server/host"), m_host->text().trimmed());
    settings.setValue(QStringLiteral("server/port"), m_port->value());
    settings.setValue(QStringLiteral("server/auth"), m_auth->isChecked());
    settings.setValue(QStringLiteral("server/maxBatch"), m_maxBatch->value());
    settings.setValue(QStringLiteral("server/maxDelayUs"), m_maxDelay->value());
}

}  // namespace mb::ui
