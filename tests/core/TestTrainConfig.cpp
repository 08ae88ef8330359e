#include "Error.h"
#include "TrainConfig.h"

#include <QtTest>

using namespace mb;

class TestTrainConfig : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void defaultsPerWorkload_data()
    {
        QTest::addColumn<int>("kind");
        QTest::addColumn<int>("labelKind");
        QTest::addColumn<QString>("model");
        QTest::addColumn<QString>("metric");
        QTest::newRow("tabular") << int(DatasetKind::Tabular) << int(LabelKind::Classification) << QStringLiteral("mlp") << QStringLiteral("macro_f1");
        QTest::newRow("regression") << int(DatasetKind::Tabular) << int(LabelKind::Regression) << QStringLiteral("mlp") << QStringLiteral("loss");
        QTest::newRow("text") << int(DatasetKind::Text) << int(LabelKind::Classification) << QStringLiteral("text") << QStringLiteral("macro_f1");
        QTest::newRow("image") << int(DatasetKind::Image) << int(LabelKind::Classification) << QStringLiteral("cnn") << QStringLiteral("macro_f1");
    }

    void defaultsPerWorkload()
    {
        QFETCH(int, kind);
        QFETCH(int, labelKind);
        QFETCH(QString, model);
        QFETCH(QString, metric);
        const TrainConfig config = TrainConfig::resolve({}, DatasetKind(kind), LabelKind(labelKind));
        QCOMPARE(config.model, model);
        QCOMPARE(config.selectionMetric, metric);
        QVERIFY(config.epochs > 0);
        QVERIFY(config.batchSize > 0);
        QVERIFY(config.lr > 0);
    }

    void userValuesAndOverrides()
    {
        const QString yaml = QStringLiteral("lr: 0.01\nmlp:\n  hidden: [64, 32]\n  dropout: 0.2\nepochs: 7\n");
        const TrainConfig config = TrainConfig::resolve(yaml, DatasetKind::Tabular, LabelKind::Classification,
                                                        {QStringLiteral("epochs=9"), QStringLiteral("mlp.batch_norm=true")});
        QCOMPARE(config.lr, 0.01);
        QCOMPARE(config.hidden, (QVector<int>{64, 32}));
        QCOMPARE(config.dropout, 0.2);
        QCOMPARE(config.epochs, 9);
        QCOMPARE(config.batchNorm, true);
    }

    void textFieldTagsAreOffByDefaultAndCanBeSwitchedOn()
    {
        QVERIFY(!TrainConfig::resolve({}, DatasetKind::Text, LabelKind::Classification).fieldTags);
        const TrainConfig on = TrainConfig::resolve(QStringLiteral("text:\n  field_tags: true\n"), DatasetKind::Text, LabelKind::Classification);
        QVERIFY(on.fieldTags);
        QVERIFY(on.toYaml().contains(QLatin1String("  field_tags: true\n")));
        QVERIFY(TrainConfig::resolve({}, DatasetKind::Text, LabelKind::Classification, {QStringLiteral("text.field_tags=yes")}).fieldTags);
    }

    void textDefaultIsALinearTfidfModelTrainedAsAnSvm()
    {
        const TrainConfig c = TrainConfig::resolve({}, DatasetKind::Text, LabelKind::Classification);
        QCOMPARE(c.embeddingDim, 0);
        QCOMPARE(c.textWeighting, QStringLiteral("tfidf"));
        QCOMPARE(c.loss, QStringLiteral("hinge"));
        QCOMPARE(c.optimizer, QStringLiteral("sgd"));
        QCOMPARE(c.schedule, QStringLiteral("inverse"));
        QVERIFY(c.lr * c.weightDecay < 1);
        QVERIFY(c.refit);
        QVERIFY(c.toYaml().contains(QLatin1String("\nrefit: true\n")));
        // A width asks for the fastText network, which has defaults of its own; what the user
        // sets still wins, from YAML or --set.
        const TrainConfig fastText = TrainConfig::resolve(QStringLiteral("text:\n  dim: 64\n"), DatasetKind::Text, LabelKind::Classification,
                                                          {QStringLiteral("text.hidden=32"), QStringLiteral("lr=0.005")});
        QCOMPARE(fastText.embeddingDim, 64);
        QCOMPARE(fastText.textHidden, 32);
        QCOMPARE(fastText.textWeighting, QStringLiteral("mean"));
        QCOMPARE(fastText.loss, QStringLiteral("softmax"));
        QCOMPARE(fastText.optimizer, QStringLiteral("adamw"));
        QCOMPARE(fastText.lr, 0.005);
        QCOMPARE(fastText.batchSize, 64);
        QVERIFY(fastText.fieldTags);
        QCOMPARE(fastText.classWeights, QStringLiteral("balanced"));
        QVERIFY(!fastText.refit);
        QVERIFY(TrainConfig::resolve(QStringLiteral("text:\n  dim: 64\nrefit: true\n"), DatasetKind::Text, LabelKind::Classification).refit);
        const TrainConfig sgdNetwork = TrainConfig::resolve({}, DatasetKind::Text, LabelKind::Classification,
                                                            {QStringLiteral("optimizer=sgd"), QStringLiteral("text.dim=16")});
        QCOMPARE(sgdNetwork.optimizer, QStringLiteral("sgd"));
        QCOMPARE(sgdNetwork.lr, 0.01);
        // Tabular and image defaults keep the softmax loss, and the first model.
        QVERIFY(!TrainConfig::resolve({}, DatasetKind::Tabular, LabelKind::Classification).refit);
        QVERIFY(!TrainConfig::resolve({}, DatasetKind::Image, LabelKind::Classification).refit);
        QCOMPARE(TrainConfig::resolve({}, DatasetKind::Tabular, LabelKind::Classification).loss, QStringLiteral("softmax"));
        QCOMPARE(TrainConfig::resolve({}, DatasetKind::Image, LabelKind::Classification).loss, QStringLiteral("softmax"));
    }

    void charNgramsSwitchOffWithTheMaximumAlone()
    {
        const TrainConfig off = TrainConfig::resolve({}, DatasetKind::Text, LabelKind::Classification, {QStringLiteral("text.char_ngram_max=0")});
        QCOMPARE(off.charNgramMax, 0);
        try {
            TrainConfig::resolve({}, DatasetKind::Text, LabelKind::Classification, {QStringLiteral("text.char_ngram_max=1")});
            QFAIL("accepted a minimum above the maximum");
        } catch (const Error& error) {
            QVERIFY2(error.message().contains(QLatin1String("text.char_ngram_min (2) is above text.char_ngram_max (1)")), qPrintable(error.message()));
        }
    }

    void yamlRoundTrip()
    {
        const TrainConfig config = TrainConfig::resolve(QStringLiteral("lr: 0.0007\nseed: 42"), DatasetKind::Text, LabelKind::Classification);
        const QString yaml = config.toYaml();
        QCOMPARE(TrainConfig::resolve(yaml, DatasetKind::Text, LabelKind::Classification).toYaml(), yaml);
        QVERIFY(yaml.contains(QLatin1String("lr: 0.0007\n")));
        QVERIFY(yaml.contains(QLatin1String("text:\n  buckets: ")));
    }

    void errorsNameKeyAndLine_data()
    {
        QTest::addColumn<QString>("yaml");
        QTest::addColumn<QStringList>("overrides");
        QTest::addColumn<QString>("message");
        QTest::newRow("unknown key") << QStringLiteral("epochs: 3\nlearning_rate: 0.1\n") << QStringList() << QStringLiteral("params.yaml:2: unknown key 'learning_rate'");
        QTest::newRow("wrong type") << QStringLiteral("lr: fast\n") << QStringList() << QStringLiteral("params.yaml:1: 'lr' must be a number, not fast");
        QTest::newRow("fraction for int") << QStringLiteral("epochs: 2.5\n") << QStringList() << QStringLiteral("'epochs' must be a whole number");
        QTest::newRow("out of range") << QStringLiteral("mlp:\n  dropout: 1.5\n") << QStringList() << QStringLiteral("params.yaml:2: 'mlp.dropout' must be between 0 and 0.95");
        QTest::newRow("bad switch") << QStringLiteral("text:\n  field_tags: maybe\n") << QStringList() << QStringLiteral("params.yaml:2: 'text.field_tags' must be true or false");
        QTest::newRow("bad choice") << QStringLiteral("optimizer: lbfgs\n") << QStringList() << QStringLiteral("one of adam, adamw, sgd");
        QTest::newRow("bad list") << QStringLiteral("mlp:\n  hidden: 64\n") << QStringList() << QStringLiteral("a list of whole numbers");
        QTest::newRow("not yaml") << QStringLiteral("lr: [1, 2\n") << QStringList() << QStringLiteral("not valid YAML");
        QTest::newRow("not a map") << QStringLiteral("- 1\n- 2\n") << QStringList() << QStringLiteral("a config is a map");
        QTest::newRow("model for other data") << QStringLiteral("model: cnn\n") << QStringList() << QStringLiteral("model 'cnn' needs image data");
        QTest::newRow("linear with a hidden layer") << QStringLiteral("text:\n  dim: 0\n  hidden: 16\n") << QStringList() << QStringLiteral("text.dim 0 is a linear model, which has no hidden layer");
        QTest::newRow("one dimension") << QStringLiteral("text:\n  dim: 1\n") << QStringList() << QStringLiteral("text.dim must be 0 (a linear model) or at least 2");
        QTest::newRow("sgd decay overshoots") << QStringLiteral("optimizer: sgd\nlr: 10\nweight_decay: 0.5\n") << QStringList() << QStringLiteral("lr * weight_decay must be below 1");
        QTest::newRow("bad loss") << QStringLiteral("loss: logistic\n") << QStringList() << QStringLiteral("one of softmax, hinge");
        QTest::newRow("bad weighting") << QStringLiteral("text:\n  weighting: bm25\n") << QStringList() << QStringLiteral("params.yaml:2: 'text.weighting' must be one of mean, tfidf");
        QTest::newRow("bad override") << QString() << QStringList{QStringLiteral("epochs")} << QStringLiteral("'epochs' is not KEY=VALUE");
        QTest::newRow("unknown override") << QString() << QStringList{QStringLiteral("nope=1")} << QStringLiteral("--set nope=1: unknown key 'nope'");
    }

    void errorsNameKeyAndLine()
    {
        QFETCH(QString, yaml);
        QFETCH(QStringList, overrides);
        QFETCH(QString, message);
        try {
            TrainConfig::resolve(yaml, DatasetKind::Tabular, LabelKind::Classification, overrides, QStringLiteral("params.yaml"));
            QFAIL("accepted");
        } catch (const Error& error) {
            QCOMPARE(error.code(), ErrorCode::InvalidArgument);
            QVERIFY2(error.message().contains(message), qPrintable(error.message()));
        }
    }

    void regressionRejectsClassificationMetric()
    {
        QVERIFY_THROWS_EXCEPTION(Error, TrainConfig::resolve(QStringLiteral("selection_metric: macro_f1"), DatasetKind::Tabular, LabelKind::Regression));
    }
};

QTEST_GUILESS_MAIN(TestTrainConfig)
#include "TestTrainConfig.moc"
