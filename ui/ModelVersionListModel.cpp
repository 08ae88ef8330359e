#include "ModelVersionListModel.h"

#include "Format.h"

#include <QColor>
#include <QFont>

#include <cmath>

namespace mb::ui {
namespace {

double testMetric(const ModelVersionInfo& version, const char* key)
{
    const QJsonObject test = version.metrics.value(QStringLiteral("test")).toObject();
    const QString name = QString::fromLatin1(key);
    return test.contains(name) ? test.value(name).toDouble(NAN) : NAN;
}

}  // namespace

void ModelVersionListModel::setVersions(QVector<ModelVersionInfo> versions)
{
    beginResetModel();
    m_versions = std::move(versions);
    endResetModel();
}

int ModelVersionListModel::rowOf(const QString& ref) const
{
    for (int row = 0; row < m_versions.size(); ++row) {
        if (m_versions.at(row).ref() == ref)
            return row;
    }
    return -1;
}

int ModelVersionListModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_versions.size());
}

int ModelVersionListModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ModelVersionListModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid() || index.row() >= m_versions.size() || index.column() >= ColumnCount)
        return {};
    const ModelVersionInfo& version = m_versions.at(index.row());
    const auto metricColumn = [&version](int column) {
        switch (column) {
        case Accuracy:
            return testMetric(version, "accuracy");
        case MacroF1:
            return testMetric(version, "macro_f1");
        case MinF1:
            return testMetric(version, "min_f1");
        case R2:
            return testMetric(version, "r2");
        }
        return double(NAN);
    };
    if (role == ModelNameRole)
        return version.model;
    if (role == Qt::DisplayRole) {
        switch (Column(index.column())) {
        case Ref:
            return version.ref();
        case ModelType:
            return version.modelType;
        case Dataset:
            return version.datasetRef.isEmpty() ? tr("(imported)") : version.datasetRef;
        case Aliases:
            return version.aliases.join(QStringLiteral(", "));
        case Accuracy:
        case MacroF1:
        case MinF1:
        case R2: {
            const double value = metricColumn(index.column());
            return std::isfinite(value) ? format::metric(value) : QString();
        }
        case Created:
            return version.createdAt.left(16).replace(QLatin1Char('T'), QLatin1Char(' '));
        case ColumnCount:
            break;
        }
        return {};
    }
    if (role == SortRole) {
        switch (Column(index.column())) {
        case Ref:
            return QStringLiteral("%1@%2").arg(version.model).arg(version.version, 8, 10, QLatin1Char('0'));
        case Accuracy:
        case MacroF1:
        case MinF1:
        case R2: {
            const double value = metricColumn(index.column());
            return std::isfinite(value) ? value : -1e300;
        }
        default:
            return data(index, Qt::DisplayRole);
        }
    }
    if (role == Qt::TextAlignmentRole) {
        const bool number = index.column() >= Accuracy && index.column() <= R2;
        return QVariant((number ? Qt::AlignRight : Qt::AlignLeft) | Qt::AlignVCenter);
    }
    if (role == Qt::FontRole && index.column() == Aliases && !version.aliases.isEmpty()) {
        QFont font;
        font.setBold(true);
        return font;
    }
    if (role == Qt::ForegroundRole && index.column() == Aliases && version.aliases.contains(QStringLiteral("production")))
        return QColor(0x2e7d32);
    if (role == Qt::ToolTipRole) {
        if (index.column() == Dataset && version.runId > 0)
            return tr("trained on %1 by run %2").arg(version.datasetRef).arg(version.runId);
        if (index.column() == Ref && !version.description.isEmpty())
            return version.description;
    }
    return {};
}

QVariant ModelVersionListModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || section < 0 || section >= ColumnCount)
        return {};
    if (role == Qt::DisplayRole) {
        static const char* const titles[] = {QT_TR_NOOP("Version"), QT_TR_NOOP("Type"), QT_TR_NOOP("Dataset"), QT_TR_NOOP("Aliases"),
                                             QT_TR_NOOP("Accuracy"), QT_TR_NOOP("Macro F1"), QT_TR_NOOP("Min F1"),
                                             QT_TR_NOOP("R²"), QT_TR_NOOP("Created (UTC)")};
        return tr(titles[section]);
    }
    if (role == Qt::ToolTipRole && section >= Accuracy && section <= R2)
        return tr("On the version's test split, with the best epoch's weights");
    return {};
}

}  // namespace mb::ui
