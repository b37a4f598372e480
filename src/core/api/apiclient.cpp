#include "core/api/apiclient.h"

#include "core/common/networkpolicy.h"

#include <QNetworkAccessManager>

#include <algorithm>

namespace Revox {

ApiClient::ApiClient(QObject *parent)
    : QObject(parent)
    , m_network(new QNetworkAccessManager(this))
{
    qRegisterMetaType<Revox::FetchResult>();
    // Redirects are followed by hand, so the key can never ride along to another origin.
    NetworkPolicy::configure(*m_network);
}

ApiClient::~ApiClient()
{
    // Before the manager and the replies it owns.
    qDeleteAll(findChildren<FetchJob *>(Qt::FindDirectChildrenOnly));
}

void ApiClient::setSettings(const ApiSettings &settings)
{
    m_settings = settings;
}

ApiSettings ApiClient::settings() const
{
    return m_settings;
}

FetchJob *ApiClient::fetchCall(const QString &reference)
{
    auto *job = new FetchJob(m_network, m_settings, this);
    job->start(reference);
    return job;
}

bool ApiClient::isBusy() const
{
    const QList<FetchJob *> jobs = findChildren<FetchJob *>(Qt::FindDirectChildrenOnly);
    return std::any_of(jobs.cbegin(), jobs.cend(), [](const FetchJob *job) {
        return !job->isFinished();
    });
}

} // namespace Revox
