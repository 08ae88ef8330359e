#include "GestureDatasets.h"

#include "DatasetCatalog.h"
#include "DatasetImporter.h"
#include "Error.h"

#include "Sha256.h"
#include "StrokeRasterizer.h"
#include "TrajectoryFeatures.h"
#include "UnistrokeGenerator.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSet>

#include <algorithm>
#include <charconv>
#include <memory>
#include <numeric>
#include <stdexcept>

namespace mb {
namespace {

// The double nearest to the shortest decimal that reads back as `value`: stored CSV and JSON
// then hold "0.1234567" rather than the float's exact binary expansion.
double shortest(float value)
{
    char buffer[32];
    const auto written = std::to_chars(buffer, buffer + sizeof buffer, value);
    double result = value;
    std::from_chars(buffer, written.ptr, result);
    return result;
}

// Refuses a name held by a dataset of another kind before anything is committed, so the pair
// does not end half-made for that reason.
void requireKind(const QVector<DatasetSummary>& existing, const QString& name, DatasetKind kind)
{
    for (const DatasetSummary& summary : existing) {
        if (summary.name == name && summary.kind != toString(kind)) {
            throw Error(ErrorCode::Conflict,
                QStringLiteral("dataset '%1' holds %2 data, not %3; choose another name")
                    .arg(name, summary.kind, toString(kind)));
        }
    }
}

QJsonArray coordinates(const models::Stroke& stroke, float models::StrokePoint::*member)
{
    QJsonArray values;
    for (const models::StrokePoint& point : stroke)
        values.append(shortest(point.*member));
    return values;
}

}  // namespace

GestureDatasetsResult GestureDatasets::generate(
    const GestureDatasetOptions& options, const DatasetWriter::StepObserver& observer) const
{
    if (options.perClass < 1 || options.perClass > 100000)
        throw Error(ErrorCode::InvalidArgument,
            QStringLiteral("samples per class must be in [1, 100000], not %1")
                .arg(options.perClass));
    DatasetWriter::checkName(options.imageName);
    DatasetWriter::checkName(options.featureName);
    if (options.imageName == options.featureName)
        throw Error(ErrorCode::InvalidArgument,
            QStringLiteral("the image and trajectory datasets need different names, not both '%1'")
                .arg(options.imageName));
    const QVector<DatasetSummary> existing = DatasetCatalog(m_workspace).list();
    requireKind(existing, options.imageName, DatasetKind::Image);
    requireKind(existing, options.featureName, DatasetKind::Tabular);

    models::UnistrokeGeneratorOptions generatorOptions;
    generatorOptions.perClass = options.perClass;
    generatorOptions.seed = options.seed;
    std::unique_ptr<models::UnistrokeGenerator> generator;
    std::unique_ptr<models::StrokeRasterizer> rasterizer;
    try {
        generator = std::make_unique<models::UnistrokeGenerator>(generatorOptions);
        rasterizer = std::make_unique<models::StrokeRasterizer>();
    } catch (const std::invalid_argument& e) {
        throw Error(ErrorCode::InvalidArgument,
            QStringLiteral("gesture generator: %1").arg(QString::fromUtf8(e.what())));
    }

    // Classes in name order, samples in index order: rows sorted by (label, path), as an
    // image folder import orders them.
    const std::vector<std::string>& classNames = models::UnistrokeGenerator::classNames();
    std::vector<int> classOrder(classNames.size());
    std::iota(classOrder.begin(), classOrder.end(), 0);
    std::sort(classOrder.begin(), classOrder.end(),
        [&](int a, int b) { return classNames[size_t(a)] < classNames[size_t(b)]; });
    const int digits = std::max(4, int(QString::number(options.perClass - 1).size()));

    const std::vector<std::string> featureNames = models::TrajectoryFeatures::featureNames();
    DataColumn image { QStringLiteral("image"), ColumnType::Text, {}, {} };
    DataColumn path { QStringLiteral("path"), ColumnType::Text, {}, {} };
    DataColumn sample { QStringLiteral("sample"), ColumnType::Text, {}, {} };
    DataColumn label { QStringLiteral("label"), ColumnType::Text, {}, {} };
    QVector<DataColumn> features;
    for (const std::string& name : featureNames)
        features << DataColumn { QString::fromStdString(name), ColumnType::Numeric, {}, {} };
    QList<QByteArray> pngs;
    QSet<QString> stored;
    QJsonArray strokesJson;

    for (int classIndex : classOrder) {
        const QString className = QString::fromStdString(classNames[size_t(classIndex)]);
        for (int index = 0; index < options.perClass; ++index) {
            const QString id
                = QStringLiteral("%1/%2").arg(className).arg(index, digits, 10, QLatin1Char('0'));
            try {
                const models::Stroke stroke = generator->sample(classIndex, index);
                const std::vector<uint8_t> png
                    = models::StrokeRasterizer::encodePng(rasterizer->rasterize(stroke),
                        rasterizer->options().size, rasterizer->options().size);
                const QByteArray bytes(
                    reinterpret_cast<const char*>(png.data()), qsizetype(png.size()));
                const QString hash = Sha256::hex(bytes);
                if (!stored.contains(hash)) {
                    stored.insert(hash);
                    pngs << bytes;
                }
                const std::vector<float> values = models::TrajectoryFeatures::compute(stroke);
                for (size_t f = 0; f < values.size(); ++f)
                    features[qsizetype(f)].numbers.push_back(shortest(values[f]));
                image.texts << hash;
                path.texts << id + QStringLiteral(".png");
                sample.texts << id;
                label.texts << className;
                strokesJson.append(QJsonObject { { QStringLiteral("sample"), id },
                    { QStringLiteral("label"), className },
                    { QStringLiteral("x"), coordinates(stroke, &models::StrokePoint::x) },
                    { QStringLiteral("y"), coordinates(stroke, &models::StrokePoint::y) },
                    { QStringLiteral("t"), coordinates(stroke, &models::StrokePoint::t) } });
            } catch (const std::exception& e) {
                // The options were accepted, so this is a generator bug, not the caller's input.
                throw Error(ErrorCode::Internal,
                    QStringLiteral("gesture sample %1: %2").arg(id, QString::fromUtf8(e.what())));
            }
        }
    }

    const QByteArray strokes = QJsonDocument(
        QJsonObject { { QStringLiteral("format"), QStringLiteral("modelbench-strokes/1") },
            { QStringLiteral("units"), QStringLiteral("x, y: canvas units, y down; t: seconds") },
            { QStringLiteral("samples"),
                strokesJson } }).toJson(QJsonDocument::Compact);
    const QJsonObject source { { QStringLiteral("generator"), QStringLiteral("unistroke") },
        { QStringLiteral("seed"), QString::number(options.seed) },
        { QStringLiteral("per_class"), options.perClass },
        { QStringLiteral("classes"), models::UnistrokeGenerator::classCount() },
        { QStringLiteral("image_size"), rasterizer->options().size },
        { QStringLiteral("strokes"), Sha256::hex(strokes) } };

    NewDatasetVersion images;
    images.name = options.imageName;
    images.table.columns = { image, path, label };
    images.schema.kind = DatasetKind::Image;
    images.schema.labelKind = LabelKind::Classification;
    images.schema.columns = { ColumnSpec { image.name, ColumnType::Text, ColumnRole::Image },
        ColumnSpec { path.name, ColumnType::Text, ColumnRole::Ignore },
        ColumnSpec { label.name, ColumnType::Text, ColumnRole::Label } };
    images.split = DatasetImporter::splitFor(images.table, images.schema, options.split);
    images.splitInfo = DatasetImporter::describeSplit(QStringLiteral("stratified"), options.split);
    images.source = source;
    images.source.insert(QStringLiteral("trajectories"), options.featureName);
    images.attachmentBlobs = pngs;
    images.attachmentBlobs << strokes;

    NewDatasetVersion trajectories;
    trajectories.name = options.featureName;
    trajectories.table.columns << sample << features << label;
    trajectories.schema.kind = DatasetKind::Tabular;
    trajectories.schema.labelKind = LabelKind::Classification;
    trajectories.schema.columns << ColumnSpec { sample.name, ColumnType::Text, ColumnRole::Ignore };
    for (const DataColumn& feature : std::as_const(features))
        trajectories.schema.columns
            << ColumnSpec { feature.name, ColumnType::Numeric, ColumnRole::Feature };
    trajectories.schema.columns << ColumnSpec { label.name, ColumnType::Text, ColumnRole::Label };
    // Same rows in the same order: the same split, sample by sample.
    trajectories.split = images.split;
    trajectories.splitInfo = images.splitInfo;
    trajectories.source = source;
    trajectories.source.insert(QStringLiteral("images"), options.imageName);
    trajectories.attachmentBlobs << strokes;

    const DatasetWriter writer(m_workspace);
    GestureDatasetsResult result;
    result.images = writer.commit(images, observer);
    result.trajectories = writer.commit(trajectories, observer);
    return result;
}

}  // namespace mb
