#pragma once

#include <QWidget>

#include <memory>

class QLabel;
class QStackedWidget;
class QTableView;

namespace mb {
class Workspace;
}

namespace mb::ui {

class DatasetListModel;

// The Datasets view: the workspace's datasets and their latest versions. GUI thread only.
class DatasetsPage : public QWidget {
    Q_OBJECT
public:
    explicit DatasetsPage(std::shared_ptr<const Workspace> workspace, QWidget* parent = nullptr);

    DatasetListModel* model() const { return m_model; }
    QTableView* table() const { return m_table; }

public Q_SLOTS:
    // Re-reads the list from the registry. Errors are reported through errorOccurred.
    void refresh();

Q_SIGNALS:
    void errorOccurred(const QString& message);

private:
    std::shared_ptr<const Workspace> m_workspace;
    DatasetListModel* m_model;
    QTableView* m_table;
    QLabel* m_emptyState;
    QStackedWidget* m_content;
};

}  // namespace mb::ui
