#pragma once

#include "Stroke.h"

#include <string>
#include <vector>

namespace mb::models {

// Turns a pen stroke of any length into a fixed-length feature vector for the tabular gesture
// models. Invariant to translation and uniform scaling; deliberately not to rotation or drawing
// direction, which tell gestures apart. Time stamps are ignored.
//
// Layout (kFeatureCount = 161 floats, names from featureNames()):
//   [0, 32)    x0..x31        the stroke resampled to 32 points equally spaced along its path,
//   [32, 64)   y0..y31        centred on their centroid and divided by their RMS distance to it
//   [64, 95)   dir_cos0..30   direction of the segment from resampled point i to i+1
//   [95, 126)  dir_sin0..30
//   [126, 156) curv0..29      turning angle at interior point i+1, in radians / pi, in [-1, 1]
//   156 aspect          bounding-box width / (width + height), in [0, 1]
//   157 path_to_diag    path length / bounding-box diagonal, >= 1
//   158 closure         start-to-end distance / path length, in [0, 1]
//   159 start_end_cos   direction from the first to the last point;
//   160 start_end_sin   both 0 when the ends coincide (closure below 1e-6)
// Bounding box, path length and ends are taken from the stroke as given, before resampling.
//
// Degenerate strokes: fewer than 2 points, all points equal (zero path length) or a non-finite
// coordinate make compute() throw std::invalid_argument; it never returns NaN or infinity.
//
// Thread-safety: stateless; safe to call from any thread.
class TrajectoryFeatures {
public:
    static constexpr int kResamplePoints = 32;
    static constexpr int kFeatureCount
        = 2 * kResamplePoints + 2 * (kResamplePoints - 1) + (kResamplePoints - 2) + 5;

    // kFeatureCount stable names, in the order of compute()'s output.
    static std::vector<std::string> featureNames();

    // Throws std::invalid_argument for a degenerate stroke (see above).
    static std::vector<float> compute(const Stroke& stroke);
};

}  // namespace mb::models
