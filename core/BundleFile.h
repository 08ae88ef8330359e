#pragma once

#include <QByteArray>
#include <QJsonObject>

namespace mb {

// The model bundle file: one self-contained file per model version.
//
//   offset  size  content
//   0       8     magic "MBBUNDLE"
//   8       4     format version, little-endian (currently 1)
//   12      8     header length H, little-endian
//   20      H     header: UTF-8 JSON (model type, config, preprocessing state, label map,
//                 input signature, metrics, code version)
//   20+H    8     payload length P, little-endian
//   28+H    P     payload: the weights (a LibTorch archive)
//   28+H+P  32    SHA-256 of every byte before it
//
// read() refuses a foreign, truncated, corrupted or newer file with a clear message.
// A plain value type.
struct BundleFile {
    static constexpr quint32 kFormatVersion = 1;

    QJsonObject header;
    QByteArray payload;

    QByteArray write() const;
    // Throws Corrupt naming `source` and what is wrong.
    static BundleFile read(const QByteArray& bytes, const QString& source = QStringLiteral("bundle"));
};

}  // namespace mb
