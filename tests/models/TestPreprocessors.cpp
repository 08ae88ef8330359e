#include "HashingTokenizer.h"
#include "ImagePipeline.h"
#include "MutualInfoSelector.h"
#include "StandardScaler.h"
#include "StrokeRasterizer.h"
#include "TfidfWeighting.h"

#include <QtTest>

#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cmath>
#include <random>
#include <stdexcept>

using namespace mb::models;

Q_DECLARE_METATYPE(std::string)
Q_DECLARE_METATYPE(std::vector<std::string>)
Q_DECLARE_METATYPE(std::vector<bool>)

namespace {

std::vector<uint8_t> grayImage(int width, int height, uint8_t background)
{
    return std::vector<uint8_t>(
        static_cast<size_t>(width) * static_cast<size_t>(height), background);
}

// |mu11 / mu02| of an image: 0 for ink whose principal axis is vertical.
double skewOf(const std::vector<float>& image, int width, int height)
{
    const cv::Mat mat(height, width, CV_32FC1, const_cast<float*>(image.data()));
    const cv::Moments m = cv::moments(mat);
    return std::abs(m.mu11 / m.mu02);
}

// A 28x28 image with a thick line slanting to the right by 8 px over 20 rows.
std::vector<uint8_t> slantedLine()
{
    cv::Mat mat(28, 28, CV_8UC1, cv::Scalar(0));
    cv::line(mat, cv::Point(10, 4), cv::Point(18, 24), cv::Scalar(255), 2);
    return std::vector<uint8_t>(mat.data, mat.data + mat.total());
}

// Turns a state record into a malformed one by replacing `from` with `to` (must occur).
std::string corrupt(const std::string& text, const std::string& from, const std::string& to)
{
    std::string out = text;
    const size_t at = out.find(from);
    if (at == std::string::npos)
        throw std::logic_error("corrupt(): '" + from + "' not in the record");
    out.replace(at, from.size(), to);
    return out;
}

// Sum of the squared weights of a weighted bag.
double sumOfSquares(const std::vector<float>& weights)
{
    double sum = 0;
    for (float w : weights)
        sum += double(w) * double(w);
    return sum;
}

}  // namespace

class TestPreprocessors : public QObject {
    Q_OBJECT

private Q_SLOTS:
    // ---- StandardScaler -------------------------------------------------------------------

    void scalerMatchesHandComputedValues()
    {
        StandardScaler scaler;
        QVERIFY(!scaler.isFitted());
        scaler.fit({ 1, 10, 3, 10, 5, 10 }, 2);
        QCOMPARE(scaler.numFeatures(), int64_t(2));
        QCOMPARE(scaler.mean()[0], 3.0f);
        QCOMPARE(scaler.mean()[1], 10.0f);
        QCOMPARE(scaler.scale()[0], static_cast<float>(std::sqrt(8.0 / 3.0)));  // population std
        QCOMPARE(scaler.scale()[1], 1.0f);  // constant feature

        const std::vector<float> out = scaler.transform({ 1, 10, 5, 12 });
        QCOMPARE(out.size(), size_t(4));
        QCOMPARE(out[0], static_cast<float>(-2.0 / std::sqrt(8.0 / 3.0)));
        QCOMPARE(out[1], 0.0f);
        QCOMPARE(out[2], static_cast<float>(2.0 / std::sqrt(8.0 / 3.0)));
        QCOMPARE(out[3], 2.0f);

        const std::vector<float> back = scaler.inverseTransform(out);
        QCOMPARE(back[0], 1.0f);
        QCOMPARE(back[3], 12.0f);
        QVERIFY(scaler.transform({}).empty());
    }

    void scalerRejectsBadInput()
    {
        StandardScaler scaler;
        QVERIFY_THROWS_EXCEPTION(std::runtime_error, scaler.transform({ 1, 2 }));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, scaler.fit({}, 2));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, scaler.fit({ 1, 2, 3 }, 2));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, scaler.fit({ 1, NAN }, 2));
        scaler.fit({ 1, 2 }, 2);
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, scaler.transform({ 1, 2, 3 }));
    }

    void scalerRoundTripsExactly()
    {
        std::mt19937 rng(3);
        std::normal_distribution<float> noise(1e3f, 0.1f);
        std::vector<float> rows;
        for (int i = 0; i < 7 * 5; ++i)
            rows.push_back(noise(rng));
        StandardScaler scaler;
        scaler.fit(rows, 5);

        const std::string text = scaler.serialize();
        const StandardScaler copy = StandardScaler::deserialize(text);
        QVERIFY(copy.mean() == scaler.mean());  // bit-exact, not fuzzy
        QVERIFY(copy.scale() == scaler.scale());
        QCOMPARE(copy.serialize(), text);
        QVERIFY(copy.transform(rows) == scaler.transform(rows));

        const StandardScaler unfitted = StandardScaler::deserialize(StandardScaler().serialize());
        QVERIFY(!unfitted.isFitted());
    }

    void scalerRejectsMalformedState_data()
    {
        QTest::addColumn<std::string>("text");
        StandardScaler scaler;
        scaler.fit({ 1, 2, 3, 5 }, 2);
        const std::string good = scaler.serialize();
        QTest::newRow("empty") << std::string();
        QTest::newRow("garbage") << std::string("hello\nworld\n");
        QTest::newRow("other kind") << corrupt(good, "StandardScaler", "ImagePipeline");
        QTest::newRow("newer version") << corrupt(good, "StandardScaler 1", "StandardScaler 2");
        QTest::newRow("truncated") << good.substr(0, good.size() / 2);
        QTest::newRow("no end") << corrupt(good, "end\n", "");
        QTest::newRow("after end") << good + "scale 1 1\n";
        QTest::newRow("unknown key") << corrupt(good, "end\n", "colour 1\nend\n");
        QTest::newRow("repeated key") << corrupt(good, "end\n", "features 2\nend\n");
        QTest::newRow("missing key") << corrupt(good, "features 2\n", "");
        QTest::newRow("count mismatch") << corrupt(good, "features 2", "features 3");
        QTest::newRow("not a number") << corrupt(good, "mean 2", "mean x");
        QTest::newRow("nan") << corrupt(good, "mean 2", "mean nan");
        QTest::newRow("zero scale") << corrupt(good, "scale 1", "scale 0");
        QTest::newRow("double space") << corrupt(good, "mean 2 ", "mean 2  ");
        QTest::newRow("crlf") << corrupt(good, "features 2\n", "features 2\r\n");
    }

    void scalerRejectsMalformedState()
    {
        QFETCH(std::string, text);
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, StandardScaler::deserialize(text));
    }

    // ---- MutualInfoSelector ---------------------------------------------------------------

    void mutualInformationOfA2x2Table()
    {
        // Joint counts (x, y): (0,0)=2, (0,1)=1, (1,0)=1, (1,1)=2, N = 6, all marginals 1/2:
        // MI = 2 * 2/6 ln((2/6)/(1/4)) + 2 * 1/6 ln((1/6)/(1/4)) = 0.0566330122651324 nats.
        const std::vector<int64_t> x { 0, 0, 0, 1, 1, 1 };
        const std::vector<int64_t> y { 0, 0, 1, 0, 1, 1 };
        QVERIFY(std::abs(MutualInfoSelector::mutualInformation(x, y) - 0.0566330122651324) < 1e-12);
        // Codes are only labels: other values, same MI.
        QVERIFY(std::abs(MutualInfoSelector::mutualInformation(
                             { 7, 7, 7, -3, -3, -3 }, { 5, 5, 9, 5, 9, 9 })
                    - 0.0566330122651324)
            < 1e-12);
        QCOMPARE(MutualInfoSelector::mutualInformation({ 1, 1, 2, 2 }, { 4, 5, 4, 5 }), 0.0);
        QVERIFY(std::abs(MutualInfoSelector::mutualInformation({ 0, 0, 1, 1 }, { 0, 0, 1, 1 })
                    - std::log(2.0))
            < 1e-12);

        // Through fit(): a binary feature falls into two equal-frequency bins.
        MutualInfoSelector selector;
        selector.fit({ 0, 0, 0, 1, 1, 1 }, 1, y);
        QCOMPARE(selector.scores().size(), size_t(1));
        QVERIFY(std::abs(selector.scores()[0] - 0.0566330122651324) < 1e-6);
    }

    void selectorPicksTheInformativeFeature()
    {
        // Feature 2 is the label itself; the others are noise.
        const int64_t n = 300, f = 5;
        std::mt19937 rng(11);
        std::uniform_real_distribution<float> noise(-1.0f, 1.0f);
        std::vector<float> rows;
        std::vector<int64_t> labels;
        for (int64_t i = 0; i < n; ++i) {
            const int64_t label = i % 3;
            labels.push_back(label);
            for (int64_t j = 0; j < f; ++j)
                rows.push_back(j == 2 ? static_cast<float>(label) : noise(rng));
        }

        MutualInfoSelectorOptions options;
        options.k = 1;
        MutualInfoSelector selector(options);
        selector.fit(rows, f, labels);
        QCOMPARE(selector.selected(), std::vector<int64_t> { 2 });
        QVERIFY(std::abs(selector.scores()[2] - std::log(3.0)) < 1e-5);  // = H(label)
        for (int64_t j : { 0, 1, 3, 4 })
            QVERIFY(selector.scores()[static_cast<size_t>(j)] < 0.2f);

        const std::vector<float> picked = selector.transform(rows);
        QCOMPARE(picked.size(), size_t(n));
        for (int64_t i = 0; i < n; ++i)
            QCOMPARE(
                picked[static_cast<size_t>(i)], static_cast<float>(labels[static_cast<size_t>(i)]));

        // Same data, same answer: deterministic.
        MutualInfoSelector again(options);
        again.fit(rows, f, labels);
        QVERIFY(again.scores() == selector.scores());
    }

    void selectorKeepsOriginalOrderAndAllByDefault()
    {
        // Feature 0 = label (most informative), feature 2 = label with noise, feature 1 constant.
        std::vector<float> rows;
        std::vector<int64_t> labels;
        for (int i = 0; i < 40; ++i) {
            const int label = i % 2;
            labels.push_back(label);
            rows.insert(rows.end(), { float(label), 5.0f, float(i % 4 == 3 ? 1 - label : label) });
        }
        MutualInfoSelectorOptions options;
        options.k = 2;
        MutualInfoSelector two(options);
        two.fit(rows, 3, labels);
        QCOMPARE(two.selected(), (std::vector<int64_t> { 0, 2 }));
        QCOMPARE(two.scores()[1], 0.0f);
        QCOMPARE(two.transform({ 1, 2, 3, 4, 5, 6 }), (std::vector<float> { 1, 3, 4, 6 }));

        MutualInfoSelector all;
        all.fit(rows, 3, labels);
        QCOMPARE(all.selected(), (std::vector<int64_t> { 0, 1, 2 }));

        options.k = 10;  // more than there are: keep all
        MutualInfoSelector many(options);
        many.fit(rows, 3, labels);
        QCOMPARE(many.selected().size(), size_t(3));
    }

    void selectorRejectsBadInput()
    {
        MutualInfoSelectorOptions bad;
        bad.bins = 1;
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, MutualInfoSelector { bad });
        MutualInfoSelector selector;
        QVERIFY_THROWS_EXCEPTION(std::runtime_error, selector.transform({ 1 }));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, selector.fit({ 1, 2, 3 }, 1, { 0, 1 }));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, selector.fit({}, 1, {}));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, selector.fit({ INFINITY }, 1, { 0 }));
        QVERIFY_THROWS_EXCEPTION(
            std::invalid_argument, MutualInfoSelector::mutualInformation({ 1 }, { 1, 2 }));
    }

    void selectorRoundTripsExactly()
    {
        MutualInfoSelectorOptions options;
        options.k = 2;
        options.bins = 4;
        MutualInfoSelector selector(options);
        selector.fit(
            { 0.1f, 7, 0.3f, 0.2f, 8, 0.1f, 0.7f, 7, 0.9f, 0.9f, 8, 0.2f }, 3, { 0, 1, 0, 1 });
        const std::string text = selector.serialize();
        const MutualInfoSelector copy = MutualInfoSelector::deserialize(text);
        QCOMPARE(copy.options().k, int64_t(2));
        QCOMPARE(copy.options().bins, int64_t(4));
        QCOMPARE(copy.numFeatures(), int64_t(3));
        QCOMPARE(copy.selected(), selector.selected());
        QVERIFY(copy.scores() == selector.scores());
        QCOMPARE(copy.serialize(), text);

        QVERIFY(!MutualInfoSelector::deserialize(MutualInfoSelector().serialize()).isFitted());

        const std::string selected = "selected " + std::to_string(selector.selected()[0]) + " "
            + std::to_string(selector.selected()[1]);
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument,
            MutualInfoSelector::deserialize(corrupt(text, selected, "selected 2 1")));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument,
            MutualInfoSelector::deserialize(corrupt(text, selected, "selected 0 3")));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument,
            MutualInfoSelector::deserialize(corrupt(text, "bins 4", "bins 1")));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument,
            MutualInfoSelector::deserialize(corrupt(text, "features 3", "features 4")));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument,
            MutualInfoSelector::deserialize(corrupt(text, "scores ", "scores -1 ")));
    }

    // ---- HashingTokenizer -----------------------------------------------------------------

    void fnvIsTheStandardFnv1a64()
    {
        // Published FNV-1a 64 test vectors, and values computed independently with Python.
        QCOMPARE(HashingTokenizer::fnv1a64(""), uint64_t(0xcbf29ce484222325ull));
        QCOMPARE(HashingTokenizer::fnv1a64("a"), uint64_t(0xaf63dc4c8601ec8cull));
        QCOMPARE(HashingTokenizer::fnv1a64("foobar"), uint64_t(0x85944171f73967e8ull));
        QCOMPARE(HashingTokenizer::fnv1a64("hello"), uint64_t(0xa430d84680aabd0bull));
        QCOMPARE(HashingTokenizer::fnv1a64(
                     "world", HashingTokenizer::fnv1a64(" ", HashingTokenizer::fnv1a64("hello"))),
            HashingTokenizer::fnv1a64("hello world"));
    }

    void bucketIdsAreStable()
    {
        // bucket = 1 + fnv1a64 % (num_buckets - 1); values from Python.
        const HashingTokenizer tokenizer;
        QCOMPARE(tokenizer.bucketOf("hello"), int64_t(218617));
        QCOMPARE(tokenizer.bucketOf("hello world"), int64_t(187769));
        QCOMPARE(tokenizer.bucketOf("<he"), int64_t(279181));
        QCOMPARE(tokenizer.bucketOf("caf\xc3\xa9"), int64_t(41739));

        HashingTokenizerOptions small;
        small.num_buckets = 1000;
        QCOMPARE(HashingTokenizer(small).bucketOf("hello"), int64_t(244));
        QCOMPARE(HashingTokenizer(small).bucketOf("foobar"), int64_t(25));

        const std::vector<int64_t> ids = tokenizer.encode("Hello, World!");
        QCOMPARE(ids[0], int64_t(218617));
        QCOMPARE(ids[2], int64_t(187769));
        QCOMPARE(ids[3], int64_t(279181));
    }

    void ngramsOfASmallString()
    {
        const HashingTokenizer tokenizer;
        QCOMPARE(tokenizer.words("Hello, World! 42x"),
            (std::vector<std::string> { "hello", "world", "42x" }));
        const std::vector<std::string> grams = tokenizer.ngrams("Hello, World!");
        // 2 unigrams + 1 bigram + per word "<hello>" (7 chars): 5 trigrams + 4 + 3 = 12, twice.
        QCOMPARE(grams.size(), size_t(27));
        QCOMPARE(grams[0], std::string("hello"));
        QCOMPARE(grams[1], std::string("world"));
        QCOMPARE(grams[2], std::string("hello world"));
        QCOMPARE(grams[3], std::string("<he"));
        QCOMPARE(grams[7], std::string("lo>"));
        QCOMPARE(grams[8], std::string("<hel"));
        QCOMPARE(grams[11], std::string("llo>"));
        QCOMPARE(grams[14], std::string("ello>"));
        QCOMPARE(tokenizer.encode("Hello, World!").size(), size_t(27));

        // A one-letter word still has its one trigram "<a>".
        QCOMPARE(tokenizer.ngrams("a"), (std::vector<std::string> { "a", "<a>" }));

        HashingTokenizerOptions wordsOnly;
        wordsOnly.max_char_ngram = 0;
        wordsOnly.max_word_ngram = 3;
        QCOMPARE(HashingTokenizer(wordsOnly).ngrams("a b c"),
            (std::vector<std::string> { "a", "b", "c", "a b", "b c", "a b c" }));
        wordsOnly.lowercase = false;
        QCOMPARE(HashingTokenizer(wordsOnly).words("Hello WORLD"),
            (std::vector<std::string> { "Hello", "WORLD" }));
    }

    void utf8StaysInsideWordsAndNgrams()
    {
        HashingTokenizerOptions options;
        options.max_word_ngram = 0;
        const HashingTokenizer tokenizer(options);
        // "café" is 5 bytes, 4 code points; "<café>" has 6: 4 + 3 + 2 n-grams of 3..5.
        const std::vector<std::string> grams = tokenizer.ngrams("Caf\xc3\xa9!");
        QCOMPARE(grams.size(), size_t(9));
        QCOMPARE(grams[3], std::string("f\xc3\xa9>"));
        for (const std::string& g : grams)
            QVERIFY(QString::fromUtf8(g.data(), static_cast<int>(g.size())).toUtf8().toStdString()
                == g);
    }

    void emptyDocumentsGetTheReservedBucket()
    {
        const HashingTokenizer tokenizer;
        QCOMPARE(tokenizer.encode(""), std::vector<int64_t> { 0 });
        QCOMPARE(tokenizer.encode(" ,;-!! "), std::vector<int64_t> { 0 });
        for (int64_t id : tokenizer.encode("any text at all"))
            QVERIFY(id >= 1 && id < (int64_t(1) << 20));

        const TokenBatch batch = tokenizer.encodeBatch({ "a b", "", "c" });
        const int64_t first = static_cast<int64_t>(tokenizer.encode("a b").size());
        QCOMPARE(batch.offsets, (std::vector<int64_t> { 0, first, first + 1 }));
        QCOMPARE(batch.indices.size(), static_cast<size_t>(first + 1 + 2));
        QCOMPARE(batch.indices[static_cast<size_t>(first)], int64_t(0));
    }

    void packBatchesEncodedDocuments()
    {
        const std::vector<std::vector<int64_t>> docs { { 1, 2 }, { 3 }, { 4, 5, 6 } };
        const TokenBatch batch = HashingTokenizer::pack(docs, { 2, 0, 2 });
        QCOMPARE(batch.indices, (std::vector<int64_t> { 4, 5, 6, 1, 2, 4, 5, 6 }));
        QCOMPARE(batch.offsets, (std::vector<int64_t> { 0, 3, 5 }));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, HashingTokenizer::pack(docs, { 3 }));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, HashingTokenizer::pack({ {} }, { 0 }));
    }

    void fieldsAreJoinedWithoutFieldTags()
    {
        const HashingTokenizer tokenizer;
        const std::vector<TextField> fields { { "name", "libfoo-dev" }, { "description", "Foo headers" } };
        QCOMPARE(tokenizer.fieldNgrams(fields), tokenizer.ngrams("libfoo-dev Foo headers"));
        QCOMPARE(tokenizer.encodeFields(fields), tokenizer.encode("libfoo-dev Foo headers"));
        QCOMPARE(tokenizer.encodeFields({}), std::vector<int64_t> { 0 });
    }

    void fieldTagsHashEachFieldInItsOwnNamespace()
    {
        HashingTokenizerOptions options;
        options.field_tags = true;
        options.max_word_ngram = 2;
        options.max_char_ngram = 0;
        const HashingTokenizer tagged(options);
        const std::vector<TextField> fields { { "name", "Foo dev" }, { "description", "dev tools" } };
        // No bigram spans the two fields; the same word in two fields is two n-grams.
        QCOMPARE(tagged.fieldNgrams(fields),
            (std::vector<std::string> { "name:foo", "name:dev", "name:foo dev", "description:dev",
                "description:tools", "description:dev tools" }));
        const std::vector<int64_t> ids = tagged.encodeFields(fields);
        QCOMPARE(ids.size(), size_t(6));
        QCOMPARE(ids[0], tagged.bucketOf("name:foo"));
        QCOMPARE(ids[2], tagged.bucketOf("name:foo dev"));
        QCOMPARE(ids[3], tagged.bucketOf("description:dev"));
        QVERIFY(ids[1] != ids[3]);
        QVERIFY(ids[0] != tagged.bucketOf("foo"));

        // Character n-grams are namespaced too; an empty field adds nothing.
        options.max_char_ngram = 3;
        const HashingTokenizer withChars(options);
        const std::vector<TextField> one { { "name", "ab" }, { "description", " " } };
        QCOMPARE(withChars.fieldNgrams(one),
            (std::vector<std::string> { "name:ab", "name:<ab", "name:ab>" }));
        QCOMPARE(withChars.encodeFields(one),
            (std::vector<int64_t> { withChars.bucketOf("name:ab"), withChars.bucketOf("name:<ab"),
                withChars.bucketOf("name:ab>") }));
        QCOMPARE(withChars.encodeFields({ { "name", "" } }), std::vector<int64_t> { 0 });
    }

    void tokenizerOptionsAreChecked()
    {
        HashingTokenizerOptions o;
        o.num_buckets = 1;
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, HashingTokenizer { o });
        o = {};
        o.min_char_ngram = 6;
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, HashingTokenizer { o });
        o = {};
        o.max_word_ngram = 0;
        o.max_char_ngram = 0;
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, HashingTokenizer { o });
    }

    void charNgramsOfTokensKeepTheirPunctuation()
    {
        HashingTokenizerOptions o;
        o.max_word_ngram = 1;
        o.min_char_ngram = 4;
        o.max_char_ngram = 4;
        o.char_ngrams_of_tokens = true;
        const HashingTokenizer tokenizer(o);
        QCOMPARE(tokenizer.tokens("Lib-Dev\t(x)  "), (std::vector<std::string> { "lib-dev", "(x)" }));
        // Words stay words; the character n-grams run over "<lib-dev>" and "<(x)>".
        QCOMPARE(tokenizer.ngrams("Lib-Dev (x)"),
            (std::vector<std::string> { "lib", "dev", "x", "<lib", "lib-", "ib-d", "b-de", "-dev", "dev>", "<(x)", "(x)>" }));
        o.char_ngrams_of_tokens = false;
        QCOMPARE(HashingTokenizer(o).ngrams("Lib-Dev (x)"),
            (std::vector<std::string> { "lib", "dev", "x", "<lib", "lib>", "<dev", "dev>" }));
    }

    void tokenizerRoundTripsExactly()
    {
        HashingTokenizerOptions o;
        o.num_buckets = 5000;
        o.min_word_ngram = 2;
        o.max_word_ngram = 3;
        o.max_char_ngram = 0;
        o.lowercase = false;
        const HashingTokenizer tokenizer(o);
        const std::string text = tokenizer.serialize();
        const HashingTokenizer copy = HashingTokenizer::deserialize(text);
        QCOMPARE(copy.serialize(), text);
        QCOMPARE(copy.options().num_buckets, int64_t(5000));
        QCOMPARE(copy.options().min_word_ngram, int64_t(2));
        QCOMPARE(copy.options().max_char_ngram, int64_t(0));
        QCOMPARE(copy.options().lowercase, false);
        QCOMPARE(copy.encode("The Quick brown fox"), tokenizer.encode("The Quick brown fox"));
        QCOMPARE(copy.options().field_tags, false);

        HashingTokenizerOptions tags;
        tags.field_tags = true;
        const HashingTokenizer tagged(tags);
        const HashingTokenizer taggedCopy = HashingTokenizer::deserialize(tagged.serialize());
        QCOMPARE(taggedCopy.options().field_tags, true);
        const std::vector<TextField> fields { { "name", "vim" }, { "description", "editor" } };
        QCOMPARE(taggedCopy.encodeFields(fields), tagged.encodeFields(fields));

        HashingTokenizerOptions byToken;
        byToken.char_ngrams_of_tokens = true;
        const HashingTokenizer tokenChars(byToken);
        const HashingTokenizer tokenCharsCopy = HashingTokenizer::deserialize(tokenChars.serialize());
        QCOMPARE(tokenCharsCopy.options().char_ngrams_of_tokens, true);
        QCOMPARE(tokenCharsCopy.encode("lib-dev (data)"), tokenChars.encode("lib-dev (data)"));

        const std::string def = HashingTokenizer().serialize();
        // Version 1 (before field_tags) and 2 (before char_tokens) records still read, as
        // field_tags off and character n-grams of words.
        const std::string version2 = corrupt(corrupt(def, "HashingTokenizer 3", "HashingTokenizer 2"), "char_tokens 0\n", "");
        QCOMPARE(HashingTokenizer::deserialize(version2).options().char_ngrams_of_tokens, false);
        QCOMPARE(HashingTokenizer::deserialize(version2).serialize(), def);
        const std::string version1 = corrupt(corrupt(version2, "HashingTokenizer 2", "HashingTokenizer 1"), "field_tags 0\n", "");
        QCOMPARE(HashingTokenizer::deserialize(version1).options().field_tags, false);
        QCOMPARE(HashingTokenizer::deserialize(version1).serialize(), def);
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument,
            HashingTokenizer::deserialize(corrupt(def, "HashingTokenizer 3", "HashingTokenizer 2")));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument,
            HashingTokenizer::deserialize(corrupt(def, "field_tags 0", "field_tags 2")));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument,
            HashingTokenizer::deserialize(corrupt(def, "char_tokens 0", "char_tokens 2")));
        QCOMPARE(HashingTokenizer::deserialize(def).serialize(), def);
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument,
            HashingTokenizer::deserialize(corrupt(def, "buckets 1048576", "buckets 1")));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument,
            HashingTokenizer::deserialize(corrupt(def, "char_ngrams 3 5", "char_ngrams 5 3")));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument,
            HashingTokenizer::deserialize(corrupt(def, "char_ngrams 3 5", "char_ngrams 3")));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument,
            HashingTokenizer::deserialize(corrupt(def, "lowercase 1", "lowercase 2")));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument,
            HashingTokenizer::deserialize(corrupt(def, "lowercase 1", "lowercase yes")));
    }

    void encodeFieldsTellsCharacterFromWordNgrams_data()
    {
        QTest::addColumn<bool>("fieldTags");
        QTest::addColumn<std::vector<std::string>>("grams");
        QTest::addColumn<std::vector<bool>>("isChar");
        // Word n-grams 1..2 and character trigrams. The documented order: per text (the joined
        // fields, or each field with field_tags) all word n-grams, then each word's character
        // n-grams. "red" is both a word and a trigram of "<reds>": only the order tells them apart.
        QTest::newRow("joined") << false
                                << std::vector<std::string> { "red", "reds", "ok", "red reds", "reds ok", "<re", "red",
                                       "ed>", "<re", "red", "eds", "ds>", "<ok", "ok>" }
                                << std::vector<bool> { false, false, false, false, false, true, true, true, true, true,
                                       true, true, true, true };
        QTest::newRow("field tags") << true
                                    << std::vector<std::string> { "name:red", "name:reds", "name:red reds", "name:<re",
                                           "name:red", "name:ed>", "name:<re", "name:red", "name:eds", "name:ds>",
                                           "note:ok", "note:<ok", "note:ok>" }
                                    << std::vector<bool> { false, false, false, true, true, true, true, true, true,
                                           true, false, true, true };
    }

    void encodeFieldsTellsCharacterFromWordNgrams()
    {
        QFETCH(bool, fieldTags);
        QFETCH(std::vector<std::string>, grams);
        QFETCH(std::vector<bool>, isChar);
        HashingTokenizerOptions options;
        options.max_word_ngram = 2;
        options.min_char_ngram = 3;
        options.max_char_ngram = 3;
        options.field_tags = fieldTags;
        const HashingTokenizer tokenizer(options);
        const std::vector<TextField> fields { { "name", "Red reds" }, { "note", "ok" } };
        QCOMPARE(tokenizer.fieldNgrams(fields), grams);

        // A vector holding something already is overwritten, not appended to.
        std::vector<bool> flags { true, false, true };
        const std::vector<int64_t> ids = tokenizer.encodeFields(fields, &flags);
        QCOMPARE(flags, isChar);
        QCOMPARE(ids.size(), grams.size());
        for (size_t i = 0; i < ids.size(); ++i) {
            QCOMPARE(ids[i], tokenizer.bucketOf(grams[i]));
            // A word n-gram never holds the word boundary marks of "<word>".
            if (grams[i].find_first_of("<>") != std::string::npos)
                QVERIFY2(flags[i], grams[i].c_str());
        }
        QCOMPARE(tokenizer.encodeFields(fields), ids);

        // The 0 of a document without n-grams counts as a word n-gram.
        QCOMPARE(tokenizer.encodeFields({ { "name", " - " } }, &flags), std::vector<int64_t> { 0 });
        QCOMPARE(flags, std::vector<bool> { false });
    }

    // ---- TfidfWeighting -------------------------------------------------------------------

    void idfMatchesHandComputedValues()
    {
        // n = 3 documents over 5 buckets. df: bucket 0 none, 1 two (documents 0 and 2),
        // 2 all three, 3 two, 4 one. Repeats within a document count once.
        const std::vector<std::vector<int64_t>> documents { { 1, 2, 2 }, { 2, 3, 4 }, { 3, 3, 1, 2 } };
        const std::vector<float> idf = TfidfWeighting::fitIdf(documents, 5);
        // ln((1 + n) / (1 + df)) + 1
        const std::vector<double> expected { std::log(4.0 / 1.0) + 1, std::log(4.0 / 3.0) + 1, std::log(4.0 / 4.0) + 1,
            std::log(4.0 / 3.0) + 1, std::log(4.0 / 2.0) + 1 };
        QCOMPARE(idf.size(), expected.size());
        for (size_t b = 0; b < idf.size(); ++b)
            QVERIFY2(std::abs(double(idf[b]) - expected[b]) < 1e-6, qPrintable(QString("bucket %1: %2").arg(b).arg(idf[b])));
        QCOMPARE(double(idf[2]), 1.0);

        // Without documents every bucket has the idf of an unseen one: ln(1 / 1) + 1.
        QCOMPARE(TfidfWeighting::fitIdf({}, 2), (std::vector<float> { 1.0f, 1.0f }));
    }

    void idfRejectsBadInput()
    {
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, TfidfWeighting::fitIdf({ { 1, 5 } }, 5));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, TfidfWeighting::fitIdf({ { 0 }, { -1 } }, 5));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, TfidfWeighting::fitIdf({}, 0));
    }

    void weighMatchesHandComputedWeights()
    {
        const std::vector<float> idf { 1.0f, 2.0f, 3.0f, 0.5f, 4.0f };
        // Word block: id 1 once, id 2 twice. Character block: id 2 once, id 3 once. The blocks
        // are interleaved on purpose: a block is what isChar says, not a position.
        const std::vector<int64_t> ids { 2, 2, 1, 3, 2 };
        const std::vector<bool> isChar { false, true, false, true, false };
        const WeightedDocument bag = TfidfWeighting::weigh(ids, isChar, idf.data(), 5);

        const double word1 = 1.0 * 2.0;  // (1 + ln 1) * idf[1]
        const double word2 = (1.0 + std::log(2.0)) * 3.0;  // (1 + ln 2) * idf[2]
        const double wordNorm = std::sqrt(word1 * word1 + word2 * word2);
        const double char2 = 3.0, char3 = 0.5;
        const double charNorm = std::sqrt(char2 * char2 + char3 * char3);
        std::vector<std::pair<int64_t, double>> expected { { 1, word1 / wordNorm }, { 2, word2 / wordNorm },
            { 2, char2 / charNorm }, { 3, char3 / charNorm } };

        // One entry per distinct (block, id), in no documented order: match them up.
        QCOMPARE(bag.ids.size(), expected.size());
        QCOMPARE(bag.weights.size(), expected.size());
        for (size_t i = 0; i < bag.ids.size(); ++i) {
            const auto match = std::find_if(expected.begin(), expected.end(), [&](const std::pair<int64_t, double>& e) {
                return e.first == bag.ids[i] && std::abs(e.second - double(bag.weights[i])) < 1e-6;
            });
            QVERIFY2(match != expected.end(), qPrintable(QString("id %1 weight %2").arg(bag.ids[i]).arg(bag.weights[i])));
            expected.erase(match);
        }
        // Each block has unit length, so the two together have a sum of squares of 2.
        QVERIFY(std::abs(sumOfSquares(bag.weights) - 2.0) < 1e-6);
    }

    void weighScalesEachBlockToUnitLength()
    {
        const std::vector<float> idf { 1.0f, 2.0f, 3.0f, 0.5f, 4.0f };
        const std::vector<int64_t> ids { 4, 1, 1, 1, 3, 2 };
        // One block only: the whole bag has unit length, whatever the tf and idf.
        for (bool character : { false, true }) {
            const WeightedDocument bag = TfidfWeighting::weigh(ids, std::vector<bool>(ids.size(), character), idf.data(), 5);
            QCOMPARE(bag.ids.size(), size_t(4));
            QVERIFY(std::abs(sumOfSquares(bag.weights) - 1.0) < 1e-6);
        }
        // Many more character than word n-grams: the word block still has length 1 of the 2.
        std::vector<int64_t> mixed { 1 };
        std::vector<bool> mixedIsChar { false };
        for (int64_t id : { 2, 3, 4, 2, 3, 4, 2 }) {
            mixed.push_back(id);
            mixedIsChar.push_back(true);
        }
        const WeightedDocument bag = TfidfWeighting::weigh(mixed, mixedIsChar, idf.data(), 5);
        QCOMPARE(bag.ids.size(), size_t(4));
        const auto word = std::find(bag.ids.begin(), bag.ids.end(), int64_t(1));
        QVERIFY(word != bag.ids.end());
        QCOMPARE(double(bag.weights[size_t(word - bag.ids.begin())]), 1.0);
        QVERIFY(std::abs(sumOfSquares(bag.weights) - 2.0) < 1e-6);

        // The {0} of an empty document is a bag of one entry of weight 1.
        const WeightedDocument empty = TfidfWeighting::weigh({ 0 }, { false }, idf.data(), 5);
        QCOMPARE(empty.ids, std::vector<int64_t> { 0 });
        QCOMPARE(empty.weights, std::vector<float> { 1.0f });
    }

    void weighRejectsBadInput()
    {
        const std::vector<float> idf(5, 1.0f);
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, TfidfWeighting::weigh({ 1, 2 }, { false }, idf.data(), 5));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, TfidfWeighting::weigh({ 1 }, { false, true }, idf.data(), 5));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, TfidfWeighting::weigh({ 1, 5 }, { false, true }, idf.data(), 5));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, TfidfWeighting::weigh({ -1 }, { true }, idf.data(), 5));
    }

    // ---- ImagePipeline --------------------------------------------------------------------

    void imageOutputSizeAndAspect()
    {
        // A 60x30 white-on-black bar, encoded as PNG: fits 28 wide and 14 high, centred.
        const std::vector<uint8_t> png
            = StrokeRasterizer::encodePng(grayImage(60, 30, 255), 60, 30);
        // invert Never: the image is all "ink", the border rule would flip it.
        ImagePipelineOptions options;
        options.invert = ImageInvert::Never;
        const ImagePipeline pipeline(options);
        const std::vector<float> image = pipeline.prepare(png);
        QCOMPARE(image.size(), size_t(28 * 28));
        for (int y = 0; y < 28; ++y) {
            const float expected = (y >= 7 && y < 21) ? 1.0f : 0.0f;
            QCOMPARE(image[static_cast<size_t>(y * 28 + 14)], expected);
        }

        const std::vector<float> normalized = pipeline.transform(png);
        QCOMPARE(normalized[0], -1.0f);  // (0 - 0.5) / 0.5
        QCOMPARE(normalized[14 * 28 + 14], 1.0f);

        ImagePipelineOptions small;
        small.width = 8;
        small.height = 8;
        QCOMPARE(ImagePipeline(small).prepare(png).size(), size_t(64));

        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, pipeline.prepare({ 1, 2, 3 }));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, pipeline.prepareGray({ 1, 2, 3 }, 2, 2));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, pipeline.normalize({ 1, 2, 3 }));
    }

    void darkInkOnPaperIsInverted()
    {
        std::vector<uint8_t> paper = grayImage(20, 20, 255);
        for (int i = 5; i < 15; ++i)
            paper[static_cast<size_t>(i * 20 + 10)] = 0;  // a dark vertical stroke
        const std::vector<float> image = ImagePipeline().prepareGray(paper, 20, 20);
        QCOMPARE(image[0], 0.0f);
        float peak = 0.0f;
        for (float v : image)
            peak = std::max(peak, v);
        QVERIFY(peak > 0.5f);

        ImagePipelineOptions never;
        never.invert = ImageInvert::Never;
        QCOMPARE(ImagePipeline(never).prepareGray(paper, 20, 20)[0], 1.0f);
    }

    void deskewStraightensASlantedLine()
    {
        const std::vector<uint8_t> line = slantedLine();
        const std::vector<float> plain = ImagePipeline().prepareGray(line, 28, 28);
        ImagePipelineOptions options;
        options.deskew = true;
        const std::vector<float> straight = ImagePipeline(options).prepareGray(line, 28, 28);
        const double before = skewOf(plain, 28, 28);
        const double after = skewOf(straight, 28, 28);
        QVERIFY2(before > 0.3, qPrintable(QString::number(before)));
        QVERIFY2(after < 0.05, qPrintable(QString("%1 -> %2").arg(before).arg(after)));
        // Ink is kept, not sheared off the canvas.
        double inkBefore = 0, inkAfter = 0;
        for (size_t i = 0; i < plain.size(); ++i) {
            inkBefore += plain[i];
            inkAfter += straight[i];
        }
        QVERIFY(std::abs(inkAfter - inkBefore) < 0.05 * inkBefore);
    }

    void augmentIsDeterministicPerSeed()
    {
        const ImagePipeline pipeline;
        const std::vector<float> image = pipeline.prepareGray(slantedLine(), 28, 28);
        std::mt19937 a(42), b(42), c(43);
        const std::vector<float> first = pipeline.augment(image, a);
        QCOMPARE(first.size(), image.size());
        QVERIFY(first == pipeline.augment(image, b));
        QVERIFY(first != pipeline.augment(image, c));
        QVERIFY(first != image);
        // The next draw from the same generator is a different warp.
        QVERIFY(pipeline.augment(image, a) != first);

        // Small warp: most of the ink stays.
        double inkBefore = 0, inkAfter = 0;
        for (size_t i = 0; i < image.size(); ++i) {
            inkBefore += image[i];
            inkAfter += first[i];
        }
        QVERIFY(inkAfter > 0.7 * inkBefore && inkAfter < 1.3 * inkBefore);
    }

    void fitMeasuresPixelStatistics()
    {
        ImagePipelineOptions options;
        options.width = 4;
        options.height = 4;
        ImagePipeline pipeline(options);
        std::vector<float> zeros(16, 0.0f), ones(16, 1.0f);
        pipeline.fit({ zeros, ones });
        QCOMPARE(pipeline.options().mean, 0.5f);
        QCOMPARE(pipeline.options().std, 0.5f);
        pipeline.fit({ zeros });
        QCOMPARE(pipeline.options().std, 1.0f);  // constant pixels: no division by zero
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, pipeline.fit({}));
        QVERIFY_THROWS_EXCEPTION(
            std::invalid_argument, pipeline.fit({ std::vector<float>(15, 0.0f) }));
    }

    void imagePipelineRoundTripsExactly()
    {
        ImagePipelineOptions options;
        options.width = 32;
        options.height = 24;
        options.deskew = true;
        options.invert = ImageInvert::Always;
        options.max_rotation_deg = 7.5f;
        ImagePipeline pipeline(options);
        pipeline.fit({ pipeline.prepareGray(slantedLine(), 28, 28) });  // awkward floats

        const std::string text = pipeline.serialize();
        const ImagePipeline copy = ImagePipeline::deserialize(text);
        QCOMPARE(copy.serialize(), text);
        QCOMPARE(copy.options().mean, pipeline.options().mean);
        QCOMPARE(copy.options().std, pipeline.options().std);
        QCOMPARE(copy.options().width, int64_t(32));
        QVERIFY(copy.options().invert == ImageInvert::Always);
        const std::vector<uint8_t> png = StrokeRasterizer::encodePng(slantedLine(), 28, 28);
        QVERIFY(copy.transform(png) == pipeline.transform(png));

        QVERIFY_THROWS_EXCEPTION(std::invalid_argument,
            ImagePipeline::deserialize(corrupt(text, "invert always", "invert maybe")));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument,
            ImagePipeline::deserialize(corrupt(text, "size 32 24", "size 32 2")));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument,
            ImagePipeline::deserialize(corrupt(text, "size 32 24", "size 32")));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument,
            ImagePipeline::deserialize(corrupt(text, "shift 2", "shift -2")));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument,
            ImagePipeline::deserialize(corrupt(text, "mb-state", "mb-stat")));
    }
};

QTEST_GUILESS_MAIN(TestPreprocessors)
#include "TestPreprocessors.moc"
