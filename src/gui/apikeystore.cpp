#include "apikeystore.h"

#include "guilogging.h"

#include <qt6keychain/keychain.h>

namespace Revox {

namespace {
const QString KeyName = QStringLiteral("api-key");
} // namespace

ApiKeyStore::ApiKeyStore(const QString &service, QObject *parent)
    : QObject(parent)
    , m_service(service)
{}

void ApiKeyStore::load()
{
    m_environmentKey = qEnvironmentVariable("REVOX_API_KEY").trimmed();
    auto *job = new QKeychain::ReadPasswordJob(m_service, this);
    job->setKey(KeyName);
    job->setInsecureFallback(false);
    job->setAutoDelete(true);
    ++m_pendingJobs;
    connect(job, &QKeychain::Job::finished, this, [this, job] {
        --m_pendingJobs;
        if (job->error() == QKeychain::NoError) {
            m_keychainError.clear();
            if (m_storedSource == Source::None) {
                m_key = job->textData();
                m_storedSource = m_key.isEmpty() ? Source::None : Source::Keychain;
            }
        } else if (job->error() == QKeychain::EntryNotFound) {
            m_keychainError.clear();
        } else {
            m_keychainError = job->errorString();
            qCDebug(lcGui) << "keychain unavailable:" << job->error() << job->errorString();
        }
        emit changed();
    });
    job->start();
    emit changed();
}

void ApiKeyStore::setKey(const QString &key)
{
    m_key = key.trimmed();
    m_storedSource = m_key.isEmpty() ? Source::None : Source::Session;
    QKeychain::Job *job = nullptr;
    if (m_key.isEmpty()) {
        auto *remove = new QKeychain::DeletePasswordJob(m_service, this);
        job = remove;
    } else {
        auto *write = new QKeychain::WritePasswordJob(m_service, this);
        write->setTextData(m_key);
        job = write;
    }
    job->setKey(KeyName);
    job->setInsecureFallback(false);
    job->setAutoDelete(true);
    ++m_pendingJobs;
    const QString written = m_key;
    connect(job, &QKeychain::Job::finished, this, [this, job, written] {
        --m_pendingJobs;
        const bool ok = job->error() == QKeychain::NoError
                        || job->error() == QKeychain::EntryNotFound;
        if (ok) {
            m_keychainError.clear();
            if (!written.isEmpty() && written == m_key)
                m_storedSource = Source::Keychain;
        } else {
            m_keychainError = job->errorString();
            qCDebug(lcGui) << "keychain write failed:" << job->error() << job->errorString();
        }
        emit changed();
    });
    job->start();
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
        return tr("The system keychain is not available (%1), so the key is kept only for this "
                  "session: "
                  "it is forgotten when the app quits. Set REVOX_API_KEY to avoid typing it again.")
            .arg(m_keychainError.isEmpty() ? tr("no answer") : m_keychainError);
    case Source::None:
        break;
    }
    if (!isKeychainAvailable())
        return tr("No key set. The system keychain is not available (%1): a key entered here is "
                  "kept only "
                  "for this session. You can also set REVOX_API_KEY.")
            .arg(m_keychainError);
    return tr("No key set. A key entered here is stored in the system keychain. You can also set "
              "REVOX_API_KEY.");
}

} // namespace Revox
