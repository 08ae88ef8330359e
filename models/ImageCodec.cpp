#include "ImageCodec.h"

#include <opencv2/imgcodecs.hpp>

#include <stdexcept>

namespace mb::models {
namespace {

// imdecode returns an empty Mat for most bad input but throws cv::Exception for some; both
// mean "not an image" here.
cv::Mat decode(const std::vector<uint8_t>& bytes, int flags)
{
    if (bytes.empty())
        return {};
    try {
        return cv::imdecode(bytes, flags);
    } catch (const cv::Exception&) {
        return {};
    }
}

}  // namespace

std::optional<DecodedImage> probeImage(const std::vector<uint8_t>& bytes)
{
    const cv::Mat image = decode(bytes, cv::IMREAD_UNCHANGED);
    if (image.empty())
        return std::nullopt;
    return DecodedImage { image.cols, image.rows, image.channels() };
}

std::vector<uint8_t> decodeGray(const std::vector<uint8_t>& bytes, int& width, int& height)
{
    const cv::Mat image = decode(bytes, cv::IMREAD_GRAYSCALE);
    if (image.empty())
        throw std::invalid_argument("decodeGray: not a decodable image");
    // IMREAD_GRAYSCALE always yields 8-bit single-channel; clone() makes it continuous.
    const cv::Mat gray = image.isContinuous() ? image : image.clone();
    width = gray.cols;
    height = gray.rows;
    return std::vector<uint8_t>(gray.data, gray.data + gray.total());
}

}  // namespace mb::models
