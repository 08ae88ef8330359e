#include "StrokeRasterizer.h"

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

namespace mb::models {

namespace {

// cv::polylines takes integer widths; drawing 4x larger and reducing with area averaging gives
// fractional pen widths and smoother edges than LINE_AA alone at 28 px.
constexpr int kSupersample = 4;
// Sub-pixel vertex positions for OpenCV's fixed-point drawing.
constexpr int kShiftBits = 4;

}  // namespace

StrokeRasterizer::StrokeRasterizer(const StrokeRasterizerOptions& options)
    : m_options(options)
{
    if (!(m_options.size >= 4 && m_options.size <= 4096))
        throw std::invalid_argument("StrokeRasterizerOptions: size must be in [4, 4096]");
    if (!(m_options.margin >= 0.0f && m_options.margin < 0.5f))
        throw std::invalid_argument("StrokeRasterizerOptions: margin must be in [0, 0.5)");
    if (!(m_options.thickness > 0.0f && m_options.thickness <= 1.0f))
        throw std::invalid_argument("StrokeRasterizerOptions: thickness must be in (0, 1]");
}

std::vector<uint8_t> StrokeRasterizer::rasterize(const Stroke& stroke) const
{
    const int size = m_options.size;
    std::vector<uint8_t> pixels(static_cast<size_t>(size) * size, 0);
    if (stroke.empty())
        return pixels;

    float minX = stroke[0].x, maxX = stroke[0].x, minY = stroke[0].y, maxY = stroke[0].y;
    for (const StrokePoint& p : stroke) {
        if (!std::isfinite(p.x) || !std::isfinite(p.y))
            throw std::invalid_argument("StrokeRasterizer: stroke has a non-finite coordinate");
        minX = std::min(minX, p.x);
        maxX = std::max(maxX, p.x);
        minY = std::min(minY, p.y);
        maxY = std::max(maxY, p.y);
    }

    const int canvasSize = size * kSupersample;
    cv::Mat canvas = cv::Mat::zeros(canvasSize, canvasSize, CV_8UC1);
    const double extent = std::max(double(maxX) - minX, double(maxY) - minY);
    const double usable = canvasSize * (1.0 - 2.0 * m_options.margin);
    const double scale = extent > 0.0 ? usable / extent : 0.0;
    const double centre = 0.5 * (canvasSize - 1);  // pixel centres sit on integer coordinates
    const double midX = 0.5 * (double(minX) + maxX);
    const double midY = 0.5 * (double(minY) + maxY);
    constexpr double fixedOne = 1 << kShiftBits;

    std::vector<cv::Point> points;
    points.reserve(stroke.size());
    for (const StrokePoint& p : stroke) {
        points.emplace_back(
            static_cast<int>(std::lround((centre + (p.x - midX) * scale) * fixedOne)),
            static_cast<int>(std::lround((centre + (p.y - midY) * scale) * fixedOne)));
    }

    const double penWidth = m_options.thickness * canvasSize;
    const cv::Scalar ink(255);
    if (extent > 0.0) {
        const int thickness = std::max(1, static_cast<int>(std::lround(penWidth)));
        cv::polylines(canvas, points, false, ink, thickness, cv::LINE_AA, kShiftBits);
    } else {
        // A tap: a dot as wide as the pen.
        const int radius = static_cast<int>(std::lround(0.5 * penWidth * fixedOne));
        cv::circle(
            canvas, points[0], std::max(1, radius), ink, cv::FILLED, cv::LINE_AA, kShiftBits);
    }

    // Same size and type, so resize writes straight into the returned buffer.
    cv::Mat image(size, size, CV_8UC1, pixels.data());
    cv::resize(canvas, image, image.size(), 0.0, 0.0, cv::INTER_AREA);
    return pixels;
}

std::vector<uint8_t> StrokeRasterizer::encodePng(
    const std::vector<uint8_t>& gray, int width, int height)
{
    if (width <= 0 || height <= 0
        || gray.size() != static_cast<size_t>(width) * static_cast<size_t>(height))
        throw std::invalid_argument("StrokeRasterizer::encodePng: expected " + std::to_string(width)
            + " x " + std::to_string(height) + " bytes, got " + std::to_string(gray.size()));
    // imencode only reads the pixels; the Mat header wraps them without copying.
    const cv::Mat image(height, width, CV_8UC1, const_cast<uint8_t*>(gray.data()));
    std::vector<uint8_t> png;
    if (!cv::imencode(".png", image, png))
        throw std::runtime_error("StrokeRasterizer::encodePng: PNG encoding failed");
    return png;
}

}  // namespace mb::models
