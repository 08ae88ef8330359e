#pragma once

#include <QStringList>
#include <QVector>
#include <QWidget>

namespace mb::ui {

// A confusion matrix as a heatmap: true classes down, predicted classes across, each cell
// shaded by its share of the row (recall colours the diagonal), the count written in it and
// a tooltip with the figures. Clicking a cell emits cellClicked. GUI thread only.
class ConfusionMatrixView : public QWidget {
    Q_OBJECT
public:
    explicit ConfusionMatrixView(QWidget* parent = nullptr);

    // `confusion[true][predicted]`, labels x labels. An empty matrix shows `emptyText`.
    void setMatrix(const QStringList& labels, const QVector<QVector<qint64>>& confusion);
    // From a classification report's JSON (labels, confusion); anything else clears it.
    void setReport(const QJsonObject& report);
    void setTitle(const QString& title);
    void setEmptyText(const QString& text);

    const QStringList& labels() const { return m_labels; }
    qint64 count(int truth, int predicted) const { return m_confusion.at(truth).at(predicted); }
    QRect cellRect(int truth, int predicted) const;

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

Q_SIGNALS:
    void cellClicked(int truth, int predicted);

protected:
    void paintEvent(QPaintEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    bool event(QEvent* event) override;

private:
    struct Geometry {
        QRect grid;      // the cells
        int cell = 0;
        int labelWidth = 0;
        int headerHeight = 0;
    };
    Geometry geometry() const;
    QPoint cellAt(const QPoint& position) const;  // (-1, -1) outside

    QString m_title;
    QString m_emptyText;
    QStringList m_labels;
    QVector<QVector<qint64>> m_confusion;
    QVector<qint64> m_rowTotals;
    QPoint m_hover{-1, -1};
};

}  // namespace mb::ui
