#pragma once

#include <QObject>

class QSystemTrayIcon;

namespace Revox {

// Tells the user something finished while they may be looking elsewhere: a system tray message
// where the desktop has a tray, otherwise inAppMessage() for the window to show.
class CompletionNotifier final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CompletionNotifier)

public:
    explicit CompletionNotifier(QObject *parent = nullptr);
    ~CompletionNotifier() override;

    static bool systemTrayAvailable();
    void notify(const QString &title, const QString &message);

signals:
    void inAppMessage(const QString &title, const QString &message);

private:
    QSystemTrayIcon *m_tray = nullptr;
};

} // namespace Revox
