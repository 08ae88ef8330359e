#pragma once

#include "GestureDatasets.h"

namespace mb {
class JobManager;
}

namespace mb::ui {

// How MainWindow is wired. The defaults suit the application; tests switch parts off.
struct MainWindowOptions {
    // The job manager the window shows and starts trainings with; shared with the HTTP API so
    // trainings started there appear in the window. Default (nullptr): the window makes its own.
    JobManager* jobs = nullptr;
    // In a workspace without datasets, generate the built-in gesture datasets in the
    // background at start-up, so the first click can be Train. Default true.
    bool prepareGestureData = true;
    // What that generates (GestureDatasets' defaults: 100 samples of each of 16 classes).
    GestureDatasetOptions gestures;
};

}  // namespace mb::ui
