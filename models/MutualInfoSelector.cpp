#include "MutualInfoSelector.h"

#include "PreprocessorState.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <numeric>
#include <stdexcept>

namespace mb::models {
namespace {

// MI of two variables already coded as 0..nx-1 and 0..ny-1. Summed in a fixed order in double so
// the result, and hence the selection, does not depend on anything but the data.
double miOfCodes(
    const std::vector<int32_t>& x, int32_t nx, const std::vector<int32_t>& y, int32_t ny)
{
    const size_t n = x.size();
    std::vector<int64_t> joint(static_cast<size_t>(nx) * static_cast<size_t>(ny), 0);
    std::vector<int64_t> cx(static_cast<size_t>(nx), 0), cy(static_cast<size_t>(ny), 0);
    for (size_t i = 0; i < n; ++i) {
        ++joint[static_cast<size_t>(x[i]) * static_cast<size_t>(ny) + static_cast<size_t>(y[i])];
        ++cx[static_cast<size_t>(x[i])];
        ++cy[static_cast<size_t>(y[i])];
    }
    const double total = static_cast<double>(n);
    double mi = 0.0;
    for (int32_t a = 0; a < nx; ++a) {
        for (int32_t b = 0; b < ny; ++b) {
            const int64_t c
                = joint[static_cast<size_t>(a) * static_cast<size_t>(ny) + static_cast<size_t>(b)];
            if (c == 0)
                continue;
            const double pxy = static_cast<double>(c) / total;
            mi += pxy
                * std::log(static_cast<double>(c) * total
                    / (static_cast<double>(cx[static_cast<size_t>(a)])
                        * static_cast<double>(cy[static_cast<size_t>(b)])));
        }
    }
    // Rounding can leave a tiny negative value for independent variables; MI is never negative.
    return std::max(0.0, mi);
}

// Dense codes 0..k-1 for arbitrary values, in ascending order of value.
template <typename T> std::vector<int32_t> compact(const std::vector<T>& values, int32_t& count)
{
    std::vector<T> sorted(values);
    std::sort(sorted.begin(), sorted.end());
    sorted.erase(std::unique(sorted.begin(), sorted.end()), sorted.end());
    if (sorted.size() > static_cast<size_t>(std::numeric_limits<int32_t>::max()))
        throw std::invalid_argument("MutualInfoSelector: too many distinct values");
    std::vector<int32_t> codes(values.size());
    for (size_t i = 0; i < values.size(); ++i)
        codes[i] = static_cast<int32_t>(
            std::lower_bound(sorted.begin(), sorted.end(), values[i]) - sorted.begin());
    count = static_cast<int32_t>(sorted.size());
    return codes;
}

// Equal-frequency bins: cut points at the b/bins quantiles of the training values, duplicates
// merged, so tied values always share a bin.
std::vector<int32_t> binColumn(const std::vector<float>& column, int64_t bins, int32_t& count)
{
    std::vector<float> sorted(column);
    std::sort(sorted.begin(), sorted.end());
    const size_t n = sorted.size();
    std::vector<float> edges;
    for (int64_t b = 1; b < bins; ++b)
        edges.push_back(sorted[static_cast<size_t>(
            static_cast<double>(b) * static_cast<double>(n) / static_cast<double>(bins))]);
    edges.erase(std::unique(edges.begin(), edges.end()), edges.end());
    std::vector<int32_t> codes(n);
    for (size_t i = 0; i < n; ++i)
        codes[i] = static_cast<int32_t>(
            std::upper_bound(edges.begin(), edges.end(), column[i]) - edges.begin());
    count = static_cast<int32_t>(edges.size()) + 1;
    return codes;
}

void checkOptions(const MutualInfoSelectorOptions& options)
{
    if (options.k < 0)
        throw std::invalid_argument("MutualInfoSelector: k must be >= 0 (0 keeps all)");
    if (options.bins < 2 || options.bins > 1024)
        throw std::invalid_argument("MutualInfoSelector: bins must be in [2, 1024]");
}

}  // namespace

MutualInfoSelector::MutualInfoSelector(const MutualInfoSelectorOptions& options)
    : m_options(options)
{
    checkOptions(m_options);
}

void MutualInfoSelector::fit(
    const std::vector<float>& rows, int64_t numFeatures, const std::vector<int64_t>& labels)
{
    if (numFeatures < 1)
        throw std::invalid_argument("MutualInfoSelector::fit: numFeatures must be at least 1");
    const size_t f = static_cast<size_t>(numFeatures);
    const size_t n = labels.size();
    if (n == 0 || rows.size() != n * f)
        throw std::invalid_argument("MutualInfoSelector::fit: need " + std::to_string(n)
            + " rows of " + std::to_string(f) + " values (one per label), got "
            + std::to_string(rows.size()) + " values");
    for (float v : rows) {
        if (!std::isfinite(v))
            throw std::invalid_argument("MutualInfoSelector::fit: a value is not finite");
    }

    int32_t classes = 0;
    const std::vector<int32_t> y = compact(labels, classes);
    std::vector<float> scores(f);
    std::vector<float> column(n);
    for (size_t j = 0; j < f; ++j) {
        for (size_t i = 0; i < n; ++i)
            column[i] = rows[i * f + j];
        int32_t bins = 0;
        const std::vector<int32_t> x = binColumn(column, m_options.bins, bins);
        // Ranked by the float that scores() reports, so the selection always agrees with it.
        scores[j] = static_cast<float>(miOfCodes(x, bins, y, classes));
    }

    std::vector<int64_t> order(f);
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&](int64_t a, int64_t b) {
        return scores[static_cast<size_t>(a)] > scores[static_cast<size_t>(b)];
    });
    const size_t keep = m_options.k == 0 ? f : std::min(f, static_cast<size_t>(m_options.k));
    order.resize(keep);
    std::sort(order.begin(), order.end());

    m_numFeatures = numFeatures;
    m_selected = std::move(order);
    m_scores = std::move(scores);
}

std::vector<float> MutualInfoSelector::transform(const std::vector<float>& rows) const
{
    if (!isFitted())
        throw std::runtime_error("MutualInfoSelector::transform: not fitted");
    const size_t f = static_cast<size_t>(m_numFeatures);
    if (rows.size() % f != 0)
        throw std::invalid_argument("MutualInfoSelector::transform: " + std::to_string(rows.size())
            + " values are not whole rows of " + std::to_string(f));
    const size_t n = rows.size() / f;
    std::vector<float> out;
    out.reserve(n * m_selected.size());
    for (size_t i = 0; i < n; ++i) {
        for (int64_t j : m_selected)
            out.push_back(rows[i * f + static_cast<size_t>(j)]);
    }
    return out;
}

double MutualInfoSelector::mutualInformation(
    const std::vector<int64_t>& x, const std::vector<int64_t>& y)
{
    if (x.empty() || x.size() != y.size())
        throw std::invalid_argument(
            "MutualInfoSelector::mutualInformation: need two equally long, non-empty code lists");
    int32_t nx = 0, ny = 0;
    const std::vector<int32_t> cx = compact(x, nx);
    const std::vector<int32_t> cy = compact(y, ny);
    return miOfCodes(cx, nx, cy, ny);
}

std::string MutualInfoSelector::serialize() const
{
    PreprocessorState state("MutualInfoSelector", 1);
    state.setInt("k", m_options.k);
    state.setInt("bins", m_options.bins);
    state.setInt("features", m_numFeatures);
    state.setInts("selected", m_selected);
    state.setReals("scores", m_scores);
    return state.toString();
}

MutualInfoSelector MutualInfoSelector::deserialize(const std::string& text)
{
    PreprocessorState state = PreprocessorState::parse(text, "MutualInfoSelector", 1);
    MutualInfoSelectorOptions options;
    options.k = state.getInt("k", 0, std::numeric_limits<int32_t>::max());
    options.bins = state.getInt("bins", 2, 1024);
    MutualInfoSelector selector(options);
    selector.m_numFeatures = state.getInt("features", 0, std::numeric_limits<int32_t>::max());
    const int64_t f = selector.m_numFeatures;
    selector.m_selected = state.getInts("selected", 0, std::max<int64_t>(0, f - 1));
    selector.m_scores = state.getReals("scores");
    state.finish();

    if (static_cast<int64_t>(selector.m_scores.size()) != f)
        throw std::invalid_argument(
            "MutualInfoSelector state: 'scores' does not have 'features' values");
    const std::vector<int64_t>& sel = selector.m_selected;
    if (f > 0 && sel.empty())
        throw std::invalid_argument("MutualInfoSelector state: 'selected' is empty");
    if (f == 0 && !sel.empty())
        throw std::invalid_argument(
            "MutualInfoSelector state: 'selected' given for an unfitted selector");
    for (size_t i = 1; i < sel.size(); ++i) {
        if (sel[i] <= sel[i - 1])
            throw std::invalid_argument(
                "MutualInfoSelector state: 'selected' is not strictly ascending");
    }
    for (float s : selector.m_scores) {
        if (s < 0.0f)
            throw std::invalid_argument("MutualInfoSelector state: 'scores' must not be negative");
    }
    return selector;
}

}  // namespace mb::models
