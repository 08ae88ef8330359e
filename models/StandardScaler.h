#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace mb::models {

// Standardises numeric features: x' = (x - mean) / scale per feature, where scale is the
// population standard deviation of the training rows (1 where that is 0, so a constant feature
// maps to 0 instead of dividing by zero). Fitted on the training split only.
//
// Data layout everywhere: rows are row-major floats, `numFeatures` per row.
//
// Thread-safety: const member functions may be called concurrently; fit() and assignment need
// exclusive access. A value type: copy it freely.
class StandardScaler {
public:
    StandardScaler() = default;

    // Fits on `rows` (N * numFeatures floats, N >= 1). Accumulates in double so a large N does
    // not lose precision. Throws std::invalid_argument if the size does not match, N is 0 or a
    // value is not finite.
    void fit(const std::vector<float>& rows, int64_t numFeatures);

    bool isFitted() const { return !m_mean.empty(); }
    int64_t numFeatures() const { return static_cast<int64_t>(m_mean.size()); }
    const std::vector<float>& mean() const { return m_mean; }
    const std::vector<float>& scale() const { return m_scale; }

    // Standardises whole rows (any number, including none). Throws std::runtime_error if not
    // fitted, std::invalid_argument if rows.size() is not a multiple of numFeatures().
    std::vector<float> transform(std::vector<float> rows) const;
    // x = x' * scale + mean, e.g. to turn a standardised regression output back into units.
    std::vector<float> inverseTransform(std::vector<float> rows) const;

    // Text record (see PreprocessorState): kind StandardScaler, version 1, keys
    // `features` (F), `mean` (F reals), `scale` (F reals, all > 0). An unfitted scaler has F = 0.
    std::string serialize() const;
    // Throws std::invalid_argument on a malformed or inconsistent record.
    static StandardScaler deserialize(const std::string& text);

private:
    void checkRows(const std::vector<float>& rows, const char* what) const;

    std::vector<float> m_mean;
    std::vector<float> m_scale;
};

}  // namespace mb::models
