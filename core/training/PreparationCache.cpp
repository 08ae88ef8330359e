#include "training/PreparationCache.h"

#include "Error.h"
#include "PreparationStore.h"
#include "Sha256.h"
#include "TrainingObserver.h"
#include "training/Workload.h"


namespace mb::training {
namespace {

void tell(TrainingObserver* observer, const QString& text)
{
    if (observer)
        observer->onMessage(text);
}

QString describe(const std::exception& error)
{
    const auto* ours = dynamic_cast<const Error*>(&error);
    return ours ? ours->message() : QString::fromUtf8(error.what()).section(QLatin1Char('\n'), 0, 0);
}

}  // namespace

QString PreparationCache::key(const QString& datasetHash, const Workload& workload, const TrainConfig& config)
{
    QByteArray material = "preparation\n" + datasetHash.toLatin1() + '\n' + workload.kind().toUtf8() + '\n';
    QStringList keys = workload.preparationKeys();
    keys.sort();  // the key does not depend on the order a workload lists them in
    for (const QString& name : std::as_const(keys))
        material += name.toUtf8() + '=' + config.value(name).toUtf8() + '\n';
    material += QByteArray::number(MODELBENCH_PIPELINE_VERSION);
    return Sha256::hex(material);
}

bool PreparationCache::prepare(Workload& workload, const DatasetVersion& data, const TrainConfig& config, const QStringList& labels,
                               TrainingObserver* observer) const
{
    const QString prepKey = key(data.info.hash, workload, config);
    const QString what = QStringLiteral("%1 rows of %2").arg(data.info.rows).arg(data.info.ref());
    if (const std::optional<PreparationEntry> entry = m_store.find(prepKey)) {
        tell(observer, QStringLiteral("preparing data (cached): %1").arg(what));
        try {
            workload.loadPrepared(m_store.load(*entry), data, config, labels);
            return true;
        } catch (const std::exception& error) {
            // Gone (pruned by another process) or damaged: prepare afresh, and drop the entry
            // so the next training stores a sound copy.
            tell(observer, QStringLiteral("the cached preparation cannot be used (%1); preparing again").arg(describe(error)));
            try {
                m_store.discard(*entry);
            } catch (const Error& discardError) {
                tell(observer, QStringLiteral("cannot drop the cached preparation: %1").arg(discardError.message()));
            }
        }
    } else {
        tell(observer, QStringLiteral("preparing data: %1").arg(what));
    }
    workload.prepare(data, config, labels);
    try {
        m_store.store(prepKey, workload.kind(), data.info.id, workload.savePrepared());
    } catch (const std::exception& error) {
        tell(observer, QStringLiteral("cannot keep the preparation in the cache: %1").arg(describe(error)));
    }
    return false;
}

}  // namespace mb::training
