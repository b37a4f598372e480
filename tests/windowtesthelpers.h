#pragma once

// Reading what the real main window shows, for the end-to-end window tests.
#include "gui/transcript/transcriptmodel.h"
#include "gui/transcript/transcriptpanel.h"
#include "gui/window/mainwindow.h"

#include <QSettings>
#include <QSortFilterProxyModel>
#include <QStandardPaths>
#include <QStringList>
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
