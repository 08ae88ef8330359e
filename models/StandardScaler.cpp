#include "StandardScaler.h"

#include "PreprocessorState.h"

#include <cmath>
#include <limits>
#include <stdexcept>

namespace mb::models {

void StandardScaler::fit(const std::vector<float>& rows, int64_t numFeatures)
{
    if (numFeatures < 1)
        throw std::invalid_argument("StandardScaler::fit: numFeatures must be at least 1");
    const size_t f = static_cast<size_t>(numFeatures);
    if (rows.empty() || rows.size() % f != 0)
        throw std::invalid_argument("StandardScaler::fit: need N >= 1 rows of " + std::to_string(f)
            + " values, got " + std::to_string(rows.size()) + " values");
    const size_t n = rows.size() / f;

    // Two passes (mean, then squared deviations) rather than sum of squares: no cancellation
    // when the mean is large compared to the spread.
    std::vector<double> sum(f, 0.0);
    for (size_t r = 0; r < n; ++r) {
        const float* row = rows.data() + r * f;
        for (size_t j = 0; j < f; ++j) {
            if (!std::isfinite(row[j]))
                throw std::invalid_argument("StandardScaler::fit: value at row " + std::to_string(r)
                    + ", feature " + std::to_string(j) + " is not finite");
            sum[j] += row[j];
        }
    }
    std::vector<double> mean(f);
    for (size_t j = 0; j < f; ++j)
        mean[j] = sum[j] / static_cast<double>(n);
    std::vector<double> sq(f, 0.0);
    for (size_t r = 0; r < n; ++r) {
        const float* row = rows.data() + r * f;
        for (size_t j = 0; j < f; ++j) {
            const double d = row[j] - mean[j];
            sq[j] += d * d;
        }
    }

    std::vector<float> newMean(f), newScale(f);
    for (size_t j = 0; j < f; ++j) {
        newMean[j] = static_cast<float>(mean[j]);
        const float sd = static_cast<float>(std::sqrt(sq[j] / static_cast<double>(n)));
        // A standard deviation that rounds to 0 in float would still divide by zero.
        newScale[j] = sd > 0.0f ? sd : 1.0f;
    }
    m_mean = std::move(newMean);
    m_scale = std::move(newScale);
}

void StandardScaler::checkRows(const std::vector<float>& rows, const char* what) const
{
    if (!isFitted())
        throw std::runtime_error(std::string("StandardScaler::") + what + ": not fitted");
    if (rows.size() % m_mean.size() != 0)
        throw std::invalid_argument(std::string("StandardScaler::") + what + ": "
            + std::to_string(rows.size()) + " values are not whole rows of "
            + std::to_string(m_mean.size()));
}

std::vector<float> StandardScaler::transform(std::vector<float> rows) const
{
    checkRows(rows, "transform");
    const size_t f = m_mean.size();
    for (size_t i = 0; i < rows.size(); i += f) {
        for (size_t j = 0; j < f; ++j)
            rows[i + j] = (rows[i + j] - m_mean[j]) / m_scale[j];
    }
    return rows;
}

std::vector<float> StandardScaler::inverseTransform(std::vector<float> rows) const
{
    checkRows(rows, "inverseTransform");
    const size_t f = m_mean.size();
    for (size_t i = 0; i < rows.size(); i += f) {
        for (size_t j = 0; j < f; ++j)
            rows[i + j] = rows[i + j] * m_scale[j] + m_mean[j];
    }
    return rows;
}

std::string StandardScaler::serialize() const
{
    PreprocessorState state("StandardScaler", 1);
    state.setInt("features", numFeatures());
    state.setReals("mean", m_mean);
    state.setReals("scale", m_scale);
    return state.toString();
}

StandardScaler StandardScaler::deserialize(const std::string& text)
{
    PreprocessorState state = PreprocessorState::parse(text, "StandardScaler", 1);
    const int64_t f = state.getInt("features", 0, std::numeric_limits<int32_t>::max());
    StandardScaler scaler;
    scaler.m_mean = state.getReals("mean");
    scaler.m_scale = state.getReals("scale");
    state.finish();
    if (static_cast<int64_t>(scaler.m_mean.size()) != f
        || static_cast<int64_t>(scaler.m_scale.size()) != f)
        throw std::invalid_argument(
            "StandardScaler state: mean/scale do not have 'features' values");
    for (float s : scaler.m_scale) {
        if (!(s > 0.0f))
            throw std::invalid_argument("StandardScaler state: 'scale': values must be positive");
    }
    return scaler;
}

}  // namespace mb::models
