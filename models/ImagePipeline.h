#pragma once

#include <cstdint>
#include <random>
#include <string>
#include <vector>

namespace mb::models {

// Whether ImagePipeline inverts an image so that the ink is bright on a dark background (what
// the models are trained on, like MNIST and StrokeRasterizer's output).
enum class ImageInvert {
    Auto,  // invert when the image's border is mostly bright (dark ink on paper)
    Never,
    Always,
};

// Options of ImagePipeline.
struct ImagePipelineOptions {
    // Output size in pixels, each in [4, 1024].
    int64_t width = 28;
    int64_t height = 28;
    ImageInvert invert = ImageInvert::Auto;
    // Moment-based deskew (the classic MNIST one). Off by default: for pen gestures the slant
    // can be the class (a "/" stroke is not a "|" stroke).
    bool deskew = false;
    // Normalisation x' = (x - mean) / std on [0, 1] pixels until fit() measures them; std > 0.
    float mean = 0.5f;
    float std = 0.5f;
    // augment(): rotation uniform in +-max_rotation_deg ([0, 180]), scale uniform in
    // [min_scale, max_scale] (0 < min <= max <= 4), shift uniform in +-max_shift_px per axis
    // ([0, 64]).
    float max_rotation_deg = 10.0f;
    float min_scale = 0.9f;
    float max_scale = 1.1f;
    float max_shift_px = 2.0f;
};

// The image preprocessing of the stroke/image gesture models, on OpenCV:
//   prepare:   decode (any format OpenCV reads) -> 8-bit grayscale -> invert (see ImageInvert)
//              -> optional deskew -> resize to fit width x height keeping the aspect ratio,
//              centred, padded with background -> float in [0, 1]
//   normalize: (x - mean) / std
//   transform: normalize(prepare(bytes)), what inference uses
//   augment:   a small random affine warp of a prepared image, for training only; normalize
//              after it.
// Images are row-major float vectors of height * width values (a [1, H, W] tensor's layout).
// No cv::Mat crosses this header.
//
// Thread-safety: const member functions may be called concurrently (augment() uses only the
// generator it is given); fit() and assignment need exclusive access. A value type.
class ImagePipeline {
public:
    // Throws std::invalid_argument if an option is out of range.
    explicit ImagePipeline(const ImagePipelineOptions& options = {});

    // The options with mean/std as last fitted.
    const ImagePipelineOptions& options() const { return m_options; }

    // Throws std::invalid_argument if the bytes are not a decodable image.
    std::vector<float> prepare(const std::vector<uint8_t>& encoded) const;
    // Same from raw 8-bit grayscale pixels (row-major, width * height), e.g. a rasterised stroke.
    // Throws std::invalid_argument if the sizes do not match or are not positive.
    std::vector<float> prepareGray(const std::vector<uint8_t>& gray, int width, int height) const;

    // Sets mean/std to the population mean and standard deviation of all pixels of the given
    // prepared images (std 1 if they are all equal). Throws std::invalid_argument if there are
    // none or one has the wrong size.
    void fit(const std::vector<std::vector<float>>& prepared);

    // Throws std::invalid_argument if the image does not have width * height values.
    std::vector<float> normalize(std::vector<float> prepared) const;
    std::vector<float> transform(const std::vector<uint8_t>& encoded) const;

    // A randomly rotated, scaled and shifted copy of a prepared image (bilinear, background
    // fills what moves in). The same generator state gives the same image.
    std::vector<float> augment(const std::vector<float>& prepared, std::mt19937& rng) const;

    // Text record (see PreprocessorState): kind ImagePipeline, version 1, keys `size` (width
    // height), `invert` (auto|never|always), `deskew` (0|1), `mean`, `std`, `rotation`,
    // `scale` (min max), `shift`.
    std::string serialize() const;
    // Throws std::invalid_argument on a malformed record or out-of-range settings.
    static ImagePipeline deserialize(const std::string& text);

private:
    void checkSize(const std::vector<float>& image, const char* what) const;

    ImagePipelineOptions m_options;
};

}  // namespace mb::models
