#include "training/TabularWorkload.h"

#include "Error.h"
#include "ScriptModuleBuilder.h"
#include "training/PreparedStream.h"

#include <QJsonArray>

namespace mb::training {

void TabularWorkload::prepare(const DatasetVersion& data, const TrainConfig& config, const QStringList& labels)
{
    prepareTargets(data, labels);
    m_features = data.schema.columnsWithRole(ColumnRole::Feature);
    const int64_t f = m_features.size();
    std::vector<const DataColumn*> columns;
    for (const QString& name : m_features)
        columns.push_back(&data.table.columns.at(data.table.indexOf(name)));
    std::vector<float> splitRows[3];
    for (size_t split = 0; split < 3; ++split) {
        const auto& rowIds = rows(Split(split));
        splitRows[split].reserve(rowIds.size() * size_t(f));
        for (int64_t row : rowIds) {
            for (const DataColumn* column : columns)
                splitRows[split].push_back(float(column->numbers[size_t(row)]));
        }
    }
    m_selector = models::MutualInfoSelector(models::MutualInfoSelectorOptions{config.selectTopK, 16});
    if (config.selectTopK > 0 && config.selectTopK < f && !isRegression()) {
        const torch::Tensor y = targets(Split::Train);
        m_selector.fit(splitRows[0], f, std::vector<int64_t>(y.data_ptr<int64_t>(), y.data_ptr<int64_t>() + y.numel()));
        for (auto& r : splitRows)
            r = m_selector.transform(r);
    }
    const int64_t kept = m_selector.isFitted() ? int64_t(m_selector.selected().size()) : f;
    m_scaler = models::StandardScaler();
    m_scaler.fit(splitRows[0], kept);
    for (size_t split = 0; split < 3; ++split)
        m_x[split] = toTensor(m_scaler.transform(std::move(splitRows[split])));
}

QString TabularWorkload::kind() const
{
    return QStringLiteral("tabular");
}

QStringList TabularWorkload::preparationKeys() const
{
    // The scaler has no settings; which features exist and which are numeric is the data's.
    return {QStringLiteral("features.select_top_k")};
}

void TabularWorkload::writePrepared(PreparedWriter& out) const
{
    for (const torch::Tensor& x : m_x)
        out.writeTensor(x);
}

void TabularWorkload::readPrepared(PreparedReader& in, const TrainConfig&)
{
    for (size_t split = 0; split < 3; ++split) {
        m_x[split] = in.readTensor();
        if (m_x[split].dim() != 2 || m_x[split].size(1) != m_scaler.numFeatures())
            throw Error(ErrorCode::Corrupt, QStringLiteral("cached preparation: the prepared features do not match the scaler"));
        checkPreparedCount(Split(split), size_t(m_x[split].size(0)));
    }
}

void TabularWorkload::appendPrepared(Split from, Split to)
{
    m_x[size_t(to)] = torch::cat({m_x[size_t(to)], m_x[size_t(from)]});
    m_x[size_t(from)] = m_x[size_t(from)].slice(0, 0, 0);
}

torch::Tensor TabularWorkload::toTensor(std::vector<float> rows) const
{
    const int64_t width = m_scaler.numFeatures();
    const int64_t n = width > 0 ? int64_t(rows.size()) / width : 0;
    return torch::from_blob(rows.data(), {n, width}, torch::kFloat32).clone();
}

void TabularWorkload::build(const TrainConfig& config)
{
    models::TabularMLPOptions options(m_scaler.numFeatures(), outputs());
    std::vector<int64_t> hidden;
    if (config.model != QLatin1String("linear")) {
        for (int width : config.hidden)
            hidden.push_back(width);
    }
    options.hidden(hidden).activation(config.activation.toStdString()).dropout(config.dropout).batch_norm(config.batchNorm);
    m_net = models::TabularMLP(options);
    m_module = m_net.ptr();
}

Inputs TabularWorkload::batch(Split split, const std::vector<int64_t>& positions, bool, std::mt19937_64&) const
{
    return {m_x[size_t(split)].index_select(0, torch::tensor(positions, torch::kInt64))};
}

torch::Tensor TabularWorkload::forward(const Inputs& inputs)
{
    return m_net->forward(inputs.at(0));
}

QJsonObject TabularWorkload::state() const
{
    QJsonObject state = commonState();
    state.insert(QStringLiteral("features"), QJsonArray::fromStringList(m_features));
    state.insert(QStringLiteral("scaler"), QString::fromStdString(m_scaler.serialize()));
    if (m_selector.isFitted())
        state.insert(QStringLiteral("selector"), QString::fromStdString(m_selector.serialize()));
    return state;
}

void TabularWorkload::restore(const QJsonObject& state)
{
    restoreCommon(state);
    m_features.clear();
    for (const QJsonValue& value : state.value(QStringLiteral("features")).toArray())
        m_features << value.toString();
    m_scaler = models::StandardScaler::deserialize(state.value(QStringLiteral("scaler")).toString().toStdString());
    m_selector = state.contains(QStringLiteral("selector"))
                     ? models::MutualInfoSelector::deserialize(state.value(QStringLiteral("selector")).toString().toStdString())
                     : models::MutualInfoSelector();
}

QJsonArray TabularWorkload::inputSignature() const
{
    QJsonArray inputs;
    for (const QString& name : m_features)
        inputs.append(QJsonObject{{QStringLiteral("name"), name}, {QStringLiteral("type"), QStringLiteral("number")}});
    return inputs;
}

Inputs TabularWorkload::encode(const QVector<Instance>& instances) const
{
    std::vector<float> rows;
    rows.reserve(size_t(instances.size() * m_features.size()));
    for (qsizetype i = 0; i < instances.size(); ++i) {
        const Instance& instance = instances.at(i);
        for (const QString& name : m_features) {
            const auto it = instance.constFind(name);
            if (it == instance.constEnd())
                throw Error(ErrorCode::InvalidArgument, QStringLiteral("instance %1: missing feature '%2'").arg(i).arg(name));
            bool ok = false;
            const double value = it->typeId() == QMetaType::QString ? it->toString().trimmed().toDouble(&ok) : it->toDouble(&ok);
            if (!ok || !std::isfinite(value) || it->typeId() == QMetaType::Bool)
                throw Error(ErrorCode::InvalidArgument, QStringLiteral("instance %1: feature '%2' must be a number, not '%3'")
                                                            .arg(i).arg(name, it->toString().left(40)));
            rows.push_back(float(value));
        }
    }
    if (m_selector.isFitted())
        rows = m_selector.transform(rows);
    return {toTensor(m_scaler.transform(std::move(rows)))};
}

QJsonObject TabularWorkload::exportTorchScript(models::ScriptModuleBuilder& script) const
{
    script.addModule(*m_module);
    script.addTensor("scaler_mean", torch::tensor(m_scaler.mean()));
    script.addTensor("scaler_scale", torch::tensor(m_scaler.scale()));
    QString source = QStringLiteral("def forward(self, x):\n    x = x.float()\n");
    if (m_selector.isFitted()) {
        script.addTensor("selected", torch::tensor(m_selector.selected(), torch::kInt64));
        source += QStringLiteral("    x = torch.index_select(x, 1, self.selected)\n");
    }
    source += QStringLiteral("    h = (x - self.scaler_mean) / self.scaler_scale\n");
    const models::TabularMLPOptions& o = m_net->options();
    for (size_t i = 0; i < o.hidden().size(); ++i) {
        const QString n = QString::number(i);
        source += o.batch_norm() ? QStringLiteral("    h = torch.matmul(h, self.hidden%1_weight.t())\n").arg(n)
                                 : QStringLiteral("    h = torch.matmul(h, self.hidden%1_weight.t()) + self.hidden%1_bias\n").arg(n);
        if (o.batch_norm())
            source += QStringLiteral("    h = torch.batch_norm(h, self.norm%1_weight, self.norm%1_bias, self.norm%1_running_mean, "
                                     "self.norm%1_running_var, False, 0.1, 1e-05, False)\n").arg(n);
        source += QStringLiteral("    h = torch.%1(h)\n").arg(QString::fromStdString(o.activation()));
    }
    source += QStringLiteral("    out = torch.matmul(h, self.out_weight.t()) + self.out_bias\n") + scriptOutput();
    script.define(source.toStdString());
    QJsonArray features;
    for (const QString& name : m_features)
        features.append(name);
    return QJsonObject{{QStringLiteral("forward"), QStringLiteral("x: float32 [batch, %1], raw feature values in this order").arg(m_features.size())},
                       {QStringLiteral("features"), features}};
}

Instance TabularWorkload::instanceOf(const DatasetVersion& data, qsizetype row) const
{
    Instance instance;
    for (const QString& name : m_features)
        instance.insert(name, cellOf(data, name, row));
    return instance;
}

}  // namespace mb::training
