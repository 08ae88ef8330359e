#pragma once

#include "Instance.h"

#include <QJsonArray>
#include <QJsonValue>

namespace mb::serve {

// Reads the JSON body of an MLflow scoring request (POST /invocations, as `mlflow models
// serve` accepts it) into instances for a model's input signature. Exactly one of:
//   {"dataframe_split": {"columns": [...], "data": [[...], ...]}}   ("index" is ignored; without
//                                                                    "columns" rows are positional)
//   {"dataframe_records": [{"column": value, ...}, ...]}
//   {"instances": ...} or {"inputs": ...}: a list of rows as JsonInstances reads them, or an
//                                          object of equally long columns {"a": [1, 2], ...}
// ("params" may accompany any of them and is ignored). Every row then goes through
// JsonInstances, so values are checked and named the same way as on the predict route.
class MlflowInstances {
public:
    // Throws InvalidArgument naming the key, row and column at fault.
    static QVector<Instance> parse(const QJsonValue& body, const QJsonArray& inputs);
};

}  // namespace mb::serve
