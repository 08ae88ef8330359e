#pragma once

#include "DatasetWriter.h"

#include <QObject>

#include <functional>

namespace mb::ui {

// Turns the steps a DatasetWriter reports on a worker thread into a progress percentage and a
// sentence delivered on `receiver`'s thread (nothing once it is gone). Reading and checking
// the input comes before the first step, so the caller shows that phase itself.
DatasetWriter::StepObserver stepReporter(QObject* receiver, std::function<void(int percent, const QString& text)> report);

}  // namespace mb::ui
