#pragma once

#include "Stroke.h"

#include <cstdint>
#include <vector>

namespace mb::models {

// Options of StrokeRasterizer.
struct StrokeRasterizerOptions {
    // Width and height of the square image, in pixels, in [4, 4096].
    int size = 28;
    // Border left around the pen's centre line on each side, as a fraction of size, in [0, 0.5).
    // Half the pen width reaches into it.
    float margin = 0.12f;
    // Pen width as a fraction of size (2.8 px at 28), in (0, 1].
    float thickness = 0.1f;
};

// Draws a pen stroke as a small grayscale image, the input of the stroke/image gesture models.
// The stroke's bounding box is scaled, keeping its aspect ratio, to fit the canvas inside the
// margin and centred; the pen trace is drawn anti-aliased (rendered 4x larger, then reduced).
// A stroke whose points all coincide is drawn as a dot in the centre; an empty one gives a blank
// image. Time stamps are ignored.
//
// Thread-safety: const member functions may be called concurrently. Holds only its options.
class StrokeRasterizer {
public:
    // Throws std::invalid_argument if an option is out of range.
    explicit StrokeRasterizer(const StrokeRasterizerOptions& options = {});

    const StrokeRasterizerOptions& options() const { return m_options; }

    // size * size bytes, row-major, 0 = background, 255 = ink.
    // Throws std::invalid_argument if a coordinate is not finite.
    std::vector<uint8_t> rasterize(const Stroke& stroke) const;

    // PNG file bytes of a row-major 8-bit grayscale image of width * height bytes.
    // Throws std::invalid_argument if the sizes do not match, std::runtime_error if encoding fails.
    static std::vector<uint8_t> encodePng(const std::vector<uint8_t>& gray, int width, int height);

private:
    StrokeRasterizerOptions m_options;
};

}  // namespace mb::models
