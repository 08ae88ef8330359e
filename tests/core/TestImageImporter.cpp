#include "DatasetCatalog.h"
#include "Error.h"
#include "ImageImporter.h"
#include "Workspace.h"

#include <QBuffer>
#include <QCryptographicHash>
#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QImage>
#include <QJsonArray>
#include <QTemporaryDir>
#include <QtTest>

#include <memory>
#include <optional>

using namespace mb;

// Imports image folders and manifests made of real image files written at test time.
class TestImageImporter : public QObject {
    Q_OBJECT

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    std::shared_ptr<Workspace> m_workspace;
    int m_images = 0;  // makes every written image different

    QString path(const QString& relative) const { return m_dir->filePath(relative); }

    static void writeBytes(const QString& file, const QByteArray& bytes)
    {
        QDir().mkpath(QFileInfo(file).absolutePath());
        QFile out(file);
        if (!out.open(QIODevice::WriteOnly) || out.write(bytes) != bytes.size())
            qFatal("cannot write %s", qPrintable(file));
    }

    // An 8x6 grayscale image in the format its suffix names, different from all before it.
    QByteArray encodedImage(const QString& suffix, int width = 8, int height = 6)
    {
        QImage image(width, height, QImage::Format_Grayscale8);
        const int n = ++m_images;
        for (int y = 0; y < height; ++y) {
            for (int x = 0; x < width; ++x)
                image.setPixel(x, y, qRgb((x * 31 + y * 17 + n * 7) % 256, 0, 0));
        }
        image.setPixel(0, 0, qRgb(n % 256, n % 256, n % 256));
        image.setPixel(1, 0, qRgb(n / 256, n / 256, n / 256));
        QByteArray bytes;
        QBuffer buffer(&bytes);
        buffer.open(QIODevice::WriteOnly);
        if (!image.save(&buffer, suffix.toUpper().toLatin1().constData()))
            qFatal("cannot encode %s", qPrintable(suffix));
        return bytes;
    }

    // Creates the files of `layout` under `root`: "a/b.png" an image in the format of its
    // suffix, "a/notes.txt" a text file, "a/" an empty folder.
    void create(const QString& root, const QStringList& layout)
    {
        for (const QString& entry : layout) {
            const QString file = root + QLatin1Char('/') + entry;
            if (entry.endsWith(QLatin1Char('/')))
                QDir().mkpath(file);
            else if (ImageImporter::isImageFileName(entry))
                writeBytes(file, encodedImage(QFileInfo(entry).suffix()));
            else
                writeBytes(file, "not an image\n");
        }
    }

    static QString sha256(const QString& file)
    {
        QFile in(file);
        if (!in.open(QIODevice::ReadOnly))
            return {};
        return QString::fromLatin1(
            QCryptographicHash::hash(in.readAll(), QCryptographicHash::Sha256).toHex());
    }

    QStringList artifactFiles() const
    {
        QStringList files;
        QDirIterator it(m_workspace->artifacts().root(), QDir::Files, QDirIterator::Subdirectories);
        while (it.hasNext())
            files << it.next();
        files.sort();
        return files;
    }

    CommittedVersion import(
        const QString& source, bool skipBad = false, const QString& name = QStringLiteral("images"))
    {
        ImageImportRequest request;
        request.path = source;
        request.name = name;
        request.skipBad = skipBad;
        return ImageImporter(*m_workspace).import(request);
    }

    // The error import() throws, or nullopt when it succeeds.
    std::optional<Error> importError(const QString& source, bool skipBad = false)
    {
        try {
            import(source, skipBad);
        } catch (const Error& error) {
            return error;
        }
        return std::nullopt;
    }

    static QStringList texts(const DatasetVersion& version, const QString& column)
    {
        return version.table.columns.at(version.table.indexOf(column)).texts;
    }

private Q_SLOTS:
    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        QVERIFY(m_dir->isValid());
        m_workspace = Workspace::open(path(QStringLiteral("ws")));
    }

    void cleanup()
    {
        m_workspace.reset();
        m_dir.reset();
    }

    void importsFolder_data()
    {
        QTest::addColumn<QStringList>("layout");
        QTest::addColumn<QStringList>("paths");  // expected, in row order
        QTest::addColumn<QStringList>("labels");  // expected, in row order
        QTest::addColumn<int>("notices");

        QTest::newRow("two classes")
            << QStringList { "dog/b.png", "cat/2.png", "cat/1.png", "dog/a.png" }
            << QStringList { "cat/1.png", "cat/2.png", "dog/a.png", "dog/b.png" }
            << QStringList { "cat", "cat", "dog", "dog" } << 0;
        QTest::newRow("nested, formats, any case, other files skipped")
            << QStringList { "cat/deep/er/z.PNG", "cat/a.jpg", "cat/notes.txt", "cat/.hidden.png",
                   "dog/x.bmp", "dog/y.JPEG", "README.txt" }
            << QStringList { "cat/a.jpg", "cat/deep/er/z.PNG", "dog/x.bmp", "dog/y.JPEG" }
            << QStringList { "cat", "cat", "dog", "dog" } << 0;
        QTest::newRow("empty classes left out")
            << QStringList { "a/1.png", "b/1.png", "empty/", "only-text/notes.txt" }
            << QStringList { "a/1.png", "b/1.png" } << QStringList { "a", "b" } << 2;
    }

    void importsFolder()
    {
        QFETCH(QStringList, layout);
        QFETCH(QStringList, paths);
        QFETCH(QStringList, labels);
        QFETCH(int, notices);
        const QString root = path(QStringLiteral("pets"));
        create(root, layout);

        ImageImportRequest request;
        request.path = root;  // no name: the folder's
        const CommittedVersion committed = ImageImporter(*m_workspace).import(request);
        QVERIFY(committed.created);
        QCOMPARE(committed.info.dataset, QStringLiteral("pets"));
        QCOMPARE(toString(committed.info.kind), toString(DatasetKind::Image));
        QCOMPARE(committed.info.rows, qint64(paths.size()));
        QCOMPARE(
            committed.info.metadata.value(QStringLiteral("notices")).toArray().size(), notices);
        const QJsonObject source
            = committed.info.metadata.value(QStringLiteral("source")).toObject();
        QCOMPARE(source.value(QStringLiteral("folder")).toString(), QDir(root).absolutePath());
        QCOMPARE(source.value(QStringLiteral("images")).toInt(), paths.size());
        QCOMPARE(source.value(QStringLiteral("skipped")).toInt(), 0);
        QCOMPARE(source.value(QStringLiteral("typical_size")).toString(), QStringLiteral("8x6"));

        const DatasetVersion version = DatasetCatalog(*m_workspace).load(committed.info);
        QCOMPARE(version.table.columnNames(), (QStringList { "image", "path", "label" }));
        QCOMPARE(toString(version.schema.kind), toString(DatasetKind::Image));
        QCOMPARE(toString(version.schema.labelKind), toString(LabelKind::Classification));
        QCOMPARE(version.schema.columnsWithRole(ColumnRole::Image), QStringList { "image" });
        QCOMPARE(version.schema.columnsWithRole(ColumnRole::Ignore), QStringList { "path" });
        QCOMPARE(version.schema.labelColumn(), QStringLiteral("label"));
        QCOMPARE(texts(version, QStringLiteral("path")), paths);
        QCOMPARE(texts(version, QStringLiteral("label")), labels);
        QCOMPARE(qsizetype(version.split.size()), paths.size());
        const QStringList hashes = texts(version, QStringLiteral("image"));
        for (int row = 0; row < paths.size(); ++row) {
            QCOMPARE(hashes.at(row), sha256(root + QLatin1Char('/') + paths.at(row)));
            QVERIFY(m_workspace->artifacts().contains(hashes.at(row)));
        }
    }

    void sameFolderTwiceIsTheSameVersion()
    {
        const QString root = path(QStringLiteral("pets"));
        create(
            root, { "cat/1.png", "cat/2.png", "cat/3.png", "dog/1.png", "dog/2.png", "dog/3.png" });
        const CommittedVersion first = import(root);
        const QStringList files = artifactFiles();
        const CommittedVersion second = import(root);
        QVERIFY(first.created);
        QVERIFY(!second.created);
        QCOMPARE(second.info.hash, first.info.hash);
        QCOMPARE(second.info.number, first.info.number);
        QCOMPARE(artifactFiles(), files);
        QCOMPARE(DatasetCatalog(*m_workspace).versions(QStringLiteral("images")).size(), 1);
    }

    void badFilesFailAndWriteNothing_data()
    {
        QTest::addColumn<QString>("kind");
        QTest::newRow("random bytes") << QStringLiteral("random");
        QTest::newRow("truncated png") << QStringLiteral("truncated");
        QTest::newRow("empty file") << QStringLiteral("empty");
        QTest::newRow("both damaged") << QStringLiteral("both");
    }

    void badFilesFailAndWriteNothing()
    {
        QFETCH(QString, kind);
        const QString root = path(QStringLiteral("pets"));
        create(root, { "cat/1.png", "cat/2.png", "dog/1.png", "dog/2.png" });
        QByteArray random(300, '\0');
        for (int i = 0; i < random.size(); ++i)
            random[i] = char((i * 7919 + 13) % 251);
        const QByteArray png = encodedImage(QStringLiteral("png"), 40, 40);
        QStringList expected;
        if (kind == QLatin1String("random") || kind == QLatin1String("both")) {
            writeBytes(root + QStringLiteral("/cat/x.png"), random);
            expected << QStringLiteral("cat/x.png");
        }
        if (kind == QLatin1String("truncated") || kind == QLatin1String("both")) {
            writeBytes(root + QStringLiteral("/dog/cut.png"), png.left(png.size() / 2));
            expected << QStringLiteral("dog/cut.png");
        }
        if (kind == QLatin1String("empty")) {
            writeBytes(root + QStringLiteral("/dog/empty.png"), QByteArray());
            expected << QStringLiteral("dog/empty.png");
        }
        const QStringList before = artifactFiles();

        const std::optional<Error> error = importError(root);
        QVERIFY(error);
        QCOMPARE(error->code(), ErrorCode::InvalidArgument);
        for (const QString& bad : std::as_const(expected))
            QVERIFY2(error->message().contains(bad), qPrintable(error->message()));
        QVERIFY2(
            !error->message().contains(QStringLiteral("cat/1.png")), qPrintable(error->message()));
        QVERIFY(DatasetCatalog(*m_workspace).list().isEmpty());
        QCOMPARE(artifactFiles(), before);

        // Skipping them imports the rest and says what was left out.
        const CommittedVersion committed = import(root, true);
        QVERIFY(committed.created);
        QCOMPARE(committed.info.rows, qint64(4));
        const QJsonArray notices
            = committed.info.metadata.value(QStringLiteral("notices")).toArray();
        QCOMPARE(notices.size(), expected.size());
        for (const QString& bad : std::as_const(expected)) {
            bool listed = false;
            for (const QJsonValue& notice : notices)
                listed = listed || notice.toString().contains(bad);
            QVERIFY2(listed, qPrintable(bad));
        }
        QCOMPARE(committed.info.metadata.value(QStringLiteral("source"))
                     .toObject()
                     .value(QStringLiteral("skipped"))
                     .toInt(),
            expected.size());
        const DatasetVersion version = DatasetCatalog(*m_workspace).load(committed.info);
        for (const QString& bad : std::as_const(expected))
            QVERIFY(!texts(version, QStringLiteral("path")).contains(bad));
    }

    // DatasetWriter reads the files a second time; one changed in between must not leave a row
    // pointing at bytes that were never stored.
    void fileChangedDuringCommitFails()
    {
        const QString root = path(QStringLiteral("pets"));
        create(root, { "cat/1.png", "cat/2.png", "dog/1.png", "dog/2.png" });
        const QStringList before = artifactFiles();
        ImageImportRequest request;
        request.path = root;
        const auto change = [&](DatasetWriter::Step step) {
            if (step == DatasetWriter::Step::StoreArtifacts)
                writeBytes(
                    root + QStringLiteral("/dog/2.png"), encodedImage(QStringLiteral("png")));
        };
        try {
            ImageImporter(*m_workspace).import(request, change);
            QFAIL("no error");
        } catch (const Error& error) {
            QCOMPARE(error.code(), ErrorCode::Conflict);
            QVERIFY2(error.message().contains(QStringLiteral("dog/2.png changed")),
                qPrintable(error.message()));
        }
        QVERIFY(DatasetCatalog(*m_workspace).list().isEmpty());
        QCOMPARE(artifactFiles(), before);
    }

    void imageFileIsNotAManifest()
    {
        const QString root = path(QStringLiteral("pets"));
        create(root, { "cat/1.png" });
        const std::optional<Error> error = importError(root + QStringLiteral("/cat/1.png"));
        QVERIFY(error);
        QCOMPARE(error->code(), ErrorCode::InvalidArgument);
        QVERIFY2(
            error->message().contains(QStringLiteral("is an image")), qPrintable(error->message()));
    }

    void folderShapeErrors_data()
    {
        QTest::addColumn<QStringList>("layout");
        QTest::addColumn<QString>("message");
        QTest::newRow("images in the root")
            << QStringList { "cat/1.png", "dog/1.png", "stray.png", "other.jpg" }
            << QStringLiteral("move them into their class's subfolder: other.jpg, stray.png");
        QTest::newRow("no subfolders")
            << QStringList { "a.png", "b.png" } << QStringLiteral("no class subfolders");
        QTest::newRow("empty folder") << QStringList {} << QStringLiteral("no class subfolders");
        QTest::newRow("one class") << QStringList { "cat/1.png", "cat/2.png", "dog/" }
                                   << QStringLiteral("a classifier needs two or more");
        QTest::newRow("other class has no images")
            << QStringList { "cat/1.png", "dog/x.txt" }
            << QStringLiteral("1 class(es) with usable images (cat)");
    }

    void folderShapeErrors()
    {
        QFETCH(QStringList, layout);
        QFETCH(QString, message);
        const QString root = path(QStringLiteral("pets"));
        QDir().mkpath(root);
        create(root, layout);
        const std::optional<Error> error = importError(root);
        QVERIFY(error);
        QCOMPARE(error->code(), ErrorCode::InvalidArgument);
        QVERIFY2(error->message().contains(message), qPrintable(error->message()));
        QVERIFY(DatasetCatalog(*m_workspace).list().isEmpty());
    }

    void missingPathIsNotFound()
    {
        const std::optional<Error> error = importError(path(QStringLiteral("nowhere")));
        QVERIFY(error);
        QCOMPARE(error->code(), ErrorCode::NotFound);
    }

    void manifestWithRelativePaths()
    {
        const QString root = path(QStringLiteral("set"));
        create(root, { "imgs/a.png", "imgs/b.png", "imgs/sub/c.png", "more/d.jpg" });
        writeBytes(root + QStringLiteral("/list.csv"),
            "path,label,note\n"
            "imgs/b.png,round,x\n"
            "./imgs/a.png,square,y\n"
            "imgs/sub/../sub/c.png,round,\n"
            "more/d.jpg, square ,z\n");
        ImageImportRequest request;
        request.path = root + QStringLiteral("/list.csv");
        const CommittedVersion committed = ImageImporter(*m_workspace).import(request);
        QVERIFY(committed.created);
        QCOMPARE(committed.info.dataset, QStringLiteral("list"));
        QCOMPARE(committed.info.rows, qint64(4));
        QCOMPARE(committed.info.metadata.value(QStringLiteral("source"))
                     .toObject()
                     .value(QStringLiteral("manifest"))
                     .toString(),
            QFileInfo(request.path).absoluteFilePath());
        const DatasetVersion version = DatasetCatalog(*m_workspace).load(committed.info);
        QCOMPARE(texts(version, QStringLiteral("path")),
            (QStringList { "imgs/b.png", "imgs/sub/c.png", "imgs/a.png", "more/d.jpg" }));
        QCOMPARE(texts(version, QStringLiteral("label")),
            (QStringList { "round", "round", "square", "square" }));
        QCOMPARE(texts(version, QStringLiteral("image")).at(2),
            sha256(root + QStringLiteral("/imgs/a.png")));
    }

    void manifestErrors_data()
    {
        // The manifest's third line; ROOT stands for the manifest's folder.
        QTest::addColumn<QString>("line3");
        QTest::addColumn<QString>("message");
        QTest::newRow("../ escape")
            << QStringLiteral("../outside.png,b")
            << QStringLiteral("list.csv:3: path '../outside.png' leads outside");
        QTest::newRow("deeper escape")
            << QStringLiteral("imgs/../../outside.png,b") << QStringLiteral("list.csv:3: path");
        QTest::newRow("escape to a missing file")
            << QStringLiteral("../nothing.png,b") << QStringLiteral("list.csv:3: path");
        QTest::newRow("absolute") << QStringLiteral("ROOT/imgs/b.png,b")
                                  << QStringLiteral("list.csv:3: absolute path");
        QTest::newRow("symlink out") << QStringLiteral("link.png,b")
                                     << QStringLiteral("list.csv:3: path 'link.png' leads outside");
        QTest::newRow("symlinked folder out")
            << QStringLiteral("linkdir/outside.png,b") << QStringLiteral("list.csv:3: path");
        QTest::newRow("listed twice")
            << QStringLiteral("./imgs/a.png,b")
            << QStringLiteral("list.csv:3: './imgs/a.png' is listed already on line 2");
        QTest::newRow("no label") << QStringLiteral("imgs/b.png,")
                                  << QStringLiteral("list.csv:3: 'imgs/b.png' has no label");
        QTest::newRow("no path") << QStringLiteral(" ,b")
                                 << QStringLiteral("list.csv:3: the path is empty");
    }

    void manifestErrors()
    {
        QFETCH(QString, line3);
        QFETCH(QString, message);
        const QString root = path(QStringLiteral("set"));
        create(root, { "imgs/a.png", "imgs/b.png" });
        create(m_dir->path(), { "outside.png" });
        QVERIFY(QFile::link(
            m_dir->path() + QStringLiteral("/outside.png"), root + QStringLiteral("/link.png")));
        QVERIFY(QFile::link(m_dir->path(), root + QStringLiteral("/linkdir")));
        line3.replace(QStringLiteral("ROOT"), root);
        writeBytes(root + QStringLiteral("/list.csv"),
            ("path,label\nimgs/a.png,a\n" + line3 + "\n").toUtf8());
        const QStringList before = artifactFiles();
        const std::optional<Error> error = importError(root + QStringLiteral("/list.csv"));
        QVERIFY(error);
        QCOMPARE(error->code(), ErrorCode::InvalidArgument);
        QVERIFY2(error->message().contains(message), qPrintable(error->message()));
        QVERIFY(DatasetCatalog(*m_workspace).list().isEmpty());
        QCOMPARE(artifactFiles(), before);
    }

    void manifestNeedsPathAndLabelColumns()
    {
        const QString root = path(QStringLiteral("set"));
        create(root, { "imgs/a.png" });
        writeBytes(root + QStringLiteral("/list.csv"), "file,class\nimgs/a.png,a\n");
        const std::optional<Error> error = importError(root + QStringLiteral("/list.csv"));
        QVERIFY(error);
        QCOMPARE(error->code(), ErrorCode::InvalidArgument);
        QVERIFY2(error->message().contains(QStringLiteral("'path' and 'label'")),
            qPrintable(error->message()));
    }

    void manifestMissingFileIsABadFile()
    {
        const QString root = path(QStringLiteral("set"));
        create(root, { "imgs/a.png", "imgs/b.png", "imgs/c.png" });
        writeBytes(root + QStringLiteral("/list.csv"),
            "path,label\nimgs/a.png,a\nimgs/b.png,b\nimgs/c.png,b\nimgs/gone.png,a\n");
        const std::optional<Error> error = importError(root + QStringLiteral("/list.csv"));
        QVERIFY(error);
        QVERIFY2(error->message().contains(QStringLiteral("imgs/gone.png: no such file")),
            qPrintable(error->message()));
        const CommittedVersion committed = import(root + QStringLiteral("/list.csv"), true);
        QCOMPARE(committed.info.rows, qint64(3));
    }

    void sharedDigits()
    {
        const QString digits = QStringLiteral(MB_SHARED_DATA_DIR "/images/digits8x8");
        if (!QFileInfo(digits).isDir())
            QSKIP(qPrintable(
                QStringLiteral("shared data set %1 is absent (see ../shared/data/README.md)")
                    .arg(digits)));
        ImageImportRequest request;
        request.path = digits;
        const CommittedVersion committed = ImageImporter(*m_workspace).import(request);
        QVERIFY(committed.created);
        QCOMPARE(committed.info.dataset, QStringLiteral("digits8x8"));
        QCOMPARE(committed.info.rows, qint64(1797));
        const QJsonObject classes
            = committed.info.metadata.value(QStringLiteral("class_counts")).toObject();
        QCOMPARE(classes.size(), 10);
        QCOMPARE(committed.info.metadata.value(QStringLiteral("source"))
                     .toObject()
                     .value(QStringLiteral("typical_size"))
                     .toString(),
            QStringLiteral("8x8"));
        QVERIFY(!import(digits, false, QStringLiteral("digits8x8")).created);
    }
};

QTEST_GUILESS_MAIN(TestImageImporter)
#include "TestImageImporter.moc"
