#include "NumericInstances.h"

#include <charconv>
#include <cmath>

namespace mb::serve {
namespace {

// A cursor over the body that declines (returns false) at the first thing it does not expect.
class Scanner {
public:
    explicit Scanner(const QByteArray& bytes) : m_at(bytes.constData()), m_end(bytes.constData() + bytes.size()) {}

    void skipSpace()
    {
        while (m_at < m_end && (*m_at == ' ' || *m_at == '\t' || *m_at == '\n' || *m_at == '\r'))
            ++m_at;
    }

    // Skips whitespace, then takes `c` if it comes next.
    bool take(char c)
    {
        skipSpace();
        if (m_at == m_end || *m_at != c)
            return false;
        ++m_at;
        return true;
    }

    bool takeLiteral(const char* text, size_t size)
    {
        skipSpace();
        if (size_t(m_end - m_at) < size || std::char_traits<char>::compare(m_at, text, size) != 0)
            return false;
        m_at += size;
        return true;
    }

    bool atEnd()
    {
        skipSpace();
        return m_at == m_end;
    }

    // One JSON number (RFC 8259 grammar, nothing more lenient), finite as a double.
    bool number(double& value)
    {
        skipSpace();
        const char* start = m_at;
        const char* p = m_at;
        if (p < m_end && *p == '-')
            ++p;
        if (p == m_end || !isDigit(*p))
            return false;
        if (*p == '0')
            ++p;
        else
            while (p < m_end && isDigit(*p))
                ++p;
        bool integer = true;
        if (p < m_end && *p == '.') {
            integer = false;
            ++p;
            if (p == m_end || !isDigit(*p))
                return false;
            while (p < m_end && isDigit(*p))
                ++p;
        }
        if (p < m_end && (*p == 'e' || *p == 'E')) {
            integer = false;
            ++p;
            if (p < m_end && (*p == '+' || *p == '-'))
                ++p;
            if (p == m_end || !isDigit(*p))
                return false;
            while (p < m_end && isDigit(*p))
                ++p;
        }
        if (integer) {
            // QJsonDocument keeps an integer that fits 64 bits as such; its double is the
            // integer's conversion.
            qint64 whole = 0;
            if (const auto [end, error] = std::from_chars(start, p, whole); error == std::errc() && end == p) {
                value = double(whole);
                m_at = p;
                return true;
            }
        }
        const auto [end, error] = std::from_chars(start, p, value);
        if (error != std::errc() || end != p || !std::isfinite(value))
            return false;  // out of range: the general path says what is wrong with it
        if (value == 0)
            value = 0;  // QJsonDocument keeps whole numbers as integers: -0.0 reads as 0
        m_at = p;
        return true;
    }

private:
    static bool isDigit(char c) { return c >= '0' && c <= '9'; }

    const char* m_at;
    const char* m_end;
};

}  // namespace

std::optional<QVector<Instance>> NumericInstances::read(const QByteArray& body, const ModelSignature& signature)
{
    const QVector<SignatureInput>& inputs = signature.inputs;
    if (inputs.isEmpty())
        return std::nullopt;
    for (const SignatureInput& input : inputs) {
        if (!input.isNumber())
            return std::nullopt;
    }
    static const char kKey[] = "\"instances\"";
    Scanner in(body);
    if (!in.take('{') || !in.takeLiteral(kKey, sizeof(kKey) - 1) || !in.take(':') || !in.take('['))
        return std::nullopt;
    QVector<Instance> instances;
    do {
        if (!in.take('['))
            return std::nullopt;  // an empty list, an object, a string, ...: the general path's
        Instance instance;
        for (qsizetype i = 0; i < inputs.size(); ++i) {
            double value = 0;
            if ((i > 0 && !in.take(',')) || !in.number(value))
                return std::nullopt;
            instance.insert(inputs.at(i).name, value);
        }
        if (!in.take(']'))
            return std::nullopt;
        instances.append(std::move(instance));
    } while (in.take(','));
    if (!in.take(']') || !in.take('}') || !in.atEnd())
        return std::nullopt;
    return instances;
}

}  // namespace mb::serve
