#pragma once

// Tiny data for tests: files written into a test's temporary folder and well separated
// Gaussian blobs any model learns in a few epochs.

#include "DatasetImporter.h"
#include "Workspace.h"

#include <QByteArray>
#include <QFile>
#include <QString>

#include <random>

namespace mb::testdata {

// Writes `content` to `path` and returns the path. A test cannot go on without its input,
// so failing to write stops the test program.
inline QString writeFile(const QString& path, const QByteArray& content)
{
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(content) != content.size())
        qFatal("cannot write test file %s", qPrintable(path));
    return path;
}

// A CSV of three blobs in 4 dimensions (columns a,b,c,d,label), `perClass` rows each; blob k
// is centred on 3 * ((k + f) % 3) in feature f, with Gaussian noise of deviation `spread`.
inline QByteArray blobsCsv(int perClass, quint64 seed = 7, double spread = 0.6)
{
    std::mt19937_64 rng(seed);
    std::normal_distribution<double> noise(0, spread);
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

// A classification CSV (columns x,y,label) of `rows` rows from row `offset` on: x = i,
// y = i / 2, label c0..c2 by i % 3.
inline QByteArray pointsCsv(int rows, int offset = 0)
{
    QByteArray csv = "x,y,label\n";
    for (int i = offset; i < offset + rows; ++i)
        csv += QByteArray::number(i) + ',' + QByteArray::number(i * 0.5) + ",c" + QByteArray::number(i % 3) + '\n';
    return csv;
}

// Writes `content` to `path` and imports it as `request` says (its path is set here).
inline CommittedVersion importCsv(const Workspace& workspace, const QString& path, const QByteArray& content,
                                  CsvImportRequest request = {})
{
    request.path = writeFile(path, content);
    return DatasetImporter(workspace).importCsv(request);
}

// Writes blobsCsv() to `dir`/`name`.csv and imports it as dataset `name` (version 1).
inline QString importBlobs(const Workspace& workspace, const QString& dir, const QString& name = QStringLiteral("blobs"),
                           int perClass = 60)
{
    return importCsv(workspace, dir + QLatin1Char('/') + name + QStringLiteral(".csv"), blobsCsv(perClass)).info.ref();
}

// Imports dataset `name` (column text, label category, split column part): "apple" and
// "berry" words are classes a and b in the training rows; "gamma" (a) and "delta" (b) stand
// only in the validation and test rows, so only a model refitted on training + validation
// can tell the test rows apart.
inline QString importRefitTexts(const Workspace& workspace, const QString& dir, const QString& name = QStringLiteral("refit"))
{
    QByteArray csv = "text,category,part\n";
    for (int i = 0; i < 30; ++i)
        csv += "apple w" + QByteArray::number(i) + ",a,train\nberry w" + QByteArray::number(i) + ",b,train\n";
    for (int i = 0; i < 10; ++i)
        csv += "gamma,a,val\ndelta,b,val\ngamma,a,test\ndelta,b,test\n";
    CsvImportRequest request;
    request.name = name;
    request.table.label = QStringLiteral("category");
    request.table.text = {QStringLiteral("text")};
    request.table.splitColumn = QStringLiteral("part");
    return importCsv(workspace, dir + QLatin1Char('/') + name + QStringLiteral(".csv"), csv, request).info.ref();
}

}  // namespace mb::testdata
