#include "ImageImporter.h"

#include "CsvReader.h"
#include "DatasetImporter.h"
#include "Error.h"
#include "ImageCodec.h"
#include "Sha256.h"
#include "Workspace.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QMap>
#include <QSet>

#include <algorithm>
#include <vector>

namespace mb {
namespace {

// A file that is to become a row.
struct Entry {
    QString label;
    QString path;  // as shown and stored: relative to the folder or manifest, '/'-separated
    QString file;  // absolute, to read
};

// What a folder or manifest lists, before any file is read.
struct Listing {
    QList<Entry> entries;
    QStringList classes;  // every class named, including those that turn out empty
    QJsonObject source;
    QString where;  // the folder or manifest, for messages
};

bool isInside(const QString& path, const QString& folder)
{
    if (folder == QLatin1String("/"))
        return path.startsWith(QLatin1Char('/'));
    return path == folder || path.startsWith(folder + QLatin1Char('/'));
}

Listing listFolder(const QString& folder)
{
    const QDir root(folder);
    Listing listing;
    listing.where = root.absolutePath();
    listing.source.insert(QStringLiteral("folder"), listing.where);

    QStringList loose;
    for (const QFileInfo& file : root.entryInfoList(QDir::Files, QDir::Name)) {
        if (ImageImporter::isImageFileName(file.fileName()))
            loose << file.fileName();
    }
    const QFileInfoList classDirs
        = root.entryInfoList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name);
    if (classDirs.isEmpty()) {
        throw Error(ErrorCode::InvalidArgument,
            QStringLiteral("%1: no class subfolders: put the images of each class in a "
                           "subfolder named after the class")
                .arg(listing.where));
    }
    if (!loose.isEmpty()) {
        throw Error(ErrorCode::InvalidArgument,
            QStringLiteral("%1: %2 image(s) outside the class subfolders, so without a class; "
                           "move them into their class's subfolder: %3")
                .arg(listing.where)
                .arg(loose.size())
                .arg(loose.join(QLatin1String(", "))));
    }
    for (const QFileInfo& classDir : classDirs) {
        const QString label = classDir.fileName();
        listing.classes << label;
        QDirIterator it(classDir.filePath(), QDir::Files, QDirIterator::Subdirectories);
        while (it.hasNext()) {
            it.next();
            const QFileInfo file = it.fileInfo();
            if (ImageImporter::isImageFileName(file.fileName()))
                listing.entries << Entry { label, root.relativeFilePath(file.absoluteFilePath()),
                    file.absoluteFilePath() };
        }
    }
    return listing;
}

int requireColumn(const CsvDialect& dialect, const QString& name, const QString& manifest)
{
    for (int c = 0; c < dialect.columns.size(); ++c) {
        if (dialect.columns.at(c).compare(name, Qt::CaseInsensitive) == 0)
            return c;
    }
    throw Error(ErrorCode::InvalidArgument,
        QStringLiteral("%1: a manifest needs a header with the columns 'path' and 'label' "
                       "(found: %2)")
            .arg(manifest, dialect.columns.join(QLatin1String(", "))));
}

Listing readManifest(const QString& manifestPath)
{
    const QFileInfo info(manifestPath);
    const QString manifest = info.fileName();
    const QString base = QDir::cleanPath(info.absolutePath());
    const QString canonicalBase = QFileInfo(base).canonicalFilePath();
    Listing listing;
    listing.where = QDir::cleanPath(info.absoluteFilePath());
    listing.source.insert(QStringLiteral("manifest"), listing.where);

    QFile file(manifestPath);
    if (!file.open(QIODevice::ReadOnly))
        throw Error(ErrorCode::Io,
            QStringLiteral("cannot read %1: %2").arg(manifestPath, file.errorString()));
    CsvOptions options;
    options.header = CsvOptions::Header::Yes;
    options.sourceName = manifest;
    CsvReader reader(options);
    int pathColumn = -1, labelColumn = -1;
    QHash<QString, qint64> lineOf;
    QSet<QString> classes;
    reader.read(file, [&](const CsvRecord& record) {
        if (pathColumn < 0) {
            pathColumn = requireColumn(reader.dialect(), QStringLiteral("path"), manifest);
            labelColumn = requireColumn(reader.dialect(), QStringLiteral("label"), manifest);
        }
        const QString where = QStringLiteral("%1:%2").arg(manifest).arg(record.line);
        const QString written = record.fields.at(pathColumn).trimmed();
        const QString label = record.fields.at(labelColumn).trimmed();
        if (written.isEmpty())
            throw Error(
                ErrorCode::InvalidArgument, QStringLiteral("%1: the path is empty").arg(where));
        if (label.isEmpty())
            throw Error(ErrorCode::InvalidArgument,
                QStringLiteral("%1: '%2' has no label").arg(where, written));
        if (QDir::isAbsolutePath(written)) {
            throw Error(ErrorCode::InvalidArgument,
                QStringLiteral("%1: absolute path '%2' is not allowed; give paths relative to the "
                               "manifest's folder %3")
                    .arg(where, written, base));
        }
        const QString absolute = QDir::cleanPath(base + QLatin1Char('/') + written);
        // Lexically first (catches ../ even for files that do not exist), then after resolving
        // symlinks, so a link cannot lead out either.
        const QFileInfo target(absolute);
        if (!isInside(absolute, base)
            || (target.exists() && !isInside(target.canonicalFilePath(), canonicalBase))) {
            throw Error(ErrorCode::InvalidArgument,
                QStringLiteral("%1: path '%2' leads outside the manifest's folder %3; "
                               "keep the images in or below it")
                    .arg(where, written, base));
        }
        const QString path = QDir::cleanPath(written);
        if (const auto seen = lineOf.constFind(path); seen != lineOf.cend()) {
            throw Error(ErrorCode::InvalidArgument,
                QStringLiteral("%1: '%2' is listed already on line %3")
                    .arg(where, written)
                    .arg(seen.value()));
        }
        lineOf.insert(path, record.line);
        if (!classes.contains(label)) {
            classes.insert(label);
            listing.classes << label;
        }
        listing.entries << Entry { label, path, absolute };
    });
    return listing;
}

// Why a file cannot be a row; empty when it can. Fills hash and size when it can.
QString check(const Entry& entry, QString& hash, models::DecodedImage& size)
{
    const QFileInfo info(entry.file);
    if (!info.exists())
        return QStringLiteral("no such file");
    if (!info.isFile())
        return QStringLiteral("not a file");
    QFile file(entry.file);
    if (!file.open(QIODevice::ReadOnly))
        return QStringLiteral("cannot read: %1").arg(file.errorString());
    const QByteArray bytes = file.readAll();
    if (file.error() != QFileDevice::NoError)
        return QStringLiteral("cannot read: %1").arg(file.errorString());
    if (bytes.isEmpty())
        return QStringLiteral("empty file");
    const auto probed = models::probeImage(std::vector<uint8_t>(bytes.cbegin(), bytes.cend()));
    if (!probed)
        return QStringLiteral(
            "not a decodable image (damaged, truncated or not the format its name says)");
    size = *probed;
    hash = Sha256::hex(bytes);
    return {};
}

}  // namespace

bool ImageImporter::isImageFileName(const QString& fileName)
{
    static const QSet<QString> extensions = { QStringLiteral("png"), QStringLiteral("jpg"),
        QStringLiteral("jpeg"), QStringLiteral("bmp"), QStringLiteral("gif"), QStringLiteral("tif"),
        QStringLiteral("tiff"), QStringLiteral("webp"), QStringLiteral("pgm"),
        QStringLiteral("ppm") };
    return extensions.contains(QFileInfo(fileName).suffix().toLower());
}

CommittedVersion ImageImporter::import(
    const ImageImportRequest& request, const DatasetWriter::StepObserver& observer) const
{
    const QFileInfo input(request.path);
    if (request.path.isEmpty() || !input.exists())
        throw Error(ErrorCode::NotFound,
            QStringLiteral("no such folder or manifest: '%1'").arg(request.path));
    if (!input.isDir() && isImageFileName(input.fileName())) {
        throw Error(ErrorCode::InvalidArgument,
            QStringLiteral("%1 is an image; give the folder that holds one subfolder per class, "
                           "or a CSV manifest of path,label")
                .arg(request.path));
    }
    Listing listing = input.isDir() ? listFolder(request.path) : readManifest(request.path);

    // Read and decode every file before anything is written.
    struct Row {
        Entry entry;
        QString hash;
    };
    std::vector<Row> rows;
    QStringList bad;
    QMap<QString, qint64> sizes;
    for (const Entry& entry : std::as_const(listing.entries)) {
        QString hash;
        models::DecodedImage size;
        const QString problem = check(entry, hash, size);
        if (!problem.isEmpty()) {
            bad << QStringLiteral("%1: %2").arg(entry.path, problem);
            continue;
        }
        ++sizes[QStringLiteral("%1x%2").arg(size.width).arg(size.height)];
        rows.push_back({ entry, hash });
    }
    if (!bad.isEmpty() && !request.skipBad) {
        bad.sort();
        throw Error(ErrorCode::InvalidArgument,
            QStringLiteral("%1: %2 of %3 image files cannot be used, so nothing was imported "
                           "(fix or remove them, or skip bad files to import the rest):\n  %4")
                .arg(listing.where)
                .arg(bad.size())
                .arg(listing.entries.size())
                .arg(bad.join(QLatin1String("\n  "))));
    }

    NewDatasetVersion version;
    bad.sort();
    for (const QString& problem : std::as_const(bad))
        version.notices << QStringLiteral("skipped %1").arg(problem);
    QSet<QString> used;
    for (const Row& row : rows)
        used.insert(row.entry.label);
    for (const QString& label : std::as_const(listing.classes)) {
        if (!used.contains(label))
            version.notices
                << QStringLiteral("class '%1' has no usable images: left out").arg(label);
    }
    if (used.size() < 2) {
        QStringList names(used.cbegin(), used.cend());
        throw Error(ErrorCode::InvalidArgument,
            QStringLiteral(
                "%1: %2 class(es) with usable images (%3); a classifier needs two or more")
                .arg(listing.where)
                .arg(used.size())
                .arg(names.join(QLatin1String(", "))));
    }

    std::sort(rows.begin(), rows.end(), [](const Row& a, const Row& b) {
        return a.entry.label != b.entry.label ? a.entry.label < b.entry.label
                                              : a.entry.path < b.entry.path;
    });
    DataColumn image { QStringLiteral("image"), ColumnType::Text, {}, {} };
    DataColumn path { QStringLiteral("path"), ColumnType::Text, {}, {} };
    DataColumn label { QStringLiteral("label"), ColumnType::Text, {}, {} };
    QSet<QString> attached;
    for (const Row& row : rows) {
        image.texts << row.hash;
        path.texts << row.entry.path;
        label.texts << row.entry.label;
        if (!attached.contains(row.hash)) {
            attached.insert(row.hash);
            version.attachmentFiles << row.entry.file;
        }
    }
    version.table.columns = { image, path, label };
    version.schema.kind = DatasetKind::Image;
    version.schema.labelKind = LabelKind::Classification;
    version.schema.columns = { ColumnSpec { image.name, ColumnType::Text, ColumnRole::Image },
        ColumnSpec { path.name, ColumnType::Text, ColumnRole::Ignore },
        ColumnSpec { label.name, ColumnType::Text, ColumnRole::Label } };
    version.name = !request.name.isEmpty() ? request.name
        : input.isDir() ? QFileInfo(QDir::cleanPath(input.absoluteFilePath())).fileName()
                        : input.completeBaseName();
    version.split = DatasetImporter::splitFor(version.table, version.schema, request.split);
    version.splitInfo = DatasetImporter::describeSplit(QStringLiteral("stratified"), request.split);

    // The most common size, ties to the smallest name, so the description is stable.
    QString typical;
    qint64 typicalCount = 0;
    for (auto it = sizes.cbegin(); it != sizes.cend(); ++it) {
        if (it.value() > typicalCount) {
            typical = it.key();
            typicalCount = it.value();
        }
    }
    version.source = listing.source;
    version.source.insert(QStringLiteral("images"), qint64(rows.size()));
    version.source.insert(QStringLiteral("skipped"), qint64(bad.size()));
    version.source.insert(QStringLiteral("typical_size"), typical);
    version.source.insert(QStringLiteral("distinct_sizes"), qint64(sizes.size()));

    // DatasetWriter reads the files again to store them; a file changed in between would leave
    // a row pointing at an artifact that is not there, so check before the version is registered.
    const ArtifactStore& store = m_workspace.artifacts();
    const auto guarded = [&](DatasetWriter::Step step) {
        if (observer)
            observer(step);
        if (step != DatasetWriter::Step::Register)
            return;
        for (const Row& row : rows) {
            if (!store.contains(row.hash)) {
                throw Error(ErrorCode::Conflict,
                    QStringLiteral("%1 changed while it was being imported; import again")
                        .arg(row.entry.file));
            }
        }
    };
    return DatasetWriter(m_workspace).commit(version, guarded);
}

}  // namespace mb
