#include "PlaygroundPanel.h"

#include "Error.h"
#include "LivePredictor.h"
#include "TopClassesView.h"

#include <QComboBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QVBoxLayout>

namespace mb::ui {

PlaygroundPanel::PlaygroundPanel(std::shared_ptr<const Workspace> workspace, const QString& emptyText, QWidget* parent)
    : QWidget(parent),
      m_workspace(std::move(workspace)),
      m_emptyText(emptyText),
      m_predictor(new LivePredictor(m_workspace, this)),
      m_models(new QComboBox(this)),
      m_inputLayout(new QVBoxLayout),
      m_top(new TopClassesView(this)),
      m_status(new QLabel(this))
{
    m_models->setObjectName(QStringLiteral("playgroundModel"));
    m_models->setMinimumContentsLength(28);
    m_status->setObjectName(QStringLiteral("playgroundStatus"));
    m_status->setWordWrap(true);
    m_top->setPlaceholder(tr("Top 5 classes appear here."));

    auto* picker = new QFormLayout;
    picker->addRow(tr("Model version:"), m_models);

    auto* result = new QVBoxLayout;
    auto* resultTitle = new QLabel(tr("<b>Top 5</b>"), this);
    result->addWidget(resultTitle);
    result->addWidget(m_top);
    result->addWidget(m_status);
    result->addStretch(1);

    auto* body = new QHBoxLayout;
    body->addLayout(m_inputLayout, 3);
    body->addSpacing(16);
    body->addLayout(result, 2);

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(picker);
    layout->addLayout(body, 1);

    connect(m_models, &QComboBox::currentIndexChanged, this, &PlaygroundPanel::onModelSelected);
    connect(m_predictor, &LivePredictor::loaded, this, [this] {
        showStatus(tr("%1 is ready.").arg(m_predictor->version().ref()));
        modelChanged(m_predictor->version());
        Q_EMIT modelReady();
    });
    connect(m_predictor, &LivePredictor::failed, this, [this](const QString& message) {
        showStatus(tr("Could not load the model: %1").arg(message));
    });
}

PlaygroundPanel::~PlaygroundPanel() = default;

void PlaygroundPanel::refresh()
{
    const QString selected = m_models->currentData().toString();
    try {
        m_versions = LivePredictor::candidates(*m_workspace, [this](const ModelVersionInfo& v) { return accepts(v); });
    } catch (const Error& error) {
        showStatus(error.message());
        return;
    }
    {
        const QSignalBlocker block(m_models);
        m_models->clear();
        for (const ModelVersionInfo& version : std::as_const(m_versions)) {
            QString text = version.ref();
            if (!version.aliases.isEmpty())
                text += QStringLiteral("  (%1)").arg(version.aliases.join(QStringLiteral(", ")));
            m_models->addItem(text, version.ref());
        }
        m_models->setEnabled(!m_versions.isEmpty());
    }
    if (m_versions.isEmpty()) {
        showStatus(m_emptyText);
        return;
    }
    const int keep = m_models->findData(selected);
    if (keep >= 0 && m_predictor->version().ref() == selected) {
        m_models->setCurrentIndex(keep);
        return;
    }
    m_models->setCurrentIndex(qMax(0, keep));
    onModelSelected(m_models->currentIndex());
}

bool PlaygroundPanel::selectVersion(const QString& ref)
{
    const int index = m_models->findData(ref);
    if (index < 0)
        return false;
    m_models->setCurrentIndex(index);
    return true;
}

bool PlaygroundPanel::isReady() const
{
    return m_predictor->isReady();
}

QString PlaygroundPanel::status() const
{
    return m_status->text();
}

const ModelVersionInfo& PlaygroundPanel::currentVersion() const
{
    return m_predictor->version();
}

void PlaygroundPanel::onModelSelected(int index)
{
    if (index < 0 || index >= m_versions.size())
        return;
    m_top->setClasses({});
    showStatus(tr("Loading %1…").arg(m_versions.at(index).ref()));
    m_predictor->load(m_versions.at(index));
}

void PlaygroundPanel::predict(const Instance& instance)
{
    if (!m_predictor->isReady())
        return;
    try {
        m_top->setClasses(m_predictor->topClasses(instance));
        showStatus(QString());
        Q_EMIT predicted();
    } catch (const Error& error) {
        m_top->setClasses({});
        showStatus(error.message());
    }
}

void PlaygroundPanel::clearPrediction(const QString& hint)
{
    m_top->setClasses({});
    showStatus(hint);
}

void PlaygroundPanel::showStatus(const QString& text)
{
    m_status->setText(text);
}

}  // namespace mb::ui
