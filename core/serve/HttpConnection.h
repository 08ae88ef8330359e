#pragma once

#include "ConnectionHost.h"
#include "HttpRequest.h"

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>

#include <atomic>
#include <chrono>
#include <memory>
#include <optional>

namespace mb::serve {

// One client connection (internal to mb_serve): reads requests with the header, body and
// idle timeouts, hands each to the host, writes the answers in order and keeps the
// connection alive between them. Every member runs on the connection's strand, except
// requestStop() and abandon(), which post there or run when no I/O thread does.
//
// An overflow connection (over the connection limit) reads one request header, answers it
// 503 and closes. Connections that end after an error answer first (400, 413, 431), then
// close gracefully: they stop sending, and read and drop what the client still sends for a
// moment, so the client reads the answer instead of a reset.
class HttpConnection : public std::enable_shared_from_this<HttpConnection> {
public:
    HttpConnection(std::shared_ptr<boost::asio::io_context> io, boost::asio::ip::tcp::socket socket,
                   std::shared_ptr<ConnectionHost> host, quint64 id, bool overflow);
    ~HttpConnection();

    quint64 id() const { return m_id; }
    void start();
    // The server is stopping: close now when no request is being answered, else after its
    // answer (sent with Connection: close). Any thread.
    void requestStop();
    // Closes at once. Any thread.
    void forceClose();
    // For the stopping server once its I/O threads have ended: closes the socket directly
    // and makes later answers no-ops.
    void abandon();

private:
    enum class State { Idle, ReadingHeader, ReadingBody, Processing, Writing, Lingering, Closed };

    void waitForRequest();
    void readHeader();
    void onHeader(boost::beast::error_code ec);
    void readBody();
    void onBody(boost::beast::error_code ec);
    bool failedRead(boost::beast::error_code ec, const QString& part);
    void dispatch();
    void answer(const std::function<HttpResponse()>& make, bool routed);
    void write(HttpResponse response);
    void onWrite(boost::beast::error_code ec, bool keepAlive);
    void fail(int status, const QString& code, const QString& message);
    void lingerClose();
    void drain();
    void closeNow();
    void newParser();
    RequestRecord recordOf(const HttpResponse& response) const;

    std::shared_ptr<boost::asio::io_context> m_io;  // outlives the socket
    boost::beast::tcp_stream m_stream;
    boost::beast::flat_buffer m_buffer;
    std::shared_ptr<ConnectionHost> m_host;
    const quint64 m_id;
    const bool m_overflow;
    QString m_remote;
    State m_state = State::Idle;
    bool m_firstRequest = true;
    bool m_stopping = false;
    std::atomic_bool m_abandoned{false};
    std::optional<boost::beast::http::request_parser<boost::beast::http::string_body>> m_parser;
    HttpRequest m_request;
    bool m_requestKeepAlive = true;
    unsigned m_version = 11;
    std::chrono::steady_clock::time_point m_started{};
    std::optional<boost::beast::http::response<boost::beast::http::string_body>> m_response;
    std::array<char, 8192> m_drainBuffer{};
    qint64 m_drained = 0;
};

}  // namespace mb::serve
