#include "DatasetPresenter.h"

#include <QJsonArray>

#include <algorithm>
#include <limits>

namespace mb::cli {
namespace {

QString splitLine(const QJsonObject& split)
{
    const QJsonObject counts = split.value(QStringLiteral("counts")).toObject();
    QString line = QStringLiteral("train %1 / val %2 / test %3")
                       .arg(counts.value(QStringLiteral("train")).toInteger())
                       .arg(counts.value(QStringLiteral("val")).toInteger())
                       .arg(counts.value(QStringLiteral("test")).toInteger());
    const QString method = split.value(QStringLiteral("method")).toString();
    if (method == QLatin1String("column"))
        return line + QStringLiteral(" (from column '%1')").arg(split.value(QStringLiteral("column")).toString());
    if (split.contains(QStringLiteral("seed")))
        return line + QStringLiteral(" (%1, seed %2)").arg(method, split.value(QStringLiteral("seed")).toString());
    return line + QStringLiteral(" (%1)").arg(method);
}

QString classLine(const QJsonObject& classCounts)
{
    return QStringLiteral("%1 classes").arg(classCounts.size());
}

}  // namespace

QJsonObject DatasetPresenter::toJson(const DatasetVersionInfo& info)
{
    const DatasetSchema schema = info.schema();
    QJsonObject json{
        {QStringLiteral("dataset"), info.dataset},
        {QStringLiteral("version"), info.number},
        {QStringLiteral("ref"), info.ref()},
        {QStringLiteral("hash"), info.hash},
        {QStringLiteral("parent"), info.parentNumber > 0 ? QJsonValue(info.parentNumber) : QJsonValue()},
        {QStringLiteral("kind"), toString(info.kind)},
        {QStringLiteral("label_kind"), toString(info.labelKind)},
        {QStringLiteral("label"), schema.labelColumn()},
        {QStringLiteral("rows"), info.rows},
        {QStringLiteral("columns"), info.columns},
        {QStringLiteral("features"), QJsonArray::fromStringList(schema.columnsWithRole(ColumnRole::Feature))},
        {QStringLiteral("text_columns"), QJsonArray::fromStringList(schema.columnsWithRole(ColumnRole::Text))},
        {QStringLiteral("schema"), info.metadata.value(QStringLiteral("schema"))},
        {QStringLiteral("split"), info.metadata.value(QStringLiteral("split"))},
        {QStringLiteral("source"), info.metadata.value(QStringLiteral("source"))},
        {QStringLiteral("notices"), info.metadata.value(QStringLiteral("notices"))},
        {QStringLiteral("created_at"), info.createdAt},
    };
    if (info.labelKind == LabelKind::Classification) {
        const QJsonObject counts = info.metadata.value(QStringLiteral("class_counts")).toObject();
        json.insert(QStringLiteral("classes"), counts.size());
        json.insert(QStringLiteral("class_counts"), counts);
    } else {
        json.insert(QStringLiteral("target"), info.metadata.value(QStringLiteral("target")));
    }
    return json;
}

void DatasetPresenter::printSummary(QTextStream& out, const DatasetVersionInfo& info)
{
    const DatasetSchema schema = info.schema();
    out << "  rows:     " << info.rows << "\n";
    const int features = schema.columnsWithRole(ColumnRole::Feature).size();
    const QStringList texts = schema.columnsWithRole(ColumnRole::Text);
    QString inputs = schema.kind == DatasetKind::Image ? QStringLiteral("images")
                                                      : QStringLiteral("%1 numeric features").arg(features);
    if (!texts.isEmpty())
        inputs += QStringLiteral(", text: %1").arg(texts.join(QLatin1String(", ")));
    out << "  inputs:   " << inputs << "\n";
    if (info.labelKind == LabelKind::Classification) {
        out << "  label:    " << schema.labelColumn() << " (classification, "
            << classLine(info.metadata.value(QStringLiteral("class_counts")).toObject()) << ")\n";
    } else {
        const QJsonObject target = info.metadata.value(QStringLiteral("target")).toObject();
        out << "  label:    " << schema.labelColumn() << " (regression, "
            << QStringLiteral("min %1, max %2, mean %3)")
                   .arg(target.value(QStringLiteral("min")).toDouble())
                   .arg(target.value(QStringLiteral("max")).toDouble())
                   .arg(target.value(QStringLiteral("mean")).toDouble(), 0, 'g', 5)
            << "\n";
    }
    out << "  split:    " << splitLine(info.metadata.value(QStringLiteral("split")).toObject()) << "\n";
    for (const QJsonValue& notice : info.metadata.value(QStringLiteral("notices")).toArray())
        out << "  note:     " << notice.toString() << "\n";
}

void DatasetPresenter::printDetails(QTextStream& out, const DatasetVersionInfo& info)
{
    const DatasetSchema schema = info.schema();
    out << info.ref() << "  (" << toString(info.kind) << ", " << toString(info.labelKind) << ")\n";
    out << "  hash:     " << info.hash << "\n";
    out << "  parent:   " << (info.parentNumber > 0 ? QStringLiteral("%1@%2").arg(info.dataset).arg(info.parentNumber) : QStringLiteral("-")) << "\n";
    out << "  created:  " << info.createdAt << "\n";
    const QJsonObject source = info.metadata.value(QStringLiteral("source")).toObject();
    if (source.contains(QStringLiteral("file")))
        out << "  source:   " << source.value(QStringLiteral("file")).toString() << "\n";
    printSummary(out, info);

    out << "\nColumns (" << schema.columns.size() << "):\n";
    const int shown = 24;
    for (int i = 0; i < schema.columns.size() && i < shown; ++i) {
        const ColumnSpec& column = schema.columns.at(i);
        out << QStringLiteral("  %1 %2 %3\n").arg(column.name, -24).arg(toString(column.type), -8).arg(toString(column.role));
    }
    if (schema.columns.size() > shown)
        out << "  ... and " << schema.columns.size() - shown << " more\n";

    const QJsonObject counts = info.metadata.value(QStringLiteral("class_counts")).toObject();
    if (!counts.isEmpty()) {
        qint64 largest = 1, smallest = std::numeric_limits<qint64>::max();
        for (const QJsonValue& value : counts) {
            largest = std::max<qint64>(largest, value.toInteger());
            smallest = std::min<qint64>(smallest, value.toInteger());
        }
        out << "\nClasses (" << counts.size() << "):\n";
        for (auto it = counts.begin(); it != counts.end(); ++it) {
            const qint64 count = it.value().toInteger();
            const int bar = int(std::max<qint64>(1, count * 40 / largest));
            out << QStringLiteral("  %1 %2  %3\n").arg(it.key(), -24).arg(count, 7).arg(QString(bar, QChar(0x2588)));
        }
        out << QStringLiteral("  imbalance: largest / smallest class = %1\n").arg(double(largest) / double(std::max<qint64>(1, smallest)), 0, 'f', 1);
    }
}

}  // namespace mb::cli
