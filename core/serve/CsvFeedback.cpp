#include "CsvFeedback.h"

namespace mb::serve {

QVector<Feedback> CsvFeedback::collect(const CsvInstances& csv, const QString& column, const ModelVersionInfo& version)
{
    const int labelIndex = int(csv.columns.indexOf(column));
    QVector<Feedback> entries;
    if (labelIndex < 0)
        return entries;
    for (qsizetype row = 0; row < csv.rows.size(); ++row) {
        const QStringList& fields = csv.rows.at(row);
        const QString label = fields.at(labelIndex).trimmed();
        if (label.isEmpty())
            continue;
        Feedback entry;
        entry.modelVersionId = version.id;
        entry.datasetVersionId = version.datasetVersionId;
        entry.label = label;
        entry.source = QStringLiteral("api");
        const Instance& instance = csv.instances.at(row);
        for (int c = 0; c < csv.columns.size(); ++c) {
            if (c == labelIndex)
                continue;
            const QString& name = csv.columns.at(c);
            const QVariant parsed = instance.value(name);
            entry.input.insert(name, parsed.typeId() == QMetaType::Double ? QJsonValue(parsed.toDouble()) : QJsonValue(fields.at(c)));
        }
        entries << entry;
    }
    return entries;
}

}  // namespace mb::serve
