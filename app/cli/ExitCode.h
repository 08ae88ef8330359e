#pragma once

#include "Error.h"

namespace mb::cli {

// Process exit codes of modelbench-cli; documented in `modelbench-cli --help`.
enum ExitCode : int {
    ExitOk = 0,
    ExitInternal = 1,      // a bug or an unexpected failure
    ExitUsage = 2,         // unknown command or option, missing argument
    ExitData = 3,          // the input data or a stored file is invalid or corrupt
    ExitNotFound = 4,      // a named dataset, model, version or file does not exist
    ExitConflict = 5,      // it exists already, or the current state forbids it
    ExitIo = 6,            // the file system or database failed
    ExitUnauthorized = 7,  // missing or bad credentials, or a role that does not allow it
};

inline int exitCodeFor(ErrorCode code)
{
    switch (code) {
    case ErrorCode::InvalidArgument:
    case ErrorCode::Corrupt: return ExitData;
    case ErrorCode::NotFound: return ExitNotFound;
    case ErrorCode::AlreadyExists:
    case ErrorCode::Conflict: return ExitConflict;
    case ErrorCode::Io: return ExitIo;
    case ErrorCode::Unauthorized:
    case ErrorCode::Forbidden: return ExitUnauthorized;
    case ErrorCode::Internal: return ExitInternal;
    }
    return ExitInternal;
}

}  // namespace mb::cli
