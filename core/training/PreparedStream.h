#pragma once

// Internal to core: the byte layout of a cached preparation (see Workload::savePrepared).

#include <QByteArray>
#include <QJsonObject>
#include <QString>

#include <torch/torch.h>

#include <cstdint>
#include <cstring>
#include <vector>

namespace mb::training {

// Writes a workload's prepared state compactly: a header (magic, format version, byte order,
// workload kind), JSON for the small fitted state, and the big arrays as raw native-order
// numbers (token ids in 32 bits when they fit). The cache lives beside the machine that
// wrote it; the byte-order mark makes another machine's file a miss, not garbage.
class PreparedWriter {
public:
    explicit PreparedWriter(const QString& kind);

    void writeJson(const QJsonObject& object);
    // A float32 tensor of any shape.
    void writeTensor(const torch::Tensor& tensor);
    void writeIdLists(const std::vector<std::vector<int64_t>>& lists);
    void writeFloatLists(const std::vector<std::vector<float>>& lists);

    const QByteArray& bytes() const { return m_bytes; }

private:
    template <typename T> void put(T value) { m_bytes.append(reinterpret_cast<const char*>(&value), sizeof(T)); }
    template <typename T> void putArray(const T* data, size_t count)
    {
        m_bytes.append(reinterpret_cast<const char*>(data), qsizetype(count * sizeof(T)));
    }
    void putLengths(const std::vector<size_t>& lengths);

    QByteArray m_bytes;
};

// Reads what PreparedWriter wrote. Every read checks that the bytes are there and make
// sense; anything else throws Corrupt, which the cache treats as a miss.
class PreparedReader {
public:
    // Throws Corrupt unless `bytes` start with the header of a preparation of `kind`.
    PreparedReader(const QByteArray& bytes, const QString& kind);

    QJsonObject readJson();
    torch::Tensor readTensor();
    std::vector<std::vector<int64_t>> readIdLists();
    std::vector<std::vector<float>> readFloatLists();
    // Throws Corrupt if bytes are left over.
    void finish() const;

private:
    template <typename T> T take()
    {
        T value;
        takeArray(&value, 1);
        return value;
    }
    template <typename T> void takeArray(T* out, size_t count)
    {
        need(count, sizeof(T));
        std::memcpy(out, m_bytes.constData() + m_pos, count * sizeof(T));
        m_pos += qsizetype(count * sizeof(T));
    }
    void need(size_t count, size_t size) const;
    std::vector<size_t> takeLengths();

    const QByteArray m_bytes;  // shared, not copied
    qsizetype m_pos = 0;
};

}  // namespace mb::training
