#include "Error.h"
#include "Evaluation.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QtTest>

#include <cmath>
#include <cstring>
#include <limits>

using namespace mb;

using Matrix = QVector<QVector<qint64>>;
using Probabilities = std::vector<std::vector<float>>;

// Expected values were computed offline with scikit-learn 1.2.1 (Debian python3-sklearn,
// numpy 1.24.2), y = truth, p = predicted, K = number of labels:
//   accuracy_score(y, p)
//   f1_score(y, p, average='weighted', zero_division=0)
//   f1_score(y, p, average='macro', zero_division=0)
//   precision_recall_fscore_support(y, p, labels=range(K), zero_division=0)
//   confusion_matrix(y, p, labels=range(K))
//   min F1 = min of the per-class F1 over classes with support > 0 (lowest id on a tie)
//   log_loss(y, P.astype(np.float32).astype(np.float64), labels=range(K),
//            eps=np.finfo(np.float32).eps)
//   mean_absolute_error(y, p), mean_squared_error(y, p, squared=False), r2_score(y, p)
// sklearn computes F1 as 2PR/(P+R) and sums in a different order, so figures agree to a few
// ulps, not bit for bit.
class TestEvaluation : public QObject {
    Q_OBJECT

private:
    static constexpr double kTolerance = 1e-12;

    static bool near(double actual, double expected, double tolerance = kTolerance)
    {
        if (std::isnan(expected))
            return std::isnan(actual);
        return std::abs(actual - expected) <= tolerance;
    }

    static bool sameBits(double a, double b) { return std::memcmp(&a, &b, sizeof a) == 0; }

    static QStringList names(int classes)
    {
        static const QStringList all { QStringLiteral("alpha"), QStringLiteral("beta"),
            QStringLiteral("gamma"), QStringLiteral("delta") };
        return all.mid(0, classes);
    }

    static void compareExactly(const ClassificationReport& a, const ClassificationReport& b)
    {
        QCOMPARE(a.labels, b.labels);
        QVERIFY(sameBits(a.accuracy, b.accuracy));
        QVERIFY(sameBits(a.weightedF1, b.weightedF1));
        QVERIFY(sameBits(a.macroF1, b.macroF1));
        QVERIFY(sameBits(a.minF1, b.minF1));
        QCOMPARE(a.minF1Label, b.minF1Label);
        QCOMPARE(a.perClass.size(), b.perClass.size());
        for (qsizetype i = 0; i < a.perClass.size(); ++i) {
            QCOMPARE(a.perClass[i].label, b.perClass[i].label);
            QVERIFY(sameBits(a.perClass[i].precision, b.perClass[i].precision));
            QVERIFY(sameBits(a.perClass[i].recall, b.perClass[i].recall));
            QVERIFY(sameBits(a.perClass[i].f1, b.perClass[i].f1));
            QCOMPARE(a.perClass[i].support, b.perClass[i].support);
        }
        QCOMPARE(a.confusion, b.confusion);
        QCOMPARE(a.samples, b.samples);
        QVERIFY(sameBits(a.logLoss, b.logLoss) || (std::isnan(a.logLoss) && std::isnan(b.logLoss)));
    }

    static ClassificationReport throughText(const ClassificationReport& report)
    {
        const QByteArray text = QJsonDocument(report.toJson()).toJson(QJsonDocument::Compact);
        return ClassificationReport::fromJson(QJsonDocument::fromJson(text).object());
    }

    static RegressionReport throughText(const RegressionReport& report)
    {
        const QByteArray text = QJsonDocument(report.toJson()).toJson(QJsonDocument::Compact);
        return RegressionReport::fromJson(QJsonDocument::fromJson(text).object());
    }

    static ErrorCode classificationError(const QStringList& labels, const std::vector<int>& truth,
        const std::vector<int>& predicted, const Probabilities* probabilities = nullptr)
    {
        try {
            Evaluation::classification(labels, truth, predicted, probabilities);
        } catch (const Error& error) {
            return error.code();
        }
        return ErrorCode::Internal;  // "did not throw"
    }

    static ErrorCode regressionError(
        const std::vector<double>& truth, const std::vector<double>& predicted)
    {
        try {
            Evaluation::regression(truth, predicted);
        } catch (const Error& error) {
            return error.code();
        }
        return ErrorCode::Internal;
    }

    static ErrorCode parseError(const QJsonObject& json)
    {
        try {
            ClassificationReport::fromJson(json);
        } catch (const Error& error) {
            return error.code();
        }
        return ErrorCode::Internal;
    }

    static Probabilities imbalancedProbabilities()
    {
        return { { .7f, .2f, .1f }, { .6f, .3f, .1f }, { .9f, .05f, .05f }, { .5f, .25f, .25f },
            { .3f, .6f, .1f }, { .2f, .2f, .6f }, { .1f, .8f, .1f }, { .25f, .5f, .25f },
            { .55f, .35f, .1f }, { .1f, .1f, .8f } };
    }

private Q_SLOTS:
    void classificationMatchesSklearn_data()
    {
        QTest::addColumn<int>("classes");
        QTest::addColumn<std::vector<int>>("truth");
        QTest::addColumn<std::vector<int>>("predicted");
        QTest::addColumn<double>("accuracy");
        QTest::addColumn<double>("weightedF1");
        QTest::addColumn<double>("macroF1");
        QTest::addColumn<double>("minF1");
        QTest::addColumn<QString>("minF1Label");
        QTest::addColumn<QVector<double>>("precision");
        QTest::addColumn<QVector<double>>("recall");
        QTest::addColumn<QVector<double>>("f1");
        QTest::addColumn<QVector<qint64>>("support");
        QTest::addColumn<Matrix>("confusion");

        QTest::newRow("perfect") << 3 << std::vector<int> { 0, 1, 2, 0, 1, 2 }
                                 << std::vector<int> { 0, 1, 2, 0, 1, 2 } << 1.0 << 1.0 << 1.0
                                 << 1.0 << QStringLiteral("alpha")
                                 << QVector<double> { 1.0, 1.0, 1.0 }
                                 << QVector<double> { 1.0, 1.0, 1.0 }
                                 << QVector<double> { 1.0, 1.0, 1.0 } << QVector<qint64> { 2, 2, 2 }
                                 << Matrix { { 2, 0, 0 }, { 0, 2, 0 }, { 0, 0, 2 } };

        // Every F1 is 0: the minimum is the first class.
        QTest::newRow("all wrong")
            << 3 << std::vector<int> { 0, 1, 2, 0, 1, 2 } << std::vector<int> { 1, 2, 0, 1, 2, 0 }
            << 0.0 << 0.0 << 0.0 << 0.0 << QStringLiteral("alpha")
            << QVector<double> { 0.0, 0.0, 0.0 } << QVector<double> { 0.0, 0.0, 0.0 }
            << QVector<double> { 0.0, 0.0, 0.0 } << QVector<qint64> { 2, 2, 2 }
            << Matrix { { 0, 2, 0 }, { 0, 0, 2 }, { 2, 0, 0 } };

        // beta and gamma tie at 2/3: the lower id wins.
        QTest::newRow("imbalanced 3-class")
            << 3 << std::vector<int> { 0, 0, 0, 0, 0, 0, 1, 1, 1, 2 }
            << std::vector<int> { 0, 0, 0, 0, 1, 2, 1, 1, 0, 2 } << 0.7 << 0.703030303030303
            << 0.6868686868686869 << 0.6666666666666666 << QStringLiteral("beta")
            << QVector<double> { 0.8, 0.6666666666666666, 0.5 }
            << QVector<double> { 0.6666666666666666, 0.6666666666666666, 1.0 }
            << QVector<double> { 0.7272727272727272, 0.6666666666666666, 0.6666666666666666 }
            << QVector<qint64> { 6, 3, 1 } << Matrix { { 4, 1, 1 }, { 1, 2, 0 }, { 0, 0, 1 } };

        // gamma is never predicted: precision 0 (zero_division=0), F1 0, still in the averages.
        QTest::newRow("class never predicted")
            << 3 << std::vector<int> { 0, 0, 1, 1, 2, 2, 2 }
            << std::vector<int> { 0, 0, 1, 1, 0, 1, 1 } << 0.5714285714285714 << 0.41904761904761906
            << 0.48888888888888893 << 0.0 << QStringLiteral("gamma")
            << QVector<double> { 0.6666666666666666, 0.5, 0.0 } << QVector<double> { 1.0, 1.0, 0.0 }
            << QVector<double> { 0.8, 0.6666666666666666, 0.0 } << QVector<qint64> { 2, 2, 3 }
            << Matrix { { 2, 0, 0 }, { 0, 2, 0 }, { 1, 2, 0 } };

        // gamma is only predicted: recall 0, in the macro average (truth or predictions),
        // not in the minimum (no support). delta occurs nowhere: in neither.
        QTest::newRow("class only predicted")
            << 4 << std::vector<int> { 0, 0, 0, 1, 1, 1 } << std::vector<int> { 0, 2, 0, 1, 2, 1 }
            << 0.6666666666666666 << 0.8000000000000002 << 0.5333333333333333 << 0.8
            << QStringLiteral("alpha") << QVector<double> { 1.0, 1.0, 0.0, 0.0 }
            << QVector<double> { 0.6666666666666666, 0.6666666666666666, 0.0, 0.0 }
            << QVector<double> { 0.8, 0.8, 0.0, 0.0 } << QVector<qint64> { 3, 3, 0, 0 }
            << Matrix { { 2, 0, 1, 0 }, { 0, 2, 1, 0 }, { 0, 0, 0, 0 }, { 0, 0, 0, 0 } };

        QTest::newRow("binary") << 2 << std::vector<int> { 0, 0, 0, 0, 1, 1, 1, 0, 1, 0 }
                                << std::vector<int> { 0, 1, 0, 0, 1, 0, 1, 0, 0, 0 } << 0.7
                                << 0.6901098901098901 << 0.6703296703296704 << 0.5714285714285715
                                << QStringLiteral("beta")
                                << QVector<double> { 0.7142857142857143, 0.6666666666666666 }
                                << QVector<double> { 0.8333333333333334, 0.5 }
                                << QVector<double> { 0.7692307692307692, 0.5714285714285715 }
                                << QVector<qint64> { 6, 4 } << Matrix { { 5, 1 }, { 2, 2 } };
    }

    void classificationMatchesSklearn()
    {
        QFETCH(int, classes);
        QFETCH(std::vector<int>, truth);
        QFETCH(std::vector<int>, predicted);
        QFETCH(double, accuracy);
        QFETCH(double, weightedF1);
        QFETCH(double, macroF1);
        QFETCH(double, minF1);
        QFETCH(QString, minF1Label);
        QFETCH(QVector<double>, precision);
        QFETCH(QVector<double>, recall);
        QFETCH(QVector<double>, f1);
        QFETCH(QVector<qint64>, support);
        QFETCH(Matrix, confusion);

        const ClassificationReport report
            = Evaluation::classification(names(classes), truth, predicted);
        QCOMPARE(report.labels, names(classes));
        QCOMPARE(report.samples, qint64(truth.size()));
        QVERIFY2(
            near(report.accuracy, accuracy), qPrintable(QString::number(report.accuracy, 'g', 17)));
        QVERIFY2(near(report.weightedF1, weightedF1),
            qPrintable(QString::number(report.weightedF1, 'g', 17)));
        QVERIFY2(
            near(report.macroF1, macroF1), qPrintable(QString::number(report.macroF1, 'g', 17)));
        QVERIFY2(near(report.minF1, minF1), qPrintable(QString::number(report.minF1, 'g', 17)));
        QCOMPARE(report.minF1Label, minF1Label);
        QCOMPARE(report.perClass.size(), qsizetype(classes));
        for (int c = 0; c < classes; ++c) {
            const ClassMetrics& metrics = report.perClass[c];
            QCOMPARE(metrics.label, names(classes).at(c));
            QVERIFY2(near(metrics.precision, precision[c]),
                qPrintable(QStringLiteral("precision of %1").arg(c)));
            QVERIFY2(
                near(metrics.recall, recall[c]), qPrintable(QStringLiteral("recall of %1").arg(c)));
            QVERIFY2(near(metrics.f1, f1[c]), qPrintable(QStringLiteral("f1 of %1").arg(c)));
            QCOMPARE(metrics.support, support[c]);
        }
        QCOMPARE(report.confusion, confusion);
        QVERIFY(std::isnan(report.logLoss));
    }

    void logLossMatchesSklearn_data()
    {
        QTest::addColumn<int>("classes");
        QTest::addColumn<std::vector<int>>("truth");
        QTest::addColumn<Probabilities>("probabilities");
        QTest::addColumn<double>("logLoss");

        QTest::newRow("imbalanced 3-class")
            << 3 << std::vector<int> { 0, 0, 0, 0, 0, 0, 1, 1, 1, 2 } << imbalancedProbabilities()
            << 0.6668675436502689;
        QTest::newRow("binary") << 2 << std::vector<int> { 0, 0, 0, 0, 1, 1, 1, 0, 1, 0 }
                                << Probabilities { { .9f, .1f }, { .4f, .6f }, { .8f, .2f },
                                       { .7f, .3f }, { .2f, .8f }, { .6f, .4f }, { .1f, .9f },
                                       { .95f, .05f }, { .55f, .45f }, { .85f, .15f } }
                                << 0.3858584546461362;
        // Row 0: the true class has probability 0 (clipped to eps); row 1 sums to 2
        // (renormalised); row 2 is one-hot (clipped to 1 - eps).
        QTest::newRow("clipped and renormalised")
            << 3 << std::vector<int> { 0, 1, 2 }
            << Probabilities { { 0.f, 1.f, 0.f }, { .5f, 1.f, .5f }, { 0.f, 0.f, 1.f } }
            << 5.5451775835570665;
    }

    void logLossMatchesSklearn()
    {
        QFETCH(int, classes);
        QFETCH(std::vector<int>, truth);
        QFETCH(Probabilities, probabilities);
        QFETCH(double, logLoss);

        // The predictions do not enter the log loss; the argmax is as good as any.
        std::vector<int> predicted;
        for (const auto& row : probabilities)
            predicted.push_back(int(std::max_element(row.begin(), row.end()) - row.begin()));
        const ClassificationReport report
            = Evaluation::classification(names(classes), truth, predicted, &probabilities);
        QVERIFY2(
            near(report.logLoss, logLoss), qPrintable(QString::number(report.logLoss, 'g', 17)));
    }

    void regressionMatchesSklearn_data()
    {
        QTest::addColumn<std::vector<double>>("truth");
        QTest::addColumn<std::vector<double>>("predicted");
        QTest::addColumn<double>("mae");
        QTest::addColumn<double>("rmse");
        QTest::addColumn<double>("r2");

        // The example of sklearn's documentation.
        QTest::newRow("sklearn doc")
            << std::vector<double> { 3, -0.5, 2, 7 } << std::vector<double> { 2.5, 0.0, 2, 8 }
            << 0.5 << 0.6123724356957945 << 0.9486081370449679;
        QTest::newRow("perfect") << std::vector<double> { 1, 2, 3 }
                                 << std::vector<double> { 1, 2, 3 } << 0.0 << 0.0 << 1.0;
        QTest::newRow("negative r2")
            << std::vector<double> { 1, 2, 3 } << std::vector<double> { 3, 2, 1 }
            << 1.3333333333333333 << 1.632993161855452 << -3.0;
        QTest::newRow("noisy") << std::vector<double> { 0.5, 1.5, -2.25, 4.0, 10.0, 3.3 }
                               << std::vector<double> { 0.4, 1.9, -2.0, 3.1, 11.5, 3.3 } << 0.525
                               << 0.7407766195014527 << 0.9617160437004918;
        // Constant truth, SS_tot = 0: 1 when exact, 0 otherwise.
        QTest::newRow("constant truth, exact")
            << std::vector<double> { 5, 5, 5 } << std::vector<double> { 5, 5, 5 } << 0.0 << 0.0
            << 1.0;
        QTest::newRow("constant truth, off")
            << std::vector<double> { 5, 5, 5 } << std::vector<double> { 4, 5, 6 }
            << 0.6666666666666666 << 0.816496580927726 << 0.0;
        QTest::newRow("constant 0.1, exact")
            << std::vector<double> { 0.1, 0.1, 0.1 } << std::vector<double> { 0.1, 0.1, 0.1 } << 0.0
            << 0.0 << 1.0;
        // Deliberate difference: sklearn 1.2.1 returns -5.192296858534829e+31 here, because
        // np.average([0.1]*3) is 0.1 + 1 ulp and SS_tot comes out as 5.8e-34 instead of 0.
        // Evaluation treats a constant truth as SS_tot = 0 exactly, so R^2 = 0 (sklearn's rule).
        QTest::newRow("constant 0.1, off")
            << std::vector<double> { 0.1, 0.1, 0.1 } << std::vector<double> { 0.2, 0.2, 0.2 }
            << 0.10000000000000002 << 0.1 << 0.0;
        // r2_score warns "not well-defined with less than two samples" and returns nan.
        QTest::newRow("single sample") << std::vector<double> { 2.0 } << std::vector<double> { 3.0 }
                                       << 1.0 << 1.0 << std::numeric_limits<double>::quiet_NaN();
    }

    void regressionMatchesSklearn()
    {
        QFETCH(std::vector<double>, truth);
        QFETCH(std::vector<double>, predicted);
        QFETCH(double, mae);
        QFETCH(double, rmse);
        QFETCH(double, r2);

        const RegressionReport report = Evaluation::regression(truth, predicted);
        QCOMPARE(report.samples, qint64(truth.size()));
        QVERIFY2(near(report.mae, mae), qPrintable(QString::number(report.mae, 'g', 17)));
        QVERIFY2(near(report.rmse, rmse), qPrintable(QString::number(report.rmse, 'g', 17)));
        QVERIFY2(near(report.r2, r2), qPrintable(QString::number(report.r2, 'g', 17)));
    }

    void classificationJsonRoundTrip_data()
    {
        QTest::addColumn<bool>("withProbabilities");
        QTest::newRow("log loss measured") << true;
        QTest::newRow("log loss NaN") << false;
    }

    void classificationJsonRoundTrip()
    {
        QFETCH(bool, withProbabilities);
        const Probabilities probabilities = imbalancedProbabilities();
        const ClassificationReport report
            = Evaluation::classification(names(3), { 0, 0, 0, 0, 0, 0, 1, 1, 1, 2 },
                { 0, 0, 0, 0, 1, 2, 1, 1, 0, 2 }, withProbabilities ? &probabilities : nullptr);
        QCOMPARE(std::isnan(report.logLoss), !withProbabilities);

        const QJsonObject json = report.toJson();
        QCOMPARE(json.value(QStringLiteral("log_loss")).isNull(), !withProbabilities);
        QCOMPARE(json.value(QStringLiteral("min_f1_label")).toString(), QStringLiteral("beta"));
        QCOMPARE(json.value(QStringLiteral("per_class")).toArray().size(), 3);

        compareExactly(ClassificationReport::fromJson(json), report);
        compareExactly(throughText(report), report);
        QCOMPARE(ClassificationReport::fromJson(json).toJson(), json);
    }

    void classificationJsonKeepsLargeCounts()
    {
        // Counts above 2^53 do not survive a trip through double; they must survive JSON.
        ClassificationReport report;
        report.labels = QStringList { QStringLiteral("only") };
        report.samples = (qint64(1) << 53) + 1;
        report.perClass = { ClassMetrics {
            QStringLiteral("only"), 0.1, 1.0 / 3.0, 2.0 / 7.0, report.samples } };
        report.confusion = { { report.samples } };
        report.accuracy = 0.1 + 0.2;
        report.logLoss = 1e-300;
        compareExactly(throughText(report), report);
    }

    void regressionJsonRoundTrip_data()
    {
        QTest::addColumn<std::vector<double>>("truth");
        QTest::addColumn<std::vector<double>>("predicted");
        QTest::newRow("noisy") << std::vector<double> { 0.5, 1.5, -2.25, 4.0, 10.0, 3.3 }
                               << std::vector<double> { 0.4, 1.9, -2.0, 3.1, 11.5, 3.3 };
        QTest::newRow("r2 NaN") << std::vector<double> { 2.0 } << std::vector<double> { 3.0 };
    }

    void regressionJsonRoundTrip()
    {
        QFETCH(std::vector<double>, truth);
        QFETCH(std::vector<double>, predicted);
        const RegressionReport report = Evaluation::regression(truth, predicted);
        for (const RegressionReport& back :
            { RegressionReport::fromJson(report.toJson()), throughText(report) }) {
            QVERIFY(sameBits(back.mae, report.mae));
            QVERIFY(sameBits(back.rmse, report.rmse));
            QVERIFY(sameBits(back.r2, report.r2) || (std::isnan(back.r2) && std::isnan(report.r2)));
            QCOMPARE(back.samples, report.samples);
        }
    }

    void damagedJsonIsCorrupt_data()
    {
        QTest::addColumn<QString>("key");
        QTest::addColumn<QJsonValue>("value");
        QTest::newRow("accuracy missing")
            << QStringLiteral("accuracy") << QJsonValue(QJsonValue::Undefined);
        QTest::newRow("accuracy a string")
            << QStringLiteral("accuracy") << QJsonValue(QStringLiteral("0.7"));
        QTest::newRow("samples fractional") << QStringLiteral("samples") << QJsonValue(2.5);
        QTest::newRow("samples negative") << QStringLiteral("samples") << QJsonValue(-1);
        QTest::newRow("labels not an array")
            << QStringLiteral("labels") << QJsonValue(QStringLiteral("a,b,c"));
        QTest::newRow("fewer labels")
            << QStringLiteral("labels") << QJsonValue(QJsonArray { QStringLiteral("a") });
        QTest::newRow("confusion not square")
            << QStringLiteral("confusion") << QJsonValue(QJsonArray { QJsonArray { 1, 2, 3 } });
        QTest::newRow("per_class entry not an object")
            << QStringLiteral("per_class") << QJsonValue(QJsonArray { 1, 2, 3 });
    }

    void damagedJsonIsCorrupt()
    {
        QFETCH(QString, key);
        QFETCH(QJsonValue, value);
        QJsonObject json = Evaluation::classification(names(3), { 0, 1, 2 }, { 0, 1, 1 }).toJson();
        if (value.isUndefined())
            json.remove(key);
        else
            json.insert(key, value);
        QCOMPARE(parseError(json), ErrorCode::Corrupt);
    }

    void damagedRegressionJsonIsCorrupt()
    {
        QJsonObject json = Evaluation::regression({ 1, 2, 3 }, { 1, 2, 4 }).toJson();
        json.insert(QStringLiteral("rmse"), QStringLiteral("big"));
        try {
            RegressionReport::fromJson(json);
            QFAIL("no error");
        } catch (const Error& error) {
            QCOMPARE(error.code(), ErrorCode::Corrupt);
        }
    }

    void badClassificationInput_data()
    {
        QTest::addColumn<QStringList>("labels");
        QTest::addColumn<std::vector<int>>("truth");
        QTest::addColumn<std::vector<int>>("predicted");
        QTest::newRow("empty") << names(2) << std::vector<int> {} << std::vector<int> {};
        QTest::newRow("no labels")
            << QStringList {} << std::vector<int> { 0 } << std::vector<int> { 0 };
        QTest::newRow("sizes differ")
            << names(2) << std::vector<int> { 0, 1 } << std::vector<int> { 0 };
        QTest::newRow("truth id too large")
            << names(2) << std::vector<int> { 0, 2 } << std::vector<int> { 0, 1 };
        QTest::newRow("predicted id negative")
            << names(2) << std::vector<int> { 0, 1 } << std::vector<int> { -1, 1 };
    }

    void badClassificationInput()
    {
        QFETCH(QStringList, labels);
        QFETCH(std::vector<int>, truth);
        QFETCH(std::vector<int>, predicted);
        QCOMPARE(classificationError(labels, truth, predicted), ErrorCode::InvalidArgument);
    }

    void badProbabilities_data()
    {
        QTest::addColumn<Probabilities>("probabilities");
        QTest::newRow("too few rows") << Probabilities { { .5f, .5f } };
        QTest::newRow("row too short") << Probabilities { { .5f, .5f }, { 1.f } };
        QTest::newRow("negative") << Probabilities { { .5f, .5f }, { -.1f, 1.1f } };
        QTest::newRow("above one") << Probabilities { { .5f, .5f }, { 0.f, 1.5f } };
        QTest::newRow("NaN") << Probabilities { { .5f, .5f },
            { std::numeric_limits<float>::quiet_NaN(), .5f } };
    }

    void badProbabilities()
    {
        QFETCH(Probabilities, probabilities);
        QCOMPARE(classificationError(names(2), { 0, 1 }, { 0, 1 }, &probabilities),
            ErrorCode::InvalidArgument);
    }

    void badRegressionInput_data()
    {
        QTest::addColumn<std::vector<double>>("truth");
        QTest::addColumn<std::vector<double>>("predicted");
        QTest::newRow("empty") << std::vector<double> {} << std::vector<double> {};
        QTest::newRow("sizes differ") << std::vector<double> { 1, 2 } << std::vector<double> { 1 };
        QTest::newRow("NaN truth")
            << std::vector<double> { 1, std::nan("") } << std::vector<double> { 1, 2 };
        QTest::newRow("infinite prediction") << std::vector<double> { 1,
            2 } << std::vector<double> { 1, std::numeric_limits<double>::infinity() };
    }

    void badRegressionInput()
    {
        QFETCH(std::vector<double>, truth);
        QFETCH(std::vector<double>, predicted);
        QCOMPARE(regressionError(truth, predicted), ErrorCode::InvalidArgument);
    }
};

QTEST_GUILESS_MAIN(TestEvaluation)
#include "TestEvaluation.moc"
