#pragma once

#include "DatasetSplit.h"
#include "DatasetWriter.h"

#include <QString>

namespace mb {

class Workspace;

// What GestureDatasets generates.
struct GestureDatasetOptions {
    // Samples of each of the 16 gesture classes, in [1, 100000]. Default 100 (1600 samples).
    int perClass = 100;
    // The generator's seed: the same seed gives the same strokes, images and versions. Default 1.
    quint64 seed = 1;
    // Name of the image dataset (28x28 grayscale PNGs). Default gestures-images.
    QString imageName = QStringLiteral("gestures-images");
    // Name of the tabular dataset (trajectory features). Default gestures-trajectories.
    QString featureName = QStringLiteral("gestures-trajectories");
    // Stratified by class, the same for both datasets; default 70/15/15, seed 0.
    SplitOptions split;
};

// The two versions that GestureDatasets::generate() committed (or found already there).
struct GestureDatasetsResult {
    CommittedVersion images;
    CommittedVersion trajectories;
};

// Makes the built-in pen-gesture data (16 unistroke classes, see models::UnistrokeGenerator)
// as two datasets that share their samples and their split, so one sample is in the same split
// in both and the image and trajectory models can be compared on the same test set:
//   - images: `image` (Image: hash of a 28x28 PNG, stored with the version), `path`
//     (Ignore: "circle/0007.png") and `label`;
//   - trajectories: `sample` (Ignore: "circle/0007"), the 161 models::TrajectoryFeatures
//     columns (Feature) and `label`.
// Rows are ordered by (label, sample index). The raw strokes are stored as a JSON artifact
// named in both versions' source metadata (`strokes`). Deterministic: the same options give
// the same version hashes, so generating again reports created = false.
//
// The two datasets are committed one after the other: names and kinds are checked before the
// first commit, but should the second commit fail, the first version stays (generating again
// then completes the pair).
//
// One thread (DatasetWriter's rule). Holds a reference to the workspace, which must outlive it.
class GestureDatasets {
public:
    explicit GestureDatasets(const Workspace& workspace)
        : m_workspace(workspace)
    {
    }

    // Throws InvalidArgument for bad options (names, perClass), Conflict when a name is taken by
    // a dataset of another kind, or what DatasetWriter::commit throws.
    GestureDatasetsResult generate(const GestureDatasetOptions& options = {},
        const DatasetWriter::StepObserver& observer = {}) const;

private:
    const Workspace& m_workspace;
};

}  // namespace mb
