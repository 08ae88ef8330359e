#include "Error.h"
#include "StrokeInstance.h"

#include <QImage>
#include <QJsonArray>
#include <QJsonObject>
#include <QtMath>
#include <QtTest>

using namespace mb;

namespace {

QJsonObject input(const QString& name, const QString& type)
{
    return QJsonObject{{QStringLiteral("name"), name}, {QStringLiteral("type"), type}};
}

QVector<QPointF> circle(int points)
{
    QVector<QPointF> stroke;
    for (int i = 0; i <= points; ++i) {
        const double a = 2 * M_PI * i / points;
        stroke << QPointF(200 + 80 * std::cos(a), 150 + 80 * std::sin(a));
    }
    return stroke;
}

}  // namespace

class TestStrokeInstance : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void kindFollowsTheSignature_data()
    {
        QTest::addColumn<QJsonArray>("inputs");
        QTest::addColumn<int>("kind");
        QTest::newRow("one image") << QJsonArray{input(QStringLiteral("image"), QStringLiteral("image"))} << int(StrokeInstance::Kind::Image);
        QTest::newRow("trajectory features") << QJsonArray{input(QStringLiteral("x0"), QStringLiteral("numeric")), input(QStringLiteral("closure"), QStringLiteral("numeric"))}
                                             << int(StrokeInstance::Kind::Trajectory);
        QTest::newRow("other features") << QJsonArray{input(QStringLiteral("x0"), QStringLiteral("numeric")), input(QStringLiteral("petal"), QStringLiteral("numeric"))}
                                        << int(StrokeInstance::Kind::Unsupported);
        QTest::newRow("text") << QJsonArray{input(QStringLiteral("name"), QStringLiteral("text"))} << int(StrokeInstance::Kind::Unsupported);
        QTest::newRow("two images") << QJsonArray{input(QStringLiteral("a"), QStringLiteral("image")), input(QStringLiteral("b"), QStringLiteral("image"))}
                                    << int(StrokeInstance::Kind::Unsupported);
        QTest::newRow("nothing") << QJsonArray{} << int(StrokeInstance::Kind::Unsupported);
    }

    void kindFollowsTheSignature()
    {
        QFETCH(QJsonArray, inputs);
        QFETCH(int, kind);
        QCOMPARE(int(StrokeInstance::kindFor(inputs)), kind);
    }

    void imageModelsGetTheStrokeDrawn()
    {
        const Instance instance = StrokeInstance::make(circle(40), {input(QStringLiteral("pixels"), QStringLiteral("image"))});
        QCOMPARE(instance.size(), 1);
        const QImage image = QImage::fromData(instance.value(QStringLiteral("pixels")).toByteArray());
        QVERIFY(!image.isNull());
        QCOMPARE(image.size(), QSize(28, 28));
        // Ink on the ring, none in the middle of the circle.
        QCOMPARE(qGray(image.pixel(14, 14)), 0);
        int inked = 0;
        for (int y = 0; y < 28; ++y)
            for (int x = 0; x < 28; ++x)
                inked += qGray(image.pixel(x, y)) > 128 ? 1 : 0;
        QVERIFY2(inked > 40, qPrintable(QString::number(inked)));
    }

    void trajectoryModelsGetFeatures()
    {
        const Instance instance = StrokeInstance::make(circle(40), {input(QStringLiteral("closure"), QStringLiteral("numeric"))});
        QCOMPARE(instance.size(), 161);
        // A closed circle: its ends meet.
        QVERIFY(instance.value(QStringLiteral("closure")).toDouble() < 0.05);
        QCOMPARE(instance.value(QStringLiteral("aspect")).toDouble(), 0.5);
    }

    void degenerateStrokesAreRefused_data()
    {
        QTest::addColumn<QString>("type");
        QTest::newRow("image") << QStringLiteral("image");
        QTest::newRow("trajectory") << QStringLiteral("numeric");
    }

    void degenerateStrokesAreRefused()
    {
        QFETCH(QString, type);
        const QJsonArray inputs{input(type == QLatin1String("image") ? QStringLiteral("image") : QStringLiteral("x0"), type)};
        for (const QVector<QPointF>& stroke : {QVector<QPointF>{}, QVector<QPointF>{{3, 3}}, QVector<QPointF>{{3, 3}, {3, 3}}}) {
            try {
                StrokeInstance::make(stroke, inputs);
                QFAIL("a degenerate stroke was accepted");
            } catch (const Error& error) {
                QCOMPARE(error.code(), ErrorCode::InvalidArgument);
                QVERIFY2(error.message().contains(QLatin1String("stroke")), qPrintable(error.message()));
            }
        }
    }

    void modelsThatReadNoStrokesAreRefused()
    {
        QVERIFY_THROWS_EXCEPTION(Error, StrokeInstance::make(circle(10), {input(QStringLiteral("name"), QStringLiteral("text"))}));
    }
};

QTEST_APPLESS_MAIN(TestStrokeInstance)
#include "TestStrokeInstance.moc"
