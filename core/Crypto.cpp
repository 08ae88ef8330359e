#include "Crypto.h"

#include "Error.h"

#include <sodium.h>

#include <algorithm>
#include <vector>

namespace mb::crypto {
namespace {

void ensureInitialised()
{
    // sodium_init() is idempotent and thread-safe; -1 means no usable random source.
    static const int status = sodium_init();
    if (status < 0)
        throw Error(ErrorCode::Internal, QStringLiteral("libsodium cannot be initialised"));
}

// A hash of a random password, made once: what unknown users are checked against.
const QByteArray& decoyHash()
{
    static const QByteArray hash = hashPassword(randomBase64Url(32)).toLatin1();
    return hash;
}

}  // namespace

QString hashPassword(const QString& password)
{
    ensureInitialised();
    const QByteArray utf8 = password.toUtf8();
    char hash[crypto_pwhash_STRBYTES];
    if (crypto_pwhash_str(hash, utf8.constData(), static_cast<unsigned long long>(utf8.size()), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                          crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
        throw Error(ErrorCode::Internal, QStringLiteral("not enough memory to hash a password"));
    return QString::fromLatin1(hash);
}

bool verifyPassword(const QString& hash, const QString& password)
{
    ensureInitialised();
    const QByteArray stored = hash.toLatin1();
    if (stored.isEmpty() || stored.size() >= crypto_pwhash_STRBYTES)
        return false;
    const QByteArray utf8 = password.toUtf8();
    return crypto_pwhash_str_verify(stored.constData(), utf8.constData(), static_cast<unsigned long long>(utf8.size())) == 0;
}

void burnPasswordVerification(const QString& password)
{
    ensureInitialised();
    const QByteArray utf8 = password.toUtf8();
    // The answer is known (the decoy matches no password); only the time spent matters.
    [[maybe_unused]] const int ignored = crypto_pwhash_str_verify(decoyHash().constData(), utf8.constData(), static_cast<unsigned long long>(utf8.size()));
}

QString randomBase64Url(int bytes)
{
    ensureInitialised();
    std::vector<unsigned char> raw(size_t(std::max(1, bytes)));
    randombytes_buf(raw.data(), raw.size());
    const int variant = sodium_base64_VARIANT_URLSAFE_NO_PADDING;
    std::vector<char> text(sodium_base64_ENCODED_LEN(raw.size(), variant));
    sodium_bin2base64(text.data(), text.size(), raw.data(), raw.size(), variant);
    sodium_memzero(raw.data(), raw.size());
    return QString::fromLatin1(text.data());
}

bool equalConstantTime(const QByteArray& a, const QByteArray& b)
{
    ensureInitialised();
    return a.size() == b.size() && sodium_memcmp(a.constData(), b.constData(), size_t(a.size())) == 0;
}

}  // namespace mb::crypto
