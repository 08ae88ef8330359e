#pragma once

#include <cstdint>
#include <vector>

namespace mb::models {

// A document's distinct n-gram ids and the weight of each in the bag (EmbeddingBag
// per_sample_weights layout: weights[i] belongs to ids[i]).
struct WeightedDocument {
    std::vector<int64_t> ids;
    std::vector<float> weights;
};

// TF-IDF weights of hashed n-gram documents (HashingTokenizer's ids), as scikit-learn's
// TfidfVectorizer(sublinear_tf=True) weighs terms: (1 + ln tf) * idf, with the smooth
// idf = ln((1 + n) / (1 + df)) + 1 fitted on the training documents. Word and character
// n-grams are two blocks, each scaled to unit length, as a union of a word and a character
// vectorizer is: neither kind drowns the other in documents with many more of one.
// Stateless; the fitted idf travels with the model.
class TfidfWeighting {
public:
    // idf of every bucket over `documents` (bucket ids in [0, num_buckets)); df counts the
    // documents that hold the bucket at least once. Throws std::invalid_argument on an id out
    // of range.
    static std::vector<float> fitIdf(const std::vector<std::vector<int64_t>>& documents, int64_t num_buckets);

    // The weighted bag of one document: `ids` and `isChar` as HashingTokenizer::encodeFields()
    // gives them, `idf` the num_buckets values of fitIdf(). A document's repeated n-gram is
    // one entry whose tf is its count. Throws std::invalid_argument if the lengths differ or an
    // id is out of range.
    static WeightedDocument weigh(const std::vector<int64_t>& ids, const std::vector<bool>& isChar, const float* idf, int64_t num_buckets);
};

}  // namespace mb::models
