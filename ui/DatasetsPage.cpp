#include "DatasetsPage.h"

#include "DatasetCatalog.h"
#include "DatasetListModel.h"
#include "Error.h"
#include "PageHeader.h"

#include <QAction>
#include <QHeaderView>
#include <QLabel>
#include <QStackedWidget>
#include <QTableView>
#include <QVBoxLayout>

namespace mb::ui {

DatasetsPage::DatasetsPage(std::shared_ptr<const Workspace> workspace, QWidget* parent)
    : QWidget(parent),
      m_workspace(std::move(workspace)),
      m_model(new DatasetListModel(this)),
      m_table(new QTableView(this)),
      m_emptyState(new QLabel(this)),
      m_content(new QStackedWidget(this))
{
    m_table->setObjectName(QStringLiteral("datasetTable"));
    m_table->setModel(m_model);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setAlternatingRowColors(true);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->horizontalHeader()->setSectionResizeMode(DatasetListModel::Name, QHeaderView::Stretch);

    m_emptyState->setObjectName(QStringLiteral("datasetsEmptyState"));
    m_emptyState->setAlignment(Qt::AlignCenter);
    m_emptyState->setWordWrap(true);
    m_emptyState->setText(tr("<h3>No datasets yet</h3><p>This workspace holds no data sets.</p>"));

    m_content->addWidget(m_emptyState);
    m_content->addWidget(m_table);

    auto* header = new PageHeader(tr("Datasets"), tr("Imported data, each with its immutable versions."), this);
    connect(header->addAction(tr("Refresh"), QKeySequence::Refresh), &QAction::triggered, this, &DatasetsPage::refresh);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(header);
    layout->addWidget(m_content, 1);
    refresh();
}

void DatasetsPage::refresh()
{
    try {
        m_model->setDatasets(DatasetCatalog(*m_workspace).list());
    } catch (const Error& error) {
        Q_EMIT errorOccurred(error.message());
    }
    m_content->setCurrentWidget(m_model->rowCount() == 0 ? static_cast<QWidget*>(m_emptyState) : m_table);
}

}  // namespace mb::ui
