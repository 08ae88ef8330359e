#pragma once

#include <QString>

namespace mb {

// Versions of Modelbench and the libraries it runs on, for --version and bug reports.
struct RuntimeVersions {
    QString modelbench;
    QString qt;
    QString libtorch;
    QString opencv;

    static RuntimeVersions current();
    // "modelbench 0.1.0 (Qt 6.4.2, LibTorch 1.13.1, OpenCV 4.6.0)"
    QString describe(const QString& program) const;
};

}  // namespace mb
