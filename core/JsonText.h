#pragma once

#include <QJsonDocument>
#include <QJsonObject>
#include <QString>

namespace mb::json {

// JSON objects as the registry stores them in TEXT columns: compact, and back (an
// unreadable text gives an empty object).
inline QString compact(const QJsonObject& object)
{
    return QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Compact));
}

inline QJsonObject parse(const QString& text)
{
    return QJsonDocument::fromJson(text.toUtf8()).object();
}

}  // namespace mb::json
