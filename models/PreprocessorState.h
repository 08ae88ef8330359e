#pragma once

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <vector>

namespace mb::models {

// The text record in which a preprocessor (StandardScaler, MutualInfoSelector, HashingTokenizer,
// ImagePipeline) saves its state, so that a model bundle can carry it as one string.
//
//     mb-state <Kind> <version>
//     <key> <value> <value> ...
//     ...
//     end
//
// Lines end with '\n' and fields are separated by one space. Keys are written in sorted order.
// Values are integers (decimal), reals (float32 in the shortest decimal form that reads back
// to the same bits; never NaN or infinite) or words ([a-z0-9_]+). A list may be empty
// (`key` alone). The format does not depend on the C locale.
//
// Reading is strict: a wrong kind, a newer version, a repeated or unknown key, a value of the
// wrong type or out of range, a missing `end` or anything after it throws
// std::invalid_argument naming the kind and key. A reader checks each key it expects with the
// typed getters and then calls finish(), which rejects keys nobody asked for.
//
// Thread-safety: none needed; a value type used by one thread at a time.
class PreprocessorState {
public:
    PreprocessorState(std::string kind, int version);

    // Parses `text`, which must be a record of `kind` with a version in [1, maxVersion].
    static PreprocessorState parse(
        const std::string& text, const std::string& kind, int maxVersion);

    const std::string& kind() const { return m_kind; }
    int version() const { return m_version; }

    // Writers. Throw std::invalid_argument for a malformed key, a non-finite real or a word
    // outside [a-z0-9_]+.
    void setInt(const std::string& key, int64_t value);
    void setInts(const std::string& key, const std::vector<int64_t>& values);
    void setReal(const std::string& key, float value);
    void setReals(const std::string& key, const std::vector<float>& values);
    void setWord(const std::string& key, const std::string& word);

    // Readers: the key must exist and hold the right type; integers must lie in [min, max].
    int64_t getInt(const std::string& key, int64_t min, int64_t max);
    std::vector<int64_t> getInts(const std::string& key, int64_t min, int64_t max);
    float getReal(const std::string& key);
    std::vector<float> getReals(const std::string& key);
    std::string getWord(const std::string& key);

    // Throws std::invalid_argument if the record holds a key no getter asked for.
    void finish() const;

    std::string toString() const;

private:
    const std::vector<std::string>& fields(const std::string& key);
    [[noreturn]] void fail(const std::string& key, const std::string& what) const;

    std::string m_kind;
    int m_version = 1;
    std::map<std::string, std::vector<std::string>> m_values;
    std::set<std::string> m_read;
};

}  // namespace mb::models
