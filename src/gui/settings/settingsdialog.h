#pragma once

#include <QDialog>
#include <QUrl>

class QCheckBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QSpinBox;

namespace Revox {

class ApiKeyStore;

// API key, base URL and timeout. The key goes to ApiKeyStore (keychain or session, never a
// settings file); the dialog says plainly where it ends up.
class SettingsDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SettingsDialog)

public:
    SettingsDialog(ApiKeyStore *keys,
                   const QUrl &baseUrl,
                   int timeoutSeconds,
                   QWidget *parent = nullptr);

    QUrl baseUrl() const;
    int timeoutSeconds() const;

    // For tests, which fill the fields in and read what the dialog says.
    QLineEdit *keyField() const { return m_key; }
    QLineEdit *baseUrlField() const { return m_baseUrl; }
    QSpinBox *timeoutField() const { return m_timeout; }
    QString keyLocationText() const;
    QString baseUrlProblem() const;

    void accept() override;

private:
    void updateKeyLocation();
    void validate();
    void growToFit();

    ApiKeyStore *m_keys;
    QLineEdit *m_key;
    QCheckBox *m_showKey;
    QLabel *m_keyLocation;
    QLineEdit *m_baseUrl;
    QLabel *m_baseUrlProblem;
    QSpinBox *m_timeout;
    QDialogButtonBox *m_buttons;
    QString m_initialKey;
};

} // namespace Revox
