#include "Sha256.h"

#include "Error.h"

#include <openssl/evp.h>

namespace mb {

struct Sha256::Context {
    EVP_MD_CTX* md = EVP_MD_CTX_new();
    ~Context() { EVP_MD_CTX_free(md); }
};

Sha256::Sha256() : m_context(std::make_unique<Context>())
{
    if (!m_context->md || EVP_DigestInit_ex(m_context->md, EVP_sha256(), nullptr) != 1)
        throw Error(ErrorCode::Internal, QStringLiteral("SHA-256 is not available"));
}

Sha256::~Sha256() = default;

void Sha256::add(QByteArrayView data)
{
    if (!data.isEmpty() && EVP_DigestUpdate(m_context->md, data.data(), size_t(data.size())) != 1)
        throw Error(ErrorCode::Internal, QStringLiteral("SHA-256 failed"));
}

QByteArray Sha256::result()
{
    QByteArray digest(EVP_MAX_MD_SIZE, Qt::Uninitialized);
    unsigned int length = 0;
    if (EVP_DigestFinal_ex(m_context->md, reinterpret_cast<unsigned char*>(digest.data()), &length) != 1)
        throw Error(ErrorCode::Internal, QStringLiteral("SHA-256 failed"));
    digest.truncate(int(length));
    return digest;
}

QByteArray Sha256::digest(QByteArrayView data)
{
    Sha256 hash;
    hash.add(data);
    return hash.result();
}

QString Sha256::hex(QByteArrayView data)
{
    return QString::fromLatin1(digest(data).toHex());
}

}  // namespace mb
