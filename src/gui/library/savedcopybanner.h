#pragma once

#include <QDateTime>
#include <QWidget>

class QLabel;
class QPushButton;

namespace Revox {

// "Saved copy from 2025-11-20 10:42 — Refresh": shown above a call opened from the library.
class SavedCopyBanner final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SavedCopyBanner)

public:
    explicit SavedCopyBanner(QWidget *parent = nullptr);

    void showSavedCopy(const QDateTime &fetchedAt, bool canRefresh = true);
    // For tests, which read the banner and click Refresh.
    QString text() const;
    QPushButton *refreshButton() const { return m_refresh; }

signals:
    void refreshRequested();

private:
    QLabel *m_label = nullptr;
    QPushButton *m_refresh = nullptr;
};

} // namespace Revox
