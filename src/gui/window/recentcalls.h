#pragma once

#include <QObject>
#include <QStringList>

class QMenu;

namespace Revox {

// The File > Open Recent menu. Only call IDs and file paths are remembered (in QSettings),
// never anything from a call's content.
class RecentCalls final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RecentCalls)

public:
    static constexpr int MaxEntries = 10;

    explicit RecentCalls(QMenu *menu, QObject *parent = nullptr);

    void addCall(const QString &id);
    void addFile(const QString &path);

signals:
    void callRequested(const QString &id);
    void fileRequested(const QString &path);

private:
    // "call:<id>" and "file:<absolute path>", most recent first.
    QStringList entries() const;
    void add(const QString &entry);
    void rebuild();

    QMenu *m_menu;
};

} // namespace Revox
