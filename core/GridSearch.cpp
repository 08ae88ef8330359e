#include "GridSearch.h"

#include "DatasetCatalog.h"
#include "Error.h"
#include "TrainConfig.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>

namespace mb {
namespace {

constexpr int kMaxCombinations = 1000;

void flatten(const YAML::Node& node, const QString& prefix, QVector<QPair<QString, YAML::Node>>& out)
{
    for (auto it = node.begin(); it != node.end(); ++it) {
        const QString key = prefix + QString::fromStdString(it->first.as<std::string>());
        if (it->second.IsMap())
            flatten(it->second, key + QLatin1Char('.'), out);
        else
            out.append({key, it->second});
    }
}

QString flowText(const YAML::Node& value)
{
    YAML::Emitter emitter;
    emitter << YAML::Flow << value;
    return QString::fromStdString(emitter.c_str());
}

double scoreOf(const QVector<EpochMetrics>& history, int bestEpoch, const QString& metric, QMap<QString, double>& validation)
{
    if (bestEpoch < 1 || bestEpoch > history.size())
        return -INFINITY;
    const EpochMetrics& best = history.at(bestEpoch - 1);
    validation = best.val;
    validation.insert(QStringLiteral("loss"), best.valLoss);
    return metric == QLatin1String("loss") ? -best.valLoss : best.val.value(metric, -INFINITY);
}

}  // namespace

bool GridSearch::refits(const GridSearchRequest& request, const TrainRequest& trial) const
{
    const DatasetVersionInfo info = DatasetCatalog(m_workspace).resolve(request.dataset);
    const QStringList asked = trial.overrides.mid(0, trial.overrides.size() - 1);  // without the search's refit=false
    return TrainConfig::resolve(request.configYaml, info.kind, info.labelKind, asked).refit;
}

QVector<QStringList> GridSearch::expand(const QString& gridYaml, const QString& source)
{
    YAML::Node root;
    try {
        root = YAML::Load(gridYaml.toStdString());
    } catch (const YAML::Exception& error) {
        throw Error(ErrorCode::InvalidArgument, QStringLiteral("%1:%2: not valid YAML: %3").arg(source).arg(error.mark.line + 1).arg(QString::fromStdString(error.msg)));
    }
    if (!root.IsMap() || root.size() == 0)
        throw Error(ErrorCode::InvalidArgument, QStringLiteral("%1: a grid maps config keys to lists of values, e.g. 'lr: [0.001, 0.01]'").arg(source));
    QVector<QPair<QString, YAML::Node>> entries;
    flatten(root, QString(), entries);
    const QStringList known = TrainConfig::keys();
    QVector<QStringList> combinations = {QStringList()};
    for (const auto& [key, values] : entries) {
        const QString where = values.Mark().line >= 0 ? QStringLiteral("%1:%2").arg(source).arg(values.Mark().line + 1) : source;
        if (!known.contains(key))
            throw Error(ErrorCode::InvalidArgument, QStringLiteral("%1: unknown key '%2' (known keys: %3)").arg(where, key, known.join(QLatin1String(", "))));
        if (!values.IsSequence() || values.size() == 0)
            throw Error(ErrorCode::InvalidArgument, QStringLiteral("%1: '%2' needs a non-empty list of values to try").arg(where, key));
        QVector<QStringList> next;
        for (const QStringList& combination : std::as_const(combinations)) {
            for (const YAML::Node& value : values)
                next << (combination + QStringList{key + QLatin1Char('=') + flowText(value)});
        }
        combinations = next;
        if (combinations.size() > kMaxCombinations)
            throw Error(ErrorCode::InvalidArgument, QStringLiteral("%1: the grid has over %2 combinations").arg(source).arg(kMaxCombinations));
    }
    return combinations;
}

GridSearchOutcome GridSearch::run(const GridSearchRequest& request, TrainingObserver* observer, const TrialStarted& started,
                                  const TrialFinished& finished, const std::atomic_bool* cancel) const
{
    const QVector<QStringList> combinations = expand(request.gridYaml, request.gridSource);
    const Trainer trainer(m_workspace);
    GridSearchOutcome outcome;
    std::shared_ptr<PendingVersion> bestPending;
    ModelVersionInfo bestRegistered;
    TrainRequest bestRequest;
    double bestScore = -INFINITY;
    for (int i = 0; i < combinations.size(); ++i) {
        if (cancel && cancel->load())
            break;
        if (started)
            started(i, combinations.size(), combinations.at(i));
        TrainRequest train;
        train.dataset = request.dataset;
        train.configYaml = request.configYaml;
        // A refit makes the model to keep, not a score: the combinations train without it,
        // and the best alone is refitted (below).
        train.overrides = combinations.at(i) + QStringList{QStringLiteral("refit=false")};
        train.modelName = request.modelName;
        train.force = request.force;
        train.source = QStringLiteral("search");
        train.registerModel = false;
        train.reuseUnregistered = true;   // a combination scored before need not train again
        const TrainOutcome result = trainer.train(train, observer, cancel);
        if (result.run.state != QLatin1String("finished"))
            break;  // cancelled
        if (outcome.metric.isEmpty()) {
            for (const QString& line : result.run.config.split(QLatin1Char('\n'))) {
                if (line.startsWith(QLatin1String("selection_metric: ")))
                    outcome.metric = line.mid(18).trimmed();
            }
        }
        GridTrial trial;
        trial.overrides = combinations.at(i);
        trial.run = result.run;
        trial.cached = result.cached;
        trial.score = scoreOf(result.history, result.run.bestEpoch, outcome.metric, trial.validation);
        outcome.trials << trial;
        if (finished)
            finished(trial);
        if (trial.score > bestScore) {
            bestScore = trial.score;
            bestPending = result.pending;
            bestRegistered = result.version;  // set when the trial was cached with its model
            bestRequest = train;
        }
    }
    // A stopped search registers nothing, like a stopped training: its best so far is only the
    // best of the combinations that happened to run first.
    if (cancel && cancel->load())
        throw Error(ErrorCode::Conflict, QStringLiteral("the search was stopped after %1 of %2 combinations; nothing was registered")
                                             .arg(outcome.trials.size())
                                             .arg(combinations.size()));
    std::stable_sort(outcome.trials.begin(), outcome.trials.end(), [](const GridTrial& a, const GridTrial& b) { return a.score > b.score; });
    if (!outcome.trials.isEmpty() && refits(request, bestRequest)) {
        // The best combination as asked, refit included: trained once more, and kept.
        bestRequest.overrides.removeLast();
        bestRequest.reuseUnregistered = false;
        const TrainOutcome refitted = trainer.train(bestRequest, observer, cancel);
        if (refitted.run.state != QLatin1String("finished"))
            throw Error(ErrorCode::Conflict, QStringLiteral("the search was stopped while its best combination was refitted; nothing was registered"));
        bestPending = refitted.pending;
        bestRegistered = refitted.version;  // set when that refit was trained and registered before
    } else if (!bestPending && bestRegistered.id == 0 && !outcome.trials.isEmpty()) {
        // The best was scored from an earlier search's run, which kept no model: train it
        // again (same data, config and seed: the same result) to register it.
        bestRequest.force = true;
        bestRequest.reuseUnregistered = false;
        bestPending = trainer.train(bestRequest, observer, cancel).pending;
        if (!bestPending)
            throw Error(ErrorCode::Conflict, QStringLiteral("the search was stopped while its best combination was trained again; nothing was registered"));
    }
    outcome.best = bestPending ? trainer.registerPending(*bestPending, QStringLiteral("search")) : bestRegistered;
    return outcome;
}

}  // namespace mb
