#pragma once

#include "DatasetSchema.h"

#include <QString>
#include <QStringList>
#include <QVector>

namespace mb {

// Everything that decides how a model is trained. Written as YAML (config.yaml), every key
// optional: resolve() fills what is missing with the defaults of the dataset's workload, and
// the resolved config, defaults included, is stored with the run and is part of its cache key.
// A plain value type.
struct TrainConfig {
    // Model family: mlp (tabular; regression too), linear, cnn (images), text (fastText-style).
    QString model;
    int epochs = 0;             // upper bound; early stopping usually ends sooner
    int batchSize = 0;
    QString optimizer;          // adam | adamw | sgd
    double lr = 0;
    double weightDecay = 0;
    double momentum = 0.9;      // sgd only
    QString schedule;           // none | cosine | step | inverse (lr / (1 + lr * weight_decay * batches so far))
    int stepSize = 10;          // step schedule: epochs between decays
    double gamma = 0.5;         // step schedule: decay factor
    int patience = 0;           // early stopping: epochs without improvement; 0 = off
    // After training: train a fresh model for the best epoch's number of epochs on the
    // training and validation rows together, and keep that one. Validation figures stay those
    // of the first model (held out); test figures are the refitted model's.
    bool refit = false;
    QString selectionMetric;    // macro_f1 | min_f1 | accuracy | loss | r2
    QString classWeights;       // none | balanced
    double labelSmoothing = 0;  // classification: share of the target spread over all classes
    // Classification loss: softmax (cross-entropy over the classes) | hinge (one-vs-rest
    // hinge, as linear SVMs are trained).
    QString loss;
    qint64 seed = 0;
    int threads = 2;            // LibTorch intra-op threads for this run
    // mlp / linear
    QVector<int> hidden;
    double dropout = 0;
    bool batchNorm = false;
    QString activation;         // relu | gelu | tanh
    int selectTopK = 0;         // keep the k features with most mutual information; 0 = all
    // text
    int buckets = 0;            // hashing buckets of the embedding table
    int embeddingDim = 0;       // 0 = a linear model: the table holds class scores (its L2 is weight_decay); other widths: the fastText network, with defaults of its own
    int wordNgrams = 0;         // 1 = unigrams, 2 = +bigrams
    int charNgramMin = 0;       // 0 = no character n-grams
    int charNgramMax = 0;
    QString charNgramsOf;       // words | tokens (space-separated, punctuation kept: "<lib-dev>")
    bool fieldTags = false;     // each text column hashed in its own namespace instead of joined into one text (text default: on)
    QString textWeighting;      // the bag: mean (of the n-grams) | tfidf (sum weighted by sublinear tf-idf, word and character blocks at unit length)
    int textHidden = 0;         // 0 = no hidden layer
    double textDropout = 0;     // dropout on the document vector (the bag mean)
    double embeddingLrScale = 1; // learning rate of the embedding table = lr * this
    double tokenDropout = 0;    // training: share of a document's n-grams dropped at random each time it is seen
    double embeddingWeightDecay = 0; // decoupled weight decay of the embedding rows a step touches
    // cnn
    int imageSize = 0;          // images are resized to imageSize x imageSize
    bool deskew = true;
    bool augment = true;

    // The defaults for a dataset kind and label kind, as YAML with comments.
    static QString defaultsYaml(DatasetKind kind, LabelKind labelKind);
    // `userYaml` (may be empty) over the defaults, then `overrides` ("key=value", dotted keys
    // such as mlp.hidden=[64,32]), validated. Throws InvalidArgument naming the key and, for
    // YAML, the line: unknown keys, wrong types, values out of range.
    static TrainConfig resolve(const QString& userYaml, DatasetKind kind, LabelKind labelKind,
                               const QStringList& overrides = {}, const QString& sourceName = QStringLiteral("config"));
    // Every key, in a stable order and format: stored with the run, hashed into its key.
    QString toYaml() const;
    // The dotted keys resolve() accepts.
    static QStringList keys();
    // One key's value as toYaml() writes it ("0.003", "[128, 64]", "true"). Throws
    // InvalidArgument for a key keys() does not list.
    QString value(const QString& key) const;
};

}  // namespace mb
