#pragma once

#include "TrainingObserver.h"

#include <QElapsedTimer>
#include <QTextStream>

namespace mb::cli {

// Shows a training's progress on the terminal: one line redrawn in place on a terminal
// (epoch, bar, loss, validation metric, samples/s, ETA), one line per epoch otherwise.
class TrainingProgress : public TrainingObserver {
public:
    TrainingProgress(QTextStream& err, bool interactive, QString metric);

    void onStarted(const RunInfo& run, int maxEpochs) override;
    void onBatch(const BatchProgress& progress) override;
    bool onEpochEnd(const EpochMetrics& epoch) override;
    void onMessage(const QString& text) override;

private:
    void draw(const QString& line, bool final);

    QTextStream& m_err;
    bool m_interactive;
    QString m_metric;
    int m_maxEpochs = 0;
    double m_lastMetric = -1;
    int m_lastLength = 0;
};

}  // namespace mb::cli
