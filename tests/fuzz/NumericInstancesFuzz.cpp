// libFuzzer target for the predict shortcut mb::serve::NumericInstances. Besides crashes and
// sanitizer findings it checks the one promise the shortcut makes: whatever body it reads,
// the general path (QJsonDocument + JsonInstances) reads too, into the same values bit for
// bit, so taking the shortcut can never change an answer or an error.
#include "Error.h"
#include "JsonInstances.h"
#include "ModelSignature.h"
#include "NumericInstances.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace {

void require(bool holds, const char* what)
{
    if (!holds) {
        std::fprintf(stderr, "broken invariant: %s\n", what);
        std::abort();
    }
}

QJsonObject numericSignature(int inputs)
{
    QJsonArray array;
    for (int i = 0; i < inputs; ++i)
        array.append(QJsonObject{{QStringLiteral("name"), QStringLiteral("x%1").arg(i)}, {QStringLiteral("type"), QStringLiteral("number")}});
    return QJsonObject{{QStringLiteral("inputs"), array}};
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    if (size == 0)
        return 0;
    // The first byte chooses the model's width (1..4 numeric inputs); the rest is the body.
    const QJsonObject signature = numericSignature(1 + data[0] % 4);
    const QByteArray body(reinterpret_cast<const char*>(data + 1), qsizetype(size - 1));
    const std::optional<QVector<mb::Instance>> fast = mb::serve::NumericInstances::read(body, mb::serve::ModelSignature::of(signature));
    if (!fast)
        return 0;

    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(body, &parseError);
    require(parseError.error == QJsonParseError::NoError && document.isObject(), "a body the shortcut reads is a JSON object");
    QVector<mb::Instance> general;
    try {
        general = mb::serve::JsonInstances::parse(document.object(), signature.value(QStringLiteral("inputs")).toArray());
    } catch (const mb::Error&) {
        require(false, "the general path reads what the shortcut reads");
    }
    require(general.size() == fast->size(), "same number of instances");
    for (qsizetype i = 0; i < general.size(); ++i) {
        require(general[i].keys() == fast->at(i).keys(), "same fields");
        for (auto it = general[i].cbegin(); it != general[i].cend(); ++it) {
            const double expected = it.value().toDouble();
            const double got = fast->at(i).value(it.key()).toDouble();
            require(std::memcmp(&expected, &got, sizeof got) == 0, "same values, bit for bit");
        }
    }
    return 0;
}
