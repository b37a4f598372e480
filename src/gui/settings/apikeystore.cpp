#include "gui/settings/apikeystore.h"

#include "gui/common/guilogging.h"

#include <QCoreApplication>
#include <QDeadlineTimer>

#include <qt6keychain/keychain.h>

namespace Revox {

namespace {

const QString KeyName = QStringLiteral("api-key");

// Keychain jobs still running, whoever asked for them. Debian 12's QtKeychain (0.13) cannot
// cancel a libsecret lookup: a job deleted before libsecret calls back is used after it is freed
// (upstream issue #261). So a job never has a parent that can die first: it has none, deletes
// itself once finished, and reaches its store through the connection's context object, which
// Qt drops when the store is destroyed.
int &runningJobs()
{
    static int count = 0;
    return count;
}

void startUnowned(QKeychain::Job *job)
{
    job->setKey(KeyName);
    job->setInsecureFallback(false);
    job->setAutoDelete(true);
    ++runningJobs();
    QObject::connect(job, &QKeychain::Job::finished, [] { --runningJobs(); });
    job->start();
}

// In plain words for the settings dialog; the library's own message only goes to the log,
// since it names internals ("Failed to execute child process 'dbus-launch'").
QString plainReason(QKeychain::Error error)
{
    switch (error) {
    case QKeychain::AccessDeniedByUser:
    case QKeychain::AccessDenied:
        return ApiKeyStore::tr("the system keychain is locked or refused access");
    case QKeychain::NoBackendAvailable:
    case QKeychain::NotImplemented:
        return ApiKeyStore::tr("this desktop has no system keychain");
    default:
        return ApiKeyStore::tr("no system keychain answered (such as GNOME Keyring or KWallet, "
                               "which need a desktop session)");
    }
}

} // namespace

bool ApiKeyStore::waitForRunningJobs(int timeoutMs)
{
    QDeadlineTimer deadline(timeoutMs);
    while (runningJobs() > 0 && !deadline.hasExpired())
        QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents, 50);
    return runningJobs() == 0;
}

ApiKeyStore::ApiKeyStore(const QString &service, QObject *parent)
    : QObject(parent)
    , m_service(service)
{}

void ApiKeyStore::load()
{
    m_environmentKey = qEnvironmentVariable("REVOX_API_KEY").trimmed();
    m_readingStoredKey = true;
    auto *job = new QKeychain::ReadPasswordJob(m_service);
    startJob(job, "keychain unavailable:", [this, job](bool) {
        m_readingStoredKey = false;
        if (job->error() == QKeychain::NoError && m_storedSource == Source::None) {
            m_key = job->textData();
            m_storedSource = m_key.isEmpty() ? Source::None : Source::Keychain;
        }
    });
}

void ApiKeyStore::setKey(const QString &key)
{
    m_key = key.trimmed();
    m_storedSource = m_key.isEmpty() ? Source::None : Source::Session;
    QKeychain::Job *job = nullptr;
    if (m_key.isEmpty()) {
        job = new QKeychain::DeletePasswordJob(m_service);
    } else {
        auto *write = new QKeychain::WritePasswordJob(m_service);
        write->setTextData(m_key);
        job = write;
    }
    startJob(job, "keychain write failed:", [this, written = m_key](bool answered) {
        if (answered && !written.isEmpty() && written == m_key)
            m_storedSource = Source::Keychain;
    });
}

void ApiKeyStore::startJob(QKeychain::Job *job,
                           const char *failureLog,
                           const std::function<void(bool answered)> &finished)
{
    ++m_pendingJobs;
    connect(job, &QKeychain::Job::finished, this, [this, job, failureLog, finished] {
        --m_pendingJobs;
        // No entry is an answer too: nothing stored yet, or nothing left to delete.
        const bool answered = job->error() == QKeychain::NoError
                              || job->error() == QKeychain::EntryNotFound;
        if (answered) {
            m_keychainProblem.clear();
        } else {
            m_keychainProblem = plainReason(job->error());
            qCDebug(lcGui) << failureLog << job->error() << job->errorString();
        }
        finished(answered);
        emit changed();
    });
    startUnowned(job);
    emit changed();
}

QString ApiKeyStore::key() const
{
    return m_environmentKey.isEmpty() ? m_key : m_environmentKey;
}

ApiKeyStore::Source ApiKeyStore::source() const
{
    return m_environmentKey.isEmpty() ? m_storedSource : Source::Environment;
}

QString ApiKeyStore::description() const
{
    if (isBusy())
        return tr("Asking the system keychain…");
    switch (source()) {
    case Source::Environment:
        return tr(
            "Using the key from the environment (REVOX_API_KEY). It is not stored by this app.");
    case Source::Keychain:
        return tr("The key is stored in the system keychain.");
    case Source::Session:
        return tr("The key is kept only for this session, because %1. It is forgotten when the "
                  "app quits; set REVOX_API_KEY to avoid typing it again.")
            .arg(m_keychainProblem.isEmpty() ? plainReason(QKeychain::OtherError)
                                             : m_keychainProblem);
    case Source::None:
        break;
    }
    if (!isKeychainAvailable())
        return tr("No key set. A key entered here is kept only for this session, because %1. "
                  "You can also set REVOX_API_KEY.")
            .arg(m_keychainProblem);
    return tr("No key set. A key entered here is stored in the system keychain. You can also set "
              "REVOX_API_KEY.");
}

} // namespace Revox
