#include "ImportDialog.h"

#include "BackgroundTask.h"
#include "ColumnRoleDelegate.h"
#include "ColumnRolesModel.h"
#include "DatasetStepReporter.h"
#include "DatasetTableModel.h"
#include "Format.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>

#include <algorithm>

namespace mb::ui {
namespace {

struct DelimiterChoice {
    char delimiter;
    const char* name;
};
const DelimiterChoice kDelimiters[] = {{',', QT_TRANSLATE_NOOP("ImportDialog", "comma (,)")},
                                       {';', QT_TRANSLATE_NOOP("ImportDialog", "semicolon (;)")},
                                       {'\t', QT_TRANSLATE_NOOP("ImportDialog", "tab")},
                                       {'|', QT_TRANSLATE_NOOP("ImportDialog", "pipe (|)")}};

QString delimiterName(char delimiter)
{
    for (const DelimiterChoice& choice : kDelimiters) {
        if (choice.delimiter == delimiter)
            return ImportDialog::tr(choice.name);
    }
    return QStringLiteral("'%1'").arg(QLatin1Char(delimiter));
}

QLabel* errorLabel(const char* objectName, QWidget* parent)
{
    auto* label = new QLabel(parent);
    label->setObjectName(QString::fromLatin1(objectName));
    label->setWordWrap(true);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    label->setStyleSheet(QStringLiteral("color: #b3261e;"));
    return label;
}

void setUpTable(QTableView* table)
{
    table->setAlternatingRowColors(true);
    table->setWordWrap(false);
    table->setSelectionBehavior(QAbstractItemView::SelectRows);
    table->verticalHeader()->setDefaultSectionSize(22);
    table->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    table->horizontalHeader()->setHighlightSections(false);
}

}  // namespace

ImportDialog::ImportDialog(std::shared_ptr<const Workspace> workspace, QWidget* parent)
    : QWizard(parent),
      m_workspace(std::move(workspace)),
      m_roles(new ColumnRolesModel(&m_plan, this)),
      m_preview(new DatasetTableModel(this))
{
    setObjectName(QStringLiteral("importDialog"));
    setWindowTitle(tr("Import data"));
    setWizardStyle(QWizard::ClassicStyle);
    setOption(QWizard::NoBackButtonOnStartPage);
    setPage(SourcePage, buildSourcePage());
    setPage(CsvPage, buildCsvPage());
    setPage(SettingsPage, buildSettingsPage());
    setButtonText(QWizard::FinishButton, tr("Import"));
    resize(960, 680);
    connect(this, &QWizard::currentIdChanged, this, [this](int id) {
        if (id == SettingsPage)
            updateSettingsPage();
    });
    connect(m_roles, &ColumnRolesModel::rolesEdited, this, [this] {
        updatePreviewTable();
        analyse();
    });
}

QWizardPage* ImportDialog::buildSourcePage()
{
    auto* page = new QWizardPage(this);
    page->setTitle(tr("What to import"));
    page->setSubTitle(tr("A CSV file (any delimiter, with or without a header), or a folder of images with one subfolder per class."));
    m_path = new QLineEdit(page);
    m_path->setObjectName(QStringLiteral("importPath"));
    m_path->setPlaceholderText(tr("/path/to/data.csv or /path/to/images/"));
    auto* file = new QPushButton(tr("CSV file…"), page);
    auto* folder = new QPushButton(tr("Image folder…"), page);
    connect(file, &QPushButton::clicked, this, &ImportDialog::browseFile);
    connect(folder, &QPushButton::clicked, this, &ImportDialog::browseFolder);
    connect(m_path, &QLineEdit::editingFinished, this, [this] {
        if (m_path->text().trimmed() != m_plan.path())
            setPath(m_path->text());
    });
    m_sourceNote = new QLabel(page);
    m_sourceNote->setObjectName(QStringLiteral("sourceNote"));
    m_sourceNote->setWordWrap(true);

    auto* row = new QHBoxLayout;
    row->addWidget(m_path, 1);
    row->addWidget(file);
    row->addWidget(folder);
    auto* layout = new QVBoxLayout(page);
    layout->addLayout(row);
    layout->addWidget(m_sourceNote);
    layout->addStretch(1);
    return page;
}

QWizardPage* ImportDialog::buildCsvPage()
{
    auto* page = new QWizardPage(this);
    page->setTitle(tr("How the file reads"));
    page->setSubTitle(tr("The first rows as they will be read. Change the delimiter or header if the guess is wrong, "
                         "and each column's role if needed: double-click a role to change it."));
    m_delimiter = new QComboBox(page);
    m_delimiter->setObjectName(QStringLiteral("delimiterBox"));
    m_delimiter->addItem(tr("Detect"), 0);
    for (const DelimiterChoice& choice : kDelimiters)
        m_delimiter->addItem(tr(choice.name), int(choice.delimiter));
    m_header = new QCheckBox(tr("First row is a header"), page);
    m_header->setObjectName(QStringLiteral("headerBox"));
    m_missing = new QComboBox(page);
    m_missing->setObjectName(QStringLiteral("missingBox"));
    m_missing->addItem(tr("Missing values are an error"), int(TableImportOptions::Missing::Reject));
    m_missing->addItem(tr("Fill missing numbers with the mean"), int(TableImportOptions::Missing::Mean));
    m_missing->addItem(tr("Leave rows with missing values out"), int(TableImportOptions::Missing::Drop));
    connect(m_delimiter, &QComboBox::activated, this, [this] {
        m_plan.setDelimiter(char(m_delimiter->currentData().toInt()));
        analyse();
    });
    connect(m_header, &QCheckBox::clicked, this, [this](bool checked) {
        m_plan.setHeader(checked ? CsvOptions::Header::Yes : CsvOptions::Header::No);
        analyse();
    });
    connect(m_missing, &QComboBox::activated, this, [this] {
        m_plan.setMissing(TableImportOptions::Missing(m_missing->currentData().toInt()));
        analyse();
    });

    m_detected = new QLabel(page);
    m_detected->setObjectName(QStringLiteral("detectedNote"));
    m_detected->setWordWrap(true);
    m_csvError = errorLabel("csvError", page);

    m_previewTable = new QTableView(page);
    m_previewTable->setObjectName(QStringLiteral("csvPreviewTable"));
    m_previewTable->setModel(m_preview);
    setUpTable(m_previewTable);
    m_rolesTable = new QTableView(page);
    m_rolesTable->setObjectName(QStringLiteral("columnRolesTable"));
    m_rolesTable->setModel(m_roles);
    setUpTable(m_rolesTable);
    m_rolesTable->verticalHeader()->hide();
    m_rolesTable->horizontalHeader()->setStretchLastSection(true);
    m_rolesTable->setItemDelegateForColumn(ColumnRolesModel::Role, new ColumnRoleDelegate(m_rolesTable));
    m_rolesTable->setEditTriggers(QAbstractItemView::DoubleClicked | QAbstractItemView::SelectedClicked | QAbstractItemView::EditKeyPressed);

    auto* options = new QHBoxLayout;
    options->addWidget(new QLabel(tr("Delimiter:"), page));
    options->addWidget(m_delimiter);
    options->addSpacing(12);
    options->addWidget(m_header);
    options->addSpacing(12);
    options->addWidget(m_missing);
    options->addStretch(1);
    auto* split = new QSplitter(Qt::Vertical, page);
    split->addWidget(m_previewTable);
    split->addWidget(m_rolesTable);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 2);
    split->setChildrenCollapsible(false);
    auto* layout = new QVBoxLayout(page);
    layout->addLayout(options);
    layout->addWidget(m_detected);
    layout->addWidget(m_csvError);
    layout->addWidget(split, 1);
    return page;
}

QWizardPage* ImportDialog::buildSettingsPage()
{
    auto* page = new QWizardPage(this);
    page->setTitle(tr("Name, task and split"));
    page->setSubTitle(tr("Rows are split into train, validation and test, stratified by class and seeded, "
                         "so importing the same data again gives the same version."));
    m_name = new QLineEdit(page);
    m_name->setObjectName(QStringLiteral("datasetName"));
    m_task = new QComboBox(page);
    m_task->setObjectName(QStringLiteral("taskBox"));
    m_task->addItem(tr("Detect from the label"), int(ImportPlan::Task::Auto));
    m_task->addItem(tr("Classification"), int(ImportPlan::Task::Classification));
    m_task->addItem(tr("Regression"), int(ImportPlan::Task::Regression));
    const auto percent = [page](const char* name, double value) {
        auto* box = new QDoubleSpinBox(page);
        box->setObjectName(QString::fromLatin1(name));
        box->setRange(0, 100);
        box->setDecimals(1);
        box->setSuffix(QStringLiteral(" %"));
        box->setValue(value);
        return box;
    };
    m_train = percent("trainPercent", 70);
    m_val = percent("valPercent", 15);
    m_test = percent("testPercent", 15);
    m_skipBad = new QCheckBox(tr("Leave unreadable images out (listed in the version's notices) instead of failing"), page);
    m_skipBad->setObjectName(QStringLiteral("skipBadBox"));
    m_progress = new QProgressBar(page);
    m_progress->setObjectName(QStringLiteral("importProgress"));
    m_progress->setRange(0, 100);
    m_progress->hide();
    m_status = errorLabel("importStatus", page);

    auto* splitRow = new QHBoxLayout;
    splitRow->addWidget(new QLabel(tr("train"), page));
    splitRow->addWidget(m_train);
    splitRow->addWidget(new QLabel(tr("validation"), page));
    splitRow->addWidget(m_val);
    splitRow->addWidget(new QLabel(tr("test"), page));
    splitRow->addWidget(m_test);
    splitRow->addStretch(1);
    auto* form = new QFormLayout;
    form->addRow(tr("Dataset name:"), m_name);
    form->addRow(tr("Task:"), m_task);
    form->addRow(tr("Split:"), splitRow);
    form->addRow(QString(), m_skipBad);
    auto* layout = new QVBoxLayout(page);
    layout->addLayout(form);
    layout->addStretch(1);
    layout->addWidget(m_progress);
    layout->addWidget(m_status);
    return page;
}

QString ImportDialog::errorText() const
{
    return m_error;
}

void ImportDialog::browseFile()
{
    const QString path = QFileDialog::getOpenFileName(this, tr("Import a CSV file"), QFileInfo(m_plan.path()).absolutePath(),
                                                      tr("CSV files (*.csv *.tsv *.txt);;All files (*)"));
    if (!path.isEmpty())
        setPath(path);
}

void ImportDialog::browseFolder()
{
    const QString path = QFileDialog::getExistingDirectory(this, tr("Import an image folder (one subfolder per class)"), m_plan.path());
    if (!path.isEmpty())
        setPath(path);
}

void ImportDialog::setPath(const QString& path)
{
    m_plan.setPath(path);
    m_path->setText(m_plan.path());
    m_lastPreview = CsvPreview{};
    m_roles->reload({});
    m_preview->setVersion(nullptr);
    m_error.clear();
    m_csvError->clear();
    const QFileInfo info(m_plan.path());
    if (m_plan.source() == ImportPlan::Source::None)
        m_sourceNote->clear();
    else if (!info.exists())
        showError(tr("%1: no such file or folder").arg(m_plan.path()));
    else if (m_plan.source() == ImportPlan::Source::ImageFolder)
        m_sourceNote->setText(tr("An image folder: each subfolder is a class. Every image is decoded before anything is stored."));
    else
        m_sourceNote->setText(tr("A CSV file: reading it…"));
    if (m_plan.source() == ImportPlan::Source::Csv && info.isFile())
        analyse();
}

void ImportDialog::analyse()
{
    if (m_plan.source() != ImportPlan::Source::Csv)
        return;
    const quint64 generation = ++m_analysis;
    m_analysing = true;
    m_detected->setText(tr("Reading %1…").arg(QFileInfo(m_plan.path()).fileName()));
    const QString path = m_plan.path();
    const TableImportOptions options = m_plan.tableOptions();
    runInBackground<CsvPreview>(
        this, nullptr, [path, options] { return CsvPreview::read(path, options); },
        [this, generation](const CsvPreview& preview) {
            if (generation == m_analysis)
                showPreview(preview);
        },
        {});
}

void ImportDialog::showPreview(const CsvPreview& preview)
{
    m_analysing = false;
    m_lastPreview = preview;
    QVector<ImportPlan::Column> columns;
    if (preview.loaded) {
        for (const ColumnSpec& spec : preview.schema.columns)
            columns << ImportPlan::Column{spec.name, spec.type, spec.role};
    } else {
        // Core refused the file: the header still names the columns, their types are unknown.
        for (const QString& name : preview.dialect.columns) {
            ImportPlan::Column column{name, std::nullopt, ColumnRole::Feature};
            for (const ImportPlan::Column& before : m_plan.columns()) {
                if (before.name == name)
                    column = ImportPlan::Column{name, before.type, before.detectedRole};
            }
            columns << column;
        }
    }
    m_plan.setColumns(columns);
    m_roles->reload(preview.rows);
    m_rolesTable->resizeColumnsToContents();
    m_rolesTable->setColumnWidth(ColumnRolesModel::Role, std::max(m_rolesTable->columnWidth(ColumnRolesModel::Role), 110));
    updatePreviewTable();

    m_header->setChecked(preview.dialect.hasHeader);
    m_delimiter->setItemText(0, preview.dialect.columns.isEmpty() ? tr("Detect")
                                                                 : tr("Detect (found %1)").arg(delimiterName(preview.dialect.delimiter)));
    QStringList facts;
    if (!preview.dialect.columns.isEmpty()) {
        facts << tr("delimiter: %1").arg(delimiterName(preview.dialect.delimiter))
              << (preview.dialect.hasHeader ? tr("header: yes") : tr("header: no (columns named c0, c1, …)"))
              << format::plural(preview.dialect.columns.size(), tr("column"), tr("columns"));
    }
    if (preview.loaded) {
        facts << format::plural(preview.rowCount, tr("row"), tr("rows"))
              << tr("%1 on '%2'").arg(toString(preview.schema.labelKind), preview.schema.labelColumn());
    }
    QString text = facts.join(QStringLiteral(" · "));
    if (!preview.notices.isEmpty())
        text += QStringLiteral("<br><span style='color:#6b6b6b'>%1</span>").arg(preview.notices.join(QStringLiteral("<br>")).toHtmlEscaped());
    m_detected->setText(text);
    m_sourceNote->setText(preview.loaded ? tr("A CSV file: %1.").arg(facts.join(QStringLiteral(", "))) : QString());
    if (preview.error.isEmpty()) {
        m_error.clear();
        m_csvError->clear();
    } else {
        showError(preview.error);
        const bool hasLabel = std::any_of(m_plan.columns().cbegin(), m_plan.columns().cend(),
                                          [this](const ImportPlan::Column& c) { return m_plan.role(c.name) == ColumnRole::Label; });
        if (!hasLabel && !m_plan.columns().isEmpty())
            m_csvError->setText(tr("%1\nPick the label: double-click its role below and choose label.").arg(preview.error));
    }
    Q_EMIT previewReady();
}

void ImportDialog::updatePreviewTable()
{
    // The fields exactly as read (text), headed by the type core found and the role chosen.
    auto version = std::make_shared<DatasetVersion>();
    const QStringList names = m_lastPreview.dialect.columns;
    for (int c = 0; c < names.size(); ++c) {
        DataColumn column;
        column.name = names.at(c);
        column.type = ColumnType::Text;
        for (const QStringList& row : std::as_const(m_lastPreview.rows))
            column.texts << row.value(c);
        version->table.columns << column;
        for (const ImportPlan::Column& known : m_plan.columns()) {
            if (known.name == column.name && known.type)
                version->schema.columns << ColumnSpec{column.name, *known.type, m_plan.role(column.name)};
        }
    }
    m_preview->setVersion(names.isEmpty() ? nullptr : std::move(version));
    m_previewTable->resizeColumnsToContents();
}

void ImportDialog::showError(const QString& message)
{
    m_error = message;
    switch (currentId()) {
    case CsvPage: m_csvError->setText(message); break;
    case SettingsPage: m_status->setText(message); break;
    default: m_sourceNote->setText(QStringLiteral("<span style='color:#b3261e'>%1</span>").arg(message.toHtmlEscaped())); break;
    }
    if (currentId() != CsvPage)
        m_csvError->setText(message);
}

void ImportDialog::updateSettingsPage()
{
    const bool images = m_plan.source() == ImportPlan::Source::ImageFolder;
    m_task->setEnabled(!images);
    m_skipBad->setVisible(images);
    m_name->setPlaceholderText(m_plan.effectiveName());
    m_status->clear();
}

void ImportDialog::readSettings()
{
    m_plan.setName(m_name->text());
    m_plan.setTask(ImportPlan::Task(m_task->currentData().toInt()));
    m_plan.setSplit(m_train->value(), m_val->value(), m_test->value());
    m_plan.setSkipBadImages(m_skipBad->isChecked());
}

int ImportDialog::nextId() const
{
    switch (currentId()) {
    case SourcePage: return m_plan.source() == ImportPlan::Source::Csv ? CsvPage : SettingsPage;
    case CsvPage: return SettingsPage;
    default: return -1;
    }
}

bool ImportDialog::validateCurrentPage()
{
    if (m_busy)
        return false;
    switch (currentId()) {
    case SourcePage:
        if (m_path->text().trimmed() != m_plan.path())
            setPath(m_path->text());
        if (m_plan.source() == ImportPlan::Source::None) {
            showError(tr("file: choose a CSV file or an image folder to import"));
            return false;
        }
        return QFileInfo::exists(m_plan.path());
    case CsvPage:
        // Core must have read the whole file with these choices; its error is on show otherwise.
        return !m_analysing && m_lastPreview.loaded;
    default:
        return true;
    }
}

void ImportDialog::setBusy(bool busy, const QString& text)
{
    m_busy = busy;
    m_progress->setVisible(busy);
    m_status->setStyleSheet(busy ? QStringLiteral("color: #3a3a3a;") : QStringLiteral("color: #b3261e;"));
    m_status->setText(text);
    for (const QWizard::WizardButton which : {QWizard::BackButton, QWizard::FinishButton, QWizard::CancelButton}) {
        if (QAbstractButton* b = button(which))
            b->setEnabled(!busy);
    }
}

void ImportDialog::accept()
{
    if (m_busy)
        return;
    readSettings();
    try {
        m_plan.validate();
    } catch (const Error& error) {
        showError(error.message());
        return;
    }
    setBusy(true, m_plan.source() == ImportPlan::Source::ImageFolder ? tr("Reading and decoding every image…")
                                                                       : tr("Reading and checking every row…"));
    m_progress->setValue(10);
    const ImportPlan plan = m_plan;
    const std::shared_ptr<const Workspace> workspace = m_workspace;
    const DatasetWriter::StepObserver observer = stepReporter(this, [this](int percent, const QString& text) {
        m_progress->setValue(percent);
        m_status->setText(text);
    });
    runInBackground<CommittedVersion>(
        this, m_workspace, [workspace, plan, observer] { return plan.run(*workspace, observer); },
        [this](const CommittedVersion& version) {
            m_result = version;
            setBusy(false);
            Q_EMIT imported(version.info.ref());
            QWizard::accept();
        },
        [this](const QString& message) {
            setBusy(false);
            showError(message);
            Q_EMIT importFailed(message);
        });
}

void ImportDialog::reject()
{
    if (!m_busy)
        QWizard::reject();
}

}  // namespace mb::ui
