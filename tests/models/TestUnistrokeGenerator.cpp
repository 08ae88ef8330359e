#include "StrokeRasterizer.h"
#include "TrajectoryFeatures.h"
#include "UnistrokeGenerator.h"

#include <QtTest>

#include <algorithm>
#include <cmath>
#include <limits>
#include <set>
#include <stdexcept>

using namespace mb::models;

namespace {

bool sameStroke(const Stroke& a, const Stroke& b)
{
    return std::equal(
        a.begin(), a.end(), b.begin(), b.end(), [](const StrokePoint& p, const StrokePoint& q) {
            return p.x == q.x && p.y == q.y && p.t == q.t;
        });
}

UnistrokeGeneratorOptions optionsWith(uint64_t seed, int perClass)
{
    UnistrokeGeneratorOptions options;
    options.seed = seed;
    options.perClass = perClass;
    return options;
}

int inkPixels(const std::vector<uint8_t>& image)
{
    return static_cast<int>(
        std::count_if(image.begin(), image.end(), [](uint8_t v) { return v > 0; }));
}

uint32_t bigEndian32(const std::vector<uint8_t>& bytes, size_t at)
{
    return (uint32_t(bytes[at]) << 24) | (uint32_t(bytes[at + 1]) << 16)
        | (uint32_t(bytes[at + 2]) << 8) | uint32_t(bytes[at + 3]);
}

void addClassRows()
{
    QTest::addColumn<int>("classIndex");
    for (int c = 0; c < UnistrokeGenerator::classCount(); ++c)
        QTest::newRow(UnistrokeGenerator::classNames()[c].c_str()) << c;
}

}  // namespace

class TestUnistrokeGenerator : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void hasTheSixteenClassesOfThePaper()
    {
        const QStringList expected = { "triangle", "x", "rectangle", "circle", "check", "caret",
            "zig-zag", "arrow", "left_square_bracket", "right_square_bracket", "v", "delete",
            "left_curly_brace", "right_curly_brace", "star", "pigtail" };
        QStringList actual;
        for (const std::string& name : UnistrokeGenerator::classNames())
            actual << QString::fromStdString(name);
        QCOMPARE(actual, expected);
        QCOMPARE(UnistrokeGenerator::classCount(), 16);
    }

    void sameSeedGivesIdenticalStrokes()
    {
        const auto a = UnistrokeGenerator(optionsWith(42, 5)).generateAll();
        const auto b = UnistrokeGenerator(optionsWith(42, 5)).generateAll();
        QCOMPARE(a.size(), b.size());
        for (size_t i = 0; i < a.size(); ++i) {
            QCOMPARE(a[i].label, b[i].label);
            QVERIFY2(sameStroke(a[i].stroke, b[i].stroke), qPrintable(QString::number(i)));
        }
        const UnistrokeGenerator generator(optionsWith(42, 5));
        QVERIFY(sameStroke(generator.sample(3, 2), generator.sample(3, 2)));
    }

    void differentSeedGivesDifferentStrokes()
    {
        const UnistrokeGenerator one(optionsWith(42, 1));
        const UnistrokeGenerator other(optionsWith(43, 1));
        for (int c = 0; c < UnistrokeGenerator::classCount(); ++c)
            QVERIFY2(
                !sameStroke(one.sample(c, 0), other.sample(c, 0)), qPrintable(QString::number(c)));
        // Samples of one class differ from each other too.
        QVERIFY(!sameStroke(one.sample(0, 0), one.sample(0, 1)));
    }

    void askingForMoreKeepsTheFirstSamples()
    {
        constexpr int n = 8;
        const auto few = UnistrokeGenerator(optionsWith(7, n)).generateAll();
        const auto more = UnistrokeGenerator(optionsWith(7, n + 10)).generateAll();
        for (int c = 0; c < UnistrokeGenerator::classCount(); ++c) {
            for (int i = 0; i < n; ++i) {
                const LabeledStroke& a = few[size_t(c * n + i)];
                const LabeledStroke& b = more[size_t(c * (n + 10) + i)];
                QCOMPARE(a.label, c);
                QCOMPARE(b.label, c);
                QVERIFY2(sameStroke(a.stroke, b.stroke),
                    qPrintable(QStringLiteral("%1/%2").arg(c).arg(i)));
            }
        }
        const UnistrokeGenerator generator(optionsWith(7, n));
        const auto first = generator.generate(5, n);
        const auto longer = generator.generate(5, n + 10);
        for (int i = 0; i < n; ++i)
            QVERIFY(sameStroke(first[size_t(i)], longer[size_t(i)]));
    }

    void classesAreBalanced()
    {
        constexpr int perClass = 7;
        const auto all = UnistrokeGenerator(optionsWith(3, perClass)).generateAll();
        QCOMPARE(all.size(), size_t(16 * perClass));
        std::vector<int> counts(16, 0);
        for (size_t i = 0; i < all.size(); ++i) {
            QVERIFY(all[i].label >= 0 && all[i].label < 16);
            QCOMPARE(all[i].label, int(i) / perClass);  // class by class
            ++counts[size_t(all[i].label)];
        }
        for (int count : counts)
            QCOMPARE(count, perClass);
        QVERIFY(UnistrokeGenerator(optionsWith(3, 0)).generateAll().empty());
    }

    void strokesAreSane_data() { addClassRows(); }
    void strokesAreSane()
    {
        QFETCH(int, classIndex);
        const UnistrokeGenerator generator(optionsWith(11, 20));
        const float size = generator.options().size;
        for (const Stroke& stroke : generator.generate(classIndex, 20)) {
            QVERIFY(stroke.size() >= 20);
            QCOMPARE(stroke.front().t, 0.0f);
            float minX = stroke[0].x, maxX = minX, minY = stroke[0].y, maxY = minY;
            std::set<float> intervals;
            for (size_t i = 0; i < stroke.size(); ++i) {
                const StrokePoint& p = stroke[i];
                QVERIFY(std::isfinite(p.x) && std::isfinite(p.y) && std::isfinite(p.t));
                QVERIFY(std::abs(p.x) <= 2 * size && std::abs(p.y) <= 2 * size);
                minX = std::min(minX, p.x);
                maxX = std::max(maxX, p.x);
                minY = std::min(minY, p.y);
                maxY = std::max(maxY, p.y);
                if (i > 0) {
                    QVERIFY(p.t >= stroke[i - 1].t);
                    intervals.insert(p.t - stroke[i - 1].t);
                }
            }
            QVERIFY(stroke.back().t > 0.1f && stroke.back().t < 5.0f);
            QVERIFY2(intervals.size() > stroke.size() / 2, "time stamps should be irregular");
            const float extent = std::max(maxX - minX, maxY - minY);
            QVERIFY2(
                extent > 0.5f * size && extent < 2.0f * size, qPrintable(QString::number(extent)));
        }
    }

    void badArgumentsThrow()
    {
        const UnistrokeGenerator generator;
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, generator.sample(-1, 0));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, generator.sample(16, 0));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, generator.sample(0, -1));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, generator.generate(0, -1));

        UnistrokeGeneratorOptions scales;
        scales.minScale = 2.0f;
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, UnistrokeGenerator { scales });
        UnistrokeGeneratorOptions interval;
        interval.sampleInterval = 0.0f;
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, UnistrokeGenerator { interval });
        UnistrokeGeneratorOptions notANumber;
        notANumber.wobble = std::numeric_limits<float>::quiet_NaN();
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, UnistrokeGenerator { notANumber });
    }

    void rasterHasInk_data() { addClassRows(); }
    void rasterHasInk()
    {
        QFETCH(int, classIndex);
        const StrokeRasterizer rasterizer;
        QCOMPARE(rasterizer.options().size, 28);
        for (const Stroke& stroke :
            UnistrokeGenerator(optionsWith(5, 10)).generate(classIndex, 10)) {
            const std::vector<uint8_t> image = rasterizer.rasterize(stroke);
            QCOMPARE(image.size(), size_t(28 * 28));
            const int ink = inkPixels(image);
            QVERIFY2(ink >= 40 && ink <= 450, qPrintable(QString::number(ink)));
            QCOMPARE(*std::max_element(image.begin(), image.end()), uint8_t(255));
            // The margin keeps the outermost rows and columns blank.
            for (int i = 0; i < 28; ++i) {
                QCOMPARE(image[size_t(i)], uint8_t(0));
                QCOMPARE(image[size_t(27 * 28 + i)], uint8_t(0));
                QCOMPARE(image[size_t(i * 28)], uint8_t(0));
                QCOMPARE(image[size_t(i * 28 + 27)], uint8_t(0));
            }
        }
    }

    void rasterizerHandlesSizesAndDegenerateStrokes()
    {
        StrokeRasterizerOptions options;
        options.size = 64;
        const StrokeRasterizer large(options);
        const Stroke line = { { 0, 0, 0 }, { 100, 0, 0.1f } };
        const auto image = large.rasterize(line);
        QCOMPARE(image.size(), size_t(64 * 64));
        QVERIFY(image[size_t(32 * 64 + 32)] > 0 || image[size_t(31 * 64 + 32)] > 0);  // centred
        QCOMPARE(image[size_t(5 * 64 + 32)], uint8_t(0));

        const StrokeRasterizer rasterizer;
        QCOMPARE(inkPixels(rasterizer.rasterize({})), 0);
        const auto dot = rasterizer.rasterize({ { 5, 5, 0 } });
        QVERIFY(inkPixels(dot) > 0 && inkPixels(dot) < 30);
        QVERIFY(dot[size_t(13 * 28 + 13)] > 0);

        options.margin = 0.5f;
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, StrokeRasterizer { options });
    }

    void encodesPng()
    {
        const StrokeRasterizer rasterizer;
        const auto image = rasterizer.rasterize(UnistrokeGenerator().sample(3, 0));
        const auto png = StrokeRasterizer::encodePng(image, 28, 28);
        QVERIFY(png.size() > 33);
        const std::vector<uint8_t> signature = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };
        QVERIFY(std::equal(signature.begin(), signature.end(), png.begin()));
        QCOMPARE(bigEndian32(png, 16), 28u);  // IHDR width
        QCOMPARE(bigEndian32(png, 20), 28u);  // IHDR height
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, StrokeRasterizer::encodePng(image, 28, 27));
    }

    void featuresHaveTheDocumentedLayout()
    {
        const std::vector<std::string> names = TrajectoryFeatures::featureNames();
        QCOMPARE(int(names.size()), TrajectoryFeatures::kFeatureCount);
        QCOMPARE(TrajectoryFeatures::kFeatureCount, 161);
        QCOMPARE(std::set<std::string>(names.begin(), names.end()).size(), names.size());
        const std::vector<std::pair<int, std::string>> expected
            = { { 0, "x0" }, { 31, "x31" }, { 32, "y0" }, { 63, "y31" }, { 64, "dir_cos0" },
                  { 94, "dir_cos30" }, { 95, "dir_sin0" }, { 125, "dir_sin30" }, { 126, "curv0" },
                  { 155, "curv29" }, { 156, "aspect" }, { 157, "path_to_diag" }, { 158, "closure" },
                  { 159, "start_end_cos" }, { 160, "start_end_sin" } };
        for (const auto& [index, name] : expected)
            QCOMPARE(QString::fromStdString(names[size_t(index)]), QString::fromStdString(name));
    }

    void featuresAreFinite()
    {
        for (const LabeledStroke& sample : UnistrokeGenerator(optionsWith(9, 20)).generateAll()) {
            const std::vector<float> features = TrajectoryFeatures::compute(sample.stroke);
            QCOMPARE(int(features.size()), TrajectoryFeatures::kFeatureCount);
            for (float f : features)
                QVERIFY(std::isfinite(f));
        }
        // Two points: a plain horizontal line.
        const auto line = TrajectoryFeatures::compute({ { 0, 0, 0 }, { 10, 0, 0.1f } });
        QCOMPARE(line[156], 1.0f);  // aspect: no height
        QCOMPARE(line[158], 1.0f);  // closure: straight
        QCOMPARE(line[159], 1.0f);  // start to end points right
        QCOMPARE(line[64], 1.0f);  // every segment too
        QCOMPARE(line[126], 0.0f);  // and it never turns
    }

    void featuresIgnoreTranslationAndScale_data()
    {
        QTest::addColumn<float>("dx");
        QTest::addColumn<float>("dy");
        QTest::addColumn<float>("factor");
        QTest::newRow("shifted") << 250.0f << -130.0f << 1.0f;
        QTest::newRow("enlarged") << 0.0f << 0.0f << 3.5f;
        QTest::newRow("shrunk") << 0.0f << 0.0f << 0.02f;
        QTest::newRow("far away and halved") << 1000.0f << 500.0f << 0.5f;
    }
    void featuresIgnoreTranslationAndScale()
    {
        QFETCH(float, dx);
        QFETCH(float, dy);
        QFETCH(float, factor);
        const UnistrokeGenerator generator(optionsWith(13, 3));
        for (int c = 0; c < UnistrokeGenerator::classCount(); ++c) {
            for (const Stroke& stroke : generator.generate(c, 3)) {
                Stroke moved = stroke;
                for (StrokePoint& p : moved) {
                    p.x = p.x * factor + dx;
                    p.y = p.y * factor + dy;
                }
                const auto original = TrajectoryFeatures::compute(stroke);
                const auto transformed = TrajectoryFeatures::compute(moved);
                for (size_t i = 0; i < original.size(); ++i) {
                    QVERIFY2(std::abs(original[i] - transformed[i]) <= 1e-4f,
                        qPrintable(QStringLiteral("class %1 feature %2: %3 vs %4")
                                       .arg(c)
                                       .arg(i)
                                       .arg(original[i])
                                       .arg(transformed[i])));
                }
            }
        }
    }

    void degenerateStrokesThrow_data()
    {
        QTest::addColumn<Stroke>("stroke");
        QTest::newRow("empty") << Stroke {};
        QTest::newRow("one point") << Stroke { { 3, 4, 0 } };
        QTest::newRow("two equal points") << Stroke { { 3, 4, 0 }, { 3, 4, 0.01f } };
        QTest::newRow("five equal points") << Stroke(5, StrokePoint { -1, 2, 0 });
        QTest::newRow("not a number") << Stroke { { 0, 0, 0 },
            { std::numeric_limits<float>::quiet_NaN(), 1, 0.01f }, { 2, 2, 0.02f } };
        QTest::newRow("infinite") << Stroke { { 0, 0, 0 },
            { std::numeric_limits<float>::infinity(), 1, 0.01f } };
    }
    void degenerateStrokesThrow()
    {
        QFETCH(Stroke, stroke);
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, TrajectoryFeatures::compute(stroke));
    }

    // Checks that the shapes are distinct: if this fails, fix the templates, not the threshold.
    void nearestCentroidSeparatesTheClasses()
    {
        constexpr int perClass = 50;
        const int classes = UnistrokeGenerator::classCount();
        const int dims = TrajectoryFeatures::kFeatureCount;
        std::vector<std::vector<double>> centroids(
            size_t(classes), std::vector<double>(size_t(dims), 0.0));
        for (const LabeledStroke& s : UnistrokeGenerator(optionsWith(1, perClass)).generateAll()) {
            const auto f = TrajectoryFeatures::compute(s.stroke);
            for (int d = 0; d < dims; ++d)
                centroids[size_t(s.label)][size_t(d)] += f[size_t(d)] / double(perClass);
        }
        int correct = 0;
        std::vector<int> correctPerClass(size_t(classes), 0);
        const auto test = UnistrokeGenerator(optionsWith(2, perClass)).generateAll();
        for (const LabeledStroke& s : test) {
            const auto f = TrajectoryFeatures::compute(s.stroke);
            int best = -1;
            double bestDistance = std::numeric_limits<double>::max();
            for (int c = 0; c < classes; ++c) {
                double distance = 0.0;
                for (int d = 0; d < dims; ++d) {
                    const double diff = f[size_t(d)] - centroids[size_t(c)][size_t(d)];
                    distance += diff * diff;
                }
                if (distance < bestDistance) {
                    bestDistance = distance;
                    best = c;
                }
            }
            if (best == s.label) {
                ++correct;
                ++correctPerClass[size_t(s.label)];
            }
        }
        const double accuracy = double(correct) / double(test.size());
        QString perClassReport;
        for (int c = 0; c < classes; ++c)
            perClassReport
                += QStringLiteral(" %1=%2")
                       .arg(QString::fromStdString(UnistrokeGenerator::classNames()[size_t(c)]))
                       .arg(correctPerClass[size_t(c)]);
        qInfo("nearest-centroid accuracy %.4f;%s", accuracy, qPrintable(perClassReport));
        QVERIFY2(accuracy >= 0.9, qPrintable(QString::number(accuracy)));
    }
};

QTEST_APPLESS_MAIN(TestUnistrokeGenerator)
#include "TestUnistrokeGenerator.moc"
