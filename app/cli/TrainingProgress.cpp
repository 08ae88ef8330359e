#include "TrainingProgress.h"

#include <cmath>

namespace mb::cli {
namespace {

QString duration(double seconds)
{
    const qint64 s = qint64(std::max(0.0, seconds) + 0.5);
    return s >= 3600 ? QStringLiteral("%1:%2:%3").arg(s / 3600).arg(s / 60 % 60, 2, 10, QLatin1Char('0')).arg(s % 60, 2, 10, QLatin1Char('0'))
                     : QStringLiteral("%1:%2").arg(s / 60).arg(s % 60, 2, 10, QLatin1Char('0'));
}

QString bar(double fraction, int width)
{
    const int done = int(std::clamp(fraction, 0.0, 1.0) * width);
    return QLatin1Char('[') + QString(done, QLatin1Char('=')) + (done < width ? QStringLiteral(">") + QString(width - done - 1, QLatin1Char(' ')) : QString()) +
           QLatin1Char(']');
}

}  // namespace

TrainingProgress::TrainingProgress(QTextStream& err, bool interactive, QString metric)
    : m_err(err), m_interactive(interactive), m_metric(std::move(metric))
{
}

void TrainingProgress::draw(const QString& line, bool final)
{
    if (m_interactive) {
        m_err << '\r' << line << QString(std::max(0, m_lastLength - int(line.size())), QLatin1Char(' '));
        m_lastLength = int(line.size());
        if (final) {
            m_err << '\n';
            m_lastLength = 0;
        }
    } else if (final) {
        m_err << line << '\n';
    }
    m_err.flush();
}

void TrainingProgress::onStarted(const RunInfo& run, int maxEpochs)
{
    m_maxEpochs = maxEpochs;
    m_err << "Training run " << run.id << ": " << run.modelType << " on " << run.datasetRef << " (up to " << maxEpochs << " epochs)\n";
    m_err.flush();
}

void TrainingProgress::onBatch(const BatchProgress& p)
{
    if (!m_interactive)
        return;
    if (p.refitEpochs > 0) {
        draw(QStringLiteral("refit epoch %1/%2 %3 loss %4  %5 samples/s  ETA %6")
                 .arg(p.epoch).arg(p.refitEpochs).arg(bar(double(p.batch) / std::max(1, p.batches), 20))
                 .arg(p.loss, 0, 'f', 4).arg(qint64(p.samplesPerSecond)).arg(duration(p.etaSeconds)),
             false);
        return;
    }
    const QString metric = m_lastMetric >= 0 ? QStringLiteral("  val %1 %2").arg(m_metric).arg(m_lastMetric, 0, 'f', 4) : QString();
    draw(QStringLiteral("epoch %1/%2 %3 loss %4%5  %6 samples/s  ETA %7")
             .arg(p.epoch).arg(m_maxEpochs).arg(bar(double(p.batch) / std::max(1, p.batches), 20))
             .arg(p.loss, 0, 'f', 4).arg(metric).arg(qint64(p.samplesPerSecond)).arg(duration(p.etaSeconds)),
         false);
}

bool TrainingProgress::onEpochEnd(const EpochMetrics& e)
{
    m_lastMetric = e.val.value(m_metric, -1);
    const QString metric = m_lastMetric >= 0 ? QStringLiteral("  val %1 %2").arg(m_metric).arg(m_lastMetric, 0, 'f', 4)
                                             : QStringLiteral("  val loss %1").arg(e.valLoss, 0, 'f', 4);
    const QString line = QStringLiteral("epoch %1/%2 loss %3%4  %5 samples/s  %6 s")
                             .arg(e.epoch).arg(m_maxEpochs).arg(e.trainLoss, 0, 'f', 4).arg(metric)
                             .arg(qint64(e.samplesPerSecond)).arg(e.seconds, 0, 'f', 3);
    if (m_interactive)
        draw(line, false);
    else if (e.epoch <= 3 || e.epoch % 10 == 0)  // a log stays short: the first epochs, then every tenth
        draw(line, true);
    return true;
}

void TrainingProgress::onMessage(const QString& text)
{
    draw(text, true);
}

}  // namespace mb::cli
