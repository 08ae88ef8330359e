#pragma once

#include <cstdint>
#include <optional>
#include <vector>

namespace mb::models {

// What probeImage() found in an encoded image file.
struct DecodedImage {
    int width = 0;
    int height = 0;
    int channels = 0;  // 1 gray, 2 gray + alpha, 3 colour, 4 colour + alpha
};

// Checks that `bytes` are an image file OpenCV can decode (PNG, JPEG, BMP, TIFF, WebP, PGM/PPM,
// ...; GIF only with OpenCV 4.7 or newer) and returns its size, decoding it fully so that a
// truncated or damaged file is caught. std::nullopt when the bytes are empty or undecodable;
// never throws for bad data.
// Thread-safe: stateless.
std::optional<DecodedImage> probeImage(const std::vector<uint8_t>& bytes);

// Decodes an image file to 8-bit grayscale: width * height bytes, row-major.
// Throws std::invalid_argument if the bytes are not a decodable image. Thread-safe.
std::vector<uint8_t> decodeGray(const std::vector<uint8_t>& bytes, int& width, int& height);

}  // namespace mb::models
