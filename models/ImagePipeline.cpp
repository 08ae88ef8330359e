#include "ImagePipeline.h"

#include "ImageCodec.h"
#include "PreprocessorState.h"

#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace mb::models {
namespace {

constexpr int64_t kMinSize = 4;
constexpr int64_t kMaxSize = 1024;

// Beyond 45 degrees of slant the "skew" of a mostly horizontal shape (mu02 near 0) is noise,
// and shearing by it would smear the image across the canvas.
constexpr double kMaxSkew = 1.0;

void checkOptions(const ImagePipelineOptions& o)
{
    auto fail
        = [](const std::string& what) { throw std::invalid_argument("ImagePipeline: " + what); };
    if (o.width < kMinSize || o.width > kMaxSize || o.height < kMinSize || o.height > kMaxSize)
        fail("width and height must be in [4, 1024]");
    if (!std::isfinite(o.mean) || !std::isfinite(o.std) || !(o.std > 0.0f))
        fail("mean must be finite and std positive");
    if (!(o.max_rotation_deg >= 0.0f && o.max_rotation_deg <= 180.0f))
        fail("max_rotation_deg must be in [0, 180]");
    if (!(o.min_scale > 0.0f && o.min_scale <= o.max_scale && o.max_scale <= 4.0f))
        fail("scale range must satisfy 0 < min_scale <= max_scale <= 4");
    if (!(o.max_shift_px >= 0.0f && o.max_shift_px <= 64.0f))
        fail("max_shift_px must be in [0, 64]");
}

const char* invertName(ImageInvert mode)
{
    switch (mode) {
    case ImageInvert::Never:
        return "never";
    case ImageInvert::Always:
        return "always";
    case ImageInvert::Auto:
        break;
    }
    return "auto";
}

bool borderIsBright(const cv::Mat& gray)
{
    double sum = 0.0;
    int64_t count = 0;
    for (int x = 0; x < gray.cols; ++x) {
        sum += gray.at<uint8_t>(0, x) + gray.at<uint8_t>(gray.rows - 1, x);
        count += 2;
    }
    for (int y = 1; y + 1 < gray.rows; ++y) {
        sum += gray.at<uint8_t>(y, 0) + gray.at<uint8_t>(y, gray.cols - 1);
        count += 2;
    }
    return sum > 127.5 * static_cast<double>(count);
}

// Shears rows horizontally about the centre of mass so that the ink's principal axis becomes
// vertical: the line x - cx = skew * (y - cy) maps onto x = cx. Same canvas size, as in the
// classic MNIST deskew.
cv::Mat deskew(const cv::Mat& gray)
{
    const cv::Moments m = cv::moments(gray);
    if (m.m00 <= 0.0 || m.mu02 / m.m00 < 1e-2)
        return gray;
    const double skew = std::clamp(m.mu11 / m.mu02, -kMaxSkew, kMaxSkew);
    const double cy = m.m01 / m.m00;
    const cv::Matx23d warp(1.0, skew, -skew * cy, 0.0, 1.0, 0.0);
    cv::Mat out;
    cv::warpAffine(gray, out, warp, gray.size(), cv::WARP_INVERSE_MAP | cv::INTER_LINEAR,
        cv::BORDER_CONSTANT, 0);
    return out;
}

float uniform(std::mt19937& rng, float lo, float hi)
{
    // Not std::uniform_real_distribution: its output is implementation-defined, and an
    // augmentation stream should not change with the standard library.
    const double u = static_cast<double>(rng()) / 4294967296.0;
    return static_cast<float>(lo + (hi - lo) * u);
}

}  // namespace

ImagePipeline::ImagePipeline(const ImagePipelineOptions& options)
    : m_options(options)
{
    checkOptions(m_options);
}

std::vector<float> ImagePipeline::prepare(const std::vector<uint8_t>& encoded) const
{
    int width = 0, height = 0;
    const std::vector<uint8_t> gray = decodeGray(encoded, width, height);
    return prepareGray(gray, width, height);
}

std::vector<float> ImagePipeline::prepareGray(
    const std::vector<uint8_t>& gray, int width, int height) const
{
    if (width <= 0 || height <= 0
        || gray.size() != static_cast<size_t>(width) * static_cast<size_t>(height))
        throw std::invalid_argument("ImagePipeline::prepareGray: " + std::to_string(gray.size())
            + " pixels for a " + std::to_string(width) + "x" + std::to_string(height) + " image");
    // Wraps the caller's pixels; every step below writes a new Mat, so nothing is modified.
    cv::Mat image(height, width, CV_8UC1, const_cast<uint8_t*>(gray.data()));

    const bool invert = m_options.invert == ImageInvert::Always
        || (m_options.invert == ImageInvert::Auto && borderIsBright(image));
    if (invert) {
        cv::Mat inverted;
        cv::bitwise_not(image, inverted);
        image = inverted;
    }
    if (m_options.deskew)
        image = deskew(image);

    const int outW = static_cast<int>(m_options.width);
    const int outH = static_cast<int>(m_options.height);
    const double scale
        = std::min(static_cast<double>(outW) / width, static_cast<double>(outH) / height);
    const int w = std::clamp(static_cast<int>(std::lround(width * scale)), 1, outW);
    const int h = std::clamp(static_cast<int>(std::lround(height * scale)), 1, outH);
    cv::Mat resized;
    // INTER_AREA averages when shrinking (no aliasing of thin strokes); it is blocky when growing.
    cv::resize(
        image, resized, cv::Size(w, h), 0, 0, scale < 1.0 ? cv::INTER_AREA : cv::INTER_LINEAR);

    std::vector<float> out(static_cast<size_t>(outW) * static_cast<size_t>(outH), 0.0f);
    cv::Mat canvas(outH, outW, CV_32FC1, out.data());
    resized.convertTo(canvas(cv::Rect((outW - w) / 2, (outH - h) / 2, w, h)), CV_32F, 1.0 / 255.0);
    return out;
}

void ImagePipeline::checkSize(const std::vector<float>& image, const char* what) const
{
    const size_t expected
        = static_cast<size_t>(m_options.width) * static_cast<size_t>(m_options.height);
    if (image.size() != expected)
        throw std::invalid_argument(std::string("ImagePipeline::") + what + ": image has "
            + std::to_string(image.size()) + " values, expected " + std::to_string(expected));
}

void ImagePipeline::fit(const std::vector<std::vector<float>>& prepared)
{
    if (prepared.empty())
        throw std::invalid_argument("ImagePipeline::fit: no images");
    double sum = 0.0;
    for (const std::vector<float>& image : prepared) {
        checkSize(image, "fit");
        for (float v : image) {
            if (!std::isfinite(v))
                throw std::invalid_argument("ImagePipeline::fit: a pixel is not finite");
            sum += v;
        }
    }
    const double count
        = static_cast<double>(prepared.size()) * static_cast<double>(prepared.front().size());
    const double mean = sum / count;
    double sq = 0.0;
    for (const std::vector<float>& image : prepared) {
        for (float v : image)
            sq += (v - mean) * (v - mean);
    }
    const float sd = static_cast<float>(std::sqrt(sq / count));
    m_options.mean = static_cast<float>(mean);
    m_options.std = sd > 0.0f ? sd : 1.0f;
}

std::vector<float> ImagePipeline::normalize(std::vector<float> prepared) const
{
    checkSize(prepared, "normalize");
    for (float& v : prepared)
        v = (v - m_options.mean) / m_options.std;
    return prepared;
}

std::vector<float> ImagePipeline::transform(const std::vector<uint8_t>& encoded) const
{
    return normalize(prepare(encoded));
}

std::vector<float> ImagePipeline::augment(
    const std::vector<float>& prepared, std::mt19937& rng) const
{
    checkSize(prepared, "augment");
    const ImagePipelineOptions& o = m_options;
    // Drawn in a fixed order so a seed always means the same warp.
    const float angle = uniform(rng, -o.max_rotation_deg, o.max_rotation_deg);
    const float scale = uniform(rng, o.min_scale, o.max_scale);
    const float dx = uniform(rng, -o.max_shift_px, o.max_shift_px);
    const float dy = uniform(rng, -o.max_shift_px, o.max_shift_px);

    const int w = static_cast<int>(o.width);
    const int h = static_cast<int>(o.height);
    cv::Mat warp
        = cv::getRotationMatrix2D(cv::Point2f((w - 1) * 0.5f, (h - 1) * 0.5f), angle, scale);
    warp.at<double>(0, 2) += dx;
    warp.at<double>(1, 2) += dy;

    const cv::Mat src(h, w, CV_32FC1, const_cast<float*>(prepared.data()));
    std::vector<float> out(prepared.size());
    cv::Mat dst(h, w, CV_32FC1, out.data());
    cv::warpAffine(src, dst, warp, dst.size(), cv::INTER_LINEAR, cv::BORDER_CONSTANT, 0);
    return out;
}

std::string ImagePipeline::serialize() const
{
    const ImagePipelineOptions& o = m_options;
    PreprocessorState state("ImagePipeline", 1);
    state.setInts("size", { o.width, o.height });
    state.setWord("invert", invertName(o.invert));
    state.setInt("deskew", o.deskew ? 1 : 0);
    state.setReal("mean", o.mean);
    state.setReal("std", o.std);
    state.setReal("rotation", o.max_rotation_deg);
    state.setReals("scale", { o.min_scale, o.max_scale });
    state.setReal("shift", o.max_shift_px);
    return state.toString();
}

ImagePipeline ImagePipeline::deserialize(const std::string& text)
{
    PreprocessorState state = PreprocessorState::parse(text, "ImagePipeline", 1);
    ImagePipelineOptions o;
    const std::vector<int64_t> size = state.getInts("size", kMinSize, kMaxSize);
    const std::string invert = state.getWord("invert");
    o.deskew = state.getInt("deskew", 0, 1) == 1;
    o.mean = state.getReal("mean");
    o.std = state.getReal("std");
    o.max_rotation_deg = state.getReal("rotation");
    const std::vector<float> scale = state.getReals("scale");
    o.max_shift_px = state.getReal("shift");
    state.finish();

    if (size.size() != 2 || scale.size() != 2)
        throw std::invalid_argument("ImagePipeline state: 'size' and 'scale' need two values");
    o.width = size[0];
    o.height = size[1];
    o.min_scale = scale[0];
    o.max_scale = scale[1];
    if (invert == "auto")
        o.invert = ImageInvert::Auto;
    else if (invert == "never")
        o.invert = ImageInvert::Never;
    else if (invert == "always")
        o.invert = ImageInvert::Always;
    else
        throw std::invalid_argument("ImagePipeline state: 'invert' must be auto, never or always");
    try {
        return ImagePipeline(o);
    } catch (const std::invalid_argument& e) {
        throw std::invalid_argument(std::string("ImagePipeline state: ") + e.what());
    }
}

}  // namespace mb::models
