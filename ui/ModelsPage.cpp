#include "ModelsPage.h"

#include "AliasDialog.h"
#include "BackgroundTask.h"
#include "CompareVersionsDialog.h"
#include "ConfusionMatrixView.h"
#include "Error.h"
#include "Format.h"
#include "ModelBundleFiles.h"
#include "ModelListModel.h"
#include "ModelRegistry.h"
#include "ModelVersionListModel.h"
#include "PageHeader.h"

#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QDir>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QInputDialog>
#include <QItemSelectionModel>
#include <QJsonArray>
#include <QLabel>
#include <QMessageBox>
#include <QScrollArea>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QTableView>
#include <QToolButton>
#include <QVBoxLayout>

#include <cmath>

namespace mb::ui {
namespace {

void setUpTable(QTableView* table)
{
    table->setSelectionBehavior(QAbstractItemView::SelectRows);
    table->setSelectionMode(QAbstractItemView::ExtendedSelection);
    table->setAlternatingRowColors(true);
    table->setSortingEnabled(true);
    table->setWordWrap(false);
    table->verticalHeader()->hide();
    table->verticalHeader()->setDefaultSectionSize(24);
    table->horizontalHeader()->setHighlightSections(false);
    table->horizontalHeader()->setStretchLastSection(true);
}

QString metricsTable(const QJsonObject& metrics)
{
    const QJsonObject test = metrics.value(QStringLiteral("test")).toObject();
    const QJsonObject validation = metrics.value(QStringLiteral("validation")).toObject();
    if (test.isEmpty() && validation.isEmpty())
        return QObject::tr("<p><i>No evaluation stored with this version.</i></p>");
    const QStringList keys = (test.contains(QStringLiteral("r2")) || validation.contains(QStringLiteral("r2")))
                                 ? QStringList{QStringLiteral("mae"), QStringLiteral("rmse"), QStringLiteral("r2")}
                                 : QStringList{QStringLiteral("accuracy"), QStringLiteral("macro_f1"), QStringLiteral("weighted_f1"),
                                               QStringLiteral("min_f1"), QStringLiteral("log_loss")};
    QString html = QStringLiteral("<table cellspacing='0' cellpadding='3' style='margin-top:6px'>"
                                  "<tr><th align='left'></th><th align='right'>%1</th><th align='right'>%2</th></tr>")
                       .arg(QObject::tr("validation"), QObject::tr("test"));
    for (const QString& key : keys) {
        const auto cell = [&key](const QJsonObject& report) {
            return report.contains(key) && !report.value(key).isNull() ? format::metric(report.value(key).toDouble()) : QStringLiteral("—");
        };
        html += QStringLiteral("<tr><td>%1</td><td align='right'>%2</td><td align='right'><b>%3</b></td></tr>")
                    .arg(format::metricName(key), cell(validation), cell(test));
    }
    html += QStringLiteral("</table>");
    const QString weakest = test.value(QStringLiteral("min_f1_label")).toString();
    if (!weakest.isEmpty() && test.value(QStringLiteral("min_f1")).toDouble() < 1.0)
        html += QObject::tr("<p style='color:#555'>Weakest class on test: <b>%1</b></p>").arg(weakest.toHtmlEscaped());
    return html;
}

}  // namespace

ModelsPage::ModelsPage(std::shared_ptr<const Workspace> workspace, QWidget* parent)
    : QWidget(parent),
      m_workspace(std::move(workspace)),
      m_models(new ModelListModel(this)),
      m_versions(new ModelVersionListModel(this)),
      m_versionProxy(new QSortFilterProxyModel(this)),
      m_modelTable(new QTableView(this)),
      m_versionTable(new QTableView(this)),
      m_details(new QLabel(this)),
      m_confusion(new ConfusionMatrixView(this)),
      m_emptyState(new QLabel(this))
{
    auto* header = new PageHeader(tr("Models"), tr("Registered model versions and their aliases."), this);
    m_import = header->addAction(tr("Import bundle…"));
    m_import->setObjectName(QStringLiteral("importAction"));
    connect(m_import, &QAction::triggered, this, &ModelsPage::onImport);
    connect(header->addAction(tr("Refresh"), QKeySequence::Refresh), &QAction::triggered, this, &ModelsPage::refresh);

    auto* modelSort = new QSortFilterProxyModel(this);
    modelSort->setSourceModel(m_models);
    m_modelTable->setObjectName(QStringLiteral("modelTable"));
    m_modelTable->setModel(modelSort);
    setUpTable(m_modelTable);
    m_modelTable->sortByColumn(ModelListModel::Name, Qt::AscendingOrder);
    m_modelTable->setColumnHidden(ModelListModel::Aliases, true);  // the versions show them
    m_modelTable->setColumnHidden(ModelListModel::Updated, true);
    m_modelTable->horizontalHeader()->setStretchLastSection(false);
    m_modelTable->horizontalHeader()->setSectionResizeMode(ModelListModel::Name, QHeaderView::Stretch);
    m_modelTable->horizontalHeader()->setSectionResizeMode(ModelListModel::Task, QHeaderView::ResizeToContents);
    m_modelTable->horizontalHeader()->setSectionResizeMode(ModelListModel::Versions, QHeaderView::ResizeToContents);

    m_versionProxy->setSourceModel(m_versions);
    m_versionProxy->setSortRole(ModelVersionListModel::SortRole);
    m_versionProxy->setFilterRole(ModelVersionListModel::ModelNameRole);
    m_versionTable->setObjectName(QStringLiteral("versionTable"));
    m_versionTable->setModel(m_versionProxy);
    setUpTable(m_versionTable);
    m_versionTable->sortByColumn(ModelVersionListModel::Ref, Qt::AscendingOrder);

    m_details->setObjectName(QStringLiteral("versionDetails"));
    m_details->setWordWrap(true);
    m_details->setAlignment(Qt::AlignTop | Qt::AlignLeft);
    m_details->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_details->setMargin(8);
    m_confusion->setObjectName(QStringLiteral("versionConfusion"));
    m_confusion->setEmptyText(tr("Select a classifier version to see its test confusion matrix."));

    m_emptyState->setObjectName(QStringLiteral("modelsEmptyState"));
    m_emptyState->setAlignment(Qt::AlignCenter);
    m_emptyState->setWordWrap(true);
    m_emptyState->setText(tr("<h3>No models yet</h3><p>Train one in the Train view, or import a bundle file.</p>"));

    buildActions();

    // Left: models. Right: the versions with their actions, then the selected version.
    auto* left = new QWidget(this);
    auto* leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(0, 0, 0, 0);
    auto* modelsTitle = new QLabel(tr("<b>Models</b> <span style='color:#6b6b6b'>— select to narrow the versions</span>"), left);
    leftLayout->addWidget(modelsTitle);
    leftLayout->addWidget(m_modelTable, 1);

    auto* actionsRow = new QHBoxLayout;
    actionsRow->addWidget(new QLabel(tr("<b>Versions</b> <span style='color:#6b6b6b'>— metrics on each version's test split</span>"), this));
    actionsRow->addStretch(1);
    for (QAction* action : {m_setAlias, m_removeAlias, m_export, m_exportTorchScript, m_compare, m_delete}) {
        auto* button = new QToolButton(this);
        button->setDefaultAction(action);
        button->setToolButtonStyle(Qt::ToolButtonTextOnly);
        actionsRow->addWidget(button);
    }

    auto* detailsScroll = new QScrollArea(this);
    detailsScroll->setWidget(m_details);
    detailsScroll->setWidgetResizable(true);
    detailsScroll->setFrameShape(QFrame::StyledPanel);
    detailsScroll->setBackgroundRole(QPalette::Base);
    m_details->setBackgroundRole(QPalette::Base);
    auto* bottom = new QSplitter(Qt::Horizontal, this);
    bottom->addWidget(detailsScroll);
    bottom->addWidget(m_confusion);
    bottom->setStretchFactor(0, 2);
    bottom->setStretchFactor(1, 3);
    bottom->setSizes({380, 520});
    bottom->setChildrenCollapsible(false);

    auto* right = new QWidget(this);
    auto* rightLayout = new QVBoxLayout(right);
    rightLayout->setContentsMargins(0, 0, 0, 0);
    rightLayout->addLayout(actionsRow);
    auto* rightSplit = new QSplitter(Qt::Vertical, right);
    rightSplit->addWidget(m_versionTable);
    rightSplit->addWidget(bottom);
    rightSplit->setStretchFactor(0, 2);
    rightSplit->setStretchFactor(1, 3);
    rightSplit->setSizes({260, 520});
    rightSplit->setChildrenCollapsible(false);
    rightLayout->addWidget(rightSplit, 1);

    auto* splitter = new QSplitter(Qt::Horizontal, this);
    splitter->addWidget(left);
    splitter->addWidget(right);
    splitter->setStretchFactor(0, 1);
    splitter->setStretchFactor(1, 3);
    splitter->setSizes({320, 900});
    splitter->setChildrenCollapsible(false);
    splitter->setObjectName(QStringLiteral("modelsContent"));

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(header);
    layout->addWidget(m_emptyState, 1);
    layout->addWidget(splitter, 1);

    connect(m_modelTable->selectionModel(), &QItemSelectionModel::selectionChanged, this, &ModelsPage::applyModelFilter);
    connect(m_versionTable->selectionModel(), &QItemSelectionModel::selectionChanged, this, [this] {
        updateActions();
        updateDetails();
    });
    refresh();
}

void ModelsPage::buildActions()
{
    const auto make = [this](const QString& text, const char* name, const QString& tip) {
        auto* action = new QAction(text, this);
        action->setObjectName(QString::fromLatin1(name));
        action->setToolTip(tip);
        addAction(action);
        return action;
    };
    m_setAlias = make(tr("Set alias…"), "setAliasAction", tr("Point an alias such as production or staging at the selected version"));
    m_removeAlias = make(tr("Remove alias…"), "removeAliasAction", tr("Remove an alias of the selected version"));
    m_export = make(tr("Export bundle…"), "exportAction", tr("Save the selected version as a self-contained bundle file"));
    m_exportTorchScript = make(tr("Export TorchScript…"), "exportTorchScriptAction",
                               tr("Save the selected version's network as TorchScript for torch.jit.load, with a signature file"));
    m_compare = make(tr("Compare"), "compareAction", tr("Compare two selected versions side by side"));
    m_delete = make(tr("Delete…"), "deleteAction", tr("Delete the selected version (Del)"));
    m_delete->setShortcut(QKeySequence::Delete);
    m_delete->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    connect(m_setAlias, &QAction::triggered, this, &ModelsPage::onSetAlias);
    connect(m_removeAlias, &QAction::triggered, this, &ModelsPage::onRemoveAlias);
    connect(m_export, &QAction::triggered, this, &ModelsPage::onExport);
    connect(m_exportTorchScript, &QAction::triggered, this, &ModelsPage::onExportTorchScript);
    connect(m_compare, &QAction::triggered, this, &ModelsPage::onCompare);
    connect(m_delete, &QAction::triggered, this, &ModelsPage::onDelete);
    updateActions();
}

void ModelsPage::refresh()
{
    QStringList selectedModels;
    for (const QModelIndex& index : m_modelTable->selectionModel()->selectedRows())
        selectedModels << index.data().toString();
    QStringList selectedRefs;
    for (const ModelVersionInfo& version : selectedVersions())
        selectedRefs << version.ref();

    QVector<ModelSummary> models;
    QVector<ModelVersionInfo> versions;
    try {
        const ModelRegistry registry(*m_workspace);
        models = registry.list();
        for (const ModelSummary& model : std::as_const(models)) {
            if (model.versions > 0)
                versions += registry.versions(model.name);
        }
    } catch (const Error& error) {
        Q_EMIT errorOccurred(error.message());
    }
    m_models->setModels(models);
    m_versions->setVersions(versions);
    m_emptyState->setVisible(models.isEmpty());
    findChild<QSplitter*>(QStringLiteral("modelsContent"))->setVisible(!models.isEmpty());

    auto* modelSort = static_cast<QSortFilterProxyModel*>(m_modelTable->model());
    QItemSelection modelSelection;
    for (const QString& name : std::as_const(selectedModels)) {
        const int row = m_models->rowOf(name);
        if (row >= 0) {
            const QModelIndex index = modelSort->mapFromSource(m_models->index(row, 0));
            modelSelection.select(index, index.siblingAtColumn(ModelListModel::ColumnCount - 1));
        }
    }
    m_modelTable->selectionModel()->select(modelSelection, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    applyModelFilter();
    m_versionTable->resizeColumnsToContents();
    if (!selectedRefs.isEmpty()) {
        QItemSelection selection;
        for (const QString& ref : std::as_const(selectedRefs)) {
            const int row = m_versions->rowOf(ref);
            const QModelIndex index = row >= 0 ? m_versionProxy->mapFromSource(m_versions->index(row, 0)) : QModelIndex();
            if (index.isValid())
                selection.select(index, index.siblingAtColumn(ModelVersionListModel::ColumnCount - 1));
        }
        m_versionTable->selectionModel()->select(selection, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    }
    if (!m_versionTable->selectionModel()->hasSelection() && m_versionProxy->rowCount() > 0)
        m_versionTable->selectRow(0);  // something to look at
    updateActions();
    updateDetails();
}

void ModelsPage::applyModelFilter()
{
    QStringList names;
    for (const QModelIndex& index : m_modelTable->selectionModel()->selectedRows())
        names << QRegularExpression::escape(index.data().toString());
    m_versionProxy->setFilterRegularExpression(names.isEmpty() ? QRegularExpression()
                                                               : QRegularExpression(QStringLiteral("^(%1)$").arg(names.join(QLatin1Char('|')))));
    if (!names.isEmpty() && !m_versionTable->selectionModel()->hasSelection() && m_versionProxy->rowCount() > 0) {
        // Picking a model shows its newest version.
        int newest = 0;
        for (int row = 1; row < m_versionProxy->rowCount(); ++row) {
            const auto& a = m_versions->version(m_versionProxy->mapToSource(m_versionProxy->index(row, 0)).row());
            const auto& b = m_versions->version(m_versionProxy->mapToSource(m_versionProxy->index(newest, 0)).row());
            if (a.id > b.id)
                newest = row;
        }
        m_versionTable->selectRow(newest);
    }
    updateActions();
    updateDetails();
}

QVector<ModelVersionInfo> ModelsPage::selectedVersions() const
{
    QVector<ModelVersionInfo> versions;
    QModelIndexList rows = m_versionTable->selectionModel()->selectedRows();
    std::sort(rows.begin(), rows.end(), [](const QModelIndex& a, const QModelIndex& b) { return a.row() < b.row(); });
    for (const QModelIndex& index : rows)
        versions << m_versions->version(m_versionProxy->mapToSource(index).row());
    return versions;
}

bool ModelsPage::selectVersions(const QStringList& refs)
{
    m_modelTable->clearSelection();  // show every model's versions
    QItemSelection selection;
    bool all = true;
    for (const QString& ref : refs) {
        const int row = m_versions->rowOf(ref);
        if (row < 0) {
            all = false;
            continue;
        }
        const QModelIndex index = m_versionProxy->mapFromSource(m_versions->index(row, 0));
        selection.select(index, index.siblingAtColumn(ModelVersionListModel::ColumnCount - 1));
        m_versionTable->scrollTo(index);
    }
    m_versionTable->selectionModel()->select(selection, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    if (!selection.isEmpty())
        m_versionTable->selectionModel()->setCurrentIndex(selection.indexes().first(), QItemSelectionModel::NoUpdate);
    return all;
}

void ModelsPage::updateActions()
{
    const QVector<ModelVersionInfo> selected = selectedVersions();
    const bool one = selected.size() == 1;
    m_setAlias->setEnabled(one);
    m_removeAlias->setEnabled(one && !selected.first().aliases.isEmpty());
    m_export->setEnabled(one);
    m_exportTorchScript->setEnabled(one && !m_exportingTorchScript);
    m_delete->setEnabled(one);
    m_compare->setEnabled(selected.size() == 2);
    m_compare->setText(selected.size() == 2 ? tr("Compare A/B") : tr("Compare"));
}

void ModelsPage::updateDetails()
{
    const QVector<ModelVersionInfo> selected = selectedVersions();
    if (selected.size() != 1) {
        m_details->setText(selected.isEmpty() ? tr("<p style='color:#6b6b6b'>Select a version to see its lineage and metrics. "
                                                   "Select two to compare them.</p>")
                                              : tr("<p style='color:#6b6b6b'>%1 versions selected: use <b>Compare</b> to put two side by side.</p>").arg(selected.size()));
        m_confusion->setMatrix({}, {});
        m_confusion->setTitle(QString());
        return;
    }
    const ModelVersionInfo& v = selected.first();
    QString html = QStringLiteral("<h3 style='margin:0'>%1</h3>").arg(v.ref().toHtmlEscaped());
    html += QStringLiteral("<p style='color:#444'>%1 · %2").arg(v.task, v.modelType);
    if (!v.datasetRef.isEmpty())
        html += tr(" · trained on <b>%1</b> (run %2)").arg(v.datasetRef.toHtmlEscaped()).arg(v.runId);
    else
        html += tr(" · imported");
    html += QStringLiteral("<br>") + tr("created %1 UTC").arg(v.createdAt.left(19).replace(QLatin1Char('T'), QLatin1Char(' ')));
    html += QStringLiteral("<br>") + tr("aliases: %1").arg(v.aliases.isEmpty() ? tr("none") : QStringLiteral("<b>%1</b>").arg(v.aliases.join(QStringLiteral(", ")).toHtmlEscaped()));
    const int labels = int(v.signature.value(QStringLiteral("labels")).toArray().size());
    const int inputs = int(v.signature.value(QStringLiteral("inputs")).toArray().size());
    html += QStringLiteral("<br>") + format::plural(inputs, tr("input"), tr("inputs")) + (labels > 0 ? QStringLiteral(", ") + format::plural(labels, tr("class"), tr("classes")) : QString());
    if (!v.description.isEmpty())
        html += QStringLiteral("<br><i>%1</i>").arg(v.description.toHtmlEscaped());
    html += QStringLiteral("</p>");
    html += metricsTable(v.metrics);
    const QJsonObject refit = v.metrics.value(QStringLiteral("refit")).toObject();
    if (!refit.isEmpty()) {
        html += QStringLiteral("<p style='color:#555'>%1</p>")
                    .arg(tr("Refitted on training + validation (%1 rows, %2 epochs): the validation column is the first model's, on rows it did not see.")
                             .arg(format::count(refit.value(QStringLiteral("rows")).toDouble()))
                             .arg(refit.value(QStringLiteral("epochs")).toInt()));
    }
    html += QStringLiteral("<p style='color:#888; font-size:small'>bundle %1</p>").arg(v.bundle.left(16));
    m_details->setText(html);
    m_confusion->setTitle(tr("Test confusion matrix — %1").arg(v.ref()));
    m_confusion->setReport(v.metrics.value(QStringLiteral("test")).toObject());
}

// --- Actions ---------------------------------------------------------------------------------

bool ModelsPage::setAlias(const QString& ref, const QString& alias)
{
    try {
        const ModelVersionInfo v = ModelRegistry(*m_workspace).setAlias(ref, alias, QStringLiteral("gui"));
        refresh();
        selectVersion(v.ref());
        Q_EMIT noticeOccurred(tr("%1@%2 now points at %3").arg(v.model, alias, v.ref()));
        return true;
    } catch (const Error& error) {
        Q_EMIT errorOccurred(error.message());
        return false;
    }
}

bool ModelsPage::removeAlias(const QString& model, const QString& alias)
{
    try {
        ModelRegistry(*m_workspace).removeAlias(model, alias, QStringLiteral("gui"));
        refresh();
        Q_EMIT noticeOccurred(tr("Removed the alias %1 of %2").arg(alias, model));
        return true;
    } catch (const Error& error) {
        Q_EMIT errorOccurred(error.message());
        return false;
    }
}

bool ModelsPage::deleteVersion(const QString& ref, bool force)
{
    try {
        ModelRegistry(*m_workspace).deleteVersion(ref, force, QStringLiteral("gui"));
        refresh();
        Q_EMIT noticeOccurred(tr("Deleted %1").arg(ref));
        return true;
    } catch (const Error& error) {
        Q_EMIT errorOccurred(error.message());
        return false;
    }
}

bool ModelsPage::exportBundle(const QString& ref, const QString& path)
{
    try {
        ModelBundleFiles(*m_workspace).exportBundle(ref, path);
        Q_EMIT noticeOccurred(tr("Wrote %1 to %2").arg(ref, QDir::toNativeSeparators(path)));
        return true;
    } catch (const Error& error) {
        Q_EMIT errorOccurred(error.message());
        return false;
    }
}

void ModelsPage::exportTorchScript(const QString& ref, const QString& path)
{
    m_exportingTorchScript = true;
    updateActions();
    const auto finish = [this, path](const QString& error) {
        m_exportingTorchScript = false;
        updateActions();
        Q_EMIT torchScriptExported(path, error);
    };
    runInBackground<QJsonObject>(
        this, m_workspace, [workspace = m_workspace, ref, path] { return ModelBundleFiles(*workspace).exportTorchScript(ref, path); },
        [this, ref, path, finish](const QJsonObject&) {
            Q_EMIT noticeOccurred(tr("Wrote %1 as TorchScript to %2 (signature: %3)")
                                      .arg(ref, QDir::toNativeSeparators(path), QDir::toNativeSeparators(ModelBundleFiles::signaturePath(path))));
            finish(QString());
        },
        [this, finish](const QString& error) {
            Q_EMIT errorOccurred(tr("Could not export TorchScript: %1").arg(error));
            finish(error);
        });
}

QString ModelsPage::importBundle(const QString& path)
{
    try {
        QApplication::setOverrideCursor(Qt::WaitCursor);
        const ModelVersionInfo v = ModelBundleFiles(*m_workspace).importBundle(path);
        QApplication::restoreOverrideCursor();
        refresh();
        selectVersion(v.ref());
        Q_EMIT noticeOccurred(tr("Imported %1 as %2").arg(QDir::toNativeSeparators(path), v.ref()));
        return v.ref();
    } catch (const Error& error) {
        QApplication::restoreOverrideCursor();
        Q_EMIT errorOccurred(error.message());
        return {};
    }
}

CompareVersionsDialog* ModelsPage::compare(const QString& refA, const QString& refB)
{
    try {
        const ModelRegistry registry(*m_workspace);
        auto* dialog = new CompareVersionsDialog(registry.resolve(refA), registry.resolve(refB), this);
        dialog->setAttribute(Qt::WA_DeleteOnClose);
        dialog->show();
        return dialog;
    } catch (const Error& error) {
        Q_EMIT errorOccurred(error.message());
        return nullptr;
    }
}

void ModelsPage::onSetAlias()
{
    const QVector<ModelVersionInfo> selected = selectedVersions();
    if (selected.size() != 1)
        return;
    const ModelVersionInfo& v = selected.first();
    QMap<QString, int> current;
    const int row = m_models->rowOf(v.model);
    if (row >= 0) {
        for (const QString& entry : m_models->model(row).aliases)
            current.insert(entry.section(QLatin1Char('='), 0, 0), entry.section(QLatin1Char('='), 1).toInt());
    }
    AliasDialog dialog(v.ref(), current, this);
    if (dialog.exec() == QDialog::Accepted && !dialog.alias().isEmpty())
        setAlias(v.ref(), dialog.alias());
}

void ModelsPage::onRemoveAlias()
{
    const QVector<ModelVersionInfo> selected = selectedVersions();
    if (selected.size() != 1 || selected.first().aliases.isEmpty())
        return;
    const ModelVersionInfo& v = selected.first();
    bool ok = false;
    const QString alias = QInputDialog::getItem(this, tr("Remove alias"), tr("Remove which alias of %1?").arg(v.ref()), v.aliases, 0, false, &ok);
    if (ok && !alias.isEmpty())
        removeAlias(v.model, alias);
}

void ModelsPage::onDelete()
{
    const QVector<ModelVersionInfo> selected = selectedVersions();
    if (selected.size() != 1)
        return;
    const ModelVersionInfo& v = selected.first();
    QMessageBox box(QMessageBox::Warning, tr("Delete model version"),
                    tr("Delete <b>%1</b>? Its bundle file goes too, unless another version shares it. This cannot be undone.").arg(v.ref()),
                    QMessageBox::Yes | QMessageBox::Cancel, this);
    box.setObjectName(QStringLiteral("deleteConfirm"));
    box.button(QMessageBox::Yes)->setText(tr("Delete"));
    box.setDefaultButton(QMessageBox::Cancel);
    QCheckBox* force = nullptr;
    if (!v.aliases.isEmpty()) {
        box.setInformativeText(tr("%1 is aliased as %2: the registry refuses to delete it unless its aliases go too.")
                                   .arg(v.ref(), v.aliases.join(QStringLiteral(", "))));
        force = new QCheckBox(tr("Remove its aliases and delete it anyway"));
        force->setObjectName(QStringLiteral("forceDelete"));
        box.setCheckBox(force);
    }
    if (box.exec() != QMessageBox::Yes)
        return;
    deleteVersion(v.ref(), force && force->isChecked());
}

void ModelsPage::onExport()
{
    const QVector<ModelVersionInfo> selected = selectedVersions();
    if (selected.size() != 1)
        return;
    const ModelVersionInfo& v = selected.first();
    const QString path = QFileDialog::getSaveFileName(this, tr("Export model bundle"),
                                                      QDir::home().filePath(QStringLiteral("%1-%2.mbundle").arg(v.model).arg(v.version)),
                                                      tr("Model bundles (*.mbundle);;All files (*)"));
    if (!path.isEmpty())
        exportBundle(v.ref(), path);
}

void ModelsPage::onExportTorchScript()
{
    const QVector<ModelVersionInfo> selected = selectedVersions();
    if (selected.size() != 1)
        return;
    const ModelVersionInfo& v = selected.first();
    const QString path = QFileDialog::getSaveFileName(this, tr("Export TorchScript"), QDir::home().filePath(QStringLiteral("%1-%2.pt").arg(v.model).arg(v.version)),
                                                      tr("TorchScript files (*.pt);;All files (*)"));
    if (!path.isEmpty())
        exportTorchScript(v.ref(), path);
}

void ModelsPage::onImport()
{
    const QString path = QFileDialog::getOpenFileName(this, tr("Import model bundle"), QDir::homePath(), tr("Model bundles (*.mbundle);;All files (*)"));
    if (!path.isEmpty())
        importBundle(path);
}

void ModelsPage::onCompare()
{
    const QVector<ModelVersionInfo> selected = selectedVersions();
    if (selected.size() == 2)
        compare(selected.at(0).ref(), selected.at(1).ref());
}

}  // namespace mb::ui
