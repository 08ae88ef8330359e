#pragma once

#include "Error.h"
#include "Workspace.h"

#include <QMetaObject>
#include <QObject>
#include <QPointer>
#include <QString>
#include <QThreadPool>

#include <exception>
#include <functional>
#include <memory>

namespace mb::ui {

// Runs slow work (loading a model or a dataset version, scoring a split) off the GUI thread,
// on the application's thread pool, and hands its result back on `context`'s thread: `done`
// with the result, or `failed` with core's message. Nothing is delivered once `context` is
// gone. `work` must not touch widgets; it may use the workspace, whose per-thread connection
// is released when it ends. The pool is drained when the application ends.
template <typename Result>
void runInBackground(QObject* context, std::shared_ptr<const Workspace> workspace, std::function<Result()> work,
                     std::function<void(const Result&)> done, std::function<void(const QString&)> failed)
{
    QPointer<QObject> guard(context);
    QThreadPool::globalInstance()->start([guard, workspace = std::move(workspace), work = std::move(work), done = std::move(done),
                                          failed = std::move(failed)] {
        auto result = std::make_shared<Result>();
        QString error;
        try {
            *result = work();
        } catch (const Error& e) {
            error = e.message();
        } catch (const std::exception& e) {
            error = QString::fromUtf8(e.what());
        }
        if (workspace)
            workspace->releaseThreadConnection();
        if (!guard)
            return;
        QMetaObject::invokeMethod(
            guard.data(),
            [guard, result, error, done, failed] {
                if (!guard)
                    return;
                if (error.isEmpty())
                    done(*result);
                else if (failed)
                    failed(error);
            },
            Qt::QueuedConnection);
    });
}

}  // namespace mb::ui
