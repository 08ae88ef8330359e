#include "TextClassifier.h"
#include "training/SparseSgd.h"

#include <torch/torch.h>

#include <QtTest>

#include <cmath>
#include <stdexcept>
#include <vector>

using namespace mb;
using mb::training::SparseSgd;

namespace {

constexpr int64_t kRows = 5;
constexpr int64_t kClasses = 2;

// A batch of a linear, weighted text model: documents in EmbeddingBag layout and their targets.
struct Batch {
    std::vector<int64_t> ids;
    std::vector<int64_t> offsets;
    std::vector<float> weights;
    std::vector<std::vector<double>> targets;  // [document][class]

    size_t documentOf(size_t i) const
    {
        size_t d = 0;
        while (d + 1 < offsets.size() && size_t(offsets[d + 1]) <= i)
            ++d;
        return d;
    }
};

// Row 0 is in no batch; row 2 occurs in both documents of the first, so its sparse gradient has
// duplicate entries to sum.
const Batch kFirst { { 1, 2, 2, 3 }, { 0, 2 }, { 0.6f, 0.8f, 1.0f, -0.5f }, { { 1, 0 }, { 0, 1 } } };
const Batch kSecond { { 3, 4, 1 }, { 0, 1 }, { 1.0f, 0.7f, 0.3f }, { { 0, 1 }, { 1, 0 } } };

using Matrix = std::vector<std::vector<double>>;  // [row][class]

// The hand-set starting table: row r, class c holds 0.3 r - 0.2 c + 0.1.
double startValue(int64_t row, int64_t column)
{
    return 0.3 * double(row) - 0.2 * double(column) + 0.1;
}

models::TextClassifier linearModel(double scale, bool sparse = true)
{
    models::TextClassifier model(
        models::TextClassifierOptions(kClasses).num_buckets(kRows).embedding_dim(0).weighted(true).sparse(sparse));
    torch::NoGradGuard noGrad;
    torch::Tensor table = model->sparseParameters().at(0);
    for (int64_t r = 0; r < kRows; ++r) {
        for (int64_t c = 0; c < kClasses; ++c)
            table[r][c] = startValue(r, c);
    }
    model->scale().fill_(scale);
    return model;
}

// The true weights the model starts with: scale * table.
Matrix startWeights(double scale)
{
    Matrix w(kRows, std::vector<double>(kClasses));
    for (int64_t r = 0; r < kRows; ++r) {
        for (int64_t c = 0; c < kClasses; ++c)
            w[size_t(r)][size_t(c)] = scale * startValue(r, c);
    }
    return w;
}

// Loss 0.5 * sum of squared errors of the batch, backpropagated into the model.
void backward(models::TextClassifier& model, const Batch& batch)
{
    const torch::Tensor logits = model->forward(torch::tensor(batch.ids, torch::kLong),
        torch::tensor(batch.offsets, torch::kLong), torch::tensor(batch.weights));
    torch::Tensor targets = torch::zeros({ int64_t(batch.targets.size()), kClasses });
    for (size_t d = 0; d < batch.targets.size(); ++d) {
        for (int64_t c = 0; c < kClasses; ++c)
            targets[int64_t(d)][c] = batch.targets[d][size_t(c)];
    }
    (0.5 * (logits - targets).pow(2).sum()).backward();
}

// The gradient of the same loss with respect to the true weights, by hand: the logits of
// document d are sum_i w_i W[id_i], so row id_i gets w_i * (logits_d - target_d).
Matrix handGradient(const Matrix& w, const Batch& batch)
{
    Matrix logits(batch.offsets.size(), std::vector<double>(kClasses, 0.0));
    for (size_t i = 0; i < batch.ids.size(); ++i) {
        for (int64_t c = 0; c < kClasses; ++c)
            logits[batch.documentOf(i)][size_t(c)] += double(batch.weights[i]) * w[size_t(batch.ids[i])][size_t(c)];
    }
    Matrix grad(kRows, std::vector<double>(kClasses, 0.0));
    for (size_t i = 0; i < batch.ids.size(); ++i) {
        const size_t d = batch.documentOf(i);
        for (int64_t c = 0; c < kClasses; ++c)
            grad[size_t(batch.ids[i])][size_t(c)] += double(batch.weights[i]) * (logits[d][size_t(c)] - batch.targets[d][size_t(c)]);
    }
    return grad;
}

// W <- (1 - lr wd) W - lr grad_W; with decayAll false only the rows in the batch decay.
void referenceStep(Matrix& w, const Batch& batch, double lr, double weightDecay, bool decayAll)
{
    const Matrix grad = handGradient(w, batch);
    std::vector<bool> touched(kRows, decayAll);
    for (int64_t id : batch.ids)
        touched[size_t(id)] = true;
    for (int64_t r = 0; r < kRows; ++r) {
        if (!touched[size_t(r)])
            continue;
        for (int64_t c = 0; c < kClasses; ++c)
            w[size_t(r)][size_t(c)] = (1.0 - lr * weightDecay) * w[size_t(r)][size_t(c)] - lr * grad[size_t(r)][size_t(c)];
    }
}

// The largest |scale * table - W| over the table.
double maxDifference(const models::TextClassifier& model, const Matrix& w)
{
    const torch::Tensor trueWeights = (model->sparseParameters().at(0) * model->scale()).detach().to(torch::kDouble);
    double worst = 0;
    for (int64_t r = 0; r < kRows; ++r) {
        for (int64_t c = 0; c < kClasses; ++c)
            worst = std::max(worst, std::abs(trueWeights[r][c].item<double>() - w[size_t(r)][size_t(c)]));
    }
    return worst;
}

// One training step of the optimiser on `batch`.
void step(SparseSgd& optimizer, models::TextClassifier& model, const Batch& batch)
{
    optimizer.zeroGrad();
    backward(model, batch);
    optimizer.step();
}

// Step k (from 1) of the optimiser and of the dense reference, on alternating batches; returns
// how far scale * table then is from the reference.
double stepBoth(SparseSgd& optimizer, models::TextClassifier& model, Matrix& reference, int k, double lr, double weightDecay)
{
    const Batch& batch = k % 2 ? kFirst : kSecond;
    step(optimizer, model, batch);
    referenceStep(reference, batch, lr, weightDecay, true);
    return maxDifference(model, reference);
}

}  // namespace

class TestSparseSgd : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { torch::set_num_threads(1); }

    void scaledStepsMatchTheDenseReference()
    {
        const double lr = 0.1, weightDecay = 0.5, startScale = 0.8;
        models::TextClassifier model = linearModel(startScale);
        const torch::Tensor untouchedRow = model->sparseParameters().at(0)[0].detach().clone();
        SparseSgd optimizer(model->sparseParameters(), model->scale(), lr, weightDecay);
        Matrix reference = startWeights(startScale);
        for (int k = 1; k <= 6; ++k) {
            const double difference = stepBoth(optimizer, model, reference, k, lr, weightDecay);
            QVERIFY2(difference < 1e-5, qPrintable(QStringLiteral("step %1: off by %2").arg(k).arg(difference)));
            // The decay of every row lives in the scale: row 0, in no batch, is never written.
            QVERIFY(torch::equal(model->sparseParameters().at(0)[0], untouchedRow));
            const double expectedScale = startScale * std::pow(1.0 - lr * weightDecay, k);
            QVERIFY(std::abs(model->scale().item<double>() - expectedScale) < 1e-6 * expectedScale);
        }
        // The steps did move the weights away from a pure decay of the start.
        QVERIFY(std::abs(reference[1][0] - startWeights(startScale)[1][0] * std::pow(0.95, 6)) > 1e-2);
    }

    void foldKeepsTheTrueWeights()
    {
        // keep = 1 - lr wd = 0.05: the scale, 0.8 * 0.05^k, is 5e-6 after four steps and would be
        // 2.5e-7 after the fifth, so the fifth step folds it into the table.
        const double lr = 0.5, weightDecay = 1.9, startScale = 0.8;
        models::TextClassifier model = linearModel(startScale);
        SparseSgd optimizer(model->sparseParameters(), model->scale(), lr, weightDecay);
        Matrix reference = startWeights(startScale);
        for (int k = 1; k <= 7; ++k) {
            const double difference = stepBoth(optimizer, model, reference, k, lr, weightDecay);
            QVERIFY2(difference < 1e-5, qPrintable(QStringLiteral("step %1: off by %2").arg(k).arg(difference)));
            if (k == 4)
                QVERIFY(std::abs(model->scale().item<double>() - 5e-6) < 1e-10);
            if (k == 5)
                QCOMPARE(model->scale().item<double>(), 1.0);
        }

        // The fold alone, on a step without gradient: scale 2e-6 * keep 0.4 = 8e-7 is folded, and
        // scale * table is the decayed true weights, 0.4 * 2e-6 * table.
        models::TextClassifier folded = linearModel(2e-6);
        const torch::Tensor before = folded->sparseParameters().at(0).detach().clone();
        SparseSgd decayOnly(folded->sparseParameters(), folded->scale(), 0.5, 1.2);
        decayOnly.zeroGrad();
        decayOnly.step();
        QCOMPARE(folded->scale().item<double>(), 1.0);
        QVERIFY(torch::allclose(folded->sparseParameters().at(0).detach().to(torch::kDouble),
            before.to(torch::kDouble) * (0.4 * 2e-6), 1e-5, 0.0));
    }

    void withoutScaleOnlyTouchedRowsDecay_data()
    {
        QTest::addColumn<bool>("sparse");
        QTest::newRow("sparse gradient") << true;
        QTest::newRow("dense gradient") << false;
    }

    void withoutScaleOnlyTouchedRowsDecay()
    {
        QFETCH(bool, sparse);
        const double lr = 0.1, weightDecay = 0.5;
        // The model's scale stays 1, so the table is the true weights.
        models::TextClassifier model = linearModel(1.0, sparse);
        SparseSgd optimizer(model->sparseParameters(), torch::Tensor(), lr, weightDecay);
        Matrix reference = startWeights(1.0);

        // The second batch touches rows 1, 3 and 4: rows 0 and 2 keep their values exactly.
        step(optimizer, model, kSecond);
        referenceStep(reference, kSecond, lr, weightDecay, false);
        QVERIFY(maxDifference(model, reference) < 1e-6);
        const torch::Tensor table = model->sparseParameters().at(0).detach();
        QVERIFY(torch::equal(table[0], torch::tensor({ float(startValue(0, 0)), float(startValue(0, 1)) })));
        QVERIFY(torch::equal(table[2], torch::tensor({ float(startValue(2, 0)), float(startValue(2, 1)) })));
        QCOMPARE(model->scale().item<double>(), 1.0);

        for (int k = 0; k < 4; ++k) {
            const Batch& batch = k % 2 ? kSecond : kFirst;
            step(optimizer, model, batch);
            referenceStep(reference, batch, lr, weightDecay, false);
            QVERIFY(maxDifference(model, reference) < 1e-5);
        }
        QVERIFY(torch::equal(table[0], torch::tensor({ float(startValue(0, 0)), float(startValue(0, 1)) })));
    }

    void overshootingDecayIsRejected()
    {
        models::TextClassifier model = linearModel(1.0);
        // lr * weight_decay >= 1 would flip the sign of the weights at every step.
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, SparseSgd(model->sparseParameters(), model->scale(), 2.0, 0.5));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, SparseSgd(model->sparseParameters(), model->scale(), 1.0, 1.5));
        // Without decay any learning rate goes.
        SparseSgd noDecay(model->sparseParameters(), model->scale(), 10.0, 0.0);
        noDecay.setLearningRate(50.0);

        const double lr = 0.1, weightDecay = 0.5;
        SparseSgd optimizer(model->sparseParameters(), model->scale(), lr, weightDecay);
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, optimizer.setLearningRate(2.0));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, optimizer.setLearningRate(4.0));
        // A refused learning rate leaves the previous one in place.
        Matrix reference = startWeights(1.0);
        step(optimizer, model, kFirst);
        referenceStep(reference, kFirst, lr, weightDecay, true);
        QVERIFY(maxDifference(model, reference) < 1e-6);
        QVERIFY(std::abs(model->scale().item<double>() - 0.95) < 1e-7);

        // An accepted one is used by the next step.
        optimizer.setLearningRate(0.4);
        step(optimizer, model, kSecond);
        referenceStep(reference, kSecond, 0.4, weightDecay, true);
        QVERIFY(maxDifference(model, reference) < 1e-5);
    }
};

QTEST_GUILESS_MAIN(TestSparseSgd)
#include "TestSparseSgd.moc"
