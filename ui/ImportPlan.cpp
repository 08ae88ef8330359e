#include "ImportPlan.h"

#include "Error.h"

#include <QDir>
#include <QFileInfo>

#include <algorithm>

namespace mb::ui {

void ImportPlan::setPath(const QString& path)
{
    m_path = path.trimmed();
    m_source = m_path.isEmpty() ? Source::None : QFileInfo(m_path).isDir() ? Source::ImageFolder : Source::Csv;
    m_columns.clear();
    clearRoleOverrides();
}

void ImportPlan::setDelimiter(char delimiter)
{
    if (delimiter != m_delimiter)
        clearRoleOverrides();
    m_delimiter = delimiter;
}

void ImportPlan::setHeader(CsvOptions::Header header)
{
    if (header != m_header)
        clearRoleOverrides();
    m_header = header;
}

void ImportPlan::setColumns(const QVector<Column>& columns)
{
    m_columns = columns;
    const auto exists = [this](const QString& name) {
        return std::any_of(m_columns.cbegin(), m_columns.cend(), [&](const Column& c) { return c.name == name; });
    };
    if (!m_labelOverride.isEmpty() && !exists(m_labelOverride))
        m_labelOverride.clear();
    for (auto it = m_inputOverrides.begin(); it != m_inputOverrides.end();)
        it = exists(it.key()) ? std::next(it) : m_inputOverrides.erase(it);
}

QString ImportPlan::labelColumn() const
{
    if (!m_labelOverride.isEmpty())
        return m_labelOverride;
    for (const Column& column : m_columns) {
        if (column.detectedRole == ColumnRole::Label)
            return column.name;
    }
    return {};
}

ColumnRole ImportPlan::role(const QString& name) const
{
    if (name == labelColumn())
        return ColumnRole::Label;
    if (m_inputOverrides.contains(name))
        return m_inputOverrides.value(name);
    for (const Column& column : m_columns) {
        if (column.name != name)
            continue;
        // Core's label until the user picked another one: an input again, as core would make it.
        if (column.detectedRole == ColumnRole::Label)
            return column.type == ColumnType::Numeric ? ColumnRole::Feature : ColumnRole::Text;
        return column.detectedRole;
    }
    return ColumnRole::Ignore;
}

void ImportPlan::setRole(const QString& column, ColumnRole role)
{
    if (role == ColumnRole::Image)
        throw Error(ErrorCode::InvalidArgument, QStringLiteral("column '%1': a CSV column cannot have the role image").arg(column));
    if (role == ColumnRole::Label) {
        m_labelOverride = column;
        m_inputOverrides.remove(column);
        return;
    }
    if (column == labelColumn())
        m_labelOverride.clear();
    m_inputOverrides.insert(column, role);
}

void ImportPlan::clearRoleOverrides()
{
    m_labelOverride.clear();
    m_inputOverrides.clear();
}

QString ImportPlan::effectiveName() const
{
    if (!m_name.isEmpty())
        return m_name;
    const QFileInfo info(m_path);
    return m_source == Source::ImageFolder ? QDir(m_path).dirName() : info.completeBaseName();
}

void ImportPlan::setSplit(double train, double val, double test)
{
    m_split.train = train;
    m_split.val = val;
    m_split.test = test;
}

TableImportOptions ImportPlan::tableOptions() const
{
    TableImportOptions options;
    options.csv.delimiter = m_delimiter;
    options.csv.header = m_header;
    options.missing = m_missing;
    options.label = m_labelOverride;
    if (m_task == Task::Classification)
        options.task = LabelKind::Classification;
    else if (m_task == Task::Regression)
        options.task = LabelKind::Regression;
    if (m_inputOverrides.isEmpty())
        return options;
    // Explicit inputs: core ignores (and keeps) whatever is listed as neither.
    const QString label = labelColumn();
    for (const Column& column : m_columns) {
        if (column.name == label)
            continue;
        const ColumnRole r = role(column.name);
        if (r == ColumnRole::Feature)
            options.features << column.name;
        else if (r == ColumnRole::Text)
            options.text << column.name;
    }
    return options;
}

CsvImportRequest ImportPlan::csvRequest() const
{
    CsvImportRequest request;
    request.path = m_path;
    request.name = m_name;
    request.table = tableOptions();
    request.split = m_split;
    return request;
}

ImageImportRequest ImportPlan::imageRequest() const
{
    ImageImportRequest request;
    request.path = m_path;
    request.name = m_name;
    request.skipBad = m_skipBad;
    request.split = m_split;
    return request;
}

void ImportPlan::validate() const
{
    if (m_source == Source::None)
        throw Error(ErrorCode::InvalidArgument, QStringLiteral("file: choose a CSV file or an image folder to import"));
    DatasetWriter::checkName(effectiveName());
    if (m_split.train < 0 || m_split.val < 0 || m_split.test < 0)
        throw Error(ErrorCode::InvalidArgument, QStringLiteral("split: percentages cannot be negative"));
    if (m_split.train <= 0)
        throw Error(ErrorCode::InvalidArgument, QStringLiteral("split: the training share must be above 0%"));
}

CommittedVersion ImportPlan::run(const Workspace& workspace, const DatasetWriter::StepObserver& observer) const
{
    validate();
    if (m_source == Source::ImageFolder)
        return ImageImporter(workspace).import(imageRequest(), observer);
    return DatasetImporter(workspace).importCsv(csvRequest(), observer);
}

}  // namespace mb::ui
