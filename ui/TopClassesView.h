#pragma once

#include <QPair>
#include <QString>
#include <QVector>
#include <QWidget>

namespace mb::ui {

// The best classes of one prediction as labelled bars (label, probability), best on top:
// what the gesture pad and the text playground show as the user draws or types. Shows a
// placeholder text while there is nothing to show. GUI thread only.
class TopClassesView : public QWidget {
    Q_OBJECT
public:
    explicit TopClassesView(QWidget* parent = nullptr);

    void setClasses(const QVector<QPair<QString, double>>& classes);
    void setPlaceholder(const QString& text);
    const QVector<QPair<QString, double>>& classes() const { return m_classes; }

    QSize sizeHint() const override;

protected:
    void paintEvent(QPaintEvent* event) override;

private:
    QVector<QPair<QString, double>> m_classes;
    QString m_placeholder;
};

}  // namespace mb::ui
