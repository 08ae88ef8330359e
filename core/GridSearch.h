#pragma once

#include "Trainer.h"

#include <QJsonObject>
#include <QStringList>
#include <QVector>

#include <functional>

namespace mb {

class Workspace;

// A grid search: every combination of the grid's values, trained one after the other.
struct GridSearchRequest {
    QString dataset;
    QString configYaml;                 // the base config (may be empty)
    QString gridYaml;                   // key: [values] (dotted or nested keys, as in a config)
    QString gridSource = QStringLiteral("grid");
    QString modelName;                  // default: the dataset's name
    bool force = false;                 // retrain combinations that ran before
};

struct GridTrial {
    QStringList overrides;              // "key=value" of this combination
    RunInfo run;
    bool cached = false;
    double score = 0;                   // the selection metric on validation (higher is better)
    QMap<QString, double> validation;   // metrics at the best epoch
};

struct GridSearchOutcome {
    QString metric;                     // the selection metric
    QVector<GridTrial> trials;          // best first
    ModelVersionInfo best;              // registered
};

// Runs a grid search through Trainer and registers the best combination's model (only that
// one: the others stay as runs). Combinations train without a refit; when the config asks
// for one, the best combination trains once more with it, and that model is registered. A
// search stopped through `cancel` registers nothing and
// throws Conflict (the finished combinations stay as runs). One thread, like Trainer.
class GridSearch {
public:
    explicit GridSearch(const Workspace& workspace) : m_workspace(workspace) {}

    // Called before each trial (index, count, overrides) and with each trial's result.
    using TrialStarted = std::function<void(int, int, const QStringList&)>;
    using TrialFinished = std::function<void(const GridTrial&)>;

    GridSearchOutcome run(const GridSearchRequest& request, TrainingObserver* observer = nullptr,
                          const TrialStarted& started = {}, const TrialFinished& finished = {},
                          const std::atomic_bool* cancel = nullptr) const;

    // The combinations of a grid, as override lists. Throws InvalidArgument for an unknown
    // key, a value that is not a list, an empty list, or more than 1000 combinations.
    static QVector<QStringList> expand(const QString& gridYaml, const QString& source);

private:
    // Whether the config of `trial` (a trial's request: the combination, then refit=false)
    // asks for a refit without the search's refit=false.
    bool refits(const GridSearchRequest& request, const TrainRequest& trial) const;

    const Workspace& m_workspace;
};

}  // namespace mb
