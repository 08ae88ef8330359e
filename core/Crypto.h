#pragma once

#include <QByteArray>
#include <QString>

namespace mb::crypto {

// The libsodium primitives behind users and API tokens, kept in one place so no other file
// includes sodium.h. Every function initialises libsodium on first use and is thread-safe.

// An argon2id string (crypto_pwhash_str, interactive limits: about 64 MiB and a few tenths
// of a second), salted, with its parameters inside. Throws Internal when out of memory.
QString hashPassword(const QString& password);
// Whether `password` matches `hash` (crypto_pwhash_str_verify: takes as long for a wrong
// password as for a right one). A malformed hash does not match.
bool verifyPassword(const QString& hash, const QString& password);
// Spends the time of a verification without a stored hash, so that an unknown user name
// answers as slowly as a wrong password (no user enumeration by timing).
void burnPasswordVerification(const QString& password);

// `bytes` random bytes from the system's generator (randombytes_buf), base64url-encoded
// without padding.
QString randomBase64Url(int bytes);
// Compares two equally long byte strings in time independent of their content
// (sodium_memcmp); strings of different lengths are unequal.
bool equalConstantTime(const QByteArray& a, const QByteArray& b);

}  // namespace mb::crypto
