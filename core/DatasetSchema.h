#pragma once

#include "DataTable.h"

#include <QJsonObject>
#include <QString>
#include <QVector>

namespace mb {

// What a column is for in training.
enum class ColumnRole {
    Feature,  // a numeric input
    Text,     // a text input (tokenised)
    Image,    // an artifact hash of an encoded image
    Label,    // the target: a class or, for regression, a number
    Ignore,   // kept in the data, not used (ids, notes)
};

enum class LabelKind { Classification, Regression };
enum class DatasetKind { Tabular, Text, Image };

struct ColumnSpec {
    QString name;
    ColumnType type = ColumnType::Numeric;
    ColumnRole role = ColumnRole::Feature;
};

// The roles of a dataset version's columns and what its label is. Stored as JSON in the
// version's metadata; part of the version's identity.
struct DatasetSchema {
    DatasetKind kind = DatasetKind::Tabular;
    LabelKind labelKind = LabelKind::Classification;
    QVector<ColumnSpec> columns;

    QString labelColumn() const;
    QStringList columnsWithRole(ColumnRole role) const;

    QJsonObject toJson() const;
    // Throws Corrupt when the JSON does not describe a schema.
    static DatasetSchema fromJson(const QJsonObject& json);
};

QString toString(ColumnType type);
QString toString(ColumnRole role);
QString toString(LabelKind kind);
QString toString(DatasetKind kind);
// Parse the names above; throw InvalidArgument naming `what` and the accepted values.
ColumnRole columnRoleFromString(const QString& text, const QString& what);
LabelKind labelKindFromString(const QString& text, const QString& what);
DatasetKind datasetKindFromString(const QString& text, const QString& what);

}  // namespace mb
