#include "JobStatusIndicator.h"

#include "Format.h"
#include "JobManager.h"
#include "TrainingJob.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QMouseEvent>
#include <QProgressBar>

#include <cmath>

namespace mb::ui {

JobStatusIndicator::JobStatusIndicator(JobManager* jobs, QWidget* parent)
    : QWidget(parent), m_jobs(jobs), m_label(new QLabel(this)), m_bar(new QProgressBar(this))
{
    setObjectName(QStringLiteral("jobStatus"));
    m_label->setObjectName(QStringLiteral("jobStatusText"));
    m_bar->setObjectName(QStringLiteral("jobStatusBar"));
    m_bar->setRange(0, 100);
    m_bar->setFixedWidth(120);
    m_bar->setFixedHeight(14);
    m_bar->setTextVisible(false);
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(6, 0, 6, 0);
    layout->setSpacing(6);
    layout->addWidget(m_label);
    layout->addWidget(m_bar);
    setCursor(Qt::PointingHandCursor);
    setToolTip(tr("Show the Train view"));
    connect(m_jobs, &JobManager::jobChanged, this, &JobStatusIndicator::refresh);
    connect(m_jobs, &JobManager::jobAdded, this, &JobStatusIndicator::refresh);
    connect(m_jobs, &JobManager::activeCountChanged, this, &JobStatusIndicator::refresh);
    refresh();
}

QString JobStatusIndicator::text() const
{
    return m_label->text();
}

int JobStatusIndicator::progress() const
{
    return m_bar->value();
}

void JobStatusIndicator::setTask(const QString& text)
{
    m_task = text;
    refresh();
}

void JobStatusIndicator::refresh()
{
    const QList<TrainingJob*> active = m_jobs->activeJobs();
    if (active.isEmpty()) {
        m_label->setText(m_task);
        m_bar->setRange(0, 0);  // busy indicator for a task of unknown length
        m_bar->setVisible(!m_task.isEmpty());
        setVisible(!m_task.isEmpty());
        return;
    }
    TrainingJob* first = active.first();
    for (TrainingJob* job : active) {
        if (job->state() == JobState::Running) {
            first = job;
            break;
        }
    }
    const JobProgress progress = first->progress();
    QString text;
    if (first->state() == JobState::Queued)
        text = tr("Queued: %1").arg(progress.dataset);
    else if (progress.trials > 0)
        text = tr("Searching %1 · combination %2/%3").arg(progress.dataset).arg(progress.trial).arg(progress.trials);
    else if (progress.refitEpochs > 0)
        text = tr("Refitting %1 · epoch %2/%3").arg(progress.dataset).arg(progress.epoch).arg(progress.refitEpochs);
    else if (progress.maxEpochs > 0)
        text = tr("Training %1 · epoch %2/%3").arg(progress.dataset).arg(std::max(1, progress.epoch)).arg(progress.maxEpochs);
    else
        text = tr("Training %1 · preparing").arg(progress.dataset);
    if (active.size() > 1)
        text += tr(" (+%1 more)").arg(active.size() - 1);
    m_label->setText(text);
    m_bar->setRange(0, 100);
    m_bar->setValue(int(std::lround(progress.fraction() * 100)));
    m_bar->show();
    show();
}

void JobStatusIndicator::mousePressEvent(QMouseEvent* event)
{
    if (event->button() == Qt::LeftButton)
        Q_EMIT clicked();
    QWidget::mousePressEvent(event);
}

}  // namespace mb::ui
