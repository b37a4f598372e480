#include "gui/window/recentcalls.h"

#include <QFileInfo>
#include <QMenu>
#include <QSettings>

namespace Revox {

namespace {
const QString SettingsKey = QStringLiteral("recent/items");
const QString CallPrefix = QStringLiteral("call:");
const QString FilePrefix = QStringLiteral("file:");
} // namespace

RecentCalls::RecentCalls(QMenu *menu, QObject *parent)
    : QObject(parent)
    , m_menu(menu)
{
    rebuild();
}

QStringList RecentCalls::entries() const
{
    return QSettings().value(SettingsKey).toStringList();
}

void RecentCalls::addCall(const QString &id)
{
    add(CallPrefix + id);
}

void RecentCalls::addFile(const QString &path)
{
    add(FilePrefix + QFileInfo(path).absoluteFilePath());
}

void RecentCalls::add(const QString &entry)
{
    QStringList items = entries();
    items.removeAll(entry);
    items.prepend(entry);
    while (items.size() > MaxEntries)
        items.removeLast();
    QSettings().setValue(SettingsKey, items);
    rebuild();
}

void RecentCalls::rebuild()
{
    m_menu->clear();
    const QStringList items = entries();
    for (const QString &entry : items) {
        QAction *action = nullptr;
        if (entry.startsWith(CallPrefix)) {
            const QString id = entry.mid(CallPrefix.size());
            action = m_menu->addAction(tr("Call %1").arg(id));
            connect(action, &QAction::triggered, this, [this, id] { emit callRequested(id); });
        } else if (entry.startsWith(FilePrefix)) {
            const QString path = entry.mid(FilePrefix.size());
            action = m_menu->addAction(tr("File %1").arg(QFileInfo(path).fileName()));
            action->setStatusTip(path);
            connect(action, &QAction::triggered, this, [this, path] { emit fileRequested(path); });
        }
    }
    if (!m_menu->isEmpty()) {
        m_menu->addSeparator();
        m_menu->addAction(tr("&Clear Recent"), this, [this] {
            QSettings().remove(SettingsKey);
            rebuild();
        });
    }
    m_menu->setEnabled(!m_menu->isEmpty());
}

} // namespace Revox
