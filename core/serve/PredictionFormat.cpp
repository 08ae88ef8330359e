#include "PredictionFormat.h"

#include "CanonicalCsv.h"
#include "DataTable.h"

namespace mb::serve {

void PredictionFormat::write(JsonWriter& out, const Prediction& prediction, bool regression)
{
    out.beginObject();
    if (regression) {
        out.key("value");
        out.value(prediction.value);
        out.endObject();
        return;
    }
    out.key("confidence");
    out.value(prediction.confidence);
    out.key("label");
    out.value(prediction.label);
    out.key("top");
    out.beginArray();
    for (const auto& [label, probability] : prediction.top) {
        out.beginObject();
        out.key("label");
        out.value(label);
        out.key("probability");
        out.value(probability);
        out.endObject();
    }
    out.endArray();
    out.endObject();
}

QByteArray PredictionFormat::answer(const QString& ref, const QVector<Prediction>& predictions, bool regression)
{
    // Written directly rather than through QJsonObject: on the predict path the JSON tree
    // cost more than the rest of the answer. Keys in sorted order, as QJsonDocument wrote them.
    JsonWriter out(64 + predictions.size() * 160);
    out.beginObject();
    out.key("model");
    out.value(ref);
    out.key("predictions");
    out.beginArray();
    for (const Prediction& prediction : predictions)
        write(out, prediction, regression);
    out.endArray();
    out.endObject();
    return out.take();
}

}  // namespace mb::serve
