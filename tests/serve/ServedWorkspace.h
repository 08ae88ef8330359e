#pragma once

// A workspace in a temporary folder with an HttpServer on 127.0.0.1 port 0 over it and a
// real client (tests only): the fixture of the endpoint tests.

#include "HttpServer.h"
#include "ServeTestSupport.h"
#include "Workspace.h"

#include <QTemporaryDir>

#include <memory>

namespace serve_test {

class ServedWorkspace {
public:
    ServedWorkspace()
        : m_dir(std::make_unique<QTemporaryDir>())
    {
        m_workspace = mb::Workspace::open(m_dir->filePath(QStringLiteral("ws")));
    }
    ~ServedWorkspace() { stop(); }

    QString filePath(const QString& name) const { return m_dir->filePath(name); }
    const std::shared_ptr<mb::Workspace>& workspace() const { return m_workspace; }
    mb::serve::HttpServer& server() { return *m_server; }

    // The 3-class "blobs" classifier on features a, b, c, d (blob k is centred on
    // 3 * ((k + f) % 3), so [0, 3, 6, 0] is blob0 and [6, 0, 3, 6] is blob2).
    mb::TrainOutcome trainBlobs()
    {
        importCsv(*m_workspace, filePath(QStringLiteral("blobs.csv")), blobsCsv(40, 7),
            QStringLiteral("blobs"));
        return train(*m_workspace, QStringLiteral("blobs"), { QStringLiteral("epochs=8") });
    }
    // The one-feature regression "line" (target = 2x + 1).
    mb::TrainOutcome trainLine()
    {
        importCsv(*m_workspace, filePath(QStringLiteral("line.csv")), lineCsv(200, 3),
            QStringLiteral("line"), mb::LabelKind::Regression);
        return train(*m_workspace, QStringLiteral("line"), { QStringLiteral("epochs=20") });
    }

    // A new server on the workspace; `jobs` (not owned, may be null) answers /api/v1/train.
    void start(mb::serve::HttpServerOptions options = {}, mb::JobManager* jobs = nullptr)
    {
        stop();
        m_server = std::make_unique<mb::serve::HttpServer>(m_workspace, options);
        m_server->setJobManager(jobs);
        m_port = m_server->start();
        m_manager = std::make_unique<QNetworkAccessManager>();
    }
    void stop()
    {
        m_manager.reset();
        m_server.reset();
        m_port = 0;
    }

    quint16 port() const { return m_port; }
    QString url(const QString& path) const
    {
        return QStringLiteral("http://127.0.0.1:%1%2").arg(m_port).arg(path);
    }
    Reply get(const QString& path) { return serve_test::get(*m_manager, url(path)); }
    Reply post(
        const QString& path, const QByteArray& body, const QByteArray& type = "application/json")
    {
        return serve_test::post(*m_manager, url(path), body, type);
    }
    Reply put(const QString& path, const QByteArray& body)
    {
        return serve_test::put(*m_manager, url(path), body);
    }
    Reply del(const QString& path) { return serve_test::del(*m_manager, url(path)); }
    // The client of get() and friends, for requests to another server.
    QNetworkAccessManager& client() { return *m_manager; }

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    std::shared_ptr<mb::Workspace> m_workspace;
    std::unique_ptr<mb::serve::HttpServer> m_server;
    std::unique_ptr<QNetworkAccessManager> m_manager;
    quint16 m_port = 0;
};

}  // namespace serve_test
