#pragma once

// What the request-parsing tests share (tests only): model input signatures in the registry's
// shape and a JSON reader for test bodies.

#include <QByteArray>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QList>
#include <QPair>
#include <QString>

namespace request_test {

// [{"name": ..., "type": ...}, ...], as a model version's signature lists its inputs.
inline QJsonArray inputsOf(const QList<QPair<QString, QString>>& list)
{
    QJsonArray array;
    for (const auto& [name, type] : list)
        array.append(QJsonObject{{QStringLiteral("name"), name}, {QStringLiteral("type"), type}});
    return array;
}

// Three numbers a, b, c; one number x; two text fields; one image.
inline const QJsonArray kTabular = inputsOf({{QStringLiteral("a"), QStringLiteral("number")},
                                             {QStringLiteral("b"), QStringLiteral("number")},
                                             {QStringLiteral("c"), QStringLiteral("number")}});
inline const QJsonArray kOneNumber = inputsOf({{QStringLiteral("x"), QStringLiteral("number")}});
inline const QJsonArray kText = inputsOf({{QStringLiteral("name"), QStringLiteral("text")}, {QStringLiteral("description"), QStringLiteral("text")}});
inline const QJsonArray kImage = inputsOf({{QStringLiteral("image"), QStringLiteral("image")}});

// A test body as a JSON value; a body that is not JSON is a broken test, not a case.
inline QJsonValue parse(const QByteArray& json)
{
    const QJsonDocument document = QJsonDocument::fromJson(json);
    if (document.isNull())
        qFatal("bad test JSON: %s", json.constData());
    return document.isArray() ? QJsonValue(document.array()) : QJsonValue(document.object());
}

}  // namespace request_test
