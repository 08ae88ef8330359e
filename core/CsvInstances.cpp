#include "CsvInstances.h"

#include "Error.h"

#include <QJsonObject>

#include <cmath>

namespace mb {

CsvInstances CsvInstances::read(QIODevice& device, const QJsonArray& inputs, const QString& sourceName)
{
    CsvOptions options;
    options.sourceName = sourceName;
    CsvReader reader(options);
    CsvInstances result;
    QVector<int> positions;
    QVector<bool> numeric;
    QStringList names;
    reader.read(device, [&](const CsvRecord& record) {
        if (positions.isEmpty()) {
            const CsvDialect& dialect = reader.dialect();
            result.columns = dialect.columns;
            const bool byPosition = !dialect.hasHeader && dialect.columns.size() == inputs.size();
            QStringList missing;
            for (int i = 0; i < inputs.size(); ++i) {
                const QJsonObject input = inputs.at(i).toObject();
                const QString name = input.value(QStringLiteral("name")).toString();
                if (input.value(QStringLiteral("type")).toString() == QLatin1String("image"))
                    throw Error(ErrorCode::InvalidArgument, QStringLiteral("%1: this model reads images; give an image folder, not a CSV").arg(sourceName));
                const int column = byPosition ? i : int(dialect.columns.indexOf(name));
                if (column < 0)
                    missing << name;
                names << name;
                positions << column;
                numeric << (input.value(QStringLiteral("type")).toString() == QLatin1String("number"));
            }
            if (!missing.isEmpty()) {
                throw Error(ErrorCode::InvalidArgument, QStringLiteral("%1: missing the model's input columns %2 (the file has %3)")
                                                            .arg(sourceName, missing.join(QLatin1String(", ")), dialect.columns.join(QLatin1String(", "))));
            }
        }
        Instance instance;
        for (int i = 0; i < positions.size(); ++i) {
            const QString& field = record.fields.at(positions.at(i));
            if (!numeric.at(i)) {
                instance.insert(names.at(i), field);
                continue;
            }
            bool ok = false;
            const double value = field.trimmed().toDouble(&ok);
            if (!ok || !std::isfinite(value)) {
                throw Error(ErrorCode::InvalidArgument, QStringLiteral("%1:%2:%3: column '%4' must be a number, not '%5'")
                                                            .arg(sourceName).arg(record.line).arg(positions.at(i) + 1).arg(names.at(i), field.left(40)));
            }
            instance.insert(names.at(i), value);
        }
        result.instances << instance;
        result.rows << record.fields;
        result.lines << record.line;
    });
    return result;
}

}  // namespace mb
