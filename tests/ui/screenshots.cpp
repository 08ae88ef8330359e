// Renders every view of the workbench with demo data to PNG files, for review:
//   screenshots OUTPUT_DIR [SHARED_DATA_DIR]
// Builds a workspace in a temporary folder: the built-in gestures with an image and a
// trajectory model, iris (when SHARED_DATA_DIR has it) and the Debian catalogue with a short
// text training (when present). Run through tests/ui/screenshots.sh (under xvfb-run).
#include "DatasetImporter.h"
#include "Error.h"
#include "GestureDatasets.h"
#include "GesturePad.h"
#include "GesturePlayground.h"
#include "InspectPage.h"
#include "JobManager.h"
#include "MainWindow.h"
#include "ModelRegistry.h"
#include "TextPlayground.h"
#include "TrainPage.h"
#include "Trainer.h"
#include "ServePage.h"
#include "StrokeInstance.h"
#include "Workspace.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkRequest>
#include <QSpinBox>

#include <QApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QLineEdit>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QtMath>

#include <cstdio>

using namespace mb;

namespace {

void say(const QString& text)
{
    std::fprintf(stderr, "[screenshots] %s\n", qPrintable(text));
}

void train(const Workspace& workspace, const QString& dataset, const QStringList& overrides, const QString& model = {})
{
    say(QStringLiteral("training %1").arg(dataset));
    TrainRequest request;
    request.dataset = dataset;
    request.overrides = overrides;
    request.modelName = model;
    Trainer(workspace).train(request);
}

// Lets the event loop run until `done` or `ms` pass.
template <typename Done>
void settle(Done done, int ms)
{
    QElapsedTimer timer;
    timer.start();
    while (!done() && timer.elapsed() < ms)
        QTest::qWait(50);
    QTest::qWait(300);
}

void save(QWidget* window, const QString& dir, const QString& name)
{
    const QString path = QDir(dir).filePath(name + QStringLiteral(".png"));
    if (!window->grab().save(path))
        say(QStringLiteral("could not write %1").arg(path));
    else
        say(QStringLiteral("wrote %1").arg(path));
}

QVector<QPointF> checkMark(const QSize& size)
{
    QVector<QPointF> stroke;
    const QPointF a(size.width() * 0.25, size.height() * 0.5), b(size.width() * 0.42, size.height() * 0.7),
        c(size.width() * 0.78, size.height() * 0.25);
    for (int i = 0; i <= 10; ++i)
        stroke << a + (b - a) * (i / 10.0);
    for (int i = 1; i <= 20; ++i)
        stroke << b + (c - b) * (i / 20.0);
    return stroke;
}

}  // namespace

int main(int argc, char** argv)
{
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("modelbench-screenshots"));
    const QStringList args = app.arguments();
    if (args.size() < 2) {
        std::fprintf(stderr, "usage: screenshots OUTPUT_DIR [SHARED_DATA_DIR]\n");
        return 2;
    }
    const QString out = args.at(1);
    const QString data = args.value(2);
    QDir().mkpath(out);
    QTemporaryDir dir;
    auto workspace = Workspace::open(dir.filePath(QStringLiteral("ws")));

    try {
        say(QStringLiteral("generating the gesture datasets"));
        GestureDatasets(*workspace).generate();
        train(*workspace, QStringLiteral("gestures-images"), {QStringLiteral("epochs=8")}, QStringLiteral("gestures-cnn"));
        train(*workspace, QStringLiteral("gestures-trajectories"), {}, QStringLiteral("gestures-mlp"));
        ModelRegistry(*workspace).setAlias(QStringLiteral("gestures-cnn@1"), QStringLiteral("production"), QStringLiteral("demo"));
        if (QFileInfo::exists(data + QStringLiteral("/tabular/iris.csv"))) {
            CsvImportRequest iris;
            iris.path = data + QStringLiteral("/tabular/iris.csv");
            DatasetImporter(*workspace).importCsv(iris);
            train(*workspace, QStringLiteral("iris"), {});
            train(*workspace, QStringLiteral("iris"), {QStringLiteral("lr=0.01"), QStringLiteral("mlp.hidden=[32]")});
        }
        const QString catalogue = data + QStringLiteral("/products/debian-catalog.csv");
        if (QFileInfo::exists(catalogue)) {
            say(QStringLiteral("importing the Debian catalogue"));
            CsvImportRequest products;
            products.path = catalogue;
            products.table.label = QStringLiteral("category");
            products.table.text = {QStringLiteral("name"), QStringLiteral("description")};
            DatasetImporter(*workspace).importCsv(products);
            train(*workspace, QStringLiteral("debian-catalog"), {QStringLiteral("epochs=3")}, QStringLiteral("products"));
        }
    } catch (const Error& error) {
        say(QStringLiteral("demo data failed: %1").arg(error.message()));
        return 1;
    }

    JobManager jobs(workspace);
    ui::MainWindowOptions options;
    options.jobs = &jobs;
    options.prepareGestureData = false;
    ui::MainWindow window(workspace, options);
    window.resize(1440, 900);
    window.show();
    QTest::qWait(300);

    window.showView(ui::MainWindow::View::Datasets);
    settle([] { return false; }, 200);
    save(&window, out, QStringLiteral("01-datasets"));

    window.showView(ui::MainWindow::View::Train);
    window.trainPage()->selectDataset(QStringLiteral("gestures-images@1"));
    const QString job = window.trainPage()->start();
    settle([&] { return jobs.job(job) == nullptr; }, 12000);
    save(&window, out, QStringLiteral("02-train-live"));
    jobs.cancelAll();
    jobs.waitForDone(30000);

    window.showView(ui::MainWindow::View::Runs);
    settle([] { return false; }, 300);
    save(&window, out, QStringLiteral("03-runs"));

    window.showView(ui::MainWindow::View::Models);
    settle([] { return false; }, 300);
    save(&window, out, QStringLiteral("04-models"));

    window.showView(ui::MainWindow::View::Inspect);
    ui::InspectPage* inspect = window.inspectPage();
    inspect->selectVersion(QStringLiteral("gestures-cnn@1"));
    settle([&] { return !inspect->isBusy(); }, 30000);
    save(&window, out, QStringLiteral("05-inspect"));

    inspect->tabs()->setCurrentWidget(inspect->gesturePlayground());
    ui::GesturePlayground* pad = inspect->gesturePlayground();
    settle([&] { return pad->isReady(); }, 30000);
    pad->pad()->setStroke(checkMark(pad->pad()->size()));
    settle([] { return false; }, 200);
    save(&window, out, QStringLiteral("06-gesture-pad"));

    inspect->tabs()->setCurrentWidget(inspect->textPlayground());
    ui::TextPlayground* text = inspect->textPlayground();
    settle([&] { return text->isReady() && !text->fields().isEmpty(); }, 60000);
    if (!text->fields().isEmpty())
        text->fields().first()->setText(QStringLiteral("python3-requests"));
    if (text->fields().size() > 1)
        text->fields().at(1)->setText(QStringLiteral("elegant and simple HTTP library for Python"));
    settle([] { return false; }, 200);
    save(&window, out, QStringLiteral("07-text-playground"));

    window.showView(ui::MainWindow::View::Serve);
    ui::ServePage* serve = window.servePage();
    serve->portBox()->setValue(0);
    if (serve->start()) {
        // A few seconds of traffic for the charts and the log: predictions of a drawn check
        // mark by the trajectory model, health checks, and a request for an unknown model.
        const ModelVersionInfo mlp = ModelRegistry(*workspace).resolve(QStringLiteral("gestures-mlp"));
        const Instance instance = StrokeInstance::make(checkMark(QSize(300, 300)), mlp.signature.value(QStringLiteral("inputs")).toArray());
        const QByteArray body = QJsonDocument(QJsonObject{{QStringLiteral("instances"), QJsonArray{QJsonObject::fromVariantMap(instance)}}}).toJson();
        QNetworkAccessManager client;
        QElapsedTimer timer;
        timer.start();
        while (timer.elapsed() < 6000) {
            for (int i = 0; i < 20; ++i) {
                QNetworkRequest predict{QUrl(serve->url() + QStringLiteral("/api/v1/models/gestures-mlp/predict"))};
                predict.setHeader(QNetworkRequest::ContentTypeHeader, QStringLiteral("application/json"));
                client.post(predict, body);
            }
            client.get(QNetworkRequest{QUrl(serve->url() + QStringLiteral("/health/ready"))});
            client.get(QNetworkRequest{QUrl(serve->url() + QStringLiteral("/api/v1/models/nope"))});
            QTest::qWait(100);
        }
    }
    settle([] { return false; }, 1200);
    save(&window, out, QStringLiteral("08-serve"));
    serve->stop();
    return 0;
}
