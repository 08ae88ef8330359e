#pragma once

#include "UserInfo.h"

#include <QVector>

namespace mb {

class Workspace;

// Users of the local API in the registry's `users` table. Passwords are stored only as
// argon2id strings; every change is one transaction written to the audit log with `actor`
// (never with a password). Holds a reference to the workspace; thread-safe as Workspace is.
// add() and verifyPassword() take a few tenths of a second on purpose (password hashing):
// keep them off threads that must stay responsive.
class UserStore {
public:
    static constexpr int kMinPasswordLength = 8;
    static constexpr int kMaxPasswordLength = 1024;

    explicit UserStore(const Workspace& workspace) : m_workspace(workspace) {}

    // Throws InvalidArgument for a bad name or password (naming which), AlreadyExists when
    // the name is taken (names are compared without case).
    UserInfo add(const QString& name, const QString& password, UserRole role, const QString& actor) const;
    // By name; NotFound.
    UserInfo get(const QString& name) const;
    // Oldest first.
    QVector<UserInfo> list() const;
    bool hasAdmin() const;
    // Removes the user and revokes every token it still has; returns how many were
    // revoked. NotFound.
    int remove(const QString& name, const QString& actor) const;
    // The user when `password` is theirs; otherwise Unauthorized, with one message and about
    // the same delay whether the name is unknown or the password wrong.
    UserInfo verifyPassword(const QString& name, const QString& password) const;

    // Letters, digits, '.', '_' and '-', starting with a letter or digit, at most 64
    // characters; throws InvalidArgument naming the rule.
    static void checkName(const QString& name);
    static void checkPassword(const QString& password);

private:
    QVector<UserInfo> query(const QString& where, const QVariantList& values) const;

    const Workspace& m_workspace;
};

}  // namespace mb
