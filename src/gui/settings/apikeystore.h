#pragma once

#include <QObject>
#include <QString>

#include <functional>

namespace QKeychain {
class Job;
}

namespace Revox {

// Where the API key lives. REVOX_API_KEY wins (as in the official SDKs); otherwise the system
// keychain through QtKeychain; when no keychain answers, memory for this session only. The key is
// never written to QSettings or any other plain-text file.
class ApiKeyStore final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ApiKeyStore)

public:
    enum class Source { None, Environment, Keychain, Session };
    Q_ENUM(Source)

    explicit ApiKeyStore(const QString &service, QObject *parent = nullptr);

    // Reads the environment, then asks the keychain (asynchronously; changed() when it answers).
    void load();
    // Saves to the keychain when it works, else keeps the key for this session; "" forgets it.
    void setKey(const QString &key);

    QString key() const;
    Source source() const;
    // A keychain job of this store is running; public for tests, which wait for it.
    bool isBusy() const { return m_pendingJobs > 0; }
    // True from load() until the keychain has answered (or failed) the first read, unless the
    // environment gives the key: a fetch started meanwhile would go out without the stored key.
    bool isReadingStoredKey() const
    {
        return m_readingStoredKey && m_environmentKey.isEmpty() && m_key.isEmpty();
    }
    // No keychain job has failed; public for tests (description() says why in plain words).
    bool isKeychainAvailable() const { return m_keychainProblem.isEmpty(); }
    // One sentence for the settings dialog: where the key in use comes from and where it is kept.
    QString description() const;

    // Keychain jobs of every store outlive the store (see apikeystore.cpp). Runs the event loop
    // until they have all finished or the time is up, so quitting right after saving a key
    // loses no key; false when some are still running.
    static bool waitForRunningJobs(int timeoutMs);

signals:
    void changed();

private:
    // Starts `job` as one of this store's: counted in isBusy(), its failure kept in plain words
    // (and logged after `failureLog`), then `finished` and changed(). `answered` is false when
    // the keychain failed.
    void startJob(QKeychain::Job *job,
                  const char *failureLog,
                  const std::function<void(bool answered)> &finished);

    QString m_service;
    QString m_environmentKey;
    QString m_key;
    Source m_storedSource = Source::None;
    QString m_keychainProblem; // why the keychain cannot be used, in plain words
    int m_pendingJobs = 0;
    bool m_readingStoredKey = false;
};

} // namespace Revox
