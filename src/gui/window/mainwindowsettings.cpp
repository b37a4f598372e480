// The window's part in where the API key and base URL come from: applying them to the client,
// the Settings dialog, the empty page's advice, and failures that the Settings can fix.
#include "gui/common/messagebar.h"
#include "gui/common/theme.h"
#include "gui/settings/apikeystore.h"
#include "gui/settings/settingsdialog.h"
#include "gui/window/mainwindow.h"

#include "core/api/apiclient.h"
#include "core/api/apisettings.h"
#include "ui_mainwindow.h"

#include <QSettings>

#include <utility>

namespace Revox {

void MainWindow::applyApiSettings()
{
    if (!m_session->usesOwnClient())
        return;
    QSettings settings;
    ApiSettings defaults;
    const QUrl stored(settings.value(QStringLiteral("api/baseUrl")).toString());
    if (stored.isValid() && !stored.isEmpty())
        defaults.baseUrl = stored;
    defaults.timeoutMs
        = settings.value(QStringLiteral("api/timeoutSeconds"), defaults.timeoutMs / 1000).toInt()
          * 1000;
    defaults.apiKey = m_keys->key();
    m_session->apiClient()->setSettings(ApiSettings::fromEnvironment(defaults));
}

void MainWindow::showFailure(const QString &message, bool offerRetry)
{
    QString text = message;
    if (m_session->call())
        text += QLatin1Char(' ') + tr("Still showing %1.").arg(m_session->callId());
    // fetchEnded() comes just before the failure it explains; a file's failure has none.
    const FetchResult::Status cause = std::exchange(m_lastFetchEnd, FetchResult::Status::Ok);
    const bool settingsCanFix = cause == FetchResult::Status::MissingApiKey
                                || cause == FetchResult::Status::Unauthorized
                                || cause == FetchResult::Status::Forbidden
                                || cause == FetchResult::Status::InsecureBaseUrl;
    m_ui->messageBar->showMessage(text,
                                  Theme::Tone::Bad,
                                  offerRetry,
                                  settingsCanFix ? tr("Open Settings…") : QString());
}

void MainWindow::updateEmptyText()
{
    QString key;
    switch (m_keys->source()) {
    case ApiKeyStore::Source::None:
        key = tr("Add your API key in Settings (Ctrl+,) or set REVOX_API_KEY.");
        break;
    case ApiKeyStore::Source::Environment:
        key = tr("Your API key comes from REVOX_API_KEY.");
        break;
    case ApiKeyStore::Source::Keychain:
    case ApiKeyStore::Source::Session:
        key = tr("Your API key is set (Settings, Ctrl+,).");
        break;
    }
    m_ui->emptyText->setText(
        tr("Paste a call ID or a link from the Revox dashboard into the field above and press "
           "Enter to see whether the call reached a person, what the agent said, which tools it "
           "called and what it extracted.")
        + QStringLiteral("\n\n") + key + QLatin1Char(' ')
        + tr("You can also open a saved API response (Ctrl+O) or drop it on this window."));
}

bool MainWindow::showSettings()
{
    QSettings settings;
    const ApiSettings current = m_session->apiClient()->settings();
    SettingsDialog dialog(m_keys, current.baseUrl, current.timeoutMs / 1000, this);
    if (dialog.exec() != QDialog::Accepted)
        return false;
    settings.setValue(QStringLiteral("api/baseUrl"), dialog.baseUrl().toString());
    settings.setValue(QStringLiteral("api/timeoutSeconds"), dialog.timeoutSeconds());
    applyApiSettings();
    return true;
}

} // namespace Revox
