#include "PredictionTableModel.h"

#include "Format.h"

#include <QBrush>
#include <QColor>
#include <QPixmap>

namespace mb::ui {

void PredictionTableModel::setPredictions(QVector<StoredPrediction> predictions, QStringList inputs, QVector<QImage> thumbnails)
{
    beginResetModel();
    m_predictions = std::move(predictions);
    m_inputs = inputs.size() == m_predictions.size() ? std::move(inputs) : QStringList();
    m_thumbnails = thumbnails.size() == m_predictions.size() ? std::move(thumbnails) : QVector<QImage>();
    m_rowOfDatasetRow.clear();
    for (int i = 0; i < m_predictions.size(); ++i)
        m_rowOfDatasetRow.insert(m_predictions.at(i).row, i);
    endResetModel();
}

void PredictionTableModel::setCorrection(qint64 datasetRow, const QString& label)
{
    if (label.isEmpty())
        m_corrections.remove(datasetRow);
    else
        m_corrections.insert(datasetRow, label);
    const auto it = m_rowOfDatasetRow.constFind(datasetRow);
    if (it != m_rowOfDatasetRow.constEnd())
        Q_EMIT dataChanged(index(*it, Correction), index(*it, Correction));
}

void PredictionTableModel::setCorrections(const QHash<qint64, QString>& corrections)
{
    m_corrections = corrections;
    if (!m_predictions.isEmpty())
        Q_EMIT dataChanged(index(0, Correction), index(int(m_predictions.size()) - 1, Correction));
}

int PredictionTableModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_predictions.size());
}

int PredictionTableModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant PredictionTableModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid() || index.row() >= m_predictions.size() || index.column() >= ColumnCount)
        return {};
    const StoredPrediction& p = m_predictions.at(index.row());
    const bool wrong = p.truth != p.predicted;
    switch (role) {
    case MisclassifiedRole:
        return wrong;
    case ConfidenceRole:
        return p.confidence;
    case TruthRole:
        return p.truth;
    case PredictedRole:
        return p.predicted;
    case DatasetRowRole:
        return p.row;
    case Qt::DisplayRole:
        switch (Column(index.column())) {
        case Row:
            return p.row;
        case Split:
            return p.split;
        case Input:
            return input(index.row()).left(200);
        case Truth:
            return p.truth;
        case Predicted:
            return p.predicted;
        case Confidence:
            return format::metric(p.confidence);
        case Correction:
            return m_corrections.value(p.row);
        case ColumnCount:
            break;
        }
        return {};
    case Qt::EditRole:
        // Sorting reads the edit role: numbers sort as numbers.
        if (index.column() == Row)
            return p.row;
        if (index.column() == Confidence)
            return p.confidence;
        return data(index, Qt::DisplayRole);
    case Qt::DecorationRole:
        if (index.column() == Input && index.row() < m_thumbnails.size())
            return QPixmap::fromImage(m_thumbnails.at(index.row()));
        return {};
    case Qt::ForegroundRole:
        if (index.column() == Predicted && wrong)
            return QBrush(QColor(0xc0, 0x39, 0x2b));
        return {};
    case Qt::ToolTipRole: {
        QStringList top;
        for (const auto& [label, probability] : p.top)
            top << QStringLiteral("%1  %2").arg(format::metric(probability), label);
        QString tip = tr("Row %1 (%2): truth %3, predicted %4").arg(p.row).arg(p.split, p.truth, p.predicted);
        if (!top.isEmpty())
            tip += QStringLiteral("\n") + top.join(QLatin1Char('\n'));
        return tip;
    }
    case Qt::TextAlignmentRole:
        return QVariant((index.column() == Row || index.column() == Confidence ? Qt::AlignRight : Qt::AlignLeft) | Qt::AlignVCenter);
    default:
        return {};
    }
}

QVariant PredictionTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole || section < 0 || section >= ColumnCount)
        return {};
    static const char* const titles[] = {QT_TR_NOOP("Row"), QT_TR_NOOP("Split"), QT_TR_NOOP("Input"), QT_TR_NOOP("Truth"),
                                         QT_TR_NOOP("Predicted"), QT_TR_NOOP("Confidence"), QT_TR_NOOP("Corrected")};
    return tr(titles[section]);
}

}  // namespace mb::ui
