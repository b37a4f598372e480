#pragma once

// Reading what the real main window shows, for the end-to-end window tests.
#include "gui/transcript/transcriptmodel.h"
#include "gui/transcript/transcriptpanel.h"
#include "gui/window/mainwindow.h"

#include <QSortFilterProxyModel>
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
