#include "TrajectoryFeatures.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace mb::models {

namespace {

constexpr double kPi = 3.14159265358979323846;
constexpr int kPoints = TrajectoryFeatures::kResamplePoints;

// Relative to the path length: below this, the ends count as coinciding and a chord as having
// no direction of its own.
constexpr double kTiny = 1e-6;

struct Vec2 {
    double x;
    double y;
};

}  // namespace

std::vector<std::string> TrajectoryFeatures::featureNames()
{
    std::vector<std::string> names;
    names.reserve(kFeatureCount);
    const auto numbered = [&names](const char* prefix, int count) {
        for (int i = 0; i < count; ++i)
            names.push_back(prefix + std::to_string(i));
    };
    numbered("x", kPoints);
    numbered("y", kPoints);
    numbered("dir_cos", kPoints - 1);
    numbered("dir_sin", kPoints - 1);
    numbered("curv", kPoints - 2);
    for (const char* name :
        { "aspect", "path_to_diag", "closure", "start_end_cos", "start_end_sin" })
        names.emplace_back(name);
    return names;
}

std::vector<float> TrajectoryFeatures::compute(const Stroke& stroke)
{
    if (stroke.size() < 2)
        throw std::invalid_argument(
            "TrajectoryFeatures: a stroke needs at least 2 distinct points, got "
            + std::to_string(stroke.size()) + " point(s)");

    // Doubles throughout: the invariances must hold to 1e-4 for strokes far from the origin.
    std::vector<double> arc(stroke.size(), 0.0);
    double minX = stroke[0].x, maxX = stroke[0].x, minY = stroke[0].y, maxY = stroke[0].y;
    for (size_t i = 0; i < stroke.size(); ++i) {
        const StrokePoint& p = stroke[i];
        if (!std::isfinite(p.x) || !std::isfinite(p.y))
            throw std::invalid_argument("TrajectoryFeatures: stroke has a non-finite coordinate");
        minX = std::min<double>(minX, p.x);
        maxX = std::max<double>(maxX, p.x);
        minY = std::min<double>(minY, p.y);
        maxY = std::max<double>(maxY, p.y);
        if (i > 0)
            arc[i] = arc[i - 1]
                + std::hypot(double(p.x) - stroke[i - 1].x, double(p.y) - stroke[i - 1].y);
    }
    const double length = arc.back();
    if (!(length > 0.0) || !std::isfinite(length))
        throw std::invalid_argument(
            "TrajectoryFeatures: a stroke needs at least 2 distinct points, "
            "but all its points coincide");

    // Equal steps along the path, so the features describe the shape, not the pen's speed.
    std::vector<Vec2> points(kPoints);
    size_t segment = 1;
    for (int k = 0; k < kPoints; ++k) {
        const double target = length * k / (kPoints - 1);
        while (segment + 1 < stroke.size() && arc[segment] < target)
            ++segment;
        const StrokePoint& a = stroke[segment - 1];
        const StrokePoint& b = stroke[segment];
        const double span = arc[segment] - arc[segment - 1];
        const double u
            = span > 0.0 ? std::clamp((target - arc[segment - 1]) / span, 0.0, 1.0) : 1.0;
        points[k] = { a.x + (double(b.x) - a.x) * u, a.y + (double(b.y) - a.y) * u };
    }

    double cx = 0.0, cy = 0.0;
    for (const Vec2& p : points) {
        cx += p.x;
        cy += p.y;
    }
    cx /= kPoints;
    cy /= kPoints;
    double spread = 0.0;
    for (const Vec2& p : points)
        spread += (p.x - cx) * (p.x - cx) + (p.y - cy) * (p.y - cy);
    // The RMS radius rather than the bounding box: one stray point moves it far less.
    const double radius = std::sqrt(spread / kPoints);
    if (!(radius > 0.0))
        throw std::invalid_argument("TrajectoryFeatures: stroke has no extent");

    std::vector<float> features;
    features.reserve(kFeatureCount);
    for (const Vec2& p : points)
        features.push_back(static_cast<float>((p.x - cx) / radius));
    for (const Vec2& p : points)
        features.push_back(static_cast<float>((p.y - cy) / radius));

    // A chord can be near zero where the path doubles back on itself within one step; it then
    // inherits a neighbour's direction instead of an arbitrary one.
    std::vector<double> angle(kPoints - 1, 0.0);
    std::vector<bool> defined(kPoints - 1, false);
    const double minChord = kTiny * length;
    for (int i = 0; i + 1 < kPoints; ++i) {
        const double dx = points[i + 1].x - points[i].x;
        const double dy = points[i + 1].y - points[i].y;
        defined[i] = std::hypot(dx, dy) > minChord;
        angle[i] = std::atan2(dy, dx);
    }
    const auto firstDefined = std::find(defined.begin(), defined.end(), true);
    double previous = firstDefined != defined.end() ? angle[firstDefined - defined.begin()] : 0.0;
    for (int i = 0; i + 1 < kPoints; ++i) {
        if (defined[i])
            previous = angle[i];
        else
            angle[i] = previous;
    }
    for (double a : angle)
        features.push_back(static_cast<float>(std::cos(a)));
    for (double a : angle)
        features.push_back(static_cast<float>(std::sin(a)));
    for (int i = 0; i + 2 < kPoints; ++i) {
        const double turn = std::remainder(angle[i + 1] - angle[i], 2.0 * kPi);
        features.push_back(static_cast<float>(turn / kPi));
    }

    const double width = maxX - minX;
    const double height = maxY - minY;
    features.push_back(static_cast<float>(width / (width + height)));
    features.push_back(static_cast<float>(length / std::hypot(width, height)));
    const double endX = double(stroke.back().x) - stroke.front().x;
    const double endY = double(stroke.back().y) - stroke.front().y;
    const double endDistance = std::hypot(endX, endY);
    features.push_back(static_cast<float>(std::min(1.0, endDistance / length)));
    const bool endsApart = endDistance > kTiny * length;
    features.push_back(endsApart ? static_cast<float>(endX / endDistance) : 0.0f);
    features.push_back(endsApart ? static_cast<float>(endY / endDistance) : 0.0f);

    for (float f : features) {
        if (!std::isfinite(f))
            throw std::invalid_argument("TrajectoryFeatures: stroke coordinates out of range");
    }
    return features;
}

}  // namespace mb::models
