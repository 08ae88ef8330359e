#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace mb::models {

// Options of HashingTokenizer. Each n-gram range is [min, max] with 1 <= min <= max, or switched
// off with max = 0 (min is then ignored and kept as 0); at least one range must be on.
struct HashingTokenizerOptions {
    // Hash space; the EmbeddingBag must have this many rows. At least 2: bucket 0 is reserved
    // for documents without any token, n-grams land in [1, num_buckets).
    int64_t num_buckets = int64_t(1) << 20;
    // Word n-gram orders, max <= 8 (1..2: unigrams and bigrams).
    int64_t min_word_ngram = 1;
    int64_t max_word_ngram = 2;
    // Character n-gram lengths, counted in UTF-8 code points, of each word wrapped as "<word>",
    // max <= 16 (fastText uses 3..6).
    int64_t min_char_ngram = 3;
    int64_t max_char_ngram = 5;
    // Lower-cases ASCII letters before splitting (bytes >= 128 are left as they are).
    bool lowercase = true;
    // Character n-grams of each space-separated token, punctuation included ("<lib-dev>",
    // "<(data>"), instead of each word ("<lib>", "<dev>"): affixes such as "-dev" and "3-"
    // then keep their punctuation.
    bool char_ngrams_of_tokens = false;
    // How encodeFields() treats a document of several text fields. On: each field's n-grams
    // are hashed in a namespace of their own, named after the field, so that a word in a short,
    // telling field (a product's name) is a different feature from the same word in a long one
    // (its description). Off: the fields are joined with a space and hashed as one text.
    bool field_tags = false;
};

// One text field of a document: its name (the namespace of field_tags) and its text.
struct TextField {
    std::string name;
    std::string text;
};

// Indices and offsets of a batch of documents in EmbeddingBag layout: document i owns
// indices[offsets[i] .. offsets[i+1]) (the last one runs to the end). Every document has at
// least one index.
struct TokenBatch {
    std::vector<int64_t> indices;
    std::vector<int64_t> offsets;
};

// fastText-style feature hashing of text. A document is split into words: maximal runs of
// ASCII letters and digits and of bytes >= 128 (so UTF-8 letters stay inside words; any other
// byte separates). Its n-grams are the word n-grams joined with one space ("red car") and the
// character n-grams of each "<word>". Each n-gram string is hashed with FNV-1a 64-bit, a hash
// fixed by this class, not by the standard library, so ids are the same on every platform and
// in every version: bucket = 1 + fnv1a64(ngram) % (num_buckets - 1). A document with no words
// encodes to {0}, so an EmbeddingBag mean over it is defined. With field_tags, an n-gram of
// field F is hashed as the string "F:" + n-gram (':' never occurs inside an n-gram, so the
// namespaces cannot meet).
//
// Thread-safety: const member functions may be called concurrently. A value type.
class HashingTokenizer {
public:
    // Throws std::invalid_argument if an option is out of range.
    explicit HashingTokenizer(const HashingTokenizerOptions& options = {});

    const HashingTokenizerOptions& options() const { return m_options; }

    // The words of `text` after lower-casing.
    std::vector<std::string> words(const std::string& text) const;
    // The space-separated tokens of `text` after lower-casing (any ASCII white space separates).
    std::vector<std::string> tokens(const std::string& text) const;
    // The n-gram strings `encode` hashes, in the same order (for inspection and tests).
    std::vector<std::string> ngrams(const std::string& text) const;
    // Bucket ids of all n-grams of `text` (duplicates kept: they weigh in the mean), or {0}.
    std::vector<int64_t> encode(const std::string& text) const;
    // encode() of each text, laid out for an EmbeddingBag.
    TokenBatch encodeBatch(const std::vector<std::string>& texts) const;
    // A document made of several fields, as options().field_tags says; {0} without any n-gram.
    // With `isChar`, also says of each id whether it is a character n-gram (true) or a word
    // n-gram (false; so is the 0 of an empty document).
    std::vector<int64_t> encodeFields(const std::vector<TextField>& fields, std::vector<bool>* isChar = nullptr) const;
    // The n-gram strings encodeFields() hashes, in the same order ("name:<li" with field_tags).
    std::vector<std::string> fieldNgrams(const std::vector<TextField>& fields) const;

    // Batches documents encoded earlier: rows picks which (in that order; an index may repeat).
    // Throws std::invalid_argument if a row is out of range or a picked document is empty.
    static TokenBatch pack(
        const std::vector<std::vector<int64_t>>& encoded, const std::vector<int64_t>& rows);

    // FNV-1a 64-bit of `bytes`, continuing from `state` (the offset basis starts a new hash).
    static constexpr uint64_t kFnvOffsetBasis = 14695981039346656037ull;
    static uint64_t fnv1a64(std::string_view bytes, uint64_t state = kFnvOffsetBasis);
    // The bucket of one n-gram string.
    int64_t bucketOf(std::string_view ngram) const;

    // Text record (see PreprocessorState): kind HashingTokenizer, version 3, keys `buckets`,
    // `word_ngrams` (min max), `char_ngrams` (min max), `lowercase` (0 or 1), `field_tags`
    // (0 or 1), `char_tokens` (0 or 1: char_ngrams_of_tokens). A version 1 record has no
    // `field_tags` and reads as field_tags off; versions 1 and 2 have no `char_tokens` and read
    // as character n-grams of words.
    std::string serialize() const;
    // Throws std::invalid_argument on a malformed record or out-of-range settings.
    static HashingTokenizer deserialize(const std::string& text);

private:
    // Calls emit(hash, text-or-empty, isChar) for every n-gram of `text` in namespace `space` (empty:
    // none); the string is built only when wanted.
    template <typename Emit>
    void forEachNgram(
        const std::string& text, const std::string& space, bool wantText, Emit&& emit) const;
    // Calls forEachNgram() on a document's fields as field_tags says.
    template <typename Emit>
    void forEachFieldNgram(const std::vector<TextField>& fields, bool wantText, Emit&& emit) const;
    int64_t bucketOfHash(uint64_t hash) const;

    HashingTokenizerOptions m_options;
};

}  // namespace mb::models
