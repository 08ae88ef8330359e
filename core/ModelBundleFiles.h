#pragma once

#include <QByteArray>

#include "ModelVersionInfo.h"

#include <QJsonObject>
#include <QString>

namespace mb {

class Workspace;

// Model bundle files on disk: exports a registered version's bundle (or its network as
// TorchScript), imports a bundle file
// made by any Modelbench (checked before anything is registered). Holds a reference to the
// workspace; thread-safe as Workspace is.
class ModelBundleFiles {
public:
    explicit ModelBundleFiles(const Workspace& workspace) : m_workspace(workspace) {}

    // Writes the bundle of `ref` ("name@3") to `path` atomically. Throws NotFound, Corrupt
    // (the stored bundle fails its hash), Io.
    void exportBundle(const QString& ref, const QString& path) const;
    // Writes the network of `ref` as TorchScript to `path` (for torch.jit.load) and its
    // signature (what forward() takes and returns, labels, task) to signaturePath(path); returns
    // the signature. Throws NotFound, Corrupt (the stored bundle), Io.
    QJsonObject exportTorchScript(const QString& ref, const QString& path) const;
    // Where exportTorchScript() puts the signature: "model.pt" -> "model.pt.json".
    static QString signaturePath(const QString& torchScriptPath);
    // Registers the bundle at `path` as a new version of `modelName` (default: the file's base
    // name up to its first '-', as `model export` names files "name-3.mbundle"). Throws
    // NotFound/Io for the file, Corrupt for a damaged or foreign one.
    ModelVersionInfo importBundle(const QString& path, const QString& modelName = {},
                                  const QString& actor = QStringLiteral("gui")) const;

    // importBundle() of bytes already read from `path` (or made from it, e.g. TorchScript).
    ModelVersionInfo importBytes(const QByteArray& bytes, const QString& path, const QString& modelName = {},
                                 const QString& actor = QStringLiteral("gui")) const;
    // The name importBundle() gives a file when none is given.
    static QString defaultModelName(const QString& path);

private:
    const Workspace& m_workspace;
};

}  // namespace mb
