#include "DatasetSchema.h"

#include "Error.h"

#include <QJsonArray>

namespace mb {
namespace {

template <typename Enum, size_t N>
Enum parseName(const QString& text, const QString& what, const std::pair<Enum, const char*> (&names)[N])
{
    QStringList accepted;
    for (const auto& [value, name] : names) {
        if (text.compare(QLatin1String(name), Qt::CaseInsensitive) == 0)
            return value;
        accepted << QLatin1String(name);
    }
    throw Error(ErrorCode::InvalidArgument,
                QStringLiteral("%1: '%2' is not one of %3").arg(what, text, accepted.join(QLatin1String(", "))));
}

template <typename Enum, size_t N>
QString nameOf(Enum value, const std::pair<Enum, const char*> (&names)[N])
{
    for (const auto& [candidate, name] : names) {
        if (candidate == value)
            return QLatin1String(name);
    }
    return {};
}

const std::pair<ColumnType, const char*> kTypes[] = {{ColumnType::Numeric, "numeric"}, {ColumnType::Text, "text"}};
const std::pair<ColumnRole, const char*> kRoles[] = {{ColumnRole::Feature, "feature"}, {ColumnRole::Text, "text"},
                                                     {ColumnRole::Image, "image"},     {ColumnRole::Label, "label"},
                                                     {ColumnRole::Ignore, "ignore"}};
const std::pair<LabelKind, const char*> kLabelKinds[] = {{LabelKind::Classification, "classification"},
                                                         {LabelKind::Regression, "regression"}};
const std::pair<DatasetKind, const char*> kKinds[] = {
    {DatasetKind::Tabular, "tabular"}, {DatasetKind::Text, "text"}, {DatasetKind::Image, "image"}};

}  // namespace

QString toString(ColumnType type) { return nameOf(type, kTypes); }
QString toString(ColumnRole role) { return nameOf(role, kRoles); }
QString toString(LabelKind kind) { return nameOf(kind, kLabelKinds); }
QString toString(DatasetKind kind) { return nameOf(kind, kKinds); }
ColumnRole columnRoleFromString(const QString& text, const QString& what) { return parseName(text, what, kRoles); }
LabelKind labelKindFromString(const QString& text, const QString& what) { return parseName(text, what, kLabelKinds); }
DatasetKind datasetKindFromString(const QString& text, const QString& what) { return parseName(text, what, kKinds); }

QString DatasetSchema::labelColumn() const
{
    const QStringList labels = columnsWithRole(ColumnRole::Label);
    return labels.isEmpty() ? QString() : labels.first();
}

QStringList DatasetSchema::columnsWithRole(ColumnRole role) const
{
    QStringList names;
    for (const ColumnSpec& column : columns) {
        if (column.role == role)
            names << column.name;
    }
    return names;
}

QJsonObject DatasetSchema::toJson() const
{
    QJsonArray list;
    for (const ColumnSpec& column : columns) {
        list.append(QJsonObject{{QStringLiteral("name"), column.name},
                                {QStringLiteral("type"), toString(column.type)},
                                {QStringLiteral("role"), toString(column.role)}});
    }
    return QJsonObject{{QStringLiteral("kind"), toString(kind)},
                       {QStringLiteral("label_kind"), toString(labelKind)},
                       {QStringLiteral("columns"), list}};
}

DatasetSchema DatasetSchema::fromJson(const QJsonObject& json)
{
    try {
        DatasetSchema schema;
        schema.kind = datasetKindFromString(json.value(QStringLiteral("kind")).toString(), QStringLiteral("kind"));
        schema.labelKind = labelKindFromString(json.value(QStringLiteral("label_kind")).toString(), QStringLiteral("label_kind"));
        for (const QJsonValue& value : json.value(QStringLiteral("columns")).toArray()) {
            const QJsonObject object = value.toObject();
            ColumnSpec column;
            column.name = object.value(QStringLiteral("name")).toString();
            column.type = parseName(object.value(QStringLiteral("type")).toString(), QStringLiteral("type"), kTypes);
            column.role = columnRoleFromString(object.value(QStringLiteral("role")).toString(), QStringLiteral("role"));
            schema.columns << column;
        }
        if (schema.columns.isEmpty())
            throw Error(ErrorCode::InvalidArgument, QStringLiteral("no columns"));
        return schema;
    } catch (const Error& error) {
        throw Error(ErrorCode::Corrupt, QStringLiteral("stored dataset schema is damaged: %1").arg(error.message()));
    }
}

}  // namespace mb
