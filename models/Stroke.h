#pragma once

#include <vector>

namespace mb::models {

// A pen trace as plain values, shared by the gesture generator, the rasterizer and the trajectory
// features, and by core, which fills it from CSV files or from strokes drawn in the app.

// One sampled pen position. x and y are canvas units in screen convention (x grows to the right,
// y grows downward); t is seconds since the pen went down, non-decreasing along a stroke.
struct StrokePoint {
    float x = 0.0f;
    float y = 0.0f;
    float t = 0.0f;
};

// One pen-down .. pen-up trace, in drawing order.
using Stroke = std::vector<StrokePoint>;

}  // namespace mb::models
