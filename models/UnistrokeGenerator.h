#pragma once

#include "Stroke.h"

#include <cstdint>
#include <string>
#include <vector>

namespace mb::models {

// Options of UnistrokeGenerator. Lengths are in output canvas units unless said otherwise;
// "fraction of size" means relative to `size`.
struct UnistrokeGeneratorOptions {
    // Samples of each class that generateAll() returns.
    int perClass = 100;
    // The whole data set is a pure function of the options.
    uint64_t seed = 1;
    // Nominal extent (longer bounding-box side) of a gesture before scaling.
    float size = 200.0f;
    // Uniform scale factor, drawn from [minScale, maxScale].
    float minScale = 0.8f;
    float maxScale = 1.2f;
    // Rotation, drawn from [-maxRotationDegrees, +maxRotationDegrees].
    float maxRotationDegrees = 15.0f;
    // Width/height stretch, drawn from [minAspect, maxAspect]; the area stays the same.
    float minAspect = 0.8f;
    float maxAspect = 1.25f;
    // Pen speed in the middle of a stroke, in sizes per second; the pen starts and ends slower.
    float penSpeed = 4.0f;
    // In [0, 1): the overall speed factor is drawn from [1 - v, 1 + v], and the speed along the
    // stroke varies smoothly by up to +-v.
    float speedVariation = 0.3f;
    // Mean seconds between recorded points (a 100 Hz digitiser).
    float sampleInterval = 0.01f;
    // In [0, 1): each interval between time stamps varies by up to +-this fraction.
    float timingJitter = 0.25f;
    // Standard deviation of the gaussian noise added to every point, as a fraction of size.
    float jitter = 0.006f;
    // Scale of the smooth random deformation of the shape, as a fraction of size; each straight
    // segment also bows sideways by about this fraction of its own length.
    float wobble = 0.04f;
};

// A generated stroke and the index of its class in UnistrokeGenerator::classNames().
struct LabeledStroke {
    Stroke stroke;
    int label = 0;
};

// Synthesises the 16 unistroke gestures of the $1 recognizer paper (Wobbrock et al., UIST 2007)
// as timed pen traces, so that a fresh install has a gesture data set without any download.
// Each class is a template drawn in the paper's direction; every sample is that template bent a
// little, scaled, stretched, rotated, traced at a varying pen speed with irregular time stamps,
// and sprinkled with sensor noise. Output is centred near (0, 0), screen convention (y down).
//
// Deterministic: sample(c, i) depends only on the options and (c, i), so asking for N or N + 10
// samples per class yields the same first N, and the same seed yields identical points on every
// run. The random draws use std::mt19937_64 (whose sequence the standard fixes) with
// distributions implemented here, not the library's.
//
// Thread-safety: const member functions may be called concurrently. Holds only its options.
class UnistrokeGenerator {
public:
    // Throws std::invalid_argument if an option is out of range.
    explicit UnistrokeGenerator(const UnistrokeGeneratorOptions& options = {});

    // triangle, x, rectangle, circle, check, caret, zig-zag, arrow, left_square_bracket,
    // right_square_bracket, v, delete, left_curly_brace, right_curly_brace, star, pigtail.
    static const std::vector<std::string>& classNames();
    static int classCount();

    const UnistrokeGeneratorOptions& options() const { return m_options; }

    // The index-th sample of a class. Throws std::invalid_argument for a bad class or index < 0.
    Stroke sample(int classIndex, int index) const;

    // Samples 0 .. count-1 of one class.
    std::vector<Stroke> generate(int classIndex, int count) const;

    // options().perClass samples of every class, class by class (all of class 0 first).
    std::vector<LabeledStroke> generateAll() const;

private:
    UnistrokeGeneratorOptions m_options;
};

}  // namespace mb::models
