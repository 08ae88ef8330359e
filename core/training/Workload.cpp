#include "training/Workload.h"

#include "Error.h"
#include "ModuleArchive.h"
#include "training/PreparedStream.h"

#include <QHash>
#include <QJsonArray>

#include <cmath>

namespace mb::training {

void Workload::prepareTargets(const DatasetVersion& data, const QStringList& labels)
{
    m_labels = labels;
    const DataColumn& label = data.table.columns.at(data.table.indexOf(data.schema.labelColumn()));
    QHash<QString, int64_t> ids;
    for (int i = 0; i < labels.size(); ++i)
        ids.insert(labels.at(i), i);
    std::vector<int64_t> classes[3];
    std::vector<float> values[3];
    for (auto& rows : m_rows)
        rows.clear();
    for (qsizetype row = 0; row < data.table.rowCount(); ++row) {
        const size_t split = size_t(data.split[size_t(row)]);
        m_rows[split].push_back(row);
        if (isRegression())
            values[split].push_back(float(label.numbers[size_t(row)]));
        else
            classes[split].push_back(ids.value(label.text(row).trimmed(), -1));
    }
    if (isRegression()) {
        // Standardise the target on the training rows: the network learns numbers near 0.
        double sum = 0, squares = 0;
        for (float v : values[0]) {
            sum += v;
            squares += double(v) * v;
        }
        const double n = std::max<double>(1, double(values[0].size()));
        m_targetMean = sum / n;
        m_targetStd = std::sqrt(std::max(1e-12, squares / n - m_targetMean * m_targetMean));
    }
    for (size_t split = 0; split < 3; ++split) {
        if (isRegression()) {
            auto tensor = torch::tensor(values[split], torch::kFloat32);
            m_targets[split] = (tensor - m_targetMean) / m_targetStd;
        } else {
            m_targets[split] = torch::tensor(classes[split], torch::kInt64);
        }
    }
}

void Workload::foldValidationIntoTraining()
{
    const size_t train = size_t(Split::Train), val = size_t(Split::Val);
    m_rows[train].insert(m_rows[train].end(), m_rows[val].begin(), m_rows[val].end());
    m_rows[val].clear();
    m_targets[train] = torch::cat({m_targets[train], m_targets[val]});
    m_targets[val] = m_targets[val].slice(0, 0, 0);
    appendPrepared(Split::Val, Split::Train);
}

QByteArray Workload::savePrepared() const
{
    PreparedWriter out(kind());
    out.writeJson(state());
    writePrepared(out);
    return out.bytes();
}

void Workload::loadPrepared(const QByteArray& bytes, const DatasetVersion& data, const TrainConfig& config, const QStringList& labels)
{
    PreparedReader in(bytes, kind());
    try {
        restore(in.readJson());
    } catch (const std::invalid_argument& error) {  // a fitted preprocessor's record did not parse
        throw Error(ErrorCode::Corrupt, QStringLiteral("cached preparation: %1").arg(QString::fromUtf8(error.what())));
    }
    // Rows and targets come from the data, exactly as prepare() makes them: cheap, and the
    // target scaling stays bit for bit what a fresh preparation computes.
    prepareTargets(data, labels);
    readPrepared(in, config);
    in.finish();
}

void Workload::checkPreparedCount(Split split, size_t prepared) const
{
    if (prepared != size_t(count(split)))
        throw Error(ErrorCode::Corrupt, QStringLiteral("cached preparation: %1 rows of the %2 split, the data has %3")
                                            .arg(prepared).arg(DatasetSplitter::name(split)).arg(count(split)));
}

std::string Workload::saveWeights() const
{
    return models::saveModule(*m_module);
}

void Workload::loadWeights(const std::string& bytes)
{
    models::loadModule(*m_module, bytes);
    m_module->eval();
}

QString Workload::scriptOutput() const
{
    if (isRegression())
        return QStringLiteral("    return out.squeeze(1) * %1 + %2\n").arg(m_targetStd, 0, 'g', 17).arg(m_targetMean, 0, 'g', 17);
    return QStringLiteral("    return torch.softmax(out, 1)\n");
}

QJsonObject Workload::commonState() const
{
    return QJsonObject{{QStringLiteral("labels"), QJsonArray::fromStringList(m_labels)},
                       {QStringLiteral("target_mean"), m_targetMean},
                       {QStringLiteral("target_std"), m_targetStd}};
}

void Workload::restoreCommon(const QJsonObject& state)
{
    m_labels.clear();
    for (const QJsonValue& value : state.value(QStringLiteral("labels")).toArray())
        m_labels << value.toString();
    m_targetMean = state.value(QStringLiteral("target_mean")).toDouble(0);
    m_targetStd = state.value(QStringLiteral("target_std")).toDouble(1);
}

QVariant Workload::cellOf(const DatasetVersion& data, const QString& name, qsizetype row)
{
    const int column = data.table.indexOf(name);
    if (column < 0)
        throw Error(ErrorCode::InvalidArgument, QStringLiteral("the dataset has no column '%1'").arg(name));
    const DataColumn& c = data.table.columns.at(column);
    return c.type == ColumnType::Numeric ? QVariant(c.numbers[size_t(row)]) : QVariant(c.texts.at(row));
}

}  // namespace mb::training
