#include "CsvPreview.h"

#include "CsvTableLoader.h"
#include "Error.h"

#include <QFile>
#include <QFileInfo>

namespace mb::ui {
namespace {

// Thrown from the record handler to stop reading once the preview is full.
struct PreviewFull {};

}  // namespace

CsvPreview CsvPreview::read(const QString& path, const TableImportOptions& options, int maxRows)
{
    CsvPreview preview;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        preview.error = QStringLiteral("cannot read %1: %2").arg(path, file.errorString());
        return preview;
    }
    CsvOptions csv = options.csv;
    if (csv.sourceName.isEmpty())
        csv.sourceName = QFileInfo(path).fileName();
    CsvReader reader(csv);
    try {
        preview.dialect = reader.read(file, [&](const CsvRecord& record) {
            if (preview.rows.size() >= maxRows)
                throw PreviewFull{};
            preview.rows << record.fields;
        });
    } catch (const PreviewFull&) {
        preview.dialect = reader.dialect();
    } catch (const Error& error) {
        preview.dialect = reader.dialect();  // rows before the bad one stay in the preview
        preview.error = error.message();
        return preview;
    }
    file.close();

    try {
        LoadedTable loaded = CsvTableLoader::load(path, options);
        preview.dialect = loaded.dialect;
        preview.schema = loaded.schema;
        preview.rowCount = loaded.table.rowCount();
        preview.notices = loaded.notices;
        preview.loaded = true;
    } catch (const Error& error) {
        preview.error = error.message();
    }
    return preview;
}

}  // namespace mb::ui
