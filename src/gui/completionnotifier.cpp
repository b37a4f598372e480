#include "completionnotifier.h"

#include <QGuiApplication>
#include <QSystemTrayIcon>
#include <QTimer>

namespace Revox {

namespace {
constexpr int MessageMs = 10000;
}

CompletionNotifier::CompletionNotifier(QObject *parent)
    : QObject(parent)
{}

CompletionNotifier::~CompletionNotifier() = default;

bool CompletionNotifier::systemTrayAvailable()
{
    return QSystemTrayIcon::isSystemTrayAvailable();
}

void CompletionNotifier::notify(const QString &title, const QString &message)
{
    if (!systemTrayAvailable()) {
        emit inAppMessage(title, message);
        return;
    }
    if (!m_tray) {
        m_tray = new QSystemTrayIcon(QGuiApplication::windowIcon(), this);
        m_tray->setToolTip(QGuiApplication::applicationDisplayName());
    }
    m_tray->show();
    m_tray->showMessage(title, message, QSystemTrayIcon::Information, MessageMs);
    // The icon exists only to carry the message; a permanent tray icon would be clutter.
    QTimer::singleShot(MessageMs + 2000, m_tray, &QSystemTrayIcon::hide);
}

} // namespace Revox
