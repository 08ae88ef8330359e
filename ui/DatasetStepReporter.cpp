#include "DatasetStepReporter.h"

#include <QMetaObject>
#include <QPointer>

namespace mb::ui {

DatasetWriter::StepObserver stepReporter(QObject* receiver, std::function<void(int percent, const QString& text)> report)
{
    QPointer<QObject> guard(receiver);
    return [guard, report = std::move(report)](DatasetWriter::Step step) {
        int percent = 0;
        QString text;
        switch (step) {
        case DatasetWriter::Step::Canonicalize:
            percent = 40;
            text = QObject::tr("Writing the rows in canonical form…");
            break;
        case DatasetWriter::Step::StoreArtifacts:
            percent = 60;
            text = QObject::tr("Storing the artifacts…");
            break;
        case DatasetWriter::Step::Register:
            percent = 80;
            text = QObject::tr("Registering the version…");
            break;
        case DatasetWriter::Step::Commit:
            percent = 95;
            text = QObject::tr("Committing…");
            break;
        }
        if (!guard)
            return;
        QMetaObject::invokeMethod(
            guard.data(),
            [guard, report, percent, text] {
                if (guard)
                    report(percent, text);
            },
            Qt::QueuedConnection);
    };
}

}  // namespace mb::ui
