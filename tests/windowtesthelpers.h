#pragma once

// Reading what the real main window shows, for the end-to-end window tests.
#include "gui/transcript/transcriptmodel.h"
#include "gui/transcript/transcriptpanel.h"
#include "gui/window/mainwindow.h"

#include <QApplication>
#include <QCoreApplication>
#include <QDir>
#include <QPalette>
#include <QSettings>
#include <QSortFilterProxyModel>
#include <QStandardPaths>
#include <QStringList>
#include <QTest>
#include <QWidget>

namespace Revox::WindowTest {

template<typename T>
T *child(const QWidget &window, const char *name)
{
    T *widget = window.findChild<T *>(QLatin1String(name));
    if (!widget)
        qFatal("no child %s", name);
    return widget;
}

// Test mode (a keychain service and folders of the tests' own) and the settings in `folder`, so
// that a window test never reads or changes a user's settings, key or library.
inline void useOwnSettings(const QString &folder)
{
    QStandardPaths::setTestModeEnabled(true);
    QSettings::setDefaultFormat(QSettings::IniFormat);
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, folder);
}

// A flow's picture for people to look at: <build>/artifacts/<name>.png.
inline bool saveScreenshot(QWidget &window, const QString &name)
{
    // What a user sees: the layouts settled (a resize or a new call lays out over a few passes).
    QTest::qWait(50);
    const QString dir = QDir(QCoreApplication::applicationDirPath())
                            .filePath(QStringLiteral("../artifacts"));
    return QDir().mkpath(dir)
           && window.grab().save(QDir(dir).filePath(name + QStringLiteral(".png")));
}

// The window sizes and palettes every flow is pictured at: "1024x700-light", …
struct Look
{
    QSize size;
    bool dark = false;
    QString tag() const
    {
        return QStringLiteral("%1x%2-%3")
            .arg(size.width())
            .arg(size.height())
            .arg(dark ? QStringLiteral("dark") : QStringLiteral("light"));
    }
};
inline QList<Look> looks()
{
    return {{QSize(1024, 700), false},
            {QSize(1024, 700), true},
            {QSize(1920, 1080), false},
            {QSize(1920, 1080), true}};
}

// "tool name|content" for each turn the transcript currently lists.
inline QStringList transcriptTexts(const MainWindow &window)
{
    QStringList texts;
    auto *panel = child<TranscriptPanel>(window, "transcriptPanel");
    for (int row = 0; row < panel->proxy()->rowCount(); ++row) {
        const QModelIndex index = panel->proxy()->index(row, 0);
        texts.append(index.data(TranscriptModel::ToolNameRole).toString() + QLatin1Char('|')
                     + index.data(TranscriptModel::ContentRole).toString());
    }
    return texts;
}

} // namespace Revox::WindowTest

Q_DECLARE_METATYPE(Revox::WindowTest::Look)
