#include "HttpConnection.h"

#include "HttpResponse.h"
#include "Route.h"

#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/string.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>

#include <algorithm>

namespace mb::serve {

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;

namespace {

using Clock = std::chrono::steady_clock;

const char kContinue[] = "HTTP/1.1 100 Continue\r\n\r\n";
const qint64 kMaxLingerMs = 2000;

bool isHttpError(const beast::error_code& ec)
{
    return ec.category() == http::make_error_code(http::error::bad_target).category();
}

// The client went away or a timer fired: nothing to answer.
bool isDisconnect(const beast::error_code& ec)
{
    return ec == http::error::end_of_stream || ec == http::error::partial_message || ec == beast::error::timeout ||
           ec == net::error::operation_aborted || ec == net::error::eof || ec == net::error::connection_reset ||
           ec == net::error::broken_pipe || !isHttpError(ec);
}

QByteArray bytes(beast::string_view text)
{
    return QByteArray(text.data(), qsizetype(text.size()));
}

}  // namespace

HttpConnection::HttpConnection(std::shared_ptr<net::io_context> io, tcp::socket socket, std::shared_ptr<ConnectionHost> host, quint64 id,
                               bool overflow)
    : m_io(std::move(io)), m_stream(std::move(socket)), m_host(std::move(host)), m_id(id), m_overflow(overflow)
{
    beast::error_code ec;
    const tcp::endpoint remote = m_stream.socket().remote_endpoint(ec);
    if (!ec)
        m_remote = QString::fromStdString(remote.address().to_string());
    m_stream.socket().set_option(tcp::no_delay(true), ec);
}

HttpConnection::~HttpConnection()
{
    m_host->connectionClosed(m_id, m_overflow);
}

void HttpConnection::start()
{
    net::dispatch(m_stream.get_executor(), [self = shared_from_this()] { self->waitForRequest(); });
}

void HttpConnection::requestStop()
{
    net::post(m_stream.get_executor(), [self = shared_from_this()] {
        self->m_stopping = true;
        // Idle or reading: no request is in flight. Lingering: its answer is written.
        if (self->m_state == State::Idle || self->m_state == State::ReadingHeader || self->m_state == State::ReadingBody ||
            self->m_state == State::Lingering)
            self->closeNow();
    });
}

void HttpConnection::forceClose()
{
    net::post(m_stream.get_executor(), [self = shared_from_this()] { self->closeNow(); });
}

void HttpConnection::abandon()
{
    m_abandoned = true;
    closeNow();
}

void HttpConnection::newParser()
{
    const HttpServerOptions& options = m_host->options();
    m_parser.emplace();
    m_parser->header_limit(std::uint32_t(std::max(1024, options.headerLimit)));
    m_parser->body_limit(std::uint64_t(std::max<qint64>(0, options.bodyLimit)));
    m_request = HttpRequest();
}

void HttpConnection::waitForRequest()
{
    if (m_stopping || m_state == State::Closed) {
        closeNow();
        return;
    }
    newParser();
    // A new connection waits for its first request under the header timeout; a kept-alive
    // one waits for its next under the idle timeout, then reads it under the header timeout.
    if (m_firstRequest || m_buffer.size() > 0) {
        readHeader();
        return;
    }
    m_state = State::Idle;
    m_stream.expires_after(std::chrono::milliseconds(m_host->options().idleTimeoutMs));
    m_stream.async_read_some(m_buffer.prepare(4096), [self = shared_from_this()](beast::error_code ec, std::size_t n) {
        if (ec) {
            self->closeNow();
            return;
        }
        self->m_buffer.commit(n);
        self->readHeader();
    });
}

void HttpConnection::readHeader()
{
    m_state = State::ReadingHeader;
    m_started = Clock::now();
    m_stream.expires_after(std::chrono::milliseconds(m_host->options().headerTimeoutMs));
    http::async_read_header(m_stream, m_buffer, *m_parser,
                            [self = shared_from_this()](beast::error_code ec, std::size_t) { self->onHeader(ec); });
}

void HttpConnection::onHeader(beast::error_code ec)
{
    if (m_state == State::Closed)
        return;
    if (ec == http::error::header_limit) {
        fail(431, QStringLiteral("header_too_large"),
             QStringLiteral("the request line and headers are larger than the limit of %1 bytes").arg(m_host->options().headerLimit));
        return;
    }
    if (failedRead(ec, QStringLiteral("request")))
        return;
    const auto& header = m_parser->get();
    m_version = header.version();
    m_requestKeepAlive = header.keep_alive();
    m_request.method = bytes(header.method_string());
    m_request.setTarget(bytes(header.target()));
    m_request.remoteAddress = m_remote;
    m_request.received = m_started;
    for (const auto& field : header)
        m_request.headers.append({bytes(field.name_string()).toLower(), bytes(field.value())});
    if (m_overflow) {
        fail(503, QStringLiteral("unavailable"),
             QStringLiteral("the server has reached its limit of %1 connections; try again shortly").arg(m_host->options().maxConnections));
        return;
    }
    if (m_parser->is_done()) {
        dispatch();
        return;
    }
    if (beast::iequals(header[http::field::expect], "100-continue")) {
        m_state = State::ReadingBody;
        m_stream.expires_after(std::chrono::milliseconds(m_host->options().bodyTimeoutMs));
        net::async_write(m_stream, net::buffer(kContinue, sizeof(kContinue) - 1),
                         [self = shared_from_this()](beast::error_code ec, std::size_t) {
                             if (ec)
                                 self->closeNow();
                             else
                                 self->readBody();
                         });
        return;
    }
    readBody();
}

void HttpConnection::readBody()
{
    if (m_state == State::Closed)
        return;
    m_state = State::ReadingBody;
    m_stream.expires_after(std::chrono::milliseconds(m_host->options().bodyTimeoutMs));
    http::async_read(m_stream, m_buffer, *m_parser, [self = shared_from_this()](beast::error_code ec, std::size_t) { self->onBody(ec); });
}

void HttpConnection::onBody(beast::error_code ec)
{
    if (m_state == State::Closed)
        return;
    if (failedRead(ec, QStringLiteral("request body")))
        return;
    dispatch();
}

// Header and body reads end in the same ways: a body over the limit (Beast may see it while
// reading the header, from Content-Length) is 413, a client that went away is closed quietly,
// anything else is a malformed `part`. False when the read went well.
bool HttpConnection::failedRead(beast::error_code ec, const QString& part)
{
    if (!ec)
        return false;
    if (ec == http::error::body_limit)
        fail(413, QStringLiteral("payload_too_large"),
             QStringLiteral("the body is larger than the limit of %1 bytes").arg(m_host->options().bodyLimit));
    else if (isDisconnect(ec))
        closeNow();
    else
        fail(400, QStringLiteral("bad_request"), QStringLiteral("malformed HTTP %1: %2").arg(part, QString::fromStdString(ec.message())));
    return true;
}

void HttpConnection::dispatch()
{
    m_state = State::Processing;
    m_stream.expires_never();
    {
        const std::string& body = m_parser->get().body();
        m_request.body = QByteArray(body.data(), qsizetype(body.size()));
    }
    m_parser.reset();
    auto self = shared_from_this();
    Responder respond([self](std::function<HttpResponse()> make) {
        if (self->m_abandoned)
            return;
        net::dispatch(self->m_stream.get_executor(), [self, make = std::move(make)] { self->answer(make, true); });
    });
    m_host->handle(m_request, respond);
}

void HttpConnection::answer(const std::function<HttpResponse()>& make, bool routed)
{
    if (m_state != State::Processing)
        return;
    HttpResponse response;
    try {
        response = make();
    } catch (const Error& error) {
        response = HttpResponse::error(error);
    } catch (const std::exception& error) {
        response = HttpResponse::error(ErrorCode::Internal, QStringLiteral("internal error: %1").arg(QString::fromLocal8Bit(error.what())));
    }
    if (routed) {
        try {
            m_host->complete(m_request, response);
        } catch (...) {
            // Middleware must not keep a response from being written.
        }
    }
    write(std::move(response));
}

RequestRecord HttpConnection::recordOf(const HttpResponse& response) const
{
    RequestRecord record;
    record.method = m_request.method.isEmpty() ? QByteArray("-") : m_request.method;
    record.path = m_request.path.isEmpty() ? QStringLiteral("-") : m_request.path;
    record.route = m_request.route ? m_request.route->pattern : QStringLiteral("(none)");
    record.status = response.status;
    record.seconds = std::chrono::duration<double>(Clock::now() - m_started).count();
    record.remoteAddress = m_remote;
    return record;
}

void HttpConnection::write(HttpResponse response)
{
    const bool keepAlive = m_requestKeepAlive && !m_stopping && !m_overflow;
    m_response.emplace();
    auto& message = *m_response;
    message.version(m_version);
    message.result(unsigned(response.status));
    message.set(http::field::server, "modelbench");
    message.set(http::field::content_type, beast::string_view(response.contentType.constData(), size_t(response.contentType.size())));
    for (const auto& [name, value] : std::as_const(response.headers))
        message.set(beast::string_view(name.constData(), size_t(name.size())), beast::string_view(value.constData(), size_t(value.size())));
    message.body().assign(response.body.constData(), size_t(response.body.size()));
    message.keep_alive(keepAlive);
    message.prepare_payload();
    m_host->record(recordOf(response), response);

    m_state = State::Writing;
    m_stream.expires_after(std::chrono::milliseconds(m_host->options().bodyTimeoutMs));
    http::async_write(m_stream, message, [self = shared_from_this(), keepAlive](beast::error_code ec, std::size_t) { self->onWrite(ec, keepAlive); });
}

void HttpConnection::onWrite(beast::error_code ec, bool keepAlive)
{
    m_response.reset();
    if (m_state == State::Closed)
        return;
    if (ec) {
        closeNow();
        return;
    }
    if (m_stopping) {
        // The answer is written; a stopping server does not wait for the client to hang up.
        beast::error_code ignored;
        m_stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
        closeNow();
        return;
    }
    if (!keepAlive) {
        lingerClose();
        return;
    }
    m_firstRequest = false;
    waitForRequest();
}

void HttpConnection::fail(int status, const QString& code, const QString& message)
{
    if (m_request.method.isEmpty() && m_parser) {
        // What was read of the request line, for the log and the metrics.
        m_request.method = bytes(m_parser->get().method_string());
        m_request.setTarget(bytes(m_parser->get().target()));
    }
    m_parser.reset();
    m_requestKeepAlive = false;
    m_state = State::Processing;
    m_stream.expires_never();
    answer([&] { return HttpResponse::error(status, code, message); }, false);
}

void HttpConnection::lingerClose()
{
    m_state = State::Lingering;
    beast::error_code ec;
    m_stream.socket().shutdown(tcp::socket::shutdown_send, ec);
    if (ec) {
        closeNow();
        return;
    }
    m_drained = 0;
    m_stream.expires_after(std::chrono::milliseconds(std::min<qint64>(kMaxLingerMs, m_host->options().bodyTimeoutMs)));
    drain();
}

void HttpConnection::drain()
{
    m_stream.async_read_some(net::buffer(m_drainBuffer), [self = shared_from_this()](beast::error_code ec, std::size_t n) {
        self->m_drained += qint64(n);
        if (ec || self->m_state == State::Closed || self->m_drained > 4 * std::max<qint64>(self->m_host->options().bodyLimit, 1 << 20)) {
            self->closeNow();
            return;
        }
        self->drain();
    });
}

void HttpConnection::closeNow()
{
    m_state = State::Closed;
    m_stream.close();
}

}  // namespace mb::serve
