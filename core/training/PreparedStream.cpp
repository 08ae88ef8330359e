#include "training/PreparedStream.h"

#include "Error.h"

#include <QJsonDocument>

#include <limits>

namespace mb::training {
namespace {

constexpr char kMagic[8] = {'M', 'B', 'P', 'R', 'E', 'P', '\r', '\n'};
constexpr uint32_t kFormatVersion = 1;
constexpr uint32_t kByteOrderMark = 0x01020304;

Error corrupt(const QString& what)
{
    return Error(ErrorCode::Corrupt, QStringLiteral("cached preparation: %1").arg(what));
}

template <typename T>
std::vector<size_t> lengthsOf(const std::vector<std::vector<T>>& lists)
{
    std::vector<size_t> lengths;
    lengths.reserve(lists.size());
    for (const auto& list : lists)
        lengths.push_back(list.size());
    return lengths;
}

}  // namespace

PreparedWriter::PreparedWriter(const QString& kind)
{
    m_bytes.append(kMagic, sizeof kMagic);
    put(kFormatVersion);
    put(kByteOrderMark);
    const QByteArray name = kind.toUtf8();
    put(uint32_t(name.size()));
    m_bytes.append(name);
}

void PreparedWriter::writeJson(const QJsonObject& object)
{
    const QByteArray text = QJsonDocument(object).toJson(QJsonDocument::Compact);
    put(uint64_t(text.size()));
    m_bytes.append(text);
}

void PreparedWriter::writeTensor(const torch::Tensor& tensor)
{
    const torch::Tensor dense = tensor.to(torch::kFloat32).contiguous();
    put(uint32_t(dense.dim()));
    for (int64_t size : dense.sizes())
        put(int64_t(size));
    putArray(dense.data_ptr<float>(), size_t(dense.numel()));
}

void PreparedWriter::putLengths(const std::vector<size_t>& lengths)
{
    put(uint64_t(lengths.size()));
    for (size_t length : lengths)
        put(uint64_t(length));
}

void PreparedWriter::writeIdLists(const std::vector<std::vector<int64_t>>& lists)
{
    putLengths(lengthsOf(lists));
    // Hashed n-gram ids are below the bucket count: 32 bits hold them, at half the room.
    bool narrow = true;
    for (const auto& list : lists) {
        for (int64_t id : list)
            narrow = narrow && id >= 0 && id <= std::numeric_limits<int32_t>::max();
    }
    put(uint8_t(narrow ? 4 : 8));
    for (const auto& list : lists) {
        if (!narrow) {
            putArray(list.data(), list.size());
            continue;
        }
        std::vector<int32_t> ids(list.begin(), list.end());
        putArray(ids.data(), ids.size());
    }
}

void PreparedWriter::writeFloatLists(const std::vector<std::vector<float>>& lists)
{
    putLengths(lengthsOf(lists));
    for (const auto& list : lists)
        putArray(list.data(), list.size());
}

PreparedReader::PreparedReader(const QByteArray& bytes, const QString& kind) : m_bytes(bytes)
{
    char magic[sizeof kMagic];
    takeArray(magic, sizeof magic);
    if (std::memcmp(magic, kMagic, sizeof kMagic) != 0)
        throw corrupt(QStringLiteral("not a Modelbench preparation"));
    const uint32_t version = take<uint32_t>();
    if (version != kFormatVersion)
        throw corrupt(QStringLiteral("format version %1, this build reads %2").arg(version).arg(kFormatVersion));
    if (take<uint32_t>() != kByteOrderMark)
        throw corrupt(QStringLiteral("written with another byte order"));
    const uint32_t length = take<uint32_t>();
    need(length, 1);
    const QString written = QString::fromUtf8(m_bytes.constData() + m_pos, qsizetype(length));
    m_pos += qsizetype(length);
    if (written != kind)
        throw corrupt(QStringLiteral("prepared for a %1 workload, not %2").arg(written, kind));
}

void PreparedReader::need(size_t count, size_t size) const
{
    const size_t left = size_t(m_bytes.size() - m_pos);
    if (size != 0 && count > left / size)
        throw corrupt(QStringLiteral("truncated at byte %1").arg(m_pos));
}

QJsonObject PreparedReader::readJson()
{
    const uint64_t length = take<uint64_t>();
    need(length, 1);
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(m_bytes.mid(m_pos, qsizetype(length)), &error);
    if (error.error != QJsonParseError::NoError || !document.isObject())
        throw corrupt(QStringLiteral("its state is not a JSON object"));
    m_pos += qsizetype(length);
    return document.object();
}

torch::Tensor PreparedReader::readTensor()
{
    const uint32_t dims = take<uint32_t>();
    if (dims > 8)
        throw corrupt(QStringLiteral("a tensor of %1 dimensions").arg(dims));
    std::vector<int64_t> sizes(dims);
    takeArray(sizes.data(), sizes.size());
    size_t count = 1;
    for (int64_t size : sizes) {
        if (size < 0)
            throw corrupt(QStringLiteral("a tensor of negative size"));
        need(size_t(size), sizeof(float) * count);  // also bounds the product before it can overflow
        count *= size_t(size);
    }
    torch::Tensor tensor = torch::empty(sizes, torch::kFloat32);
    takeArray(tensor.data_ptr<float>(), count);
    return tensor;
}

std::vector<size_t> PreparedReader::takeLengths()
{
    const uint64_t count = take<uint64_t>();
    need(count, sizeof(uint64_t));
    std::vector<uint64_t> lengths(count);
    takeArray(lengths.data(), lengths.size());
    return std::vector<size_t>(lengths.begin(), lengths.end());
}

std::vector<std::vector<int64_t>> PreparedReader::readIdLists()
{
    const std::vector<size_t> lengths = takeLengths();
    const uint8_t width = take<uint8_t>();
    if (width != 4 && width != 8)
        throw corrupt(QStringLiteral("token ids of %1 bytes").arg(width));
    std::vector<std::vector<int64_t>> lists(lengths.size());
    std::vector<int32_t> narrow;
    for (size_t i = 0; i < lengths.size(); ++i) {
        need(lengths[i], width);
        lists[i].resize(lengths[i]);
        if (width == 8) {
            takeArray(lists[i].data(), lengths[i]);
            continue;
        }
        narrow.resize(lengths[i]);
        takeArray(narrow.data(), narrow.size());
        std::copy(narrow.begin(), narrow.end(), lists[i].begin());
    }
    return lists;
}

std::vector<std::vector<float>> PreparedReader::readFloatLists()
{
    const std::vector<size_t> lengths = takeLengths();
    std::vector<std::vector<float>> lists(lengths.size());
    for (size_t i = 0; i < lengths.size(); ++i) {
        need(lengths[i], sizeof(float));
        lists[i].resize(lengths[i]);
        takeArray(lists[i].data(), lengths[i]);
    }
    return lists;
}

void PreparedReader::finish() const
{
    if (m_pos != m_bytes.size())
        throw corrupt(QStringLiteral("%1 bytes left over").arg(m_bytes.size() - m_pos));
}

}  // namespace mb::training
