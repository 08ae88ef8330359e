#pragma once

#include <QByteArray>
#include <QString>
#include <QStringList>

#include <array>
#include <vector>

namespace mb {

enum class Split : quint8 { Train = 0, Val = 1, Test = 2 };

// How rows are divided into train/validation/test. Ratios are normalised, so 7/1.5/1.5 works.
struct SplitOptions {
    double train = 0.70;  // share of each class for training
    double val = 0.15;    // for validation (model selection, early stopping)
    double test = 0.15;   // held out for the final figures
    quint64 seed = 0;     // the same seed gives the same split
};

// Assigns rows to splits. Pure functions of their input: thread-safe.
class DatasetSplitter {
public:
    // Per class: round(n * train) rows to train, round(n * val) to val, the rest to test,
    // chosen by a seeded shuffle. So every split holds every class in the same proportion,
    // exact up to rounding.
    static std::vector<Split> stratified(const QStringList& labels, const SplitOptions& options);
    // The same over all rows as one group (for regression).
    static std::vector<Split> random(qsizetype rows, const SplitOptions& options);

    static QString name(Split split);
    // Accepts train, val, validation, valid, dev, test (any case); throws InvalidArgument
    // naming `where` otherwise.
    static Split parse(const QString& text, const QString& where);

    static std::array<qsizetype, 3> counts(const std::vector<Split>& splits);
    // One line per row: "train", "val" or "test". decode() throws Corrupt on a bad file.
    static QByteArray encode(const std::vector<Split>& splits);
    static std::vector<Split> decode(const QByteArray& bytes, qsizetype expectedRows);
};

}  // namespace mb
