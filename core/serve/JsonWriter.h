#pragma once

#include <QByteArray>
#include <QString>

#include <vector>

namespace mb::serve {

// Writes compact JSON straight into bytes, for hot answers (predictions) where building a
// QJsonObject first costs more than the rest of the answer. The output is what
// QJsonDocument::toJson(Compact) gives for the same values: numbers in their shortest
// round-trip form, strings escaped the same way, so clients see no difference. The caller
// writes object keys in the order it wants (QJsonObject would sort them).
//
// Not thread-safe; a plain value type used by one thread.
class JsonWriter {
public:
    explicit JsonWriter(qsizetype reserve = 256);

    void beginObject();
    void endObject();
    void beginArray();
    void endArray();
    // The next member's name; a value or a begin* call must follow.
    void key(const char* name);
    void value(const QString& text);
    // Non-finite numbers are written as null, as QJsonDocument does.
    void value(double number);
    void value(qint64 number);

    QByteArray take() { return std::move(m_out); }

private:
    void separate();
    // A nested object or array: opened after a separating comma if one is due, closed.
    void open(char bracket);
    void close(char bracket);
    void string(const QString& text);

    QByteArray m_out;
    std::vector<bool> m_hasItems;  // per open object/array: whether a member was written
    bool m_afterKey = false;
};

}  // namespace mb::serve
