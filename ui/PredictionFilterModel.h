#pragma once

#include <QSortFilterProxyModel>

namespace mb::ui {

// Narrows a PredictionTableModel to what the Inspect view asks for: every row, the
// misclassified ones, those below a confidence threshold, or one confusion-matrix cell
// (truth, predicted); plus a free-text search over the input. Sorts numbers as numbers.
// GUI thread only.
class PredictionFilterModel : public QSortFilterProxyModel {
    Q_OBJECT
public:
    enum class Show { All, Misclassified, LowConfidence };

    explicit PredictionFilterModel(QObject* parent = nullptr);

    void setShow(Show show);
    Show show() const { return m_show; }
    // Rows whose confidence is below this count as low-confidence. Default 0.6.
    void setThreshold(double threshold);
    double threshold() const { return m_threshold; }
    // Only the rows with this truth and prediction; an empty pair clears it.
    void setCell(const QString& truth, const QString& predicted);
    void clearCell() { setCell({}, {}); }
    bool hasCell() const { return !m_cellTruth.isEmpty(); }
    const QString& cellTruth() const { return m_cellTruth; }
    const QString& cellPredicted() const { return m_cellPredicted; }
    void setSearch(const QString& text);

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const override;

private:
    Show m_show = Show::All;
    double m_threshold = 0.6;
    QString m_cellTruth;
    QString m_cellPredicted;
    QString m_search;
};

}  // namespace mb::ui
