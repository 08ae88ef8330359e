#pragma once

#include "PlaygroundPanel.h"

#include <QPointF>
#include <QVector>

class QTimer;

namespace mb::ui {

class GesturePad;

// The gesture pad of the Inspect view: draw a stroke and see the top-5 gestures of an image
// or trajectory model follow the pen (StrokeInstance turns the stroke into the model's
// input). GUI thread only.
class GesturePlayground : public PlaygroundPanel {
    Q_OBJECT
public:
    explicit GesturePlayground(std::shared_ptr<const Workspace> workspace, QWidget* parent = nullptr);

    GesturePad* pad() const { return m_pad; }

protected:
    bool accepts(const ModelVersionInfo& version) const override;
    void modelChanged(const ModelVersionInfo& version) override;

private:
    void predictStroke();

    GesturePad* m_pad;
    QTimer* m_throttle;   // coalesces predictions while the pen moves
};

}  // namespace mb::ui
