#include "Error.h"
#include "Sql.h"
#include "TokenStore.h"
#include "UserStore.h"
#include "Workspace.h"

#include <QCryptographicHash>
#include <QRegularExpression>
#include <QSqlRecord>
#include <QTemporaryDir>
#include <QtTest>

using namespace mb;

// API tokens on a real registry in a temporary folder: what is stored, authentication,
// expiry, revocation, roles and the audit log.
class TestTokenStore : public QObject {
    Q_OBJECT

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    std::shared_ptr<Workspace> m_workspace;

    CreatedToken create(const QString& user, std::optional<qint64> lifetime = std::nullopt, std::optional<UserRole> role = std::nullopt) const
    {
        return TokenStore(*m_workspace).create({user, QStringLiteral("label"), lifetime, role}, QStringLiteral("test"));
    }

    // The message of the Unauthorized error `secret` gets; fails the test on anything else.
    QString refusal(const QString& secret) const
    {
        try {
            TokenStore(*m_workspace).authenticate(secret);
        } catch (const Error& error) {
            return error.code() == ErrorCode::Unauthorized ? error.message() : QStringLiteral("wrong code: ") + error.message();
        }
        return QStringLiteral("accepted");
    }

    void setExpiry(qint64 id, const QString& expiresAt) const
    {
        sql::exec(m_workspace->database(), QStringLiteral("UPDATE api_tokens SET expires_at = ? WHERE id = ?"), {expiresAt, id});
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_dir = std::make_unique<QTemporaryDir>();
    }

    void init()
    {
        // A fresh registry per test; users are made once per registry (hashing is slow on purpose).
        static int serial = 0;
        m_workspace = Workspace::open(m_dir->filePath(QStringLiteral("ws%1").arg(++serial)));
        const UserStore users(*m_workspace);
        users.add(QStringLiteral("alice"), QStringLiteral("correct horse"), UserRole::Admin, QStringLiteral("test"));
        users.add(QStringLiteral("bob"), QStringLiteral("battery staple"), UserRole::User, QStringLiteral("test"));
    }

    void cleanup() { m_workspace.reset(); }

    void storesTheHashNotTheSecret()
    {
        const CreatedToken token = create(QStringLiteral("alice"));
        QVERIFY2(QRegularExpression(QStringLiteral("^mbt_[A-Za-z0-9_-]{43}$")).match(token.secret).hasMatch(), qPrintable(token.secret));
        QCOMPARE(token.info.prefix, token.secret.left(12));

        QSqlQuery row = sql::exec(m_workspace->database(), QStringLiteral("SELECT * FROM api_tokens WHERE id = ?"), {token.info.id});
        QVERIFY(row.next());
        const QString expectedHash = QString::fromLatin1(QCryptographicHash::hash(token.secret.toLatin1(), QCryptographicHash::Sha256).toHex());
        QCOMPARE(row.value(QStringLiteral("token_hash")).toString(), expectedHash);
        QCOMPARE(row.value(QStringLiteral("prefix")).toString(), token.secret.left(12));
        const QString secretPart = token.secret.mid(12);
        for (int i = 0; i < row.record().count(); ++i)
            QVERIFY2(!row.value(i).toString().contains(secretPart), qPrintable(row.record().fieldName(i)));
        // Two tokens never share a secret.
        QVERIFY(create(QStringLiteral("alice")).secret != token.secret);
    }

    void authenticatesAndRecordsTheUse()
    {
        const CreatedToken token = create(QStringLiteral("alice"), 3600);
        QVERIFY(token.info.lastUsedAt.isEmpty());
        const Principal principal = TokenStore(*m_workspace).authenticate(token.secret);
        QCOMPARE(principal.user, QStringLiteral("alice"));
        QCOMPARE(toString(principal.role), QStringLiteral("admin"));
        QCOMPARE(principal.tokenId, token.info.id);
        QVERIFY(!TokenStore(*m_workspace).get(QString::number(token.info.id)).lastUsedAt.isEmpty());
    }

    void refusesUnknownAndMalformedSecrets_data()
    {
        QTest::addColumn<QString>("secret");
        QTest::newRow("empty") << QString();
        QTest::newRow("no mark") << QString(47, QLatin1Char('a'));
        QTest::newRow("too short") << QStringLiteral("mbt_abc");
        QTest::newRow("bad characters") << QStringLiteral("mbt_") + QString(42, QLatin1Char('a')) + QLatin1Char('!');
        QTest::newRow("well formed, unknown") << QStringLiteral("mbt_") + QString(43, QLatin1Char('a'));
    }

    void refusesUnknownAndMalformedSecrets()
    {
        QFETCH(QString, secret);
        create(QStringLiteral("alice"));
        QCOMPARE(refusal(secret), QStringLiteral("the token is not valid"));
    }

    void refusesASecretThatSharesOnlyThePrefix()
    {
        const CreatedToken token = create(QStringLiteral("alice"));
        QString forged = token.secret;
        forged[forged.size() - 1] = forged.at(forged.size() - 1) == QLatin1Char('A') ? QLatin1Char('B') : QLatin1Char('A');
        QCOMPARE(refusal(forged), QStringLiteral("the token is not valid"));
    }

    void refusesAnExpiredToken()
    {
        const CreatedToken token = create(QStringLiteral("alice"), 3600);
        QCOMPARE(TokenStore(*m_workspace).authenticate(token.secret).tokenId, token.info.id);
        setExpiry(token.info.id, QStringLiteral("2000-01-01T00:00:00.000Z"));
        QCOMPARE(refusal(token.secret), QStringLiteral("the token has expired"));
        QCOMPARE(TokenStore(*m_workspace).get(token.info.prefix).state(), QStringLiteral("expired"));
    }

    void setsExpiryFromTheLifetime()
    {
        const QDateTime before = QDateTime::currentDateTimeUtc();
        const CreatedToken token = create(QStringLiteral("alice"), 7200);
        const QDateTime expiry = QDateTime::fromString(token.info.expiresAt, Qt::ISODateWithMs);
        QVERIFY(expiry.isValid());
        QVERIFY(expiry >= before.addSecs(7200).addMSecs(-1));
        QVERIFY(expiry <= QDateTime::currentDateTimeUtc().addSecs(7200));
        QVERIFY(create(QStringLiteral("alice")).info.expiresAt.isEmpty());  // no lifetime: never
    }

    void revokesByIdOrPrefix()
    {
        const TokenStore tokens(*m_workspace);
        const CreatedToken first = create(QStringLiteral("alice"));
        const CreatedToken second = create(QStringLiteral("bob"));

        const TokenInfo revoked = tokens.revoke(first.info.prefix, QStringLiteral("test"));
        QCOMPARE(revoked.id, first.info.id);
        QVERIFY(revoked.isRevoked());
        QCOMPARE(refusal(first.secret), QStringLiteral("the token was revoked"));
        QCOMPARE(tokens.authenticate(second.secret).user, QStringLiteral("bob"));

        tokens.revoke(QString::number(second.info.id), QStringLiteral("test"));
        QCOMPARE(refusal(second.secret), QStringLiteral("the token was revoked"));

        try {
            tokens.revoke(first.info.prefix, QStringLiteral("test"));
            QFAIL("revoked twice");
        } catch (const Error& error) {
            QCOMPARE(error.code(), ErrorCode::Conflict);
        }
        try {
            tokens.revoke(QStringLiteral("mbt_zzzzzzzz"), QStringLiteral("test"));
            QFAIL("revoked an unknown token");
        } catch (const Error& error) {
            QCOMPARE(error.code(), ErrorCode::NotFound);
        }
    }

    void listsNewestFirstWithStates()
    {
        const CreatedToken active = create(QStringLiteral("alice"), 3600);
        const CreatedToken expired = create(QStringLiteral("alice"), 3600);
        const CreatedToken revoked = create(QStringLiteral("bob"));
        setExpiry(expired.info.id, QStringLiteral("2001-01-01T00:00:00.000Z"));
        TokenStore(*m_workspace).revoke(QString::number(revoked.info.id), QStringLiteral("test"));

        const QVector<TokenInfo> list = TokenStore(*m_workspace).list();
        QCOMPARE(list.size(), 3);
        QCOMPARE(list.at(0).id, revoked.info.id);
        QCOMPARE(list.at(0).state(), QStringLiteral("revoked"));
        QCOMPARE(list.at(0).user, QStringLiteral("bob"));
        QCOMPARE(list.at(1).state(), QStringLiteral("expired"));
        QCOMPARE(list.at(2).state(), QStringLiteral("active"));
        QCOMPARE(list.at(2).name, QStringLiteral("label"));
    }

    void capsTheRoleAtTheOwners()
    {
        try {
            create(QStringLiteral("bob"), std::nullopt, UserRole::Admin);
            QFAIL("a user-role owner got an admin token");
        } catch (const Error& error) {
            QCOMPARE(error.code(), ErrorCode::Forbidden);
        }
        const CreatedToken narrowed = create(QStringLiteral("alice"), std::nullopt, UserRole::User);
        QCOMPARE(toString(narrowed.info.role), QStringLiteral("user"));
        QCOMPARE(toString(TokenStore(*m_workspace).authenticate(narrowed.secret).role), QStringLiteral("user"));
        QCOMPARE(toString(TokenStore(*m_workspace).authenticate(create(QStringLiteral("bob")).secret).role), QStringLiteral("user"));
    }

    void refusesBadRequests_data()
    {
        QTest::addColumn<QString>("user");
        QTest::addColumn<qint64>("lifetime");
        QTest::addColumn<int>("code");
        QTest::newRow("unknown user") << QStringLiteral("mallory") << qint64(60) << int(ErrorCode::NotFound);
        QTest::newRow("zero lifetime") << QStringLiteral("alice") << qint64(0) << int(ErrorCode::InvalidArgument);
        QTest::newRow("negative lifetime") << QStringLiteral("alice") << qint64(-5) << int(ErrorCode::InvalidArgument);
    }

    void refusesBadRequests()
    {
        QFETCH(QString, user);
        QFETCH(qint64, lifetime);
        QFETCH(int, code);
        try {
            create(user, lifetime);
            QFAIL("a bad request made a token");
        } catch (const Error& error) {
            QCOMPARE(int(error.code()), code);
        }
        QCOMPARE(sql::scalar(m_workspace->database(), QStringLiteral("SELECT COUNT(*) FROM api_tokens")).toInt(), 0);
    }

    void auditsWithoutSecrets()
    {
        const CreatedToken token = create(QStringLiteral("alice"));
        TokenStore(*m_workspace).revoke(token.info.prefix, QStringLiteral("test"));
        QSqlQuery rows = sql::exec(m_workspace->database(),
                                   QStringLiteral("SELECT action, subject, detail FROM audit_log WHERE action LIKE 'token.%' ORDER BY id"));
        QStringList actions;
        while (rows.next()) {
            actions << rows.value(0).toString();
            QCOMPARE(rows.value(1).toString(), QStringLiteral("token:%1").arg(token.info.id));
            QVERIFY(!rows.value(2).toString().contains(token.secret.mid(12)));
        }
        QCOMPARE(actions, (QStringList{QStringLiteral("token.create"), QStringLiteral("token.revoke")}));
    }
};

QTEST_GUILESS_MAIN(TestTokenStore)
#include "TestTokenStore.moc"
