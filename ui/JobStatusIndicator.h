#pragma once

#include <QWidget>

class QLabel;
class QProgressBar;

namespace mb {
class JobManager;
}

namespace mb::ui {

// The status bar's view of running jobs: what trains and how far it is, with a small progress
// bar; hidden while nothing runs. Clicking it asks for the Train view. GUI thread only.
class JobStatusIndicator : public QWidget {
    Q_OBJECT
public:
    explicit JobStatusIndicator(JobManager* jobs, QWidget* parent = nullptr);

    QString text() const;
    int progress() const;  // 0..100 of the first active job

    // A background task that is not a job (e.g. preparing the gesture data): shown while
    // nothing trains; an empty text clears it.
    void setTask(const QString& text);

Q_SIGNALS:
    void clicked();

protected:
    void mousePressEvent(QMouseEvent* event) override;

private:
    void refresh();

    JobManager* m_jobs;
    QLabel* m_label;
    QProgressBar* m_bar;
    QString m_task;
};

}  // namespace mb::ui
