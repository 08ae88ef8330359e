#include "ErrorResponse.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QtTest>

using namespace mb;

class TestErrorResponse : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void statusPerCode_data()
    {
        QTest::addColumn<ErrorCode>("code");
        QTest::addColumn<int>("status");
        QTest::addColumn<QString>("name");
        QTest::newRow("invalid") << ErrorCode::InvalidArgument << 400 << QStringLiteral("invalid_argument");
        QTest::newRow("unauthorized") << ErrorCode::Unauthorized << 401 << QStringLiteral("unauthorized");
        QTest::newRow("forbidden") << ErrorCode::Forbidden << 403 << QStringLiteral("forbidden");
        QTest::newRow("not found") << ErrorCode::NotFound << 404 << QStringLiteral("not_found");
        QTest::newRow("exists") << ErrorCode::AlreadyExists << 409 << QStringLiteral("already_exists");
        QTest::newRow("conflict") << ErrorCode::Conflict << 409 << QStringLiteral("conflict");
        QTest::newRow("corrupt") << ErrorCode::Corrupt << 422 << QStringLiteral("corrupt");
        QTest::newRow("io") << ErrorCode::Io << 503 << QStringLiteral("io");
        QTest::newRow("internal") << ErrorCode::Internal << 500 << QStringLiteral("internal");
    }

    void statusPerCode()
    {
        QFETCH(ErrorCode, code);
        QFETCH(int, status);
        QFETCH(QString, name);
        QCOMPARE(serve::httpStatusFor(code), status);
        const QJsonObject body = QJsonDocument::fromJson(serve::errorBody(Error(code, QStringLiteral("it \"broke\"")))).object();
        const QJsonObject error = body.value(QStringLiteral("error")).toObject();
        QCOMPARE(error.value(QStringLiteral("code")).toString(), name);
        QCOMPARE(error.value(QStringLiteral("message")).toString(), QStringLiteral("it \"broke\""));
    }
};

QTEST_GUILESS_MAIN(TestErrorResponse)
#include "TestErrorResponse.moc"
