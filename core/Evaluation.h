#pragma once

#include <QJsonObject>
#include <QString>
#include <QStringList>
#include <QVector>

#include <limits>
#include <vector>

namespace mb {

// One class's figures in a classification report.
struct ClassMetrics {
    QString label;
    double precision = 0;  // tp / (tp + fp); 0 when the class is never predicted
    double recall = 0;  // tp / (tp + fn); 0 when the class has no support
    double f1 = 0;  // 2tp / (2tp + fp + fn); 0 when that is 0/0
    qint64 support = 0;  // how many samples truly belong to the class
};

// How well a classifier did on a set of samples. Figures are defined as scikit-learn's
// (accuracy_score, precision_recall_fscore_support with zero_division=0, f1_score with
// average='macro'/'weighted', confusion_matrix, log_loss). A plain value: copy freely.
struct ClassificationReport {
    QStringList labels;  // class names, index = class id
    double accuracy = 0;
    // Averages over the classes that occur in the truth or in the predictions (sklearn's
    // default `labels`); a class in neither does not count. Weighted = by support.
    double weightedF1 = 0;
    double macroF1 = 0;
    double minF1 = 0;  // lowest F1 over the classes with support > 0
    QString minF1Label;  // its class (the lowest id on a tie)
    QVector<ClassMetrics> perClass;  // one per label, index = class id
    QVector<QVector<qint64>> confusion;  // [true][predicted], labels x labels
    qint64 samples = 0;
    // Mean negative log-likelihood of the true class; NaN when no probabilities were given.
    double logLoss = std::numeric_limits<double>::quiet_NaN();

    // snake_case keys; a NaN log loss is written as null. fromJson(toJson()) gives back the
    // same report bit for bit, also through QJsonDocument text. fromJson throws Corrupt
    // when the JSON does not describe a report.
    QJsonObject toJson() const;
    static ClassificationReport fromJson(const QJsonObject& json);
};

// How well a regressor did, defined as scikit-learn's mean_absolute_error,
// mean_squared_error(squared=False) and r2_score.
struct RegressionReport {
    double mae = 0;
    double rmse = 0;
    // 1 - SS_res / SS_tot. With a constant truth (SS_tot = 0): 1 when the predictions are
    // exact, else 0. NaN with fewer than two samples, as sklearn.
    double r2 = 0;
    qint64 samples = 0;

    // As ClassificationReport: exact round trip, NaN as null, Corrupt on bad JSON.
    QJsonObject toJson() const;
    static RegressionReport fromJson(const QJsonObject& json);
};

// Computes evaluation reports from truth and predictions. Pure functions of their input:
// thread-safe. Inputs whose sizes disagree, class ids out of range, empty or non-finite
// input throw Error(InvalidArgument).
class Evaluation {
public:
    // `truth` and `predicted` hold class ids into `labels`. `probabilities`, if given, has
    // one row per sample with one value in [0, 1] per label; as sklearn's log_loss on
    // float32 input, values are clipped to [eps, 1 - eps] (eps = FLT_EPSILON) and each row
    // is renormalised to sum 1.
    static ClassificationReport classification(const QStringList& labels,
        const std::vector<int>& truth, const std::vector<int>& predicted,
        const std::vector<std::vector<float>>* probabilities = nullptr);

    static RegressionReport regression(
        const std::vector<double>& truth, const std::vector<double>& predicted);
};

}  // namespace mb
