#include "DatasetImporter.h"
#include "Error.h"
#include "HashingTokenizer.h"
#include "ModelRegistry.h"
#include "Predictor.h"
#include "TestData.h"
#include "TfidfWeighting.h"
#include "Trainer.h"
#include "Workspace.h"

#include <QFile>
#include <QJsonArray>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include <functional>

#include <torch/script.h>

using namespace mb;

// TorchScript export runs without Modelbench (LibTorch in C++, torch.jit.load in Python)
// with the app's outputs; a TorchScript file made elsewhere imports and predicts.
// The fastText network instead of the default linear text model.
QStringList fastTextOverrides()
{
    return {QStringLiteral("text.dim=8"), QStringLiteral("text.weighting=mean"), QStringLiteral("loss=softmax"), QStringLiteral("optimizer=adamw"),
            QStringLiteral("lr=0.01")};
}

class TestTorchScript : public QObject {
    Q_OBJECT

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    std::shared_ptr<Workspace> m_workspace;
    std::shared_ptr<Predictor> m_predictor;
    QVector<Instance> m_instances;

    QString path(const QString& name) const { return m_dir->filePath(name); }

private Q_SLOTS:
    void initTestCase()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        m_workspace = Workspace::open(path(QStringLiteral("ws")));
        QByteArray csv = "x,y,z,label\n";
        for (int i = 0; i < 90; ++i) {
            const int k = i % 3;
            csv += QByteArray::number(k * 2.0 + (i % 7) * 0.1) + ',' + QByteArray::number(1.0 - k + (i % 5) * 0.05) + ',' +
                   QByteArray::number(i * 0.01) + ",k" + QByteArray::number(k) + '\n';
        }
        testdata::importCsv(*m_workspace, path(QStringLiteral("data.csv")), csv);
        TrainRequest train;
        train.dataset = QStringLiteral("data");
        train.overrides = {QStringLiteral("epochs=10"), QStringLiteral("mlp.batch_norm=true"), QStringLiteral("features.select_top_k=2")};
        const TrainOutcome outcome = Trainer(*m_workspace).train(train);
        m_predictor = Predictor::fromBundle(ModelRegistry(*m_workspace).bundleBytes(outcome.version));
        for (int i = 0; i < 6; ++i)
            m_instances << Instance{{QStringLiteral("x"), i * 0.9}, {QStringLiteral("y"), 1.0 - i * 0.3}, {QStringLiteral("z"), i * 0.2}};
    }

    void cleanupTestCase()
    {
        m_predictor.reset();
        m_workspace.reset();
        m_dir.reset();
    }

    void reloadedInCppGivesTheSameProbabilities()
    {
        const QJsonObject signature = m_predictor->exportTorchScript(path(QStringLiteral("model.pt")));
        QCOMPARE(signature.value(QStringLiteral("labels")).toArray().size(), 3);
        torch::jit::Module module = torch::jit::load(path(QStringLiteral("model.pt")).toStdString());
        torch::Tensor x = torch::empty({m_instances.size(), 3});
        for (int i = 0; i < m_instances.size(); ++i) {
            x[i][0] = m_instances[i].value(QStringLiteral("x")).toDouble();
            x[i][1] = m_instances[i].value(QStringLiteral("y")).toDouble();
            x[i][2] = m_instances[i].value(QStringLiteral("z")).toDouble();
        }
        const torch::Tensor probabilities = module.forward({x}).toTensor();
        const QVector<Prediction> predictions = m_predictor->predict(m_instances, 3);
        const QStringList labels = m_predictor->labels();
        for (int i = 0; i < predictions.size(); ++i) {
            for (const auto& [label, p] : predictions.at(i).top)
                QVERIFY(std::abs(probabilities[i][labels.indexOf(label)].item<double>() - p) < 1e-5);
        }
    }

    void reloadedInPythonGivesTheSameProbabilities()
    {
        if (QProcess::execute(QStringLiteral("/usr/bin/python3"), {QStringLiteral("-c"), QStringLiteral("import torch")}) != 0)
            QSKIP("python3-torch is not installed (packaging/install-bench-deps.sh installs it)");
        m_predictor->exportTorchScript(path(QStringLiteral("py.pt")));
        QString rows;
        for (const Instance& instance : std::as_const(m_instances))
            rows += QStringLiteral("[%1,%2,%3],").arg(instance.value(QStringLiteral("x")).toDouble()).arg(instance.value(QStringLiteral("y")).toDouble())
                        .arg(instance.value(QStringLiteral("z")).toDouble());
        QProcess python;
        python.start(QStringLiteral("/usr/bin/python3"),
                     {QStringLiteral("-c"), QStringLiteral("import torch,sys; m=torch.jit.load(sys.argv[1]); "
                                                           "p=m(torch.tensor([%1])); print(' '.join('%.7f' % v for v in p.flatten().tolist()))").arg(rows),
                      path(QStringLiteral("py.pt"))});
        QVERIFY(python.waitForFinished(60000));
        QVERIFY2(python.exitCode() == 0, python.readAllStandardError().constData());
        const QStringList values = QString::fromUtf8(python.readAllStandardOutput()).split(QLatin1Char(' '), Qt::SkipEmptyParts);
        QCOMPARE(values.size(), m_instances.size() * 3);
        const QVector<Prediction> predictions = m_predictor->predict(m_instances, 3);
        const QStringList labels = m_predictor->labels();
        for (int i = 0; i < predictions.size(); ++i) {
            for (const auto& [label, p] : predictions.at(i).top)
                QVERIFY(std::abs(values.at(i * 3 + labels.indexOf(label)).toDouble() - p) < 1e-5);
        }
    }

private:
    // A text model trained on package-like rows (the name field alone tells the class: "-dev"
    // vs "-doc"), exported, and three instances encoded as a consumer of the export would: with
    // the tokenizer record of the signature and, for a weighted model, the module's idf.
    struct TextExport {
        std::shared_ptr<Predictor> predictor;
        QString scriptPath;
        QJsonObject signature;
        QVector<Instance> instances;
        std::vector<std::vector<int64_t>> documents;
        std::vector<float> weights;  // empty unless the model is weighted
        std::vector<torch::jit::IValue> inputs;
    };

    TextExport exportTextModel(const QStringList& model, const QString& name)
    {
        QByteArray csv = "name,description,category\n";
        for (int i = 0; i < 60; ++i) {
            const bool dev = i % 2 == 0;
            csv += "lib" + QByteArray::number(i) + (dev ? "-dev" : "-doc") + ",files of library " + QByteArray::number(i) + ',' +
                   (dev ? "libdevel" : "doc") + '\n';
        }
        CsvImportRequest request;
        request.name = name;
        request.table.label = QStringLiteral("category");
        request.table.text = {QStringLiteral("name"), QStringLiteral("description")};
        testdata::importCsv(*m_workspace, path(name + QStringLiteral(".csv")), csv, request);
        TrainRequest train;
        train.dataset = name;
        train.overrides = QStringList{QStringLiteral("epochs=3"), QStringLiteral("text.buckets=4096"), QStringLiteral("text.field_tags=true")} + model;
        const TrainOutcome outcome = Trainer(*m_workspace).train(train);

        TextExport out;
        out.predictor = Predictor::fromBundle(ModelRegistry(*m_workspace).bundleBytes(outcome.version));
        out.scriptPath = path(name + QStringLiteral(".pt"));
        out.signature = out.predictor->exportTorchScript(out.scriptPath);
        const models::HashingTokenizer tokenizer =
            models::HashingTokenizer::deserialize(out.signature.value(QStringLiteral("tokenizer")).toString().toStdString());
        const torch::jit::Module module = torch::jit::load(out.scriptPath.toStdString());
        const bool weighted = module.hasattr("idf");
        out.instances = {{{QStringLiteral("name"), QStringLiteral("libzz-dev")}, {QStringLiteral("description"), QStringLiteral("files")}},
                         {{QStringLiteral("name"), QStringLiteral("libzz-doc")}},
                         {{QStringLiteral("description"), QStringLiteral("library files")}}};
        for (const Instance& instance : std::as_const(out.instances)) {
            std::vector<models::TextField> fields;
            for (const QString& column : {QStringLiteral("name"), QStringLiteral("description")}) {
                if (instance.contains(column))
                    fields.push_back({column.toStdString(), instance.value(column).toString().toStdString()});
            }
            std::vector<bool> isChar;
            out.documents.push_back(tokenizer.encodeFields(fields, &isChar));
            if (weighted) {
                const torch::Tensor idf = module.attr("idf").toTensor().contiguous();
                models::WeightedDocument document = models::TfidfWeighting::weigh(out.documents.back(), isChar, idf.data_ptr<float>(), idf.numel());
                out.documents.back() = document.ids;
                out.weights.insert(out.weights.end(), document.weights.begin(), document.weights.end());
            }
        }
        const models::TokenBatch batch = models::HashingTokenizer::pack(out.documents, {0, 1, 2});
        out.inputs = {torch::tensor(batch.indices, torch::kLong), torch::tensor(batch.offsets, torch::kLong)};
        if (weighted)
            out.inputs.emplace_back(torch::tensor(out.weights, torch::kFloat));
        return out;
    }

    // Checks probabilities [instances x labels] against the app's predictions.
    static void compareWithApp(const TextExport& text, const std::function<double(int, int)>& probability)
    {
        const QVector<Prediction> predictions = text.predictor->predict(text.instances, 2);
        const QStringList labels = text.predictor->labels();
        for (int i = 0; i < predictions.size(); ++i) {
            for (const auto& [label, p] : predictions.at(i).top)
                QVERIFY(std::abs(probability(i, int(labels.indexOf(label))) - p) < 1e-5);
        }
    }

private Q_SLOTS:
    void textModelWithFieldTagsExportsItsTokenizer_data()
    {
        QTest::addColumn<QStringList>("model");
        QTest::newRow("linear tf-idf (default)") << QStringList();
        QTest::newRow("fastText") << fastTextOverrides();
    }

    void textModelWithFieldTagsExportsItsTokenizer()
    {
        QFETCH(QStringList, model);
        const TextExport text = exportTextModel(model, QStringLiteral("packages"));
        const models::HashingTokenizer tokenizer =
            models::HashingTokenizer::deserialize(text.signature.value(QStringLiteral("tokenizer")).toString().toStdString());
        QVERIFY(tokenizer.options().field_tags);
        // The weighted default takes each id's TF-IDF weight as a third input, and says so.
        QCOMPARE(text.inputs.size(), size_t(model.isEmpty() ? 3 : 2));
        QCOMPARE(text.signature.value(QStringLiteral("forward")).toString().contains(QLatin1String("weights")), model.isEmpty());
        torch::jit::Module module = torch::jit::load(text.scriptPath.toStdString());
        const torch::Tensor probabilities = module.forward(text.inputs).toTensor();
        compareWithApp(text, [&](int i, int label) { return probabilities[i][label].item<double>(); });
        // The tagged encoding is what the model was trained on: the joined one differs.
        models::HashingTokenizerOptions joined = tokenizer.options();
        joined.field_tags = false;
        QVERIFY(models::HashingTokenizer(joined).encodeFields({{"name", "libzz-doc"}}) != text.documents[1]);
    }

    void textExportReloadedInPythonGivesTheSameProbabilities()
    {
        if (QProcess::execute(QStringLiteral("/usr/bin/python3"), {QStringLiteral("-c"), QStringLiteral("import torch")}) != 0)
            QSKIP("python3-torch is not installed (packaging/install-bench-deps.sh installs it)");
        const TextExport text = exportTextModel({}, QStringLiteral("pypackages"));
        QCOMPARE(text.inputs.size(), size_t(3));
        const auto list = [](const torch::Tensor& t) {
            QStringList items;
            const torch::Tensor flat = t.to(torch::kDouble).contiguous();
            for (int64_t i = 0; i < flat.numel(); ++i)
                items << QString::number(flat[i].item<double>(), 'g', 9);
            return items.join(QLatin1Char(','));
        };
        QProcess python;
        python.start(QStringLiteral("/usr/bin/python3"),
                     {QStringLiteral("-c"), QStringLiteral("import torch,sys; m=torch.jit.load(sys.argv[1]); "
                                                           "p=m(torch.tensor([%1],dtype=torch.long),torch.tensor([%2],dtype=torch.long),torch.tensor([%3])); "
                                                           "print(' '.join('%.7f' % v for v in p.flatten().tolist()))")
                                                .arg(list(text.inputs[0].toTensor()), list(text.inputs[1].toTensor()), list(text.inputs[2].toTensor())),
                      text.scriptPath});
        QVERIFY(python.waitForFinished(60000));
        QVERIFY2(python.exitCode() == 0, python.readAllStandardError().constData());
        const QStringList values = QString::fromUtf8(python.readAllStandardOutput()).split(QLatin1Char(' '), Qt::SkipEmptyParts);
        const int labels = int(text.predictor->labels().size());
        QCOMPARE(values.size(), text.instances.size() * labels);
        compareWithApp(text, [&](int i, int label) { return values.at(i * labels + label).toDouble(); });
    }

    void importedTorchScriptPredicts()
    {
        // A module made elsewhere: probabilities of two classes from the sum of the inputs.
        torch::jit::Module module("External");
        module.define("def forward(self, x):\n    s = torch.sum(x, 1, True)\n    return torch.softmax(torch.cat([s, -s], 1), 1)\n");
        module.save(path(QStringLiteral("external.pt")).toStdString());
        QFile file(path(QStringLiteral("external.pt")));
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray script = file.readAll();
        const QJsonObject signature{{QStringLiteral("inputs"), QJsonArray{QStringLiteral("a"), QStringLiteral("b")}},
                                    {QStringLiteral("labels"), QJsonArray{QStringLiteral("pos"), QStringLiteral("neg")}},
                                    {QStringLiteral("output"), QStringLiteral("probabilities")}};
        const auto predictor = Predictor::fromBundle(Predictor::bundleFromTorchScript(script, signature, QStringLiteral("external.pt")));
        const QVector<Prediction> p = predictor->predict({{{QStringLiteral("a"), 2.0}, {QStringLiteral("b"), 1.0}}}, 2);
        QCOMPARE(p.at(0).label, QStringLiteral("pos"));
        QVERIFY(std::abs(p.at(0).confidence - 1.0 / (1.0 + std::exp(-6.0))) < 1e-6);

        QJsonObject wrongLabels = signature;
        wrongLabels.insert(QStringLiteral("labels"), QJsonArray{QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c")});
        QVERIFY_THROWS_EXCEPTION(Error, Predictor::bundleFromTorchScript(script, wrongLabels, QStringLiteral("external.pt")));
        QVERIFY_THROWS_EXCEPTION(Error, Predictor::bundleFromTorchScript(QByteArray("not a zip"), signature, QStringLiteral("x.pt")));
    }
};

QTEST_GUILESS_MAIN(TestTorchScript)
#include "TestTorchScript.moc"
