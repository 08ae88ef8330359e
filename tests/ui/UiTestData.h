#pragma once

// Tiny data for the UI tests: well separated Gaussian blobs any model learns in a few epochs.

#include "DatasetImporter.h"
#include "Workspace.h"

#include <QByteArray>
#include <QFile>
#include <QString>

#include <random>

namespace mb::testdata {

// A CSV of three blobs in 4 dimensions (columns a,b,c,d,label), `perClass` rows each.
inline QByteArray blobsCsv(int perClass, quint64 seed = 7)
{
    std::mt19937_64 rng(seed);
    std::normal_distribution<double> noise(0, 0.6);
    QByteArray csv = "a,b,c,d,label\n";
    for (int i = 0; i < perClass; ++i) {
        for (int k = 0; k < 3; ++k) {
            for (int f = 0; f < 4; ++f)
                csv += QByteArray::number(3.0 * ((k + f) % 3) + noise(rng), 'f', 5) + ',';
            csv += "blob" + QByteArray::number(k) + '\n';
        }
    }
    return csv;
}

// Writes blobsCsv() to `dir`/`name`.csv and imports it as dataset `name` (version 1).
inline QString importBlobs(const Workspace& workspace, const QString& dir, const QString& name = QStringLiteral("blobs"),
                           int perClass = 60)
{
    const QString path = dir + QLatin1Char('/') + name + QStringLiteral(".csv");
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return {};
    file.write(blobsCsv(perClass));
    file.close();
    CsvImportRequest request;
    request.path = path;
    return DatasetImporter(workspace).importCsv(request).info.ref();
}

}  // namespace mb::testdata
