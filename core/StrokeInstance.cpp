#include "StrokeInstance.h"

#include "Error.h"
#include "StrokeRasterizer.h"
#include "TrajectoryFeatures.h"

#include <QJsonObject>
#include <QSet>

#include <stdexcept>

namespace mb {
namespace {

QString inputName(const QJsonValue& input) { return input.toObject().value(QStringLiteral("name")).toString(); }

models::Stroke toStroke(const QVector<QPointF>& points)
{
    models::Stroke stroke;
    stroke.reserve(size_t(points.size()));
    for (const QPointF& p : points)
        stroke.push_back({float(p.x()), float(p.y()), 0.0f});
    return stroke;
}

}  // namespace

StrokeInstance::Kind StrokeInstance::kindFor(const QJsonArray& inputs)
{
    if (inputs.size() == 1 && inputs.first().toObject().value(QStringLiteral("type")).toString() == QLatin1String("image"))
        return Kind::Image;
    if (inputs.isEmpty())
        return Kind::Unsupported;
    QSet<QString> features;
    for (const std::string& name : models::TrajectoryFeatures::featureNames())
        features.insert(QString::fromStdString(name));
    for (const QJsonValue& input : inputs) {
        if (!features.contains(inputName(input)))
            return Kind::Unsupported;
    }
    return Kind::Trajectory;
}

Instance StrokeInstance::make(const QVector<QPointF>& points, const QJsonArray& inputs)
{
    const Kind kind = kindFor(inputs);
    if (kind == Kind::Unsupported)
        throw Error(ErrorCode::InvalidArgument, QStringLiteral("this model does not read pen strokes: it needs one image input or trajectory features"));
    const models::Stroke stroke = toStroke(points);
    Instance instance;
    try {
        if (kind == Kind::Image) {
            // Checks the stroke the same way as the features do, so a click is not a gesture.
            models::TrajectoryFeatures::compute(stroke);
            const models::StrokeRasterizer rasterizer;
            const int size = rasterizer.options().size;
            const std::vector<uint8_t> png = models::StrokeRasterizer::encodePng(rasterizer.rasterize(stroke), size, size);
            instance.insert(inputName(inputs.first()), QByteArray(reinterpret_cast<const char*>(png.data()), qsizetype(png.size())));
        } else {
            const std::vector<float> values = models::TrajectoryFeatures::compute(stroke);
            const std::vector<std::string> names = models::TrajectoryFeatures::featureNames();
            for (size_t i = 0; i < names.size(); ++i)
                instance.insert(QString::fromStdString(names[i]), double(values[i]));
        }
    } catch (const std::invalid_argument& error) {
        throw Error(ErrorCode::InvalidArgument, QStringLiteral("the stroke cannot be read: %1").arg(QString::fromUtf8(error.what())));
    }
    return instance;
}

}  // namespace mb
