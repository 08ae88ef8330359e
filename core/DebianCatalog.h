#pragma once

#include "DataTable.h"
#include "DatasetSchema.h"
#include "DatasetSplit.h"
#include "DatasetWriter.h"

#include <QByteArray>
#include <QString>

namespace mb {

class Workspace;

// How the Debian package catalogue becomes a dataset.
struct DebianCatalogOptions {
    // Dataset name. Default: debian-catalog.
    QString name = QStringLiteral("debian-catalog");
    // Stratified by category; default 70/15/15, seed 0.
    SplitOptions split;
    // The program run as `<aptCache> dumpavail`. Default: apt-cache, looked up in PATH.
    QString aptCache = QStringLiteral("apt-cache");
    // How long apt-cache may take, in milliseconds. Default: 5 minutes.
    int timeoutMs = 5 * 60 * 1000;
};

// The product-categorisation workload on real data: every package the local apt knows, as
// product_id (Numeric, Ignore: 1..N), name (Text), description (Text: the one-line synopsis)
// and category (Text, Label: the archive section without its area, "contrib/games" -> games).
// Rows are sorted by package name, so the same package lists give the same version.
//
// Thread-safety: the static functions are thread-safe; import() uses the workspace from one
// thread (DatasetWriter's rule). Holds a reference to the workspace, which must outlive it.
class DebianCatalog {
public:
    explicit DebianCatalog(const Workspace& workspace)
        : m_workspace(workspace)
    {
    }

    // Parses `apt-cache dumpavail` output (deb822 stanzas separated by blank lines; field names
    // in any case; continuation lines start with a blank). A stanza without Package or Section
    // is skipped, so it never hides a later stanza of the same package; of the remaining
    // stanzas of one package the first wins. A missing Description gives an empty one.
    static DataTable parse(const QByteArray& dumpavail);
    // The schema of parse()'s table: a Text dataset, classification on category.
    static DatasetSchema schema();

    // Runs `<options.aptCache> dumpavail` and returns its output. Throws NotFound "apt-cache not
    // found: ..." when the program is missing, Io when it fails or times out.
    static QByteArray dumpavail(const DebianCatalogOptions& options = {});

    // dumpavail(), parse() and commit. Throws NotFound when apt knows no packages ("run
    // apt-get update first"), InvalidArgument when fewer than two categories result.
    CommittedVersion import(const DebianCatalogOptions& options = {},
        const DatasetWriter::StepObserver& observer = {}) const;
    // The same from dumpavail text already at hand (a saved file, a test fixture).
    CommittedVersion importText(const QByteArray& dumpavail,
        const DebianCatalogOptions& options = {},
        const DatasetWriter::StepObserver& observer = {}) const;

private:
    const Workspace& m_workspace;
};

}  // namespace mb
