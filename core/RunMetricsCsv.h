#pragma once

#include <QByteArray>
#include <QString>

namespace mb {

class Workspace;

// Every run's per-epoch metrics as one CSV, for a notebook or a spreadsheet: one row per run
// and epoch with the run's dataset, model type, state and model version, the losses, every
// validation metric any run recorded (a column each, empty where a run has none), the
// learning rate and the speed. Reads the registry through RunStore. One thread at a time per
// workspace connection, as RunStore.
class RunMetricsCsv {
public:
    explicit RunMetricsCsv(const Workspace& workspace) : m_workspace(workspace) {}

    // The CSV bytes (UTF-8, header first, runs oldest first, epochs in order).
    QByteArray build(int* rows = nullptr) const;
    // Writes build() to `path` atomically; returns the number of data rows. Throws Io.
    int write(const QString& path) const;

private:
    const Workspace& m_workspace;
};

}  // namespace mb
