#include "Error.h"
#include "Sql.h"
#include "TokenStore.h"
#include "UserStore.h"
#include "Workspace.h"

#include <QTemporaryDir>
#include <QtTest>

using namespace mb;

// Users on a real registry in a temporary folder: names, password rules, argon2id storage,
// verification, removal (which revokes tokens) and the audit log.
class TestUserStore : public QObject {
    Q_OBJECT

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    std::shared_ptr<Workspace> m_workspace;

    int count(const QString& table) const
    {
        return sql::scalar(m_workspace->database(), QStringLiteral("SELECT COUNT(*) FROM %1").arg(table)).toInt();
    }

    static ErrorCode codeOf(const std::function<void()>& action)
    {
        try {
            action();
        } catch (const Error& error) {
            return error.code();
        }
        return ErrorCode::Internal;  // "did not throw": no test expects Internal
    }

private Q_SLOTS:
    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        m_workspace = Workspace::open(m_dir->filePath(QStringLiteral("ws")));
    }

    void cleanup()
    {
        m_workspace.reset();
        m_dir.reset();
    }

    void addsAndListsUsers()
    {
        const UserStore users(*m_workspace);
        QVERIFY(!users.hasAdmin());
        const UserInfo alice = users.add(QStringLiteral("alice"), QStringLiteral("correct horse"), UserRole::Admin, QStringLiteral("test"));
        users.add(QStringLiteral("bob.smith"), QStringLiteral("battery staple"), UserRole::User, QStringLiteral("test"));
        QCOMPARE(alice.name, QStringLiteral("alice"));
        QCOMPARE(toString(alice.role), QStringLiteral("admin"));
        QVERIFY(!alice.createdAt.isEmpty());
        QVERIFY(users.hasAdmin());

        const QVector<UserInfo> all = users.list();
        QCOMPARE(all.size(), 2);
        QCOMPARE(all.at(0).name, QStringLiteral("alice"));
        QCOMPARE(all.at(1).name, QStringLiteral("bob.smith"));
        QCOMPARE(toString(all.at(1).role), QStringLiteral("user"));
        QCOMPARE(users.get(QStringLiteral("BOB.SMITH")).id, all.at(1).id);  // names ignore case
    }

    void storesAnArgon2idHashOnly()
    {
        UserStore(*m_workspace).add(QStringLiteral("alice"), QStringLiteral("correct horse"), UserRole::User, QStringLiteral("test"));
        const QString hash = sql::scalar(m_workspace->database(), QStringLiteral("SELECT password_hash FROM users WHERE name = 'alice'")).toString();
        QVERIFY2(hash.startsWith(QLatin1String("$argon2id$")), qPrintable(hash));
        QVERIFY(!hash.contains(QLatin1String("correct horse")));
        // Salted: the same password gives another string.
        UserStore(*m_workspace).add(QStringLiteral("carol"), QStringLiteral("correct horse"), UserRole::User, QStringLiteral("test"));
        QVERIFY(sql::scalar(m_workspace->database(), QStringLiteral("SELECT password_hash FROM users WHERE name = 'carol'")).toString() != hash);
    }

    void refusesBadNames_data()
    {
        QTest::addColumn<QString>("name");
        QTest::newRow("empty") << QString();
        QTest::newRow("space") << QStringLiteral("a b");
        QTest::newRow("leading dash") << QStringLiteral("-alice");
        QTest::newRow("slash") << QStringLiteral("a/b");
        QTest::newRow("non-ascii") << QStringLiteral("j\u00fcrgen");
        QTest::newRow("65 characters") << QString(65, QLatin1Char('a'));
    }

    void refusesBadNames()
    {
        QFETCH(QString, name);
        try {
            UserStore(*m_workspace).add(name, QStringLiteral("long enough"), UserRole::User, QStringLiteral("test"));
            QFAIL("a bad name was accepted");
        } catch (const Error& error) {
            QCOMPARE(error.code(), ErrorCode::InvalidArgument);
            QVERIFY2(error.message().contains(QLatin1String("user name")), qPrintable(error.message()));
        }
        QCOMPARE(count(QStringLiteral("users")), 0);
        QCOMPARE(count(QStringLiteral("audit_log")), 0);
    }

    void refusesShortPasswords_data()
    {
        QTest::addColumn<QString>("password");
        QTest::newRow("empty") << QString();
        QTest::newRow("seven") << QStringLiteral("1234567");
    }

    void refusesShortPasswords()
    {
        QFETCH(QString, password);
        try {
            UserStore(*m_workspace).add(QStringLiteral("alice"), password, UserRole::User, QStringLiteral("test"));
            QFAIL("a short password was accepted");
        } catch (const Error& error) {
            QCOMPARE(error.code(), ErrorCode::InvalidArgument);
            QVERIFY2(error.message().startsWith(QLatin1String("password:")), qPrintable(error.message()));
        }
        QCOMPARE(count(QStringLiteral("users")), 0);
    }

    void acceptsEightCharacters()
    {
        const UserInfo user = UserStore(*m_workspace).add(QStringLiteral("alice"), QStringLiteral("12345678"), UserRole::User, QStringLiteral("test"));
        QCOMPARE(UserStore(*m_workspace).verifyPassword(QStringLiteral("alice"), QStringLiteral("12345678")).id, user.id);
    }

    void refusesATakenNameWhateverItsCase()
    {
        const UserStore users(*m_workspace);
        users.add(QStringLiteral("alice"), QStringLiteral("correct horse"), UserRole::User, QStringLiteral("test"));
        QCOMPARE(codeOf([&] { users.add(QStringLiteral("Alice"), QStringLiteral("other password"), UserRole::Admin, QStringLiteral("test")); }),
                 ErrorCode::AlreadyExists);
        QCOMPARE(count(QStringLiteral("users")), 1);
        QCOMPARE(toString(users.get(QStringLiteral("alice")).role), QStringLiteral("user"));
    }

    void verifiesPasswords()
    {
        const UserStore users(*m_workspace);
        const UserInfo alice = users.add(QStringLiteral("alice"), QStringLiteral("correct horse"), UserRole::Admin, QStringLiteral("test"));
        QCOMPARE(users.verifyPassword(QStringLiteral("alice"), QStringLiteral("correct horse")).id, alice.id);

        QString wrongPassword;
        QString unknownUser;
        try {
            users.verifyPassword(QStringLiteral("alice"), QStringLiteral("correct horsE"));
            QFAIL("a wrong password was accepted");
        } catch (const Error& error) {
            QCOMPARE(error.code(), ErrorCode::Unauthorized);
            wrongPassword = error.message();
        }
        try {
            users.verifyPassword(QStringLiteral("mallory"), QStringLiteral("correct horse"));
            QFAIL("an unknown user was accepted");
        } catch (const Error& error) {
            QCOMPARE(error.code(), ErrorCode::Unauthorized);
            unknownUser = error.message();
        }
        QCOMPARE(unknownUser, wrongPassword);  // nothing tells which names exist
    }

    void removeRevokesTheUsersTokens()
    {
        const UserStore users(*m_workspace);
        const TokenStore tokens(*m_workspace);
        users.add(QStringLiteral("alice"), QStringLiteral("correct horse"), UserRole::Admin, QStringLiteral("test"));
        users.add(QStringLiteral("bob"), QStringLiteral("battery staple"), UserRole::User, QStringLiteral("test"));
        const CreatedToken first = tokens.create({QStringLiteral("alice"), QStringLiteral("one"), std::nullopt, std::nullopt}, QStringLiteral("test"));
        tokens.create({QStringLiteral("alice"), QStringLiteral("two"), std::nullopt, std::nullopt}, QStringLiteral("test"));
        const CreatedToken bobs = tokens.create({QStringLiteral("bob"), QString(), std::nullopt, std::nullopt}, QStringLiteral("test"));
        tokens.revoke(QString::number(first.info.id), QStringLiteral("test"));

        QCOMPARE(users.remove(QStringLiteral("alice"), QStringLiteral("test")), 1);  // the other was revoked already
        QCOMPARE(codeOf([&] { users.get(QStringLiteral("alice")); }), ErrorCode::NotFound);
        QCOMPARE(codeOf([&] { tokens.authenticate(first.secret); }), ErrorCode::Unauthorized);
        QCOMPARE(tokens.authenticate(bobs.secret).user, QStringLiteral("bob"));
        // Kept for the record, revoked and without an owner.
        int orphans = 0;
        for (const TokenInfo& token : tokens.list()) {
            if (token.user.isEmpty()) {
                ++orphans;
                QVERIFY(token.isRevoked());
            }
        }
        QCOMPARE(orphans, 2);
        QCOMPARE(codeOf([&] { users.remove(QStringLiteral("alice"), QStringLiteral("test")); }), ErrorCode::NotFound);
    }

    void auditsWithoutPasswords()
    {
        const UserStore users(*m_workspace);
        users.add(QStringLiteral("alice"), QStringLiteral("correct horse"), UserRole::Admin, QStringLiteral("tester"));
        users.remove(QStringLiteral("alice"), QStringLiteral("tester"));
        QSqlQuery rows = sql::exec(m_workspace->database(), QStringLiteral("SELECT actor, action, subject, detail FROM audit_log ORDER BY id"));
        QStringList actions;
        while (rows.next()) {
            QCOMPARE(rows.value(0).toString(), QStringLiteral("tester"));
            QCOMPARE(rows.value(2).toString(), QStringLiteral("user:alice"));
            QVERIFY(!rows.value(3).toString().contains(QLatin1String("horse")));
            actions << rows.value(1).toString();
        }
        QCOMPARE(actions, (QStringList{QStringLiteral("user.add"), QStringLiteral("user.remove")}));
    }
};

QTEST_GUILESS_MAIN(TestUserStore)
#include "TestUserStore.moc"
