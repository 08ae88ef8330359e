#include "UnistrokeGenerator.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <random>
#include <stdexcept>

namespace mb::models {

namespace {

constexpr double kPi = 3.14159265358979323846;

// Templates are made dense enough that bending a segment or warping the shape stays smooth.
constexpr double kDenseSpacing = 0.01;

struct Vec2 {
    double x;
    double y;
};
using Polyline = std::vector<Vec2>;

// The standard fixes mt19937_64's output sequence but not how its distributions consume it, so
// the distributions are written out here: a data set is then the same with any standard library.
class Random {
public:
    explicit Random(uint64_t seed)
        : m_engine(seed)
    {
    }

    double uniform() { return static_cast<double>(m_engine() >> 11) * 0x1.0p-53; }
    double uniform(double lo, double hi) { return lo + (hi - lo) * uniform(); }

    // Box-Muller. The second value of each pair is dropped so every call consumes exactly two
    // engine outputs, which keeps later draws independent of earlier control flow.
    double normal()
    {
        const double u1 = 1.0 - uniform();  // (0, 1]: the log stays finite
        const double u2 = uniform();
        return std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * kPi * u2);
    }

private:
    std::mt19937_64 m_engine;
};

uint64_t splitMix64(uint64_t x)
{
    x += 0x9E3779B97F4A7C15ull;
    x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
    x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
    return x ^ (x >> 31);
}

// Every sample owns a stream derived from (seed, class, index), so a sample never depends on how
// many samples, or which other classes, were asked for.
uint64_t sampleSeed(uint64_t seed, int classIndex, int index)
{
    uint64_t h = splitMix64(seed);
    h = splitMix64(h ^ static_cast<uint64_t>(classIndex));
    return splitMix64(h ^ static_cast<uint64_t>(index));
}

// Appends an elliptic arc; angles in degrees, screen convention (90 degrees points down).
// The first point is skipped when the polyline already ends there.
void appendArc(
    Polyline& out, Vec2 centre, double rx, double ry, double fromDeg, double toDeg, int steps)
{
    for (int i = out.empty() ? 0 : 1; i <= steps; ++i) {
        const double a = (fromDeg + (toDeg - fromDeg) * i / steps) * kPi / 180.0;
        out.push_back({ centre.x + rx * std::cos(a), centre.y + ry * std::sin(a) });
    }
}

// Top to bottom, opening to the right, the cusp pointing left; mirrored for the right brace.
Polyline curlyBrace(bool mirrored)
{
    Polyline p;
    appendArc(p, { 0.6, 0.15 }, 0.35, 0.15, -90, -180, 16);
    p.push_back({ 0.25, 0.35 });
    appendArc(p, { 0.0, 0.35 }, 0.25, 0.15, 0, 90, 16);
    appendArc(p, { 0.0, 0.65 }, 0.25, 0.15, -90, 0, 16);
    p.push_back({ 0.25, 0.85 });
    appendArc(p, { 0.6, 0.85 }, 0.35, 0.15, 180, 90, 16);
    if (mirrored) {
        for (Vec2& v : p)
            v.x = 0.6 - v.x;
    }
    return p;
}

// Five outer points of a regular pentagon, visited every second one, starting bottom-left and
// going up to the top point first, as in the $1 paper.
Polyline star()
{
    Polyline p;
    for (int k = 0; k <= 5; ++k) {
        const int vertex = (3 + 2 * k) % 5;
        const double a = (-90.0 + 72.0 * vertex) * kPi / 180.0;
        p.push_back({ 0.5 * std::cos(a), 0.5 * std::sin(a) });
    }
    return p;
}

// A prolate cycloid: in from the bottom left, a loop over the top drawn leftward, out to the
// bottom right.
Polyline pigtail()
{
    constexpr double r = 0.45;
    constexpr double d = 1.0;
    constexpr int steps = 96;
    Polyline p;
    for (int i = 0; i <= steps; ++i) {
        const double theta = -kPi + 2.0 * kPi * i / steps;
        p.push_back({ r * theta - d * std::sin(theta), -d * std::cos(theta) });
    }
    return p;
}

// Shapes and stroke directions follow the $1 paper's figure; screen convention, y down.
Polyline rawTemplate(int classIndex)
{
    switch (classIndex) {
    case 0:  // triangle: apex, down-left, across the bottom, back up to the apex
        return { { 0.5, 0.0 }, { 0.0, 0.9 }, { 1.0, 0.95 }, { 0.5, 0.04 } };
    case 1:  // x: a diagonal, up the right side, the other diagonal
        return { { 0.0, 0.05 }, { 0.78, 1.0 }, { 0.7, 0.0 }, { 0.0, 1.0 } };
    case 2:  // rectangle: from the top-left corner, counter-clockwise on screen
        return { { 0.0, 0.0 }, { 0.0, 1.0 }, { 1.3, 1.0 }, { 1.3, 0.0 }, { 0.0, 0.0 } };
    case 3: {  // circle: from just right of the top, leftward, a little past closing
        Polyline p;
        appendArc(p, { 0.0, 0.0 }, 0.5, 0.5, -80, -80 - 365, 96);
        return p;
    }
    case 4:  // check: a short stroke down-right, a long one up-right
        return { { 0.0, 0.55 }, { 0.3, 1.0 }, { 0.85, 0.0 } };
    case 5:  // caret
        return { { 0.0, 1.0 }, { 0.38, 0.0 }, { 0.78, 1.05 } };
    case 6:  // zig-zag: five strokes, from the bottom left to the top right
        return { { 0.0, 0.3 }, { 0.21, 0.0 }, { 0.42, 0.3 }, { 0.61, 0.0 }, { 0.81, 0.3 },
            { 1.0, 0.0 } };
    case 7:  // arrow: shaft to the tip, back out to the left barb, past the tip, the lower barb
        return { { 0.0, 0.6 }, { 0.85, 0.1 }, { 0.5, 0.12 }, { 1.0, 0.0 }, { 0.75, 0.4 } };
    case 8:  // left_square_bracket
        return { { 0.45, 0.02 }, { 0.0, 0.0 }, { 0.03, 1.0 }, { 0.5, 0.98 } };
    case 9:  // right_square_bracket
        return { { 0.0, 0.02 }, { 0.45, 0.0 }, { 0.48, 1.0 }, { 0.0, 0.98 } };
    case 10:  // v
        return { { 0.0, 0.0 }, { 0.45, 1.0 }, { 0.75, -0.03 } };
    case 11:  // delete: a diagonal down, back along the bottom, a diagonal up
        return { { 0.12, 0.03 }, { 0.8, 0.93 }, { 0.0, 1.0 }, { 0.72, 0.0 } };
    case 12:
        return curlyBrace(false);
    case 13:
        return curlyBrace(true);
    case 14:
        return star();
    case 15:
        return pigtail();
    default:
        throw std::invalid_argument(
            "UnistrokeGenerator: no template for class " + std::to_string(classIndex));
    }
}

// Centred on its bounding box, longer side 1: augmentation parameters then mean the same for
// every class.
Polyline normalisedTemplate(int classIndex)
{
    Polyline p = rawTemplate(classIndex);
    double minX = p[0].x, maxX = p[0].x, minY = p[0].y, maxY = p[0].y;
    for (const Vec2& v : p) {
        minX = std::min(minX, v.x);
        maxX = std::max(maxX, v.x);
        minY = std::min(minY, v.y);
        maxY = std::max(maxY, v.y);
    }
    const double extent = std::max(maxX - minX, maxY - minY);
    const double cx = 0.5 * (minX + maxX);
    const double cy = 0.5 * (minY + maxY);
    for (Vec2& v : p)
        v = { (v.x - cx) / extent, (v.y - cy) / extent };
    return p;
}

const std::vector<Polyline>& templates()
{
    static const std::vector<Polyline> all = [] {
        std::vector<Polyline> t;
        for (int c = 0; c < UnistrokeGenerator::classCount(); ++c)
            t.push_back(normalisedTemplate(c));
        return t;
    }();
    return all;
}

// Subdivides every segment and bows it sideways by a random fraction of its length: hands do
// not draw straight lines. Curves consist of short segments, so they barely bow.
Polyline bentDense(const Polyline& control, double wobble, Random& rng)
{
    Polyline out { control.front() };
    for (size_t i = 1; i < control.size(); ++i) {
        const Vec2 a = control[i - 1];
        const Vec2 b = control[i];
        const double dx = b.x - a.x;
        const double dy = b.y - a.y;
        const double length = std::hypot(dx, dy);
        const double bow = rng.normal() * wobble * length;
        if (length <= 0.0)
            continue;
        const int pieces = std::max(1, static_cast<int>(std::ceil(length / kDenseSpacing)));
        const double nx = -dy / length;
        const double ny = dx / length;
        for (int j = 1; j <= pieces; ++j) {
            const double u = static_cast<double>(j) / pieces;
            const double offset = bow * std::sin(kPi * u);
            out.push_back({ a.x + dx * u + nx * offset, a.y + dy * u + ny * offset });
        }
    }
    return out;
}

// A smooth, low-frequency displacement field: it changes proportions (where the apex sits, how
// round a loop is) without adding corners.
void warp(Polyline& path, double wobble, Random& rng)
{
    double amplitude[4];
    double phase[4];
    for (int i = 0; i < 4; ++i) {
        amplitude[i] = 0.7 * wobble * rng.normal();
        phase[i] = rng.uniform(0.0, 2.0 * kPi);
    }
    for (Vec2& v : path) {
        const double dx = amplitude[0] * std::sin(kPi * v.y + phase[0])
            + amplitude[1] * std::sin(kPi * v.x + phase[1]);
        const double dy = amplitude[2] * std::sin(kPi * v.x + phase[2])
            + amplitude[3] * std::sin(kPi * v.y + phase[3]);
        v.x += dx;
        v.y += dy;
    }
}

void requireOption(bool ok, const char* message)
{
    if (!ok)
        throw std::invalid_argument(std::string("UnistrokeGeneratorOptions: ") + message);
}

}  // namespace

UnistrokeGenerator::UnistrokeGenerator(const UnistrokeGeneratorOptions& options)
    : m_options(options)
{
    const auto& o = m_options;
    // Written so that NaN fails every check.
    requireOption(o.perClass >= 0, "perClass must be >= 0");
    requireOption(o.size > 0.0f && std::isfinite(o.size), "size must be > 0");
    requireOption(o.minScale > 0.0f && o.minScale <= o.maxScale && std::isfinite(o.maxScale),
        "need 0 < minScale <= maxScale");
    requireOption(o.maxRotationDegrees >= 0.0f && o.maxRotationDegrees <= 180.0f,
        "maxRotationDegrees must be in [0, 180]");
    requireOption(o.minAspect > 0.0f && o.minAspect <= o.maxAspect && std::isfinite(o.maxAspect),
        "need 0 < minAspect <= maxAspect");
    requireOption(o.penSpeed > 0.0f && std::isfinite(o.penSpeed), "penSpeed must be > 0");
    requireOption(
        o.speedVariation >= 0.0f && o.speedVariation < 1.0f, "speedVariation must be in [0, 1)");
    requireOption(
        o.sampleInterval > 0.0f && std::isfinite(o.sampleInterval), "sampleInterval must be > 0");
    requireOption(
        o.timingJitter >= 0.0f && o.timingJitter < 1.0f, "timingJitter must be in [0, 1)");
    requireOption(o.jitter >= 0.0f && std::isfinite(o.jitter), "jitter must be >= 0");
    requireOption(o.wobble >= 0.0f && std::isfinite(o.wobble), "wobble must be >= 0");
}

const std::vector<std::string>& UnistrokeGenerator::classNames()
{
    static const std::vector<std::string> names = {
        "triangle",
        "x",
        "rectangle",
        "circle",
        "check",
        "caret",
        "zig-zag",
        "arrow",
        "left_square_bracket",
        "right_square_bracket",
        "v",
        "delete",
        "left_curly_brace",
        "right_curly_brace",
        "star",
        "pigtail",
    };
    return names;
}

int UnistrokeGenerator::classCount()
{
    return static_cast<int>(classNames().size());
}

Stroke UnistrokeGenerator::sample(int classIndex, int index) const
{
    if (classIndex < 0 || classIndex >= classCount())
        throw std::invalid_argument("UnistrokeGenerator: class index " + std::to_string(classIndex)
            + " is not in [0, " + std::to_string(classCount()) + ")");
    if (index < 0)
        throw std::invalid_argument("UnistrokeGenerator: sample index must be >= 0");

    const auto& o = m_options;
    Random rng(sampleSeed(o.seed, classIndex, index));

    // Global parameters first, in a fixed order, so each keeps its meaning if another changes.
    const double scale = rng.uniform(o.minScale, o.maxScale);
    const double aspect = rng.uniform(o.minAspect, o.maxAspect);
    const double rotation = rng.uniform(-1.0, 1.0) * o.maxRotationDegrees * kPi / 180.0;
    const double speedVariation = o.speedVariation;
    const double speedFactor = rng.uniform(1.0 - speedVariation, 1.0 + speedVariation);
    const double speedWeight1 = 0.7 * rng.uniform(-1.0, 1.0);
    const double speedPhase1 = rng.uniform(0.0, 2.0 * kPi);
    const double speedWeight2 = 0.3 * rng.uniform(-1.0, 1.0);
    const double speedPhase2 = rng.uniform(0.0, 2.0 * kPi);

    Polyline path = bentDense(templates()[classIndex], o.wobble, rng);
    warp(path, o.wobble, rng);

    const double sx = scale * o.size * std::sqrt(aspect);
    const double sy = scale * o.size / std::sqrt(aspect);
    const double cosR = std::cos(rotation);
    const double sinR = std::sin(rotation);
    for (Vec2& v : path) {
        const double x = v.x * sx;
        const double y = v.y * sy;
        v = { x * cosR - y * sinR, x * sinR + y * cosR };
    }

    // Pen timing: slow at both ends, faster in the middle, with a smooth random modulation.
    // Integrating 1/speed over the path gives the time at which the pen passes each point.
    std::vector<double> arc(path.size(), 0.0);
    for (size_t i = 1; i < path.size(); ++i)
        arc[i] = arc[i - 1] + std::hypot(path[i].x - path[i - 1].x, path[i].y - path[i - 1].y);
    const double length = std::max(arc.back(), std::numeric_limits<double>::min());
    const double baseSpeed = o.penSpeed * o.size * speedFactor;
    std::vector<double> time(path.size(), 0.0);
    for (size_t i = 1; i < path.size(); ++i) {
        const double u = 0.5 * (arc[i] + arc[i - 1]) / length;
        const double modulation = speedWeight1 * std::sin(2.0 * kPi * u + speedPhase1)
            + speedWeight2 * std::sin(4.0 * kPi * u + speedPhase2);
        const double ease = 0.4 + 0.6 * std::sin(kPi * u);
        const double speed = baseSpeed * ease * (1.0 + speedVariation * modulation);
        time[i] = time[i - 1] + (arc[i] - arc[i - 1]) / speed;
    }
    const double duration = time.back();

    // A digitiser reports at roughly, not exactly, regular intervals.
    Stroke stroke;
    stroke.push_back({ static_cast<float>(path[0].x), static_cast<float>(path[0].y), 0.0f });
    size_t segment = 1;
    double t = 0.0;
    while (true) {
        t += o.sampleInterval * (1.0 + o.timingJitter * rng.uniform(-1.0, 1.0));
        if (t >= duration)
            break;
        while (time[segment] < t)
            ++segment;
        const double span = time[segment] - time[segment - 1];
        const double u = span > 0.0 ? (t - time[segment - 1]) / span : 1.0;
        const Vec2& a = path[segment - 1];
        const Vec2& b = path[segment];
        stroke.push_back({ static_cast<float>(a.x + (b.x - a.x) * u),
            static_cast<float>(a.y + (b.y - a.y) * u), static_cast<float>(t) });
    }
    stroke.push_back({ static_cast<float>(path.back().x), static_cast<float>(path.back().y),
        static_cast<float>(duration) });

    const double noise = o.jitter * o.size;
    for (StrokePoint& p : stroke) {
        p.x += static_cast<float>(noise * rng.normal());
        p.y += static_cast<float>(noise * rng.normal());
    }
    return stroke;
}

std::vector<Stroke> UnistrokeGenerator::generate(int classIndex, int count) const
{
    if (count < 0)
        throw std::invalid_argument("UnistrokeGenerator: count must be >= 0");
    std::vector<Stroke> strokes;
    strokes.reserve(static_cast<size_t>(count));
    for (int i = 0; i < count; ++i)
        strokes.push_back(sample(classIndex, i));
    return strokes;
}

std::vector<LabeledStroke> UnistrokeGenerator::generateAll() const
{
    std::vector<LabeledStroke> all;
    all.reserve(static_cast<size_t>(classCount()) * static_cast<size_t>(m_options.perClass));
    for (int c = 0; c < classCount(); ++c) {
        for (Stroke& s : generate(c, m_options.perClass))
            all.push_back({ std::move(s), c });
    }
    return all;
}

}  // namespace mb::models
