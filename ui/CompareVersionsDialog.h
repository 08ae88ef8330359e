#pragma once

#include "ModelVersionInfo.h"

#include <QDialog>

class QTableWidget;

namespace mb::ui {

class ConfusionMatrixView;

// Two model versions side by side: lineage, validation and test metrics with the difference
// (B − A, green where B is better), per-class F1 on the test split, and both test confusion
// matrices as heatmaps. GUI thread only.
class CompareVersionsDialog : public QDialog {
    Q_OBJECT
public:
    CompareVersionsDialog(const ModelVersionInfo& a, const ModelVersionInfo& b, QWidget* parent = nullptr);

    QTableWidget* table() const { return m_table; }
    ConfusionMatrixView* matrixA() const { return m_matrixA; }
    ConfusionMatrixView* matrixB() const { return m_matrixB; }

private:
    void addSection(const QString& title);
    void addMetricRow(const QString& name, double a, double b, bool higherIsBetter);

    QTableWidget* m_table;
    ConfusionMatrixView* m_matrixA;
    ConfusionMatrixView* m_matrixB;
};

}  // namespace mb::ui
