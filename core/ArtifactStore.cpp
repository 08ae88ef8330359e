#include "ArtifactStore.h"

#include "Error.h"
#include "Sha256.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QSaveFile>
#include <QTemporaryFile>

namespace mb {
namespace {

constexpr qint64 kChunk = 1 << 20;

QString hashFile(QFile& file, Sha256& hash)
{
    while (!file.atEnd()) {
        const QByteArray chunk = file.read(kChunk);
        if (chunk.isEmpty() && file.error() != QFileDevice::NoError)
            throw Error(ErrorCode::Io, QStringLiteral("cannot read %1: %2").arg(file.fileName(), file.errorString()));
        hash.add(chunk);
    }
    return QString::fromLatin1(hash.result().toHex());
}

void ensureDir(const QString& dir)
{
    if (!QDir().mkpath(dir))
        throw Error(ErrorCode::Io, QStringLiteral("cannot create folder %1").arg(dir));
}

}  // namespace

ArtifactStore::ArtifactStore(QString root) : m_root(std::move(root)) {}

bool ArtifactStore::isValidHash(const QString& hash)
{
    if (hash.size() != 64)
        return false;
    for (const QChar c : hash) {
        if (!((c >= QLatin1Char('0') && c <= QLatin1Char('9')) || (c >= QLatin1Char('a') && c <= QLatin1Char('f'))))
            return false;
    }
    return true;
}

QString ArtifactStore::pathFor(const QString& hash) const
{
    if (!isValidHash(hash))
        throw Error(ErrorCode::InvalidArgument, QStringLiteral("'%1' is not an artifact hash").arg(hash));
    return m_root + QLatin1Char('/') + hash.left(2) + QLatin1Char('/') + hash;
}

bool ArtifactStore::contains(const QString& hash) const
{
    return isValidHash(hash) && QFileInfo::exists(pathFor(hash));
}

void ArtifactStore::remove(const QString& hash) const
{
    QFile file(pathFor(hash));
    if (file.exists() && !file.remove())
        throw Error(ErrorCode::Io, QStringLiteral("cannot remove artifact %1: %2").arg(file.fileName(), file.errorString()));
}

QString ArtifactStore::put(const QByteArray& data) const
{
    const QString hash = Sha256::hex(data);
    const QString target = pathFor(hash);
    if (QFileInfo::exists(target))
        return hash;
    ensureDir(QFileInfo(target).path());
    QSaveFile file(target);
    if (!file.open(QIODevice::WriteOnly) || file.write(data) != data.size() || !file.commit())
        throw Error(ErrorCode::Io, QStringLiteral("cannot write artifact %1: %2").arg(target, file.errorString()));
    return hash;
}

QString ArtifactStore::putFile(const QString& sourcePath) const
{
    QFile source(sourcePath);
    if (!source.open(QIODevice::ReadOnly))
        throw Error(ErrorCode::Io, QStringLiteral("cannot read %1: %2").arg(sourcePath, source.errorString()));

    // Copy to a temporary file while hashing, then rename it to its content's name.
    const QString tmpDir = m_root + QStringLiteral("/tmp");
    ensureDir(tmpDir);
    QTemporaryFile temp(tmpDir + QStringLiteral("/put-XXXXXX"));
    if (!temp.open())
        throw Error(ErrorCode::Io, QStringLiteral("cannot create a temporary file in %1").arg(tmpDir));
    Sha256 hash;
    while (!source.atEnd()) {
        const QByteArray chunk = source.read(kChunk);
        if (chunk.isEmpty() && source.error() != QFileDevice::NoError)
            throw Error(ErrorCode::Io, QStringLiteral("cannot read %1: %2").arg(sourcePath, source.errorString()));
        hash.add(chunk);
        if (temp.write(chunk) != chunk.size())
            throw Error(ErrorCode::Io, QStringLiteral("cannot write %1: %2").arg(temp.fileName(), temp.errorString()));
    }
    if (!temp.flush())
        throw Error(ErrorCode::Io, QStringLiteral("cannot write %1: %2").arg(temp.fileName(), temp.errorString()));
    const QString hex = QString::fromLatin1(hash.result().toHex());
    const QString target = pathFor(hex);
    if (QFileInfo::exists(target))
        return hex;  // the temporary file removes itself
    ensureDir(QFileInfo(target).path());
    temp.close();
    if (temp.rename(target)) {
        temp.setAutoRemove(false);  // the file now lives under its final name
        return hex;
    }
    if (!QFileInfo::exists(target))  // else another writer stored the same content first
        throw Error(ErrorCode::Io, QStringLiteral("cannot move artifact into %1: %2").arg(target, temp.errorString()));
    return hex;
}

QByteArray ArtifactStore::get(const QString& hash) const
{
    const QString path = pathFor(hash);
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        throw Error(QFileInfo::exists(path) ? ErrorCode::Io : ErrorCode::NotFound,
                    QStringLiteral("artifact %1 is not in the store (%2)").arg(hash, path));
    }
    const QByteArray data = file.readAll();
    if (Sha256::hex(data) != hash)
        throw Error(ErrorCode::Corrupt, QStringLiteral("artifact %1 is corrupt: its content no longer matches its hash").arg(path));
    return data;
}

void ArtifactStore::verify(const QString& hash) const
{
    const QString path = pathFor(hash);
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        throw Error(ErrorCode::NotFound, QStringLiteral("artifact %1 is not in the store (%2)").arg(hash, path));
    Sha256 digest;
    if (hashFile(file, digest) != hash)
        throw Error(ErrorCode::Corrupt, QStringLiteral("artifact %1 is corrupt: its content no longer matches its hash").arg(path));
}

ArtifactStats ArtifactStore::stats() const
{
    ArtifactStats stats;
    QDirIterator it(m_root, QDir::Files, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        it.next();
        if (isValidHash(it.fileName())) {
            ++stats.count;
            stats.bytes += it.fileInfo().size();
        }
    }
    return stats;
}

}  // namespace mb
