#include "training/ImportedWorkload.h"

#include "Error.h"

#include <QJsonArray>

#include <sstream>

namespace mb::training {
namespace {

Error notTrainable()
{
    return Error(ErrorCode::InvalidArgument, QStringLiteral("an imported TorchScript model cannot be trained here"));
}

}  // namespace

void ImportedWorkload::prepare(const DatasetVersion&, const TrainConfig&, const QStringList&)
{
    throw notTrainable();
}

QString ImportedWorkload::kind() const
{
    return QStringLiteral("imported");
}

QStringList ImportedWorkload::preparationKeys() const
{
    return {};
}

void ImportedWorkload::writePrepared(PreparedWriter&) const
{
    throw notTrainable();
}

void ImportedWorkload::readPrepared(PreparedReader&, const TrainConfig&)
{
    throw notTrainable();
}

void ImportedWorkload::appendPrepared(Split, Split)
{
    throw notTrainable();
}

void ImportedWorkload::build(const TrainConfig&) {}

Inputs ImportedWorkload::batch(Split, const std::vector<int64_t>&, bool, std::mt19937_64&) const
{
    throw notTrainable();
}

torch::Tensor ImportedWorkload::forward(const Inputs& inputs)
{
    torch::Tensor out = m_jit.forward({inputs.at(0)}).toTensor();
    if (isRegression())
        return out.reshape({out.size(0), 1}).to(torch::kFloat32);
    // The predictor turns logits into probabilities with a softmax; log() keeps given
    // probabilities unchanged by it.
    return m_output == QLatin1String("probabilities") ? out.to(torch::kFloat32).clamp_min(1e-30).log() : out.to(torch::kFloat32);
}

QJsonObject ImportedWorkload::state() const
{
    QJsonObject state = commonState();
    state.insert(QStringLiteral("inputs"), QJsonArray::fromStringList(m_inputs));
    state.insert(QStringLiteral("output"), m_output);
    return state;
}

void ImportedWorkload::restore(const QJsonObject& state)
{
    restoreCommon(state);
    m_inputs.clear();
    for (const QJsonValue& value : state.value(QStringLiteral("inputs")).toArray())
        m_inputs << value.toString();
    m_output = state.value(QStringLiteral("output")).toString();
    if (m_inputs.isEmpty())
        throw Error(ErrorCode::InvalidArgument, QStringLiteral("the signature names no inputs"));
    if (m_output != QLatin1String("logits") && m_output != QLatin1String("probabilities") && m_output != QLatin1String("values"))
        throw Error(ErrorCode::InvalidArgument, QStringLiteral("the signature's output must be logits, probabilities or values, not '%1'").arg(m_output));
    if ((m_output == QLatin1String("values")) != isRegression())
        throw Error(ErrorCode::InvalidArgument, QStringLiteral("output 'values' goes with a regression (no labels); logits or probabilities with labels"));
}

QJsonArray ImportedWorkload::inputSignature() const
{
    QJsonArray inputs;
    for (const QString& name : m_inputs)
        inputs.append(QJsonObject{{QStringLiteral("name"), name}, {QStringLiteral("type"), QStringLiteral("number")}});
    return inputs;
}

Inputs ImportedWorkload::encode(const QVector<Instance>& instances) const
{
    torch::Tensor x = torch::empty({instances.size(), qsizetype(m_inputs.size())}, torch::kFloat32);
    auto a = x.accessor<float, 2>();
    for (qsizetype i = 0; i < instances.size(); ++i) {
        for (int j = 0; j < m_inputs.size(); ++j) {
            const auto it = instances.at(i).constFind(m_inputs.at(j));
            bool ok = it != instances.at(i).constEnd();
            const double value = ok ? it->toDouble(&ok) : 0;
            if (!ok)
                throw Error(ErrorCode::InvalidArgument, QStringLiteral("instance %1: input '%2' must be a number").arg(i).arg(m_inputs.at(j)));
            a[i][j] = float(value);
        }
    }
    return {x};
}

Instance ImportedWorkload::instanceOf(const DatasetVersion& data, qsizetype row) const
{
    Instance instance;
    for (const QString& name : m_inputs)
        instance.insert(name, cellOf(data, name, row));
    return instance;
}

QJsonObject ImportedWorkload::exportTorchScript(models::ScriptModuleBuilder&) const
{
    throw Error(ErrorCode::InvalidArgument, QStringLiteral("this version was imported from TorchScript: export its bundle instead"));
}

std::string ImportedWorkload::saveWeights() const
{
    return m_script;
}

void ImportedWorkload::loadWeights(const std::string& bytes)
{
    try {
        std::istringstream in(bytes);
        m_jit = torch::jit::load(in);
        m_jit.eval();
        m_script = bytes;
    } catch (const c10::Error& error) {
        throw Error(ErrorCode::InvalidArgument, QStringLiteral("not a TorchScript file: %1").arg(QString::fromStdString(error.what_without_backtrace()).section(QLatin1Char('\n'), 0, 0)));
    }
}

}  // namespace mb::training
