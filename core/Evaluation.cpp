#include "Evaluation.h"

#include "Error.h"

#include <QJsonArray>
#include <QJsonValue>

#include <algorithm>
#include <cfloat>
#include <cmath>

namespace mb {

namespace {

// Thrown inside fromJson and re-raised as Corrupt naming the report kind.
struct BadJson {
    QString detail;
};

QJsonValue nullable(double value)
{
    // JSON has no NaN; null stands for "not measured".
    return std::isnan(value) ? QJsonValue(QJsonValue::Null) : QJsonValue(value);
}

QJsonValue field(const QJsonObject& json, const QString& key)
{
    const QJsonValue value = json.value(key);
    if (value.isUndefined())
        throw BadJson { QStringLiteral("'%1' is missing").arg(key) };
    return value;
}

double readNumber(const QJsonValue& value, const QString& key)
{
    if (!value.isDouble())
        throw BadJson { QStringLiteral("'%1' is not a number").arg(key) };
    return value.toDouble();
}

double readNullableNumber(const QJsonValue& value, const QString& key)
{
    if (value.isNull())
        return std::numeric_limits<double>::quiet_NaN();
    return readNumber(value, key);
}

qint64 readCount(const QJsonValue& value, const QString& key)
{
    // toInteger() returns its default for non-integral values; two defaults tell them apart
    // without going through double, which would lose counts above 2^53.
    const qint64 count = value.toInteger(-1);
    if (!value.isDouble() || count != value.toInteger(-2) || count < 0)
        throw BadJson { QStringLiteral("'%1' is not a count").arg(key) };
    return count;
}

QString readString(const QJsonValue& value, const QString& key)
{
    if (!value.isString())
        throw BadJson { QStringLiteral("'%1' is not a string").arg(key) };
    return value.toString();
}

QJsonArray readArray(const QJsonValue& value, const QString& key)
{
    if (!value.isArray())
        throw BadJson { QStringLiteral("'%1' is not an array").arg(key) };
    return value.toArray();
}

QJsonObject readObject(const QJsonValue& value, const QString& key)
{
    if (!value.isObject())
        throw BadJson { QStringLiteral("'%1' is not an object").arg(key) };
    return value.toObject();
}

void checkSizes(size_t truth, size_t predicted)
{
    if (truth != predicted) {
        throw Error(ErrorCode::InvalidArgument,
            QStringLiteral("truth has %1 values but the predictions have %2")
                .arg(truth)
                .arg(predicted));
    }
    if (truth == 0)
        throw Error(ErrorCode::InvalidArgument, QStringLiteral("nothing to evaluate: no samples"));
}

void checkClassId(int id, qsizetype classes, size_t row, const char* which)
{
    if (id < 0 || id >= classes) {
        throw Error(ErrorCode::InvalidArgument,
            QStringLiteral("%1 class id %2 at row %3 is out of range 0..%4")
                .arg(QLatin1String(which))
                .arg(id)
                .arg(row)
                .arg(classes - 1));
    }
}

double logLoss(const std::vector<int>& truth, const std::vector<std::vector<float>>& probabilities,
    qsizetype classes)
{
    if (probabilities.size() != truth.size()) {
        throw Error(ErrorCode::InvalidArgument,
            QStringLiteral("probabilities have %1 rows for %2 samples")
                .arg(probabilities.size())
                .arg(truth.size()));
    }
    // sklearn clips with the epsilon of the input's dtype; ours is float32.
    const double eps = FLT_EPSILON;
    double total = 0;
    for (size_t row = 0; row < truth.size(); ++row) {
        const std::vector<float>& p = probabilities[row];
        if (qsizetype(p.size()) != classes) {
            throw Error(ErrorCode::InvalidArgument,
                QStringLiteral("probability row %1 has %2 values for %3 classes")
                    .arg(row)
                    .arg(p.size())
                    .arg(classes));
        }
        double sum = 0;
        for (size_t c = 0; c < p.size(); ++c) {
            if (!(p[c] >= 0.0f && p[c] <= 1.0f)) {  // also catches NaN
                throw Error(ErrorCode::InvalidArgument,
                    QStringLiteral("probability %1 at row %2, class %3 is not in [0, 1]")
                        .arg(p[c])
                        .arg(row)
                        .arg(c));
            }
            sum += std::clamp(double(p[c]), eps, 1.0 - eps);
        }
        const double own = std::clamp(double(p[size_t(truth[row])]), eps, 1.0 - eps);
        total -= std::log(own / sum);
    }
    return total / double(truth.size());
}

}  // namespace

ClassificationReport Evaluation::classification(const QStringList& labels,
    const std::vector<int>& truth, const std::vector<int>& predicted,
    const std::vector<std::vector<float>>* probabilities)
{
    if (labels.isEmpty())
        throw Error(ErrorCode::InvalidArgument, QStringLiteral("no class labels"));
    checkSizes(truth.size(), predicted.size());
    const qsizetype classes = labels.size();
    for (size_t row = 0; row < truth.size(); ++row) {
        checkClassId(truth[row], classes, row, "true");
        checkClassId(predicted[row], classes, row, "predicted");
    }

    ClassificationReport report;
    report.labels = labels;
    report.samples = qint64(truth.size());
    report.confusion = QVector<QVector<qint64>>(classes, QVector<qint64>(classes, 0));
    for (size_t row = 0; row < truth.size(); ++row)
        ++report.confusion[truth[row]][predicted[row]];

    QVector<qint64> predictedCount(classes, 0);
    qint64 correct = 0;
    for (qsizetype t = 0; t < classes; ++t) {
        for (qsizetype p = 0; p < classes; ++p)
            predictedCount[p] += report.confusion[t][p];
        correct += report.confusion[t][t];
    }
    report.accuracy = double(correct) / double(report.samples);

    double f1Sum = 0;
    double weightedSum = 0;
    int averaged = 0;
    bool haveMin = false;
    for (qsizetype c = 0; c < classes; ++c) {
        ClassMetrics metrics;
        metrics.label = labels.at(c);
        const qint64 tp = report.confusion[c][c];
        for (const qint64 count : report.confusion[c])
            metrics.support += count;
        // zero_division=0: an undefined ratio counts as 0.
        if (predictedCount[c] > 0)
            metrics.precision = double(tp) / double(predictedCount[c]);
        if (metrics.support > 0)
            metrics.recall = double(tp) / double(metrics.support);
        // 2tp + fp + fn = support + predicted; this form needs no special case for p = r = 0.
        const qint64 f1Denominator = metrics.support + predictedCount[c];
        if (f1Denominator > 0) {
            metrics.f1 = 2.0 * double(tp) / double(f1Denominator);
            // sklearn averages over the classes present in truth or predictions only.
            f1Sum += metrics.f1;
            weightedSum += metrics.f1 * double(metrics.support);
            ++averaged;
        }
        if (metrics.support > 0 && (!haveMin || metrics.f1 < report.minF1)) {
            report.minF1 = metrics.f1;
            report.minF1Label = metrics.label;
            haveMin = true;
        }
        report.perClass << metrics;
    }
    report.macroF1 = f1Sum / averaged;  // averaged >= 1: there is at least one sample
    report.weightedF1 = weightedSum / double(report.samples);

    if (probabilities)
        report.logLoss = logLoss(truth, *probabilities, classes);
    return report;
}

RegressionReport Evaluation::regression(
    const std::vector<double>& truth, const std::vector<double>& predicted)
{
    checkSizes(truth.size(), predicted.size());
    for (size_t row = 0; row < truth.size(); ++row) {
        if (!std::isfinite(truth[row]) || !std::isfinite(predicted[row])) {
            throw Error(ErrorCode::InvalidArgument,
                QStringLiteral("row %1 has a value that is not a finite number").arg(row));
        }
    }

    const double n = double(truth.size());
    double absSum = 0;
    double ssRes = 0;
    double sum = 0;
    bool constant = true;
    for (size_t row = 0; row < truth.size(); ++row) {
        const double error = truth[row] - predicted[row];
        absSum += std::abs(error);
        ssRes += error * error;
        sum += truth[row];
        constant = constant && truth[row] == truth[0];
    }

    RegressionReport report;
    report.samples = qint64(truth.size());
    report.mae = absSum / n;
    report.rmse = std::sqrt(ssRes / n);
    if (truth.size() < 2) {
        report.r2 = std::numeric_limits<double>::quiet_NaN();  // sklearn: not well-defined
        return report;
    }
    // A constant truth has SS_tot = 0 exactly. Computing it from the mean can leave a
    // rounding residue (three times 0.1 averages to 0.1 + 1 ulp), which would make R^2 a
    // huge negative number instead of sklearn's intended 0.
    double ssTot = 0;
    if (!constant) {
        const double mean = sum / n;
        for (const double value : truth)
            ssTot += (value - mean) * (value - mean);
    }
    if (ssTot == 0)
        report.r2 = ssRes == 0 ? 1.0 : 0.0;
    else
        report.r2 = 1.0 - ssRes / ssTot;
    return report;
}

QJsonObject ClassificationReport::toJson() const
{
    QJsonArray classes;
    for (const ClassMetrics& metrics : perClass) {
        classes.append(QJsonObject { { QStringLiteral("label"), metrics.label },
            { QStringLiteral("precision"), metrics.precision },
            { QStringLiteral("recall"), metrics.recall }, { QStringLiteral("f1"), metrics.f1 },
            { QStringLiteral("support"), metrics.support } });
    }
    QJsonArray matrix;
    for (const QVector<qint64>& row : confusion) {
        QJsonArray cells;
        for (const qint64 count : row)
            cells.append(count);
        matrix.append(cells);
    }
    return QJsonObject { { QStringLiteral("labels"), QJsonArray::fromStringList(labels) },
        { QStringLiteral("accuracy"), accuracy }, { QStringLiteral("weighted_f1"), weightedF1 },
        { QStringLiteral("macro_f1"), macroF1 }, { QStringLiteral("min_f1"), minF1 },
        { QStringLiteral("min_f1_label"), minF1Label }, { QStringLiteral("per_class"), classes },
        { QStringLiteral("confusion"), matrix }, { QStringLiteral("samples"), samples },
        { QStringLiteral("log_loss"), nullable(logLoss) } };
}

ClassificationReport ClassificationReport::fromJson(const QJsonObject& json)
{
    try {
        ClassificationReport report;
        const QString labelsKey = QStringLiteral("labels");
        for (const QJsonValue& label : readArray(field(json, labelsKey), labelsKey))
            report.labels << readString(label, labelsKey);
        const auto number
            = [&json](const QString& key) { return readNumber(field(json, key), key); };
        report.accuracy = number(QStringLiteral("accuracy"));
        report.weightedF1 = number(QStringLiteral("weighted_f1"));
        report.macroF1 = number(QStringLiteral("macro_f1"));
        report.minF1 = number(QStringLiteral("min_f1"));
        const QString minLabelKey = QStringLiteral("min_f1_label");
        report.minF1Label = readString(field(json, minLabelKey), minLabelKey);
        const QString samplesKey = QStringLiteral("samples");
        report.samples = readCount(field(json, samplesKey), samplesKey);
        const QString logLossKey = QStringLiteral("log_loss");
        report.logLoss = readNullableNumber(field(json, logLossKey), logLossKey);

        const QString perClassKey = QStringLiteral("per_class");
        for (const QJsonValue& value : readArray(field(json, perClassKey), perClassKey)) {
            const QJsonObject object = readObject(value, perClassKey);
            const auto classNumber
                = [&object](const QString& key) { return readNumber(field(object, key), key); };
            ClassMetrics metrics;
            metrics.label
                = readString(field(object, QStringLiteral("label")), QStringLiteral("label"));
            metrics.precision = classNumber(QStringLiteral("precision"));
            metrics.recall = classNumber(QStringLiteral("recall"));
            metrics.f1 = classNumber(QStringLiteral("f1"));
            metrics.support
                = readCount(field(object, QStringLiteral("support")), QStringLiteral("support"));
            report.perClass << metrics;
        }
        if (report.perClass.size() != report.labels.size()) {
            throw BadJson { QStringLiteral("%1 per-class entries for %2 labels")
                                .arg(report.perClass.size())
                                .arg(report.labels.size()) };
        }

        const QString confusionKey = QStringLiteral("confusion");
        for (const QJsonValue& rowValue : readArray(field(json, confusionKey), confusionKey)) {
            QVector<qint64> row;
            for (const QJsonValue& cell : readArray(rowValue, confusionKey))
                row << readCount(cell, confusionKey);
            if (row.size() != report.labels.size())
                throw BadJson { QStringLiteral("a confusion row has %1 cells for %2 labels")
                                    .arg(row.size())
                                    .arg(report.labels.size()) };
            report.confusion << row;
        }
        if (report.confusion.size() != report.labels.size()) {
            throw BadJson { QStringLiteral("the confusion matrix has %1 rows for %2 labels")
                                .arg(report.confusion.size())
                                .arg(report.labels.size()) };
        }
        return report;
    } catch (const BadJson& bad) {
        throw Error(ErrorCode::Corrupt,
            QStringLiteral("stored classification report is damaged: %1").arg(bad.detail));
    }
}

QJsonObject RegressionReport::toJson() const
{
    return QJsonObject { { QStringLiteral("mae"), mae }, { QStringLiteral("rmse"), rmse },
        { QStringLiteral("r2"), nullable(r2) }, { QStringLiteral("samples"), samples } };
}

RegressionReport RegressionReport::fromJson(const QJsonObject& json)
{
    try {
        RegressionReport report;
        const auto number
            = [&json](const QString& key) { return readNumber(field(json, key), key); };
        report.mae = number(QStringLiteral("mae"));
        report.rmse = number(QStringLiteral("rmse"));
        report.r2 = readNullableNumber(field(json, QStringLiteral("r2")), QStringLiteral("r2"));
        report.samples
            = readCount(field(json, QStringLiteral("samples")), QStringLiteral("samples"));
        return report;
    } catch (const BadJson& bad) {
        throw Error(ErrorCode::Corrupt,
            QStringLiteral("stored regression report is damaged: %1").arg(bad.detail));
    }
}

}  // namespace mb
