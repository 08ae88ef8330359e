#pragma once

// Helpers for the server tests (tests only): a blocking HTTP client over
// QNetworkAccessManager, a raw-socket exchange for protocol-level cases, a tiny trained model
// and a checker of the Prometheus text format.

#include "DatasetImporter.h"
#include "TestData.h"
#include "Trainer.h"
#include "Workspace.h"

#include <QElapsedTimer>
#include <QEventLoop>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QRegularExpression>
#include <QTcpSocket>
#include <QTimer>

#include <QHash>
#include <QSet>

#include <optional>
#include <random>

namespace serve_test {

struct Reply {
    int status = 0;                                  // 0: no HTTP answer
    QNetworkReply::NetworkError error = QNetworkReply::NoError;
    QByteArray body;
    QByteArray contentType;
    QList<QNetworkReply::RawHeaderPair> headers;
    QByteArray header(const QByteArray& name) const
    {
        for (const auto& [key, value] : headers) {
            if (key.compare(name, Qt::CaseInsensitive) == 0)
                return value;
        }
        return {};
    }
    QJsonObject json() const { return QJsonDocument::fromJson(body).object(); }
    QString errorMessage() const { return json().value(QStringLiteral("error")).toObject().value(QStringLiteral("message")).toString(); }
    QString errorCode() const { return json().value(QStringLiteral("error")).toObject().value(QStringLiteral("code")).toString(); }
};

inline Reply finish(QNetworkReply* reply, int timeoutMs = 30000)
{
    QEventLoop loop;
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    QTimer::singleShot(timeoutMs, &loop, &QEventLoop::quit);
    if (!reply->isFinished())
        loop.exec();
    Reply result;
    if (!reply->isFinished()) {
        reply->abort();
        result.error = QNetworkReply::TimeoutError;
    } else {
        result.error = reply->error();
    }
    result.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    result.body = reply->readAll();
    result.contentType = reply->header(QNetworkRequest::ContentTypeHeader).toByteArray();
    result.headers = reply->rawHeaderPairs();
    reply->deleteLater();
    return result;
}

inline QNetworkRequest request(const QString& url, const QByteArray& contentType = "application/json")
{
    QNetworkRequest request{QUrl(url)};
    request.setHeader(QNetworkRequest::ContentTypeHeader, contentType);
    request.setTransferTimeout(30000);
    return request;
}

inline Reply get(QNetworkAccessManager& manager, const QString& url)
{
    return finish(manager.get(request(url)));
}

inline Reply post(QNetworkAccessManager& manager, const QString& url, const QByteArray& body, const QByteArray& contentType = "application/json")
{
    return finish(manager.post(request(url, contentType), body));
}

inline Reply put(QNetworkAccessManager& manager, const QString& url, const QByteArray& body, const QByteArray& contentType = "application/json")
{
    return finish(manager.put(request(url, contentType), body));
}

inline Reply del(QNetworkAccessManager& manager, const QString& url)
{
    return finish(manager.deleteResource(request(url)));
}

// Sends `bytes` on a fresh connection, then reads until the server closes it or `timeoutMs`
// pass. `closed` tells whether the server closed the connection.
struct RawExchange {
    QByteArray received;
    bool closed = false;
    qint64 elapsedMs = 0;
};

inline RawExchange rawExchange(quint16 port, const QByteArray& bytes, int timeoutMs)
{
    RawExchange result;
    QTcpSocket socket;
    socket.connectToHost(QStringLiteral("127.0.0.1"), port);
    if (!socket.waitForConnected(5000))
        return result;
    QElapsedTimer timer;
    timer.start();
    socket.write(bytes);
    socket.waitForBytesWritten(5000);
    while (timer.elapsed() < timeoutMs) {
        if (socket.state() != QAbstractSocket::ConnectedState) {
            result.closed = true;
            break;
        }
        socket.waitForReadyRead(int(std::max<qint64>(1, std::min<qint64>(100, timeoutMs - timer.elapsed()))));
        result.received += socket.readAll();
    }
    result.received += socket.readAll();
    result.elapsedMs = timer.elapsed();
    return result;
}

// The status of the first response in `bytes` ("HTTP/1.1 413 ..." -> 413), or 0.
inline int statusOf(const QByteArray& bytes)
{
    static const QRegularExpression line(QStringLiteral("^HTTP/1\\.[01] (\\d{3}) "));
    const auto match = line.match(QString::fromLatin1(bytes.left(64)));
    return match.hasMatch() ? match.captured(1).toInt() : 0;
}

// Three well separated Gaussian blobs in 4 dimensions, with the spread the server tests'
// expectations were written for.
inline QByteArray blobsCsv(int perClass, quint64 seed)
{
    return mb::testdata::blobsCsv(perClass, seed, 0.5);
}

// y = 2x + 1 with a little noise: a one-feature regression.
inline QByteArray lineCsv(int rows, quint64 seed)
{
    std::mt19937_64 rng(seed);
    std::uniform_real_distribution<double> x(0, 10);
    std::normal_distribution<double> noise(0, 0.05);
    QByteArray csv = "x,target\n";
    for (int i = 0; i < rows; ++i) {
        const double v = x(rng);
        csv += QByteArray::number(v, 'f', 5) + ',' + QByteArray::number(2 * v + 1 + noise(rng), 'f', 5) + '\n';
    }
    return csv;
}

inline void importCsv(const mb::Workspace& workspace, const QString& path, const QByteArray& content, const QString& name,
                      std::optional<mb::LabelKind> task = std::nullopt)
{
    mb::CsvImportRequest request;
    request.name = name;
    request.table.task = task;
    mb::testdata::importCsv(workspace, path, content, request);
}

inline mb::TrainOutcome train(const mb::Workspace& workspace, const QString& dataset, const QStringList& overrides, bool force = false)
{
    mb::TrainRequest request;
    request.dataset = dataset;
    request.overrides = overrides;
    request.force = force;
    return mb::Trainer(workspace).train(request);
}

// Checks Prometheus text exposition format 0.0.4 line by line: HELP/TYPE before a family's
// samples, metric and label names, quoted and escaped label values, numeric values,
// histogram buckets ascending and cumulative with a final +Inf equal to _count. Returns
// the first problem, or an empty string.
inline QString checkExposition(const QByteArray& text)
{
    static const QRegularExpression help(QStringLiteral("^# HELP ([a-zA-Z_:][a-zA-Z0-9_:]*) .*$"));
    static const QRegularExpression type(QStringLiteral("^# TYPE ([a-zA-Z_:][a-zA-Z0-9_:]*) (counter|gauge|histogram|summary|untyped)$"));
    static const QRegularExpression sample(QStringLiteral(
        "^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{([a-zA-Z_][a-zA-Z0-9_]*=\"(?:[^\"\\\\\\n]|\\\\[\\\\\"n])*\"(?:,[a-zA-Z_][a-zA-Z0-9_]*=\"(?:[^\"\\\\\\n]|\\\\[\\\\\"n])*\")*)?\\})? "
        "([-+]?(?:[0-9]*\\.?[0-9]+(?:[eE][-+]?[0-9]+)?|Inf|NaN))$"));
    static const QRegularExpression le(QStringLiteral("le=\"([^\"]+)\""));
    if (!text.endsWith('\n'))
        return QStringLiteral("the text does not end with a newline");
    QHash<QString, QString> types;
    QSet<QString> described;
    QHash<QString, double> lastLe;       // series (labels without le) -> last bound
    QHash<QString, double> lastCount;    // series -> last cumulative count
    const QList<QByteArray> lines = text.split('\n');
    for (int i = 0; i + 1 < lines.size(); ++i) {
        const QString line = QString::fromUtf8(lines.at(i));
        if (line.startsWith(QLatin1String("# HELP "))) {
            const auto m = help.match(line);
            if (!m.hasMatch())
                return QStringLiteral("line %1: bad HELP: %2").arg(i + 1).arg(line);
            described.insert(m.captured(1));
            continue;
        }
        if (line.startsWith(QLatin1String("# TYPE "))) {
            const auto m = type.match(line);
            if (!m.hasMatch())
                return QStringLiteral("line %1: bad TYPE: %2").arg(i + 1).arg(line);
            if (types.contains(m.captured(1)))
                return QStringLiteral("line %1: second TYPE for %2").arg(i + 1).arg(m.captured(1));
            types.insert(m.captured(1), m.captured(2));
            continue;
        }
        if (line.startsWith(QLatin1Char('#')) || line.isEmpty())
            return QStringLiteral("line %1: unexpected line: '%2'").arg(i + 1).arg(line);
        const auto m = sample.match(line);
        if (!m.hasMatch())
            return QStringLiteral("line %1: bad sample: %2").arg(i + 1).arg(line);
        QString family = m.captured(1);
        for (const char* suffix : {"_bucket", "_sum", "_count"}) {
            const QString s = QString::fromLatin1(suffix);
            if (!types.contains(family) && family.endsWith(s) && types.value(family.chopped(s.size())) == QLatin1String("histogram"))
                family.chop(s.size());
        }
        if (!types.contains(family))
            return QStringLiteral("line %1: sample of %2 before its TYPE").arg(i + 1).arg(family);
        if (!described.contains(family))
            return QStringLiteral("line %1: %2 has no HELP").arg(i + 1).arg(family);
        const double value = m.captured(4) == QLatin1String("+Inf") || m.captured(4) == QLatin1String("Inf") ? qInf() : m.captured(4).toDouble();
        if (types.value(family) == QLatin1String("counter") && !family.endsWith(QLatin1String("_total")))
            return QStringLiteral("line %1: counter %2 does not end in _total").arg(i + 1).arg(family);
        if (types.value(family) == QLatin1String("histogram")) {
            QString labels = m.captured(3);
            if (m.captured(1).endsWith(QLatin1String("_bucket"))) {
                const auto bound = le.match(labels);
                if (!bound.hasMatch())
                    return QStringLiteral("line %1: bucket without le").arg(i + 1);
                const double upper = bound.captured(1) == QLatin1String("+Inf") ? qInf() : bound.captured(1).toDouble();
                labels.remove(bound.capturedStart(0), bound.capturedLength(0));
                labels = labels.split(QLatin1Char(','), Qt::SkipEmptyParts).join(QLatin1Char(','));
                const QString series = family + QLatin1Char('|') + labels;
                if (lastLe.contains(series) && upper <= lastLe.value(series))
                    return QStringLiteral("line %1: buckets not ascending").arg(i + 1);
                if (lastCount.contains(series) && value < lastCount.value(series))
                    return QStringLiteral("line %1: buckets not cumulative").arg(i + 1);
                lastLe.insert(series, upper);
                lastCount.insert(series, value);
            } else if (m.captured(1).endsWith(QLatin1String("_count"))) {
                const QString series = family + QLatin1Char('|') + labels;
                if (lastLe.value(series) != qInf() || lastCount.value(series) != value)
                    return QStringLiteral("line %1: _count differs from the +Inf bucket").arg(i + 1);
            }
        }
    }
    return {};
}

}  // namespace serve_test
