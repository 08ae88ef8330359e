#include "PreprocessorState.h"

#include <charconv>
#include <cmath>
#include <stdexcept>

namespace mb::models {
namespace {

constexpr const char* kMagic = "mb-state";

bool isWordChar(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
}

bool isWord(const std::string& s)
{
    if (s.empty())
        return false;
    for (char c : s) {
        if (!isWordChar(c))
            return false;
    }
    return true;
}

bool isKey(const std::string& s)
{
    return isWord(s) && !(s[0] >= '0' && s[0] <= '9');
}

bool isKind(const std::string& s)
{
    if (s.empty())
        return false;
    for (char c : s) {
        const bool alnum
            = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
        if (!alnum)
            return false;
    }
    return true;
}

std::vector<std::string> splitFields(const std::string& line)
{
    std::vector<std::string> out;
    size_t start = 0;
    while (true) {
        const size_t space = line.find(' ', start);
        out.push_back(
            line.substr(start, space == std::string::npos ? std::string::npos : space - start));
        if (space == std::string::npos)
            break;
        start = space + 1;
    }
    return out;
}

// std::from_chars/to_chars rather than strtod/printf: the GUI sets the C locale from the
// environment, and a decimal comma must not change what a bundle means.
bool parseInt(const std::string& s, int64_t& value)
{
    const char* end = s.data() + s.size();
    const auto [ptr, ec] = std::from_chars(s.data(), end, value);
    return ec == std::errc() && ptr == end && !s.empty();
}

bool parseReal(const std::string& s, float& value)
{
    const char* end = s.data() + s.size();
    const auto [ptr, ec] = std::from_chars(s.data(), end, value, std::chars_format::general);
    return ec == std::errc() && ptr == end && !s.empty() && std::isfinite(value);
}

std::string formatReal(float value)
{
    char buf[64];
    // Shortest form that reads back to the same float: exact round trip by construction.
    const auto [ptr, ec] = std::to_chars(buf, buf + sizeof buf, value);
    if (ec != std::errc())
        throw std::runtime_error("PreprocessorState: cannot format a real number");
    return std::string(buf, ptr);
}

}  // namespace

PreprocessorState::PreprocessorState(std::string kind, int version)
    : m_kind(std::move(kind))
    , m_version(version)
{
    if (!isKind(m_kind))
        throw std::invalid_argument("PreprocessorState: bad kind '" + m_kind + "'");
    if (version < 1)
        throw std::invalid_argument("PreprocessorState: version must be at least 1");
}

PreprocessorState PreprocessorState::parse(
    const std::string& text, const std::string& kind, int maxVersion)
{
    const std::string what = kind + " state: ";
    std::vector<std::string> lines;
    size_t start = 0;
    while (start < text.size()) {
        const size_t nl = text.find('\n', start);
        if (nl == std::string::npos) {
            lines.push_back(text.substr(start));
            break;
        }
        lines.push_back(text.substr(start, nl - start));
        start = nl + 1;
    }
    if (lines.size() < 2)
        throw std::invalid_argument(what + "empty or truncated record");

    const std::vector<std::string> header = splitFields(lines.front());
    if (header.size() != 3 || header[0] != kMagic)
        throw std::invalid_argument(what + "not a state record");
    if (header[1] != kind)
        throw std::invalid_argument(what + "record is for '" + header[1] + "'");
    int64_t version = 0;
    if (!parseInt(header[2], version) || version < 1)
        throw std::invalid_argument(what + "bad version '" + header[2] + "'");
    if (version > maxVersion)
        throw std::invalid_argument(what + "version " + header[2]
            + " is newer than this program reads (" + std::to_string(maxVersion) + ")");
    if (lines.back() != "end")
        throw std::invalid_argument(what + "missing 'end' (truncated?)");

    PreprocessorState state(kind, static_cast<int>(version));
    for (size_t i = 1; i + 1 < lines.size(); ++i) {
        std::vector<std::string> fields = splitFields(lines[i]);
        const std::string key = fields.front();
        if (!isKey(key))
            throw std::invalid_argument(what + "bad line " + std::to_string(i + 1));
        fields.erase(fields.begin());
        for (const std::string& f : fields) {
            if (f.empty())
                throw std::invalid_argument(what + "empty field in '" + key + "'");
        }
        if (!state.m_values.emplace(key, std::move(fields)).second)
            throw std::invalid_argument(what + "key '" + key + "' repeated");
    }
    return state;
}

void PreprocessorState::setInt(const std::string& key, int64_t value)
{
    setInts(key, { value });
}

void PreprocessorState::setInts(const std::string& key, const std::vector<int64_t>& values)
{
    if (!isKey(key))
        fail(key, "bad key");
    std::vector<std::string> fields;
    fields.reserve(values.size());
    for (int64_t v : values)
        fields.push_back(std::to_string(v));
    m_values[key] = std::move(fields);
}

void PreprocessorState::setReal(const std::string& key, float value)
{
    setReals(key, { value });
}

void PreprocessorState::setReals(const std::string& key, const std::vector<float>& values)
{
    if (!isKey(key))
        fail(key, "bad key");
    std::vector<std::string> fields;
    fields.reserve(values.size());
    for (float v : values) {
        if (!std::isfinite(v))
            fail(key, "value is not finite");
        fields.push_back(formatReal(v));
    }
    m_values[key] = std::move(fields);
}

void PreprocessorState::setWord(const std::string& key, const std::string& word)
{
    if (!isKey(key))
        fail(key, "bad key");
    if (!isWord(word))
        fail(key, "'" + word + "' is not a word");
    m_values[key] = { word };
}

const std::vector<std::string>& PreprocessorState::fields(const std::string& key)
{
    const auto it = m_values.find(key);
    if (it == m_values.end())
        fail(key, "missing");
    m_read.insert(key);
    return it->second;
}

int64_t PreprocessorState::getInt(const std::string& key, int64_t min, int64_t max)
{
    if (fields(key).size() != 1)
        fail(key, "expected one integer");
    return getInts(key, min, max).front();
}

std::vector<int64_t> PreprocessorState::getInts(const std::string& key, int64_t min, int64_t max)
{
    std::vector<int64_t> out;
    for (const std::string& f : fields(key)) {
        int64_t v = 0;
        if (!parseInt(f, v))
            fail(key, "'" + f + "' is not an integer");
        if (v < min || v > max)
            fail(key,
                f + " is out of range [" + std::to_string(min) + ", " + std::to_string(max) + "]");
        out.push_back(v);
    }
    return out;
}

float PreprocessorState::getReal(const std::string& key)
{
    if (fields(key).size() != 1)
        fail(key, "expected one number");
    return getReals(key).front();
}

std::vector<float> PreprocessorState::getReals(const std::string& key)
{
    std::vector<float> out;
    for (const std::string& f : fields(key)) {
        float v = 0;
        if (!parseReal(f, v))
            fail(key, "'" + f + "' is not a finite number");
        out.push_back(v);
    }
    return out;
}

std::string PreprocessorState::getWord(const std::string& key)
{
    const std::vector<std::string>& f = fields(key);
    if (f.size() != 1 || !isWord(f.front()))
        fail(key, "expected one word");
    return f.front();
}

void PreprocessorState::finish() const
{
    for (const auto& [key, values] : m_values) {
        if (m_read.count(key) == 0)
            fail(key, "unknown key");
    }
}

std::string PreprocessorState::toString() const
{
    std::string out = std::string(kMagic) + " " + m_kind + " " + std::to_string(m_version) + "\n";
    for (const auto& [key, values] : m_values) {
        out += key;
        for (const std::string& v : values) {
            out += ' ';
            out += v;
        }
        out += '\n';
    }
    out += "end\n";
    return out;
}

void PreprocessorState::fail(const std::string& key, const std::string& what) const
{
    throw std::invalid_argument(m_kind + " state: '" + key + "': " + what);
}

}  // namespace mb::models
