#pragma once

#include "StoredPrediction.h"

#include <QAbstractTableModel>
#include <QHash>
#include <QImage>
#include <QStringList>
#include <QVector>

namespace mb::ui {

// Table model of a model version's stored predictions on a dataset split, one row each:
// dataset row, split, the input (text or a thumbnail), truth, prediction, confidence and a
// corrected label when one was given. GUI thread only; the owner fills it.
class PredictionTableModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { Row, Split, Input, Truth, Predicted, Confidence, Correction, ColumnCount };
    // Data roles beyond Qt's, for the filter and for tests.
    enum Role { MisclassifiedRole = Qt::UserRole + 1, ConfidenceRole, TruthRole, PredictedRole, DatasetRowRole };

    using QAbstractTableModel::QAbstractTableModel;

    // `inputs` (texts) and `thumbnails` are either empty or one per prediction.
    void setPredictions(QVector<StoredPrediction> predictions, QStringList inputs = {}, QVector<QImage> thumbnails = {});
    // A corrected label for a dataset row (empty: none); updates the row's Correction cell.
    void setCorrection(qint64 datasetRow, const QString& label);
    void setCorrections(const QHash<qint64, QString>& corrections);

    const StoredPrediction& prediction(int row) const { return m_predictions.at(row); }
    QImage thumbnail(int row) const { return row < m_thumbnails.size() ? m_thumbnails.at(row) : QImage(); }
    QString input(int row) const { return row < m_inputs.size() ? m_inputs.at(row) : QString(); }

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QVector<StoredPrediction> m_predictions;
    QStringList m_inputs;
    QVector<QImage> m_thumbnails;
    QHash<qint64, QString> m_corrections;   // dataset row -> corrected label
    QHash<qint64, int> m_rowOfDatasetRow;
};

}  // namespace mb::ui
