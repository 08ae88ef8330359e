#include "AliasDialog.h"
#include "CompareVersionsDialog.h"
#include "ConfusionMatrixView.h"
#include "ModelListModel.h"
#include "ModelRegistry.h"
#include "ModelVersionListModel.h"
#include "ModelsPage.h"
#include "Predictor.h"
#include "Trainer.h"
#include "TestData.h"
#include "Workspace.h"

#include <QAbstractItemModelTester>
#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTimer>
#include <QtTest>

#include <cmath>
#include <functional>

using namespace mb;

class TestModelsPage : public QObject {
    Q_OBJECT

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    std::shared_ptr<Workspace> m_workspace;

    // Answers the next modal dialog once it is up (as a user would), from the event loop that
    // its exec() runs.
    void answerNextDialog(std::function<void(QWidget*)> answer)
    {
        auto* timer = new QTimer(this);
        timer->setInterval(20);
        connect(timer, &QTimer::timeout, this, [timer, answer] {
            QWidget* dialog = QApplication::activeModalWidget();
            if (!dialog)
                return;
            timer->stop();
            timer->deleteLater();
            answer(dialog);
        });
        timer->start();
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        m_workspace = Workspace::open(m_dir->filePath(QStringLiteral("ws")));
        testdata::importBlobs(*m_workspace, m_dir->path(), QStringLiteral("blobs"), 40);
        TrainRequest request;
        request.dataset = QStringLiteral("blobs");
        request.overrides = {QStringLiteral("epochs=3")};
        Trainer(*m_workspace).train(request);
        request.overrides = {QStringLiteral("epochs=6"), QStringLiteral("lr=0.01"), QStringLiteral("refit=true")};
        Trainer(*m_workspace).train(request);
    }

    void cleanupTestCase()
    {
        m_workspace.reset();
        m_dir.reset();
    }

    void listsModelsAndVersions()
    {
        ui::ModelsPage page(m_workspace);
        QAbstractItemModelTester models(page.modelList(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        QAbstractItemModelTester versions(page.versionList(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        QAbstractItemModelTester proxy(page.versionProxy(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        page.refresh();
        QCOMPARE(page.modelList()->rowCount(), 1);
        QCOMPARE(page.modelList()->index(0, ui::ModelListModel::Name).data().toString(), QStringLiteral("blobs"));
        QCOMPARE(page.modelList()->index(0, ui::ModelListModel::Versions).data().toInt(), 2);
        QCOMPARE(page.versionList()->rowCount(), 2);
        const int row = page.versionList()->rowOf(QStringLiteral("blobs@2"));
        QVERIFY(row >= 0);
        QCOMPARE(page.versionList()->index(row, ui::ModelVersionListModel::Dataset).data().toString(), QStringLiteral("blobs@1"));
        QCOMPARE(page.versionList()->index(row, ui::ModelVersionListModel::ModelType).data().toString(), QStringLiteral("mlp"));
        QVERIFY(!page.versionList()->index(row, ui::ModelVersionListModel::Accuracy).data().toString().isEmpty());
        QVERIFY(page.versionList()->index(row, ui::ModelVersionListModel::R2).data().toString().isEmpty());

        QVERIFY(page.selectVersion(QStringLiteral("blobs@2")));
        QCOMPARE(page.confusionView()->labels().size(), 3);
        const auto* details = page.findChild<QLabel*>(QStringLiteral("versionDetails"));
        QVERIFY(details->text().contains(QLatin1String("Refitted on training + validation")));
        QVERIFY(page.selectVersion(QStringLiteral("blobs@1")));
        QVERIFY(!details->text().contains(QLatin1String("Refitted")));
        QVERIFY(page.selectVersion(QStringLiteral("blobs@2")));
        QVERIFY(page.setAliasAction()->isEnabled());
        QVERIFY(!page.compareAction()->isEnabled());
    }

    void setsAnAliasThroughTheDialog()
    {
        ui::ModelsPage page(m_workspace);
        page.show();
        QVERIFY(page.selectVersion(QStringLiteral("blobs@1")));
        QVERIFY(page.setAliasAction()->isEnabled());
        QString note;
        answerNextDialog([&note](QWidget* widget) {
            auto* dialog = qobject_cast<ui::AliasDialog*>(widget);
            QVERIFY(dialog);
            auto* name = dialog->findChild<QComboBox*>(QStringLiteral("aliasName"));
            name->setCurrentText(QString());
            QTest::keyClicks(name, QStringLiteral("staging"));
            note = dialog->findChild<QLabel*>(QStringLiteral("aliasNote"))->text();
            dialog->accept();
        });
        page.setAliasAction()->trigger();
        QVERIFY2(note.contains(QLatin1String("new")), qPrintable(note));
        QCOMPARE(ModelRegistry(*m_workspace).resolve(QStringLiteral("blobs@staging")).version, 1);
        const int row = page.versionList()->rowOf(QStringLiteral("blobs@1"));
        QCOMPARE(page.versionList()->index(row, ui::ModelVersionListModel::Aliases).data().toString(), QStringLiteral("staging"));

        // Moving it: the dialog says where it points now.
        QVERIFY(page.selectVersion(QStringLiteral("blobs@2")));
        answerNextDialog([&note](QWidget* widget) {
            auto* dialog = qobject_cast<ui::AliasDialog*>(widget);
            QVERIFY(dialog);
            dialog->setAlias(QStringLiteral("staging"));
            note = dialog->findChild<QLabel*>(QStringLiteral("aliasNote"))->text();
            dialog->accept();
        });
        page.setAliasAction()->trigger();
        QVERIFY2(note.contains(QLatin1String("move")), qPrintable(note));
        QCOMPARE(ModelRegistry(*m_workspace).resolve(QStringLiteral("blobs@staging")).version, 2);
        QVERIFY(page.removeAlias(QStringLiteral("blobs"), QStringLiteral("staging")));
    }

    void deleteIsRefusedWhileAliased()
    {
        ModelRegistry(*m_workspace).setAlias(QStringLiteral("blobs@2"), QStringLiteral("production"), QStringLiteral("test"));
        ui::ModelsPage page(m_workspace);
        page.show();
        QSignalSpy errors(&page, &ui::ModelsPage::errorOccurred);
        QVERIFY(page.selectVersion(QStringLiteral("blobs@2")));
        bool offeredForce = false;
        answerNextDialog([&offeredForce](QWidget* widget) {
            auto* box = qobject_cast<QMessageBox*>(widget);
            QVERIFY(box);
            offeredForce = box->checkBox() != nullptr;
            box->button(QMessageBox::Yes)->click();  // confirm, leaving "remove its aliases" unticked
        });
        page.deleteAction()->trigger();
        QVERIFY(offeredForce);
        QCOMPARE(errors.count(), 1);
        const QString message = errors.first().first().toString();
        QVERIFY2(message.contains(QLatin1String("aliased as production")), qPrintable(message));
        QCOMPARE(ModelRegistry(*m_workspace).versions(QStringLiteral("blobs")).size(), 2);

        // Cancelling deletes nothing either.
        answerNextDialog([](QWidget* widget) { qobject_cast<QMessageBox*>(widget)->button(QMessageBox::Cancel)->click(); });
        page.deleteAction()->trigger();
        QCOMPARE(ModelRegistry(*m_workspace).versions(QStringLiteral("blobs")).size(), 2);
        QCOMPARE(errors.count(), 1);
        ModelRegistry(*m_workspace).removeAlias(QStringLiteral("blobs"), QStringLiteral("production"), QStringLiteral("test"));
    }

    void comparesTwoVersions()
    {
        ui::ModelsPage page(m_workspace);
        page.show();
        QVERIFY(page.selectVersions({QStringLiteral("blobs@1"), QStringLiteral("blobs@2")}));
        QVERIFY(page.compareAction()->isEnabled());
        QVERIFY(!page.setAliasAction()->isEnabled());
        page.compareAction()->trigger();
        auto* dialog = page.findChild<ui::CompareVersionsDialog*>();
        QVERIFY(dialog);
        QVERIFY(dialog->isVisible());
        QTableWidget* table = dialog->table();
        QStringList names;
        for (int row = 0; row < table->rowCount(); ++row)
            names << table->item(row, 0)->text().trimmed();
        QVERIFY(names.contains(QStringLiteral("macro F1")));
        QVERIFY(names.contains(QStringLiteral("blob0")));  // per-class F1
        QCOMPARE(dialog->matrixA()->labels().size(), 3);
        QCOMPARE(dialog->matrixB()->labels().size(), 3);
        qint64 total = 0;
        for (int t = 0; t < 3; ++t) {
            for (int p = 0; p < 3; ++p)
                total += dialog->matrixB()->count(t, p);
        }
        QVERIFY(total > 0);
        dialog->close();
    }

    void exportsImportsAndDeletes()
    {
        ui::ModelsPage page(m_workspace);
        const QString path = m_dir->filePath(QStringLiteral("blobs-2.mbundle"));
        QVERIFY(page.exportBundle(QStringLiteral("blobs@2"), path));
        QVERIFY(QFile::exists(path));
        QCOMPARE(page.importBundle(path), QStringLiteral("blobs@3"));
        QCOMPARE(page.selectedVersions().size(), 1);
        QCOMPARE(page.selectedVersions().first().ref(), QStringLiteral("blobs@3"));
        QCOMPARE(page.versionList()->index(page.versionList()->rowOf(QStringLiteral("blobs@3")), ui::ModelVersionListModel::Dataset).data().toString(),
                 QStringLiteral("(imported)"));

        QSignalSpy errors(&page, &ui::ModelsPage::errorOccurred);
        QVERIFY(page.importBundle(m_dir->filePath(QStringLiteral("blobs.csv"))).isEmpty());  // not a bundle
        QCOMPARE(errors.count(), 1);

        QVERIFY(page.deleteVersion(QStringLiteral("blobs@3"), false));
        QCOMPARE(page.versionList()->rowCount(), 2);
    }

    void exportsTorchScriptInTheBackground()
    {
        ui::ModelsPage page(m_workspace);
        page.show();
        QSignalSpy exported(&page, &ui::ModelsPage::torchScriptExported);
        QSignalSpy notices(&page, &ui::ModelsPage::noticeOccurred);
        QSignalSpy errors(&page, &ui::ModelsPage::errorOccurred);
        QVERIFY(page.selectVersion(QStringLiteral("blobs@2")));
        QVERIFY(page.exportTorchScriptAction()->isEnabled());
        const QString path = m_dir->filePath(QStringLiteral("blobs-2.pt"));
        page.exportTorchScript(QStringLiteral("blobs@2"), path);
        QVERIFY(!page.exportTorchScriptAction()->isEnabled());  // one export at a time
        QTRY_COMPARE_WITH_TIMEOUT(exported.count(), 1, 30000);
        QCOMPARE(exported.first().at(0).toString(), path);
        QCOMPARE(exported.first().at(1).toString(), QString());
        QCOMPARE(errors.count(), 0);
        QVERIFY(page.exportTorchScriptAction()->isEnabled());
        QCOMPARE(notices.count(), 1);
        const QString notice = notices.first().first().toString();
        QVERIFY2(notice.contains(path) && notice.contains(path + QStringLiteral(".json")), qPrintable(notice));

        // The signature says what forward() takes and returns.
        QFile signatureFile(path + QStringLiteral(".json"));
        QVERIFY(signatureFile.open(QIODevice::ReadOnly));
        const QJsonObject signature = QJsonDocument::fromJson(signatureFile.readAll()).object();
        QCOMPARE(signature.value(QStringLiteral("task")).toString(), QStringLiteral("classification"));
        QCOMPARE(signature.value(QStringLiteral("labels")).toArray(), QJsonArray({QStringLiteral("blob0"), QStringLiteral("blob1"), QStringLiteral("blob2")}));
        QStringList inputs;
        for (const QJsonValue& input : signature.value(QStringLiteral("inputs")).toArray())
            inputs << input.toObject().value(QStringLiteral("name")).toString();
        QCOMPARE(inputs, (QStringList{QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c"), QStringLiteral("d")}));

        // The file is TorchScript that loads and gives the registered version's probabilities.
        QFile script(path);
        QVERIFY(script.open(QIODevice::ReadOnly));
        const QByteArray bytes = script.readAll();
        QVERIFY(bytes.startsWith("PK"));  // TorchScript files are zip archives
        const QJsonObject importSignature{{QStringLiteral("inputs"), QJsonArray::fromStringList(inputs)},
                                          {QStringLiteral("labels"), signature.value(QStringLiteral("labels"))},
                                          {QStringLiteral("output"), QStringLiteral("probabilities")}};
        const auto reloaded = Predictor::fromBundle(Predictor::bundleFromTorchScript(bytes, importSignature, path));
        const ModelRegistry registry(*m_workspace);
        const auto registered = Predictor::fromBundle(registry.bundleBytes(registry.resolve(QStringLiteral("blobs@2"))));
        const QVector<Instance> rows = {{{QStringLiteral("a"), 0.1}, {QStringLiteral("b"), 3.2}, {QStringLiteral("c"), 5.9}, {QStringLiteral("d"), 0.2}},
                                        {{QStringLiteral("a"), 6.1}, {QStringLiteral("b"), 0.3}, {QStringLiteral("c"), 2.8}, {QStringLiteral("d"), 6.0}}};
        const QVector<Prediction> expected = registered->predict(rows, 3);
        const QVector<Prediction> actual = reloaded->predict(rows, 3);
        for (int i = 0; i < rows.size(); ++i) {
            QCOMPARE(actual.at(i).label, expected.at(i).label);
            QVERIFY(std::abs(actual.at(i).confidence - expected.at(i).confidence) < 1e-5);
        }

        // A folder that does not exist: the error arrives as a message, nothing is written.
        const QString bad = m_dir->filePath(QStringLiteral("missing/blobs.pt"));
        page.exportTorchScript(QStringLiteral("blobs@2"), bad);
        QTRY_COMPARE_WITH_TIMEOUT(exported.count(), 2, 30000);
        QVERIFY(!exported.at(1).at(1).toString().isEmpty());
        QCOMPARE(errors.count(), 1);
        QVERIFY2(errors.first().first().toString().contains(QLatin1String("missing/blobs.pt")), qPrintable(errors.first().first().toString()));
        QVERIFY(!QFile::exists(bad + QStringLiteral(".json")));
    }
};

QTEST_MAIN(TestModelsPage)
#include "TestModelsPage.moc"
