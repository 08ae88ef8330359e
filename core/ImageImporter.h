#pragma once

#include "DatasetSplit.h"
#include "DatasetWriter.h"

#include <QString>

namespace mb {

class Workspace;

// What to import as an image dataset and how to split it.
struct ImageImportRequest {
    // A folder with one subfolder per class (images anywhere below it), or a CSV manifest with
    // a header naming the columns `path` and `label` (others are ignored); manifest paths are
    // relative to the manifest's folder and must stay inside it.
    QString path;
    // Dataset name. Default (empty): the folder's name, or the manifest's base name.
    QString name;
    // false (default): any unreadable or undecodable file fails the import, listing them all.
    // true: such files are left out and listed in the version's notices.
    bool skipBad = false;
    // Stratified by class; default 70/15/15, seed 0.
    SplitOptions split;
};

// Turns a folder or manifest of image files into an image dataset version: a table of
// `image` (role Image: SHA-256 of the file's bytes, stored as an artifact with the version),
// `path` (role Ignore: relative to the folder or manifest) and `label`, rows ordered by
// (label, path), so the same files always give the same version. Every file is read and
// decoded before anything is written; a failing import changes nothing.
//
// Image files: png jpg jpeg bmp gif tif tiff webp pgm ppm, any case (GIF decodes only with
// OpenCV 4.7+). In a folder, hidden files and other files are skipped; image files lying in
// the folder itself (outside any class folder) are an error. Classes without images are left
// out with a notice; fewer than two classes is an error.
//
// One thread (DatasetWriter's rule); holds a reference to the workspace, which must outlive it.
class ImageImporter {
public:
    explicit ImageImporter(const Workspace& workspace)
        : m_workspace(workspace)
    {
    }

    // Throws InvalidArgument (bad files, listed together; bad manifest lines with file:line;
    // fewer than two classes), NotFound (no such folder or file), Io, or what
    // DatasetWriter::commit throws. The notices (skipped files, empty classes) are in
    // info.metadata["notices"] of the result.
    CommittedVersion import(
        const ImageImportRequest& request, const DatasetWriter::StepObserver& observer = {}) const;

    // Whether `fileName` has one of the image extensions above.
    static bool isImageFileName(const QString& fileName);

private:
    const Workspace& m_workspace;
};

}  // namespace mb
