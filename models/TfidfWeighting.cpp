#include "TfidfWeighting.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <utility>

namespace mb::models {

std::vector<float> TfidfWeighting::fitIdf(const std::vector<std::vector<int64_t>>& documents, int64_t num_buckets)
{
    if (num_buckets < 1)
        throw std::invalid_argument("TfidfWeighting: num_buckets must be >= 1");
    std::vector<int64_t> df(static_cast<size_t>(num_buckets), 0);
    // lastSeen[b] = 1 + index of the last document counted for bucket b.
    std::vector<size_t> lastSeen(static_cast<size_t>(num_buckets), 0);
    for (size_t d = 0; d < documents.size(); ++d) {
        for (int64_t id : documents[d]) {
            if (id < 0 || id >= num_buckets)
                throw std::invalid_argument("TfidfWeighting: an n-gram id is out of range");
            if (lastSeen[size_t(id)] != d + 1) {
                lastSeen[size_t(id)] = d + 1;
                ++df[size_t(id)];
            }
        }
    }
    const double n = double(documents.size());
    std::vector<float> idf(df.size());
    for (size_t b = 0; b < df.size(); ++b)
        idf[b] = float(std::log((1.0 + n) / (1.0 + double(df[b]))) + 1.0);
    return idf;
}

WeightedDocument TfidfWeighting::weigh(const std::vector<int64_t>& ids, const std::vector<bool>& isChar, const float* idf, int64_t num_buckets)
{
    if (ids.size() != isChar.size())
        throw std::invalid_argument("TfidfWeighting: ids and isChar differ in length");
    // (block, id) pairs sorted, so each distinct n-gram of a block is one run whose length is its tf.
    std::vector<std::pair<bool, int64_t>> grams(ids.size());
    for (size_t i = 0; i < ids.size(); ++i) {
        if (ids[i] < 0 || ids[i] >= num_buckets)
            throw std::invalid_argument("TfidfWeighting: an n-gram id is out of range");
        grams[i] = {isChar[i], ids[i]};
    }
    std::sort(grams.begin(), grams.end());
    WeightedDocument out;
    double squares[2] = {0, 0};
    std::vector<bool> blockOf;
    for (size_t i = 0; i < grams.size();) {
        size_t j = i;
        while (j < grams.size() && grams[j] == grams[i])
            ++j;
        const double weight = (1.0 + std::log(double(j - i))) * double(idf[size_t(grams[i].second)]);
        out.ids.push_back(grams[i].second);
        out.weights.push_back(float(weight));
        blockOf.push_back(grams[i].first);
        squares[grams[i].first ? 1 : 0] += weight * weight;
        i = j;
    }
    for (size_t k = 0; k < out.weights.size(); ++k) {
        const double norm = std::sqrt(squares[blockOf[k] ? 1 : 0]);
        if (norm > 0)
            out.weights[k] = float(double(out.weights[k]) / norm);
    }
    return out;
}

}  // namespace mb::models
