#include "GesturePlayground.h"

#include "Error.h"
#include "GesturePad.h"
#include "StrokeInstance.h"

#include <QHBoxLayout>
#include <QJsonArray>
#include <QLabel>
#include <QPushButton>
#include <QTimer>
#include <QVBoxLayout>

namespace mb::ui {

GesturePlayground::GesturePlayground(std::shared_ptr<const Workspace> workspace, QWidget* parent)
    : PlaygroundPanel(std::move(workspace),
                      tr("No model reads pen strokes yet. Train one on gestures-images or gestures-trajectories in Train."), parent),
      m_pad(new GesturePad(this)),
      m_throttle(new QTimer(this))
{
    setObjectName(QStringLiteral("gesturePlayground"));
    m_throttle->setSingleShot(true);
    m_throttle->setInterval(40);
    connect(m_throttle, &QTimer::timeout, this, &GesturePlayground::predictStroke);
    connect(m_pad, &GesturePad::strokeChanged, m_throttle, qOverload<>(&QTimer::start));
    connect(m_pad, &GesturePad::strokeFinished, this, [this] {
        m_throttle->stop();
        predictStroke();
    });
    connect(m_pad, &GesturePad::cleared, this, [this] { clearPrediction(tr("Draw a gesture on the pad.")); });

    auto* clear = new QPushButton(tr("Clear"), this);
    clear->setObjectName(QStringLiteral("clearPad"));
    clear->setShortcut(QKeySequence(Qt::Key_Escape));
    connect(clear, &QPushButton::clicked, m_pad, &GesturePad::clear);
    auto* hint = new QLabel(tr("Gestures: circle, check, caret, zigzag, arrows, brackets, … The blue dot marks where the stroke starts."), this);
    hint->setWordWrap(true);
    auto* row = new QHBoxLayout;
    row->addWidget(hint, 1);
    row->addWidget(clear);
    inputLayout()->addWidget(m_pad, 1);
    inputLayout()->addLayout(row);
}

bool GesturePlayground::accepts(const ModelVersionInfo& version) const
{
    return version.task == QLatin1String("classification")
           && StrokeInstance::kindFor(version.signature.value(QStringLiteral("inputs")).toArray()) != StrokeInstance::Kind::Unsupported;
}

void GesturePlayground::modelChanged(const ModelVersionInfo& version)
{
    Q_UNUSED(version);
    if (m_pad->stroke().size() > 1)
        predictStroke();
}

void GesturePlayground::predictStroke()
{
    if (!isReady() || m_pad->stroke().size() < 2)
        return;
    try {
        predict(StrokeInstance::make(m_pad->stroke(), currentVersion().signature.value(QStringLiteral("inputs")).toArray()));
    } catch (const Error& error) {
        clearPrediction(error.message());
    }
}

}  // namespace mb::ui
