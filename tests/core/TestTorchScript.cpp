#include "DatasetImporter.h"
#include "Error.h"
#include "HashingTokenizer.h"
#include "ModelRegistry.h"
#include "Predictor.h"
#include "TestData.h"
#include "Trainer.h"
#include "Workspace.h"

#include <QFile>
#include <QJsonArray>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include <torch/script.h>

using namespace mb;

// TorchScript export runs without Modelbench (LibTorch in C++, torch.jit.load in Python)
// with the app's outputs; a TorchScript file made elsewhere imports and predicts.
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

    void textModelWithFieldTagsExportsItsTokenizer()
    {
        // Package-like rows: the name field alone tells the class ("-dev" vs "-doc").
        QByteArray csv = "name,description,category\n";
        for (int i = 0; i < 60; ++i) {
            const bool dev = i % 2 == 0;
            csv += "lib" + QByteArray::number(i) + (dev ? "-dev" : "-doc") + ",files of library " + QByteArray::number(i) + ',' +
                   (dev ? "libdevel" : "doc") + '\n';
        }
        CsvImportRequest request;
        request.table.label = QStringLiteral("category");
        request.table.text = {QStringLiteral("name"), QStringLiteral("description")};
        testdata::importCsv(*m_workspace, path(QStringLiteral("packages.csv")), csv, request);
        TrainRequest train;
        train.dataset = QStringLiteral("packages");
        train.overrides = {QStringLiteral("epochs=3"), QStringLiteral("text.buckets=4096"), QStringLiteral("text.dim=8"),
                           QStringLiteral("text.field_tags=true")};
        const TrainOutcome outcome = Trainer(*m_workspace).train(train);
        const auto predictor = Predictor::fromBundle(ModelRegistry(*m_workspace).bundleBytes(outcome.version));

        // A consumer of the export encodes documents with the tokenizer record of the signature.
        const QJsonObject signature = predictor->exportTorchScript(path(QStringLiteral("text.pt")));
        const models::HashingTokenizer tokenizer =
            models::HashingTokenizer::deserialize(signature.value(QStringLiteral("tokenizer")).toString().toStdString());
        QVERIFY(tokenizer.options().field_tags);
        const QVector<Instance> instances{{{QStringLiteral("name"), QStringLiteral("libzz-dev")}, {QStringLiteral("description"), QStringLiteral("files")}},
                                          {{QStringLiteral("name"), QStringLiteral("libzz-doc")}},
                                          {{QStringLiteral("description"), QStringLiteral("library files")}}};
        std::vector<std::vector<int64_t>> documents;
        for (const Instance& instance : instances) {
            std::vector<models::TextField> fields;
            for (const QString& column : {QStringLiteral("name"), QStringLiteral("description")}) {
                if (instance.contains(column))
                    fields.push_back({column.toStdString(), instance.value(column).toString().toStdString()});
            }
            documents.push_back(tokenizer.encodeFields(fields));
        }
        const models::TokenBatch batch = models::HashingTokenizer::pack(documents, {0, 1, 2});
        torch::jit::Module module = torch::jit::load(path(QStringLiteral("text.pt")).toStdString());
        const torch::Tensor probabilities =
            module.forward({torch::tensor(batch.indices, torch::kLong), torch::tensor(batch.offsets, torch::kLong)}).toTensor();
        const QVector<Prediction> predictions = predictor->predict(instances, 2);
        const QStringList labels = predictor->labels();
        for (int i = 0; i < predictions.size(); ++i) {
            for (const auto& [label, p] : predictions.at(i).top)
                QVERIFY(std::abs(probabilities[i][labels.indexOf(label)].item<double>() - p) < 1e-5);
        }
        // The tagged encoding is what the model was trained on: the joined one differs.
        models::HashingTokenizerOptions joined = tokenizer.options();
        joined.field_tags = false;
        QVERIFY(models::HashingTokenizer(joined).encodeFields({{"name", "libzz-doc"}}) != documents[1]);
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
