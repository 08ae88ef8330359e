#include "RuntimeVersions.h"

#include "Runtime.h"

namespace mb {

RuntimeVersions RuntimeVersions::current()
{
    RuntimeVersions versions;
    versions.modelbench = QStringLiteral(MODELBENCH_VERSION);
    versions.qt = QString::fromLatin1(qVersion());
    versions.libtorch = QString::fromStdString(models::libtorchVersion());
    versions.opencv = QString::fromStdString(models::opencvVersion());
    return versions;
}

QString RuntimeVersions::describe(const QString& program) const
{
    return QStringLiteral("%1 %2 (Qt %3, LibTorch %4, OpenCV %5)").arg(program, modelbench, qt, libtorch, opencv);
}

}  // namespace mb
