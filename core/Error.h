#pragma once

#include <QString>

#include <exception>
#include <string>

namespace mb {

// The kinds of failure core reports. Edges translate them: the CLI to exit codes,
// the server to HTTP statuses, the GUI to a message bar.
enum class ErrorCode {
    InvalidArgument,  // the caller's input is wrong (bad CSV, unknown option value, ...)
    NotFound,         // a named thing does not exist
    AlreadyExists,    // a thing with that name exists and may not be replaced
    Conflict,         // the state forbids it (aliased version, newer schema, ...)
    Io,               // the file system or database failed
    Corrupt,          // stored data fails its checksum or format check
    Unauthorized,     // missing or bad credentials
    Forbidden,        // good credentials whose role does not allow the action
    Internal,         // a bug: an invariant did not hold
};

// Stable lower_snake_case name of a code, used in JSON output ("not_found").
QString errorCodeName(ErrorCode code);

// A failure reported by core. Thrown by core functions and caught at the edges; its
// message is written for the user and names the file, line or field at fault.
class Error : public std::exception {
public:
    Error(ErrorCode code, QString message);

    ErrorCode code() const { return m_code; }
    const QString& message() const { return m_message; }
    const char* what() const noexcept override { return m_what.c_str(); }

private:
    ErrorCode m_code;
    QString m_message;
    std::string m_what;
};

}  // namespace mb
