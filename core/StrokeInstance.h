#pragma once

#include "Instance.h"

#include <QJsonArray>
#include <QPointF>
#include <QVector>

namespace mb {

// Turns a pen stroke drawn in the app (points in any units, y growing downward) into an
// instance for a model trained on pen gestures: a model with one image input gets the
// stroke drawn as a 28x28 PNG (as GestureDatasets draws its samples); a model whose inputs
// are trajectory features gets them computed from the stroke. Stateless; any thread.
class StrokeInstance {
public:
    enum class Kind { Unsupported, Image, Trajectory };

    // How a model with this input signature ([{"name", "type"}]) reads a stroke.
    static Kind kindFor(const QJsonArray& inputs);
    // Throws InvalidArgument when the model cannot read a stroke or the stroke is degenerate
    // (fewer than 2 distinct points, a non-finite coordinate).
    static Instance make(const QVector<QPointF>& points, const QJsonArray& inputs);
};

}  // namespace mb
