#include "HashingTokenizer.h"

#include "PreprocessorState.h"

#include <limits>
#include <stdexcept>

namespace mb::models {
namespace {

constexpr uint64_t kFnvPrime = 1099511628211ull;
constexpr int64_t kMaxWordNgram = 8;
constexpr int64_t kMaxCharNgram = 16;

bool isWordByte(unsigned char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c >= 0x80;
}

void checkRange(int64_t min, int64_t max, int64_t limit, const char* what)
{
    if (max == 0)
        return;
    if (min < 1 || min > max || max > limit)
        throw std::invalid_argument(std::string("HashingTokenizer: ") + what + " n-gram range ["
            + std::to_string(min) + ", " + std::to_string(max)
            + "] must satisfy 1 <= min <= max <= " + std::to_string(limit)
            + " (max 0 switches it off)");
}

void checkOptions(const HashingTokenizerOptions& o)
{
    if (o.num_buckets < 2)
        throw std::invalid_argument("HashingTokenizer: num_buckets must be at least 2");
    checkRange(o.min_word_ngram, o.max_word_ngram, kMaxWordNgram, "word");
    checkRange(o.min_char_ngram, o.max_char_ngram, kMaxCharNgram, "char");
    if (o.max_word_ngram == 0 && o.max_char_ngram == 0)
        throw std::invalid_argument(
            "HashingTokenizer: word and char n-grams are both switched off");
}

}  // namespace

HashingTokenizer::HashingTokenizer(const HashingTokenizerOptions& options)
    : m_options(options)
{
    checkOptions(m_options);
    // One spelling for "off", so that equal tokenizers serialise to equal records.
    if (m_options.max_word_ngram == 0)
        m_options.min_word_ngram = 0;
    if (m_options.max_char_ngram == 0)
        m_options.min_char_ngram = 0;
}

uint64_t HashingTokenizer::fnv1a64(std::string_view bytes, uint64_t state)
{
    for (char c : bytes) {
        state ^= static_cast<unsigned char>(c);
        state *= kFnvPrime;
    }
    return state;
}

int64_t HashingTokenizer::bucketOfHash(uint64_t hash) const
{
    return 1 + static_cast<int64_t>(hash % static_cast<uint64_t>(m_options.num_buckets - 1));
}

int64_t HashingTokenizer::bucketOf(std::string_view ngram) const
{
    return bucketOfHash(fnv1a64(ngram));
}

std::vector<std::string> HashingTokenizer::tokens(const std::string& text) const
{
    std::vector<std::string> out;
    std::string current;
    for (char ch : text) {
        const auto c = static_cast<unsigned char>(ch);
        if (c == ' ' || (c >= '\t' && c <= '\r')) {
            if (!current.empty())
                out.push_back(std::move(current));
            current.clear();
        } else {
            current += (m_options.lowercase && c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : ch;
        }
    }
    if (!current.empty())
        out.push_back(std::move(current));
    return out;
}

std::vector<std::string> HashingTokenizer::words(const std::string& text) const
{
    std::vector<std::string> out;
    std::string current;
    for (char ch : text) {
        const auto c = static_cast<unsigned char>(ch);
        if (isWordByte(c)) {
            current += (m_options.lowercase && c >= 'A' && c <= 'Z')
                ? static_cast<char>(c - 'A' + 'a')
                : ch;
        } else if (!current.empty()) {
            out.push_back(std::move(current));
            current.clear();
        }
    }
    if (!current.empty())
        out.push_back(std::move(current));
    return out;
}

template <typename Emit>
void HashingTokenizer::forEachNgram(
    const std::string& text, const std::string& space, bool wantText, Emit&& emit) const
{
    const std::vector<std::string> w = words(text);
    const HashingTokenizerOptions& o = m_options;
    // A namespaced n-gram hashes as "space:" + n-gram: FNV continued from the prefix's state.
    const std::string prefix = space.empty() ? std::string() : space + ":";
    const uint64_t seed = fnv1a64(prefix);

    // A word n-gram's hash is built by continuing FNV over "w1", " ", "w2", ...: the same value
    // as hashing the joined string, without building it.
    if (o.max_word_ngram > 0) {
        for (size_t n = static_cast<size_t>(o.min_word_ngram);
             n <= static_cast<size_t>(o.max_word_ngram); ++n) {
            for (size_t i = 0; i + n <= w.size(); ++i) {
                uint64_t h = fnv1a64(w[i], seed);
                for (size_t k = 1; k < n; ++k)
                    h = fnv1a64(w[i + k], fnv1a64(" ", h));
                std::string joined;
                if (wantText) {
                    joined = prefix + w[i];
                    for (size_t k = 1; k < n; ++k)
                        joined += " " + w[i + k];
                }
                emit(h, std::move(joined), false);
            }
        }
    }

    if (o.max_char_ngram > 0) {
        std::string wrapped;
        std::vector<size_t> starts;
        for (const std::string& word : o.char_ngrams_of_tokens ? tokens(text) : w) {
            wrapped = "<" + word + ">";
            // Code point boundaries, so an n-gram never cuts a UTF-8 sequence in half.
            starts.clear();
            for (size_t b = 0; b < wrapped.size(); ++b) {
                if ((static_cast<unsigned char>(wrapped[b]) & 0xC0) != 0x80)
                    starts.push_back(b);
            }
            const size_t points = starts.size();
            starts.push_back(wrapped.size());
            for (size_t n = static_cast<size_t>(o.min_char_ngram);
                 n <= static_cast<size_t>(o.max_char_ngram); ++n) {
                for (size_t i = 0; i + n <= points; ++i) {
                    const std::string_view gram(
                        wrapped.data() + starts[i], starts[i + n] - starts[i]);
                    emit(fnv1a64(gram, seed), wantText ? prefix + std::string(gram) : std::string(), true);
                }
            }
        }
    }
}

template <typename Emit>
void HashingTokenizer::forEachFieldNgram(
    const std::vector<TextField>& fields, bool wantText, Emit&& emit) const
{
    if (m_options.field_tags) {
        for (const TextField& field : fields)
            forEachNgram(field.text, field.name, wantText, emit);
        return;
    }
    std::string joined;
    for (size_t i = 0; i < fields.size(); ++i)
        joined += (i > 0 ? " " : "") + fields[i].text;
    forEachNgram(joined, std::string(), wantText, emit);
}

std::vector<std::string> HashingTokenizer::ngrams(const std::string& text) const
{
    std::vector<std::string> out;
    forEachNgram(text, std::string(), true,
        [&](uint64_t, std::string gram, bool) { out.push_back(std::move(gram)); });
    return out;
}

std::vector<int64_t> HashingTokenizer::encode(const std::string& text) const
{
    std::vector<int64_t> ids;
    forEachNgram(text, std::string(), false,
        [&](uint64_t hash, const std::string&, bool) { ids.push_back(bucketOfHash(hash)); });
    if (ids.empty())
        ids.push_back(0);
    return ids;
}

std::vector<std::string> HashingTokenizer::fieldNgrams(const std::vector<TextField>& fields) const
{
    std::vector<std::string> out;
    forEachFieldNgram(
        fields, true, [&](uint64_t, std::string gram, bool) { out.push_back(std::move(gram)); });
    return out;
}

std::vector<int64_t> HashingTokenizer::encodeFields(const std::vector<TextField>& fields, std::vector<bool>* isChar) const
{
    std::vector<int64_t> ids;
    if (isChar)
        isChar->clear();
    forEachFieldNgram(fields, false, [&](uint64_t hash, const std::string&, bool character) {
        ids.push_back(bucketOfHash(hash));
        if (isChar)
            isChar->push_back(character);
    });
    if (ids.empty()) {
        ids.push_back(0);
        if (isChar)
            isChar->push_back(false);
    }
    return ids;
}

TokenBatch HashingTokenizer::encodeBatch(const std::vector<std::string>& texts) const
{
    TokenBatch batch;
    batch.offsets.reserve(texts.size());
    for (const std::string& text : texts) {
        batch.offsets.push_back(static_cast<int64_t>(batch.indices.size()));
        const std::vector<int64_t> ids = encode(text);
        batch.indices.insert(batch.indices.end(), ids.begin(), ids.end());
    }
    return batch;
}

TokenBatch HashingTokenizer::pack(
    const std::vector<std::vector<int64_t>>& encoded, const std::vector<int64_t>& rows)
{
    TokenBatch batch;
    size_t total = 0;
    for (int64_t r : rows) {
        if (r < 0 || static_cast<size_t>(r) >= encoded.size())
            throw std::invalid_argument(
                "HashingTokenizer::pack: row " + std::to_string(r) + " is out of range");
        if (encoded[static_cast<size_t>(r)].empty())
            throw std::invalid_argument(
                "HashingTokenizer::pack: document " + std::to_string(r) + " has no ids");
        total += encoded[static_cast<size_t>(r)].size();
    }
    batch.indices.reserve(total);
    batch.offsets.reserve(rows.size());
    for (int64_t r : rows) {
        const std::vector<int64_t>& ids = encoded[static_cast<size_t>(r)];
        batch.offsets.push_back(static_cast<int64_t>(batch.indices.size()));
        batch.indices.insert(batch.indices.end(), ids.begin(), ids.end());
    }
    return batch;
}

std::string HashingTokenizer::serialize() const
{
    PreprocessorState state("HashingTokenizer", 3);
    state.setInt("buckets", m_options.num_buckets);
    state.setInts("word_ngrams", { m_options.min_word_ngram, m_options.max_word_ngram });
    state.setInts("char_ngrams", { m_options.min_char_ngram, m_options.max_char_ngram });
    state.setInt("lowercase", m_options.lowercase ? 1 : 0);
    state.setInt("field_tags", m_options.field_tags ? 1 : 0);
    state.setInt("char_tokens", m_options.char_ngrams_of_tokens ? 1 : 0);
    return state.toString();
}

HashingTokenizer HashingTokenizer::deserialize(const std::string& text)
{
    PreprocessorState state = PreprocessorState::parse(text, "HashingTokenizer", 3);
    HashingTokenizerOptions o;
    o.num_buckets = state.getInt("buckets", 2, std::numeric_limits<int64_t>::max());
    const std::vector<int64_t> word = state.getInts("word_ngrams", 0, kMaxWordNgram);
    const std::vector<int64_t> chars = state.getInts("char_ngrams", 0, kMaxCharNgram);
    o.lowercase = state.getInt("lowercase", 0, 1) == 1;
    o.field_tags = state.version() >= 2 && state.getInt("field_tags", 0, 1) == 1;
    o.char_ngrams_of_tokens = state.version() >= 3 && state.getInt("char_tokens", 0, 1) == 1;
    state.finish();
    if (word.size() != 2 || chars.size() != 2)
        throw std::invalid_argument(
            "HashingTokenizer state: n-gram ranges need two values (min max)");
    o.min_word_ngram = word[0];
    o.max_word_ngram = word[1];
    o.min_char_ngram = chars[0];
    o.max_char_ngram = chars[1];
    try {
        return HashingTokenizer(o);
    } catch (const std::invalid_argument& e) {
        throw std::invalid_argument(std::string("HashingTokenizer state: ") + e.what());
    }
}

}  // namespace mb::models
