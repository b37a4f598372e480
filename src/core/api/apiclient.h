#pragma once

#include "core/api/apisettings.h"
#include "core/api/fetchjob.h"
#include "core/api/fetchresult.h"

#include <QObject>

class QNetworkAccessManager;

namespace Revox {

// Fetches `GET {base}/call/{id}` the way the official SDKs do (timeouts, retries, typed errors).
// Each fetchCall() hands out a FetchJob that reports a FetchResult; callers never see a
// QNetworkReply. Any number of jobs run at once (the window's fetch and a live watch share one
// client): deciding which answer is shown is the caller's business (CallSession's).
class ApiClient final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ApiClient)

public:
    explicit ApiClient(QObject *parent = nullptr);
    // Ends the jobs still running, without finished().
    ~ApiClient() override;

    // Applies to the next fetchCall(); a job keeps the settings it started with.
    void setSettings(const ApiSettings &settings);
    ApiSettings settings() const;

    // Starts fetching `reference` (an ID or a link) with the current settings. The job is the
    // client's; it reports once through FetchJob::finished(), never before this returns, then
    // deletes itself.
    FetchJob *fetchCall(const QString &reference);
    // Some job has not decided its outcome yet; for tests.
    bool isBusy() const;

private:
    QNetworkAccessManager *m_network;
    ApiSettings m_settings;
};

} // namespace Revox
