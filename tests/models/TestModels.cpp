#include "GestureCNN.h"
#include "HashingTokenizer.h"
#include "TabularMLP.h"
#include "TextClassifier.h"

#include <torch/torch.h>

#include <QtTest>

#include <functional>
#include <numeric>
#include <stdexcept>

using namespace mb::models;

namespace {

// Every parameter got a gradient and none is all zero; the embedding's is sparse when asked.
void checkGradients(torch::nn::Module& module, const std::string& sparseName = {})
{
    for (const auto& item : module.named_parameters()) {
        const torch::Tensor& grad = item.value().grad();
        QVERIFY2(grad.defined(), item.key().c_str());
        if (item.key() == sparseName) {
            QVERIFY2(grad.is_sparse(), item.key().c_str());
            QVERIFY(grad.coalesce().values().abs().sum().item<float>() > 0.0f);
        } else {
            QVERIFY2(!grad.is_sparse(), item.key().c_str());
            QVERIFY2(grad.abs().sum().item<float>() > 0.0f, item.key().c_str());
        }
    }
}

// Full-batch steps of cross-entropy; returns the losses before the first and after the last.
std::pair<float, float> train(torch::optim::Optimizer& optimizer, int steps,
    const std::function<torch::Tensor()>& logits, const torch::Tensor& labels)
{
    float first = 0.0f;
    for (int i = 0; i < steps; ++i) {
        optimizer.zero_grad();
        const torch::Tensor loss = torch::nn::functional::cross_entropy(logits(), labels);
        if (i == 0)
            first = loss.item<float>();
        loss.backward();
        optimizer.step();
    }
    torch::NoGradGuard noGrad;
    return { first, torch::nn::functional::cross_entropy(logits(), labels).item<float>() };
}

// Tiny two-class image set: bright top half vs bright bottom half, plus noise.
std::pair<torch::Tensor, torch::Tensor> halves(int64_t n, int64_t size)
{
    torch::Tensor labels = torch::arange(n) % 2;
    torch::Tensor rows = torch::arange(size).view({ 1, 1, size, 1 });
    torch::Tensor top = (rows < size / 2).to(torch::kFloat);
    torch::Tensor images = torch::where(labels.view({ n, 1, 1, 1 }) == 0, top, 1.0f - top)
                               .expand({ n, 1, size, size });
    return { images + 0.3f * torch::randn({ n, 1, size, size }), labels };
}

// A linear, TF-IDF weighted text model over 6 buckets and 3 classes, with a table and scale set
// by hand (row r, class c holds 0.1 * (3r + c) - 0.5) so its logits can be computed by hand.
TextClassifier handSetLinearModel(float scale)
{
    TextClassifier model(TextClassifierOptions(3).num_buckets(6).embedding_dim(0).weighted(true));
    torch::NoGradGuard noGrad;
    model->sparseParameters().at(0).copy_(torch::arange(18, torch::kFloat).view({ 6, 3 }) * 0.1f - 0.5f);
    model->scale().fill_(scale);
    return model;
}

// Two documents in EmbeddingBag layout: ids 1, 4, 1 and ids 5, 2, one weight per id.
const std::vector<int64_t> kBagIds { 1, 4, 1, 5, 2 };
const std::vector<int64_t> kBagOffsets { 0, 3 };
const std::vector<float> kBagWeights { 0.5f, 2.0f, 0.25f, 1.5f, -1.0f };

// scale * sum_i w_i * row_i of each document, in plain loops over the table of handSetLinearModel.
std::vector<std::vector<double>> handComputedLogits(double scale)
{
    const auto table = [](int64_t row, int64_t column) { return 0.1 * double(3 * row + column) - 0.5; };
    std::vector<std::vector<double>> logits(kBagOffsets.size(), std::vector<double>(3, 0.0));
    for (size_t i = 0; i < kBagIds.size(); ++i) {
        const size_t doc = i < size_t(kBagOffsets[1]) ? 0 : 1;
        for (int64_t c = 0; c < 3; ++c)
            logits[doc][size_t(c)] += scale * double(kBagWeights[i]) * table(kBagIds[i], c);
    }
    return logits;
}

torch::Tensor longTensor(const std::vector<int64_t>& values)
{
    return torch::tensor(values, torch::kLong);
}

}  // namespace

class TestModels : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { torch::set_num_threads(1); }

    void init() { torch::manual_seed(0); }

    // ---- shapes ---------------------------------------------------------------------------

    void tabularShapes_data()
    {
        QTest::addColumn<QString>("activation");
        QTest::addColumn<bool>("batchNorm");
        QTest::addColumn<int>("hiddenLayers");
        QTest::newRow("relu") << "relu" << false << 2;
        QTest::newRow("gelu+bn") << "gelu" << true << 2;
        QTest::newRow("tanh") << "tanh" << false << 1;
        QTest::newRow("linear") << "relu" << false << 0;
    }

    void tabularShapes()
    {
        QFETCH(QString, activation);
        QFETCH(bool, batchNorm);
        QFETCH(int, hiddenLayers);
        std::vector<int64_t> hidden { 16, 8 };
        hidden.resize(static_cast<size_t>(hiddenLayers));
        TabularMLP model(TabularMLPOptions(7, 3)
                             .hidden(hidden)
                             .activation(activation.toStdString())
                             .batch_norm(batchNorm));
        QCOMPARE(
            model->forward(torch::randn({ 5, 7 })).sizes().vec(), (std::vector<int64_t> { 5, 3 }));
        model->eval();
        QCOMPARE(
            model->forward(torch::randn({ 1, 7 })).sizes().vec(), (std::vector<int64_t> { 1, 3 }));
    }

    void tabularDefaults()
    {
        TabularMLP model(TabularMLPOptions(4, 2));
        QCOMPARE(model->options().hidden(), (std::vector<int64_t> { 128, 64 }));
        QCOMPARE(model->options().activation(), std::string("relu"));
        QCOMPARE(model->options().dropout(), 0.1);
        QCOMPARE(model->options().batch_norm(), false);
        QCOMPARE(model->parameters().size(), size_t(6));
    }

    void gestureShapes_data()
    {
        QTest::addColumn<int>("height");
        QTest::addColumn<int>("width");
        QTest::addColumn<bool>("deep");
        QTest::newRow("28x28 default") << 28 << 28 << false;
        QTest::newRow("28x28 deep") << 28 << 28 << true;
        QTest::newRow("8x8") << 8 << 8 << false;
        QTest::newRow("8x8 deep") << 8 << 8 << true;
        QTest::newRow("4x4 (pools skipped)") << 4 << 4 << false;
        QTest::newRow("16x12") << 16 << 12 << false;
    }

    void gestureShapes()
    {
        QFETCH(int, height);
        QFETCH(int, width);
        QFETCH(bool, deep);
        GestureCNNOptions options = GestureCNNOptions(10).height(height).width(width);
        if (deep)
            options.convs_per_block(2).batch_norm(true).dropout(0.25).global_pool(true).hidden(0);
        GestureCNN model(options);
        QCOMPARE(model->forward(torch::randn({ 3, 1, height, width })).sizes().vec(),
            (std::vector<int64_t> { 3, 10 }));
        model->eval();
        QCOMPARE(model->forward(torch::randn({ 1, 1, height, width })).sizes().vec(),
            (std::vector<int64_t> { 1, 10 }));
    }

    void gestureDefaultMirrorsTheAnchor()
    {
        // conv(1->32), conv(32->64), fc(64*7*7 -> 128), fc(128 -> 10): weights and biases.
        GestureCNN model(GestureCNNOptions(10));
        std::vector<std::vector<int64_t>> shapes;
        for (const torch::Tensor& p : model->parameters())
            shapes.push_back(p.sizes().vec());
        const std::vector<std::vector<int64_t>> expected {
            { 32, 1, 3, 3 },
            { 32 },
            { 64, 32, 3, 3 },
            { 64 },
            { 128, 3136 },
            { 128 },
            { 10, 128 },
            { 10 },
        };
        QVERIFY(shapes == expected);
    }

    void textShapes()
    {
        HashingTokenizerOptions tokenizerOptions;
        tokenizerOptions.num_buckets = 1000;
        const HashingTokenizer tokenizer(tokenizerOptions);
        TextClassifier model(TextClassifierOptions(4).num_buckets(1000).embedding_dim(8));
        const auto [indices, offsets] = TextClassifierImpl::toTensors(
            tokenizer.encodeBatch({ "red apple", "", "green pear tree" }));
        QCOMPARE(offsets.sizes().vec(), std::vector<int64_t> { 3 });
        QCOMPARE(
            offsets[1].item<int64_t>(), static_cast<int64_t>(tokenizer.encode("red apple").size()));
        QCOMPARE(model->forward(indices, offsets).sizes().vec(), (std::vector<int64_t> { 3, 4 }));

        TextClassifier hidden(TextClassifierOptions(2).num_buckets(50).embedding_dim(8).hidden(16));
        QCOMPARE(hidden
                     ->forward(torch::tensor({ 1, 2, 3 }, torch::kLong),
                         torch::tensor({ 0, 2 }, torch::kLong))
                     .sizes()
                     .vec(),
            (std::vector<int64_t> { 2, 2 }));
        QCOMPARE(hidden->sparseParameters().size(), size_t(1));
        QCOMPARE(hidden->denseParameters().size(), size_t(4));
        QCOMPARE(model->denseParameters().size(), size_t(2));
    }

    void textEmbeddingStartsNearZero()
    {
        // fastText's initialisation: every row uniform in +-1/dim, so n-grams training never
        // touches weigh little in a document's mean.
        TextClassifier model(TextClassifierOptions(3).num_buckets(5000).embedding_dim(16));
        const torch::Tensor table = model->sparseParameters().at(0);
        QCOMPARE(table.sizes().vec(), (std::vector<int64_t> { 5000, 16 }));
        QVERIFY(table.abs().max().item<double>() <= 1.0 / 16);
        QVERIFY(table.abs().mean().item<double>() > 0.5 / 16 * 0.9);
    }

    void badInputIsRejected()
    {
        TabularMLP mlp(TabularMLPOptions(4, 2));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, mlp->forward(torch::randn({ 3, 5 })));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, mlp->forward(torch::randn({ 4 })));
        QVERIFY_THROWS_EXCEPTION(
            std::invalid_argument, TabularMLP(TabularMLPOptions(4, 2).activation("swish")));
        QVERIFY_THROWS_EXCEPTION(
            std::invalid_argument, TabularMLP(TabularMLPOptions(4, 2).dropout(1.0)));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, TabularMLP(TabularMLPOptions(0, 2)));

        GestureCNN cnn(GestureCNNOptions(3).height(8).width(8));
        QVERIFY_THROWS_EXCEPTION(
            std::invalid_argument, cnn->forward(torch::randn({ 2, 1, 28, 28 })));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, cnn->forward(torch::randn({ 1, 8, 8 })));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument,
            GestureCNN(GestureCNNOptions(3).channels(std::vector<int64_t> {})));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, GestureCNN(GestureCNNOptions(3).height(1)));

        TextClassifier text(TextClassifierOptions(2).num_buckets(10).embedding_dim(4));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument,
            text->forward(
                torch::tensor({ 1, 2 }, torch::kInt), torch::tensor({ 0 }, torch::kLong)));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument,
            text->forward(
                torch::tensor({ 1, 2 }, torch::kLong), torch::empty({ 0 }, torch::kLong)));
        QVERIFY_THROWS_EXCEPTION(
            std::invalid_argument, TextClassifier(TextClassifierOptions(2).num_buckets(1)));
    }

    void poolingMatchesLibTorchOps()
    {
        // Odd sizes on purpose: 11x13 -> 5x6 -> 2x3 (floor mode drops the odd row/column).
        GestureCNN model(GestureCNNOptions(3).height(11).width(13).channels({ 4, 6 }).hidden(5));
        auto p = model->named_parameters();
        const auto reference = [&](torch::Tensor x) {
            for (const std::string conv : { "conv0_0", "conv1_0" }) {
                x = torch::conv2d(x, p[conv + ".weight"], p[conv + ".bias"], 1, 1);
                x = torch::max_pool2d(torch::relu(x), 2);
            }
            x = torch::relu(torch::linear(x.flatten(1), p["hidden.weight"], p["hidden.bias"]));
            return torch::linear(x, p["out.weight"], p["out.bias"]);
        };
        const torch::Tensor weights = torch::randn({ 5, 3 });
        // A constant image makes many equal activations: ties must go where max_pool2d sends them.
        for (const torch::Tensor& input :
            { torch::randn({ 5, 1, 11, 13 }), torch::ones({ 5, 1, 11, 13 }) }) {
            std::vector<torch::Tensor> outputs, inputGrads, convGrads;
            for (bool fused : { true, false }) {
                model->zero_grad();
                const torch::Tensor x = input.clone().requires_grad_(true);
                const torch::Tensor out = fused ? model->forward(x) : reference(x);
                (out * weights).sum().backward();
                outputs.push_back(out.detach());
                inputGrads.push_back(x.grad());
                convGrads.push_back(p["conv0_0.weight"].grad().clone());
            }
            QVERIFY(torch::allclose(outputs[0], outputs[1], 1e-5, 1e-6));
            QVERIFY(torch::allclose(inputGrads[0], inputGrads[1], 1e-5, 1e-6));
            QVERIFY(torch::allclose(convGrads[0], convGrads[1], 1e-5, 1e-6));
            QVERIFY(inputGrads[0].abs().sum().item<float>() > 0.0f);
        }

        torch::NoGradGuard noGrad;
        model->eval();
        const torch::Tensor input = torch::randn({ 2, 1, 11, 13 });
        QVERIFY(torch::allclose(model->forward(input), reference(input), 1e-5, 1e-6));
        // NaN propagates through the pool as it does through max_pool2d.
        input[1][0][5][6] = NAN;
        const torch::Tensor out = model->forward(input);
        QVERIFY(!torch::isnan(out[0]).any().item<bool>());
        QVERIFY(torch::isnan(out[1]).all().item<bool>());
    }

    // ---- gradients ------------------------------------------------------------------------

    void gradientsReachEveryParameter()
    {
        TabularMLP mlp(
            TabularMLPOptions(6, 3).hidden({ 12, 8 }).activation("tanh").batch_norm(true));
        mlp->forward(torch::randn({ 16, 6 })).sum().backward();
        checkGradients(*mlp);

        GestureCNN cnn(GestureCNNOptions(4).height(8).width(8));
        cnn->forward(torch::randn({ 4, 1, 8, 8 })).sum().backward();
        checkGradients(*cnn);

        // BatchNorm passes no gradient back for an upstream gradient that is equal across the
        // batch, so the deep variant gets a loss that weighs samples differently.
        GestureCNN deep(GestureCNNOptions(4)
                            .height(8)
                            .width(8)
                            .convs_per_block(2)
                            .batch_norm(true)
                            .global_pool(true)
                            .hidden(0));
        (deep->forward(torch::randn({ 6, 1, 8, 8 })) * torch::randn({ 6, 4 })).sum().backward();
        checkGradients(*deep);

        TextClassifier text(TextClassifierOptions(3).num_buckets(100).embedding_dim(8).hidden(5));
        text->forward(torch::tensor({ 1, 5, 7, 7, 99 }, torch::kLong),
                torch::tensor({ 0, 3 }, torch::kLong))
            .sum()
            .backward();
        checkGradients(*text, "embedding.weight");
        // Only the looked-up rows have gradient entries.
        const torch::Tensor rows
            = text->sparseParameters()[0].grad().coalesce().indices()[0];  // unique, sorted
        QVERIFY(torch::equal(rows, torch::tensor({ 1, 5, 7, 99 }, torch::kLong)));
    }

    // ---- training -------------------------------------------------------------------------

    void tabularLearns()
    {
        const torch::Tensor x = torch::randn({ 64, 4 });
        const torch::Tensor y = (x.select(1, 0) + x.select(1, 1) > 0).to(torch::kLong);
        TabularMLP model(TabularMLPOptions(4, 2).hidden({ 16 }));
        torch::optim::Adam optimizer(model->parameters(), torch::optim::AdamOptions(1e-2));
        const auto [before, after] = train(
            optimizer, 40, [&] { return model->forward(x); }, y);
        QVERIFY2(after < 0.5f * before, qPrintable(QString("%1 -> %2").arg(before).arg(after)));
    }

    void gestureCnnLearns_data()
    {
        QTest::addColumn<bool>("deep");
        QTest::newRow("default") << false;
        QTest::newRow("deep") << true;
    }

    void gestureCnnLearns()
    {
        QFETCH(bool, deep);
        const auto [x, y] = halves(32, 8);
        GestureCNNOptions options = GestureCNNOptions(2).height(8).width(8);
        if (deep)
            options.convs_per_block(2).batch_norm(true).dropout(0.1).global_pool(true).hidden(0);
        GestureCNN model(options);
        torch::optim::Adam optimizer(model->parameters(), torch::optim::AdamOptions(3e-3));
        const auto [before, after] = train(
            optimizer, 25, [&] { return model->forward(x); }, y);
        QVERIFY2(after < 0.5f * before, qPrintable(QString("%1 -> %2").arg(before).arg(after)));
    }

    void textClassifierLearnsWithSparseGradients()
    {
        // Class 0 documents use buckets 1..10, class 1 buckets 11..20.
        std::vector<std::vector<int64_t>> docs;
        std::vector<int64_t> labels;
        for (int64_t i = 0; i < 40; ++i) {
            const int64_t label = i % 2;
            docs.push_back({ 1 + label * 10 + i % 10, 1 + label * 10 + (i * 3) % 10,
                1 + label * 10 + (i * 7) % 10 });
            labels.push_back(label);
        }
        std::vector<int64_t> all(docs.size());
        std::iota(all.begin(), all.end(), 0);
        const auto [indices, offsets]
            = TextClassifierImpl::toTensors(HashingTokenizer::pack(docs, all));
        const torch::Tensor y = torch::tensor(labels, torch::kLong);

        TextClassifier model(TextClassifierOptions(2).num_buckets(64).embedding_dim(8));
        // LibTorch's SGD applies sparse gradients as they are.
        torch::optim::SGD optimizer(model->parameters(), torch::optim::SGDOptions(0.5));
        const auto [before, after] = train(
            optimizer, 30, [&] { return model->forward(indices, offsets); }, y);
        QVERIFY2(after < 0.5f * before, qPrintable(QString("%1 -> %2").arg(before).arg(after)));
    }

    // ---- linear, weighted text model --------------------------------------------------------

    void linearTextModelStartsAtZero()
    {
        TextClassifier model(TextClassifierOptions(3).num_buckets(6).embedding_dim(0).weighted(true));
        QVERIFY(model->isLinear());
        // The table is the whole model: [num_buckets, num_classes], no hidden or output layer.
        QCOMPARE(model->parameters().size(), size_t(1));
        QVERIFY(model->denseParameters().empty());
        const torch::Tensor table = model->sparseParameters().at(0);
        QCOMPARE(table.sizes().vec(), (std::vector<int64_t> { 6, 3 }));
        QVERIFY(torch::equal(table, torch::zeros({ 6, 3 })));
        QVERIFY(torch::equal(model->scale(), torch::ones({ 1 })));
        QVERIFY(torch::equal(model->idf(), torch::ones({ 6 })));
        // Both are buffers: saved and cloned with the module, never trained by an optimiser.
        QCOMPARE(model->named_buffers().size(), size_t(2));
        QVERIFY(model->named_buffers().contains("scale"));
        QVERIFY(model->named_buffers().contains("idf"));

        const torch::Tensor logits
            = model->forward(longTensor(kBagIds), longTensor(kBagOffsets), torch::tensor(kBagWeights));
        QVERIFY(torch::equal(logits, torch::zeros({ 2, 3 })));

        // Neither buffer exists where it has no use.
        TextClassifier fastText(TextClassifierOptions(3).num_buckets(6).embedding_dim(4));
        QVERIFY(!fastText->isLinear());
        QVERIFY(!fastText->scale().defined());
        QVERIFY(!fastText->idf().defined());
        QVERIFY(fastText->named_buffers().is_empty());
    }

    void linearWeightedLogitsAreTheScaledWeightedSum()
    {
        TextClassifier model = handSetLinearModel(0.5f);
        const torch::Tensor logits
            = model->forward(longTensor(kBagIds), longTensor(kBagOffsets), torch::tensor(kBagWeights));
        QCOMPARE(logits.sizes().vec(), (std::vector<int64_t> { 2, 3 }));
        const std::vector<std::vector<double>> expected = handComputedLogits(0.5);
        for (int64_t d = 0; d < 2; ++d) {
            for (int64_t c = 0; c < 3; ++c)
                QVERIFY2(std::abs(logits[d][c].item<double>() - expected[size_t(d)][size_t(c)]) < 1e-5,
                    qPrintable(QString("document %1 class %2: %3").arg(d).arg(c).arg(logits[d][c].item<double>())));
        }

        // Unweighted, a linear model's bag is the mean of the rows, still times the scale.
        TextClassifier mean(TextClassifierOptions(3).num_buckets(6).embedding_dim(0));
        {
            torch::NoGradGuard noGrad;
            mean->sparseParameters().at(0).copy_(model->sparseParameters().at(0));
            mean->scale().fill_(2.0f);
        }
        QVERIFY(!mean->idf().defined());
        const torch::Tensor table = model->sparseParameters().at(0).detach();
        const torch::Tensor meanLogits = mean->forward(longTensor({ 1, 4 }), longTensor({ 0 }));
        QVERIFY(torch::allclose(meanLogits, (2.0f * (table[1] + table[4]) / 2.0f).unsqueeze(0), 1e-5, 1e-6));
    }

    void linearWeightedModelRejectsBadInput()
    {
        TextClassifier model = handSetLinearModel(1.0f);
        const torch::Tensor ids = longTensor(kBagIds), offsets = longTensor(kBagOffsets);
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, model->forward(ids, offsets));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, model->forward(ids, offsets, torch::ones({ 4 })));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, model->forward(ids, offsets, torch::ones({ 5 }, torch::kDouble)));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, model->forward(ids, offsets, torch::ones({ 5, 1 })));
        // A linear model has no layer a hidden width could belong to.
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument,
            TextClassifier(TextClassifierOptions(3).num_buckets(6).embedding_dim(0).hidden(4)));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, TextClassifier(TextClassifierOptions(3).num_buckets(6).embedding_dim(-1)));
    }

    void linearModelGradientReachesTheTableSparsely()
    {
        TextClassifier model = handSetLinearModel(0.5f);
        // loss = sum over documents and classes of coefficient * logit: d loss / d table[r][c]
        // = scale * sum of the weights of r's occurrences * coefficient of their document and c.
        const torch::Tensor coefficients = torch::tensor({ 1.0f, -2.0f, 3.0f, 0.5f, 1.0f, -1.0f }).view({ 2, 3 });
        (model->forward(longTensor(kBagIds), longTensor(kBagOffsets), torch::tensor(kBagWeights)) * coefficients)
            .sum()
            .backward();
        const torch::Tensor grad = model->sparseParameters().at(0).grad();
        QVERIFY(grad.defined());
        QVERIFY(grad.is_sparse());
        const torch::Tensor dense = grad.to_dense();
        torch::Tensor expected = torch::zeros({ 6, 3 });
        for (size_t i = 0; i < kBagIds.size(); ++i) {
            const int64_t doc = i < size_t(kBagOffsets[1]) ? 0 : 1;
            expected[kBagIds[i]] += 0.5f * kBagWeights[i] * coefficients[doc];
        }
        QVERIFY(torch::allclose(dense, expected, 1e-5, 1e-6));
        // Rows 0 and 3 were not in the batch: no gradient entries at all.
        QVERIFY(torch::equal(grad.coalesce().indices()[0], longTensor({ 1, 2, 4, 5 })));
        // The buffers are not trained.
        QVERIFY(!model->scale().grad().defined());
    }

    void cloneCopiesScaleAndIdf()
    {
        TextClassifier model = handSetLinearModel(0.25f);
        {
            torch::NoGradGuard noGrad;
            model->idf().copy_(torch::tensor({ 2.0f, 1.5f, 1.0f, 1.25f, 3.0f, 1.75f }));
        }
        const auto copy = std::dynamic_pointer_cast<TextClassifierImpl>(model->clone());
        QVERIFY(copy);
        QVERIFY(copy->isLinear());
        QVERIFY(torch::equal(copy->scale(), torch::full({ 1 }, 0.25f)));
        QVERIFY(torch::equal(copy->idf(), model->idf()));
        QVERIFY(torch::equal(copy->sparseParameters().at(0), model->sparseParameters().at(0)));
        const torch::Tensor ids = longTensor(kBagIds), offsets = longTensor(kBagOffsets);
        const torch::Tensor weights = torch::tensor(kBagWeights);
        QVERIFY(torch::equal(copy->forward(ids, offsets, weights), model->forward(ids, offsets, weights)));

        // The copy's buffers are its own: changing the original's leaves them as they were.
        {
            torch::NoGradGuard noGrad;
            model->scale().fill_(4.0f);
            model->idf().fill_(9.0f);
        }
        QVERIFY(torch::equal(copy->scale(), torch::full({ 1 }, 0.25f)));
        QCOMPARE(copy->idf()[0].item<float>(), 2.0f);
        QVERIFY(!torch::equal(copy->forward(ids, offsets, weights), model->forward(ids, offsets, weights)));
    }

    // ---- determinism ----------------------------------------------------------------------

    void sameSeedSameOutputs()
    {
        const torch::Tensor tabularIn = torch::randn({ 4, 5 });
        const torch::Tensor imageIn = torch::randn({ 2, 1, 8, 8 });
        const torch::Tensor indices = torch::tensor({ 3, 1, 4, 1, 5 }, torch::kLong);
        const torch::Tensor offsets = torch::tensor({ 0, 2 }, torch::kLong);
        auto run = [&](uint64_t seed) {
            torch::manual_seed(seed);
            TabularMLP mlp(TabularMLPOptions(5, 3));
            GestureCNN cnn(GestureCNNOptions(3).height(8).width(8).dropout(0.2));
            TextClassifier text(TextClassifierOptions(3).num_buckets(10).embedding_dim(4));
            // Train mode: dropout draws from the same seeded generator too.
            return std::vector<torch::Tensor> { mlp->forward(tabularIn), cnn->forward(imageIn),
                text->forward(indices, offsets) };
        };
        const std::vector<torch::Tensor> a = run(7), b = run(7), c = run(8);
        for (size_t i = 0; i < a.size(); ++i) {
            QVERIFY(torch::equal(a[i], b[i]));
            QVERIFY(!torch::equal(a[i], c[i]));
        }
    }

    void cloneCopiesWeightsNotStorage()
    {
        TabularMLP model(TabularMLPOptions(3, 2).batch_norm(true));
        model->eval();
        const auto copy = std::dynamic_pointer_cast<TabularMLPImpl>(model->clone());
        QVERIFY(copy);
        copy->eval();  // clone() rebuilds the submodules, in training mode
        const torch::Tensor x = torch::randn({ 2, 3 });
        QVERIFY(torch::equal(model->forward(x), copy->forward(x)));
        {
            torch::NoGradGuard noGrad;
            copy->parameters()[0].add_(1.0f);
        }
        QVERIFY(!torch::equal(model->forward(x), copy->forward(x)));

        GestureCNN cnn(GestureCNNOptions(2).height(8).width(8));
        const auto cnnCopy = std::dynamic_pointer_cast<GestureCNNImpl>(cnn->clone());
        QCOMPARE(cnnCopy->parameters().size(), cnn->parameters().size());
        TextClassifier text(TextClassifierOptions(2).num_buckets(10).embedding_dim(4));
        const auto textCopy = std::dynamic_pointer_cast<TextClassifierImpl>(text->clone());
        QVERIFY(torch::equal(textCopy->sparseParameters()[0], text->sparseParameters()[0]));
    }
};

QTEST_GUILESS_MAIN(TestModels)
#include "TestModels.moc"
