#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace mb::models {

// Options of MutualInfoSelector.
struct MutualInfoSelectorOptions {
    // Number of features to keep; 0 keeps all (they are still scored). A k larger than the
    // number of features keeps all.
    int64_t k = 0;
    // Equal-frequency bins each feature is cut into before its mutual information with the
    // label is measured, in [2, 1024]. Ties stay in one bin, so a feature may get fewer.
    int64_t bins = 16;
};

// Keeps the k features that carry the most mutual information (MI) with a discrete label:
// each feature is discretised into equal-frequency bins on the training split, scored with
// MI = sum p(x,y) ln(p(x,y) / (p(x) p(y))) in nats, and the top k kept (ties go to the lower
// index). Selected features keep their original order. Fit on the training split only.
// Deterministic: the same data gives the same selection on every machine.
//
// Data layout: rows are row-major floats, numFeatures per row; labels are any int64 values.
//
// Thread-safety: const member functions may be called concurrently; fit() and assignment need
// exclusive access. A value type.
class MutualInfoSelector {
public:
    // Throws std::invalid_argument if an option is out of range.
    explicit MutualInfoSelector(const MutualInfoSelectorOptions& options = {});

    const MutualInfoSelectorOptions& options() const { return m_options; }

    // Throws std::invalid_argument if rows.size() != labels.size() * numFeatures, there are no
    // rows, or a value is not finite.
    void fit(
        const std::vector<float>& rows, int64_t numFeatures, const std::vector<int64_t>& labels);

    bool isFitted() const { return m_numFeatures > 0; }
    int64_t numFeatures() const { return m_numFeatures; }
    // Indices of the kept features into the original columns, ascending.
    const std::vector<int64_t>& selected() const { return m_selected; }
    // MI of every original feature with the label, in nats.
    const std::vector<float>& scores() const { return m_scores; }

    // Keeps the selected columns of whole rows. Throws std::runtime_error if not fitted,
    // std::invalid_argument if rows.size() is not a multiple of numFeatures().
    std::vector<float> transform(const std::vector<float>& rows) const;

    // MI in nats between two discrete variables given as one code per sample (any int64 values).
    // Throws std::invalid_argument if the sizes differ or are 0.
    static double mutualInformation(const std::vector<int64_t>& x, const std::vector<int64_t>& y);

    // Text record (see PreprocessorState): kind MutualInfoSelector, version 1, keys `k`, `bins`,
    // `features` (F, 0 = unfitted), `selected` (ascending indices < F), `scores` (F reals).
    std::string serialize() const;
    // Throws std::invalid_argument on a malformed or inconsistent record.
    static MutualInfoSelector deserialize(const std::string& text);

private:
    MutualInfoSelectorOptions m_options;
    int64_t m_numFeatures = 0;
    std::vector<int64_t> m_selected;
    std::vector<float> m_scores;
};

}  // namespace mb::models
