#include "gui/settings/settingsdialog.h"

#include "core/api/apisettings.h"
#include "gui/common/theme.h"
#include "gui/settings/apikeystore.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

namespace Revox {

SettingsDialog::SettingsDialog(ApiKeyStore *keys,
                               const QUrl &baseUrl,
                               int timeoutSeconds,
                               QWidget *parent)
    : QDialog(parent)
    , m_keys(keys)
    , m_key(new QLineEdit(this))
    , m_showKey(new QCheckBox(tr("S&how"), this))
    , m_keyLocation(new QLabel(this))
    , m_baseUrl(new QLineEdit(this))
    , m_baseUrlProblem(new QLabel(this))
    , m_timeout(new QSpinBox(this))
    , m_buttons(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel
                                         | QDialogButtonBox::RestoreDefaults,
                                     this))
{
    setWindowTitle(tr("Settings"));
    m_key->setEchoMode(QLineEdit::Password);
    m_key->setAccessibleName(tr("API key"));
    m_key->setPlaceholderText(tr("sk_…"));
    if (keys->source() == ApiKeyStore::Source::Environment) {
        m_key->setEnabled(false);
        m_key->setPlaceholderText(tr("from environment (REVOX_API_KEY)"));
        m_showKey->setEnabled(false);
    } else {
        m_initialKey = keys->key();
        m_key->setText(m_initialKey);
    }
    m_keyLocation->setTextFormat(Qt::PlainText);
    m_keyLocation->setWordWrap(true);
    m_keyLocation->setAccessibleName(tr("Where the key is kept"));
    m_baseUrl->setText(baseUrl.toString());
    m_baseUrl->setPlaceholderText(ApiSettings::defaultBaseUrl().toString());
    m_baseUrl->setAccessibleName(tr("API base URL"));
    m_baseUrlProblem->setTextFormat(Qt::PlainText);
    m_baseUrlProblem->setWordWrap(true);
    QPalette problemPalette = m_baseUrlProblem->palette();
    problemPalette.setColor(QPalette::WindowText, Theme::foreground(Theme::Tone::Bad, palette()));
    m_baseUrlProblem->setPalette(problemPalette);
    m_timeout->setRange(5, 600);
    m_timeout->setSuffix(tr(" s"));
    m_timeout->setValue(timeoutSeconds);
    m_timeout->setAccessibleName(tr("Timeout per try, in seconds"));

    auto *keyRow = new QHBoxLayout;
    keyRow->addWidget(m_key, 1);
    keyRow->addWidget(m_showKey);
    auto *form = new QFormLayout;
    form->addRow(tr("API &key:"), keyRow);
    form->addRow(QString(), m_keyLocation);
    form->addRow(tr("&Base URL:"), m_baseUrl);
    form->addRow(QString(), m_baseUrlProblem);
    const QString environmentUrl = qEnvironmentVariable("REVOX_BASE_URL");
    if (!environmentUrl.isEmpty()) {
        auto *note = new QLabel(tr("REVOX_BASE_URL is set (%1) and is used instead of this field.")
                                    .arg(environmentUrl),
                                this);
        note->setTextFormat(Qt::PlainText);
        note->setWordWrap(true);
        form->addRow(QString(), note);
    }
    form->addRow(tr("&Timeout per try:"), m_timeout);
    static_cast<QLabel *>(form->labelForField(keyRow))->setBuddy(m_key);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addStretch(1);
    layout->addWidget(m_buttons);
    setMinimumWidth(fontMetrics().averageCharWidth() * 70);

    connect(m_showKey, &QCheckBox::toggled, this, [this](bool on) {
        m_key->setEchoMode(on ? QLineEdit::Normal : QLineEdit::Password);
    });
    connect(m_buttons, &QDialogButtonBox::accepted, this, &SettingsDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &SettingsDialog::reject);
    connect(m_buttons->button(QDialogButtonBox::RestoreDefaults),
            &QPushButton::clicked,
            this,
            [this] {
                m_baseUrl->setText(ApiSettings::defaultBaseUrl().toString());
                m_timeout->setValue(ApiSettings().timeoutMs / 1000);
            });
    connect(m_baseUrl, &QLineEdit::textChanged, this, &SettingsDialog::validate);
    connect(keys, &ApiKeyStore::changed, this, &SettingsDialog::updateKeyLocation);
    updateKeyLocation();
    validate();
}

QUrl SettingsDialog::baseUrl() const
{
    const QString text = m_baseUrl->text().trimmed();
    return text.isEmpty() ? ApiSettings::defaultBaseUrl() : QUrl::fromUserInput(text);
}

int SettingsDialog::timeoutSeconds() const
{
    return m_timeout->value();
}

QString SettingsDialog::keyLocationText() const
{
    return m_keyLocation->text();
}

QString SettingsDialog::baseUrlProblem() const
{
    return m_baseUrlProblem->isHidden() ? QString() : m_baseUrlProblem->text();
}

void SettingsDialog::updateKeyLocation()
{
    m_keyLocation->setText(m_keys->description());
    growToFit();
}

void SettingsDialog::validate()
{
    ApiSettings settings;
    settings.baseUrl = baseUrl();
    settings.apiKey = QStringLiteral("unused-for-validation");
    const QString problem = settings.baseUrl.isValid() ? settings.validationError()
                                                       : tr("This is not a valid URL.");
    m_baseUrlProblem->setText(problem);
    m_baseUrlProblem->setVisible(!problem.isEmpty());
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(problem.isEmpty());
    growToFit();
}

void SettingsDialog::growToFit()
{
    // A warning that appears, or a longer sentence about the key, wraps onto more lines than the
    // dialog had room for: it grows (never shrinks under the user) rather than cut them off.
    if (!isVisible())
        return;
    layout()->activate();
    const int needed = layout()->totalHeightForWidth(width());
    if (needed > height())
        resize(width(), needed);
}

void SettingsDialog::accept()
{
    if (!baseUrlProblem().isEmpty())
        return;
    if (m_key->isEnabled() && m_key->text().trimmed() != m_initialKey)
        m_keys->setKey(m_key->text());
    QDialog::accept();
}

} // namespace Revox
