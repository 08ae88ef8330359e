#include "BundleFile.h"

#include "Error.h"
#include "Sha256.h"

#include <QJsonDocument>
#include <QtEndian>

namespace mb {
namespace {

constexpr char kMagic[] = "MBBUNDLE";
constexpr qsizetype kMagicSize = 8;
constexpr qsizetype kDigestSize = 32;

void appendLittleEndian(QByteArray& out, quint64 value, int bytes)
{
    for (int i = 0; i < bytes; ++i)
        out += char((value >> (8 * i)) & 0xff);
}

quint64 readLittleEndian(const QByteArray& in, qsizetype offset, int bytes)
{
    quint64 value = 0;
    for (int i = 0; i < bytes; ++i)
        value |= quint64(quint8(in.at(offset + i))) << (8 * i);
    return value;
}

}  // namespace

QByteArray BundleFile::write() const
{
    const QByteArray json = QJsonDocument(header).toJson(QJsonDocument::Compact);
    QByteArray out;
    out.reserve(kMagicSize + 4 + 8 + json.size() + 8 + payload.size() + kDigestSize);
    out.append(kMagic, kMagicSize);
    appendLittleEndian(out, kFormatVersion, 4);
    appendLittleEndian(out, quint64(json.size()), 8);
    out += json;
    appendLittleEndian(out, quint64(payload.size()), 8);
    out += payload;
    out += Sha256::digest(out);
    return out;
}

BundleFile BundleFile::read(const QByteArray& bytes, const QString& source)
{
    const auto corrupt = [&](const QString& why) { return Error(ErrorCode::Corrupt, QStringLiteral("%1: %2").arg(source, why)); };
    if (bytes.size() < kMagicSize || !bytes.startsWith(QByteArray(kMagic, kMagicSize)))
        throw corrupt(QStringLiteral("not a Modelbench model bundle"));
    if (bytes.size() < kMagicSize + 4 + 8 + 8 + kDigestSize)
        throw corrupt(QStringLiteral("the bundle is truncated"));
    const quint32 version = quint32(readLittleEndian(bytes, kMagicSize, 4));
    if (version > kFormatVersion)
        throw corrupt(QStringLiteral("bundle format %1 is newer than this build reads (%2); upgrade Modelbench").arg(version).arg(kFormatVersion));
    if (version == 0)
        throw corrupt(QStringLiteral("bundle format 0 is not valid"));
    const quint64 headerSize = readLittleEndian(bytes, kMagicSize + 4, 8);
    const qsizetype headerStart = kMagicSize + 12;
    if (headerSize > quint64(bytes.size()) || headerStart + qsizetype(headerSize) + 8 + kDigestSize > bytes.size())
        throw corrupt(QStringLiteral("the bundle is truncated"));
    const qsizetype payloadSizeAt = headerStart + qsizetype(headerSize);
    const quint64 payloadSize = readLittleEndian(bytes, payloadSizeAt, 8);
    const qsizetype payloadStart = payloadSizeAt + 8;
    if (payloadSize > quint64(bytes.size()) || payloadStart + qsizetype(payloadSize) + kDigestSize != bytes.size())
        throw corrupt(QStringLiteral("the bundle is truncated or has trailing bytes"));
    const qsizetype digestAt = payloadStart + qsizetype(payloadSize);
    if (Sha256::digest(QByteArrayView(bytes).first(digestAt)) != bytes.mid(digestAt))
        throw corrupt(QStringLiteral("the bundle is corrupt: its checksum does not match its content"));
    QJsonParseError parseError;
    const QJsonDocument json = QJsonDocument::fromJson(bytes.mid(headerStart, qsizetype(headerSize)), &parseError);
    if (parseError.error != QJsonParseError::NoError || !json.isObject())
        throw corrupt(QStringLiteral("the bundle's header is not a JSON object"));
    BundleFile file;
    file.header = json.object();
    file.payload = bytes.mid(payloadStart, qsizetype(payloadSize));
    return file;
}

}  // namespace mb
