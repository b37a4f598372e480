#pragma once

// Shared by the find tests: waiting for a search's answer and reading what it highlighted.
#include "gui/transcript/transcriptmodel.h"

#include <QAbstractItemModel>
#include <QCoreApplication>
#include <QSet>
#include <QThreadPool>

namespace Revox::FindTest {

// Lets a cancelled worker end and whatever it posted be delivered: a late answer would land now.
inline void drainWorkers()
{
    QThreadPool::globalInstance()->waitForDone();
    QCoreApplication::processEvents();
    QCoreApplication::sendPostedEvents();
}

// The rows whose highlights the model reports, found by asking each row as the delegate does.
inline QSet<int> highlightedRows(const QAbstractItemModel &model)
{
    QSet<int> rows;
    for (int row = 0; row < model.rowCount(); ++row) {
        if (!model.index(row, 0)
                 .data(TranscriptModel::MatchesRole)
                 .value<QList<TextMatch>>()
                 .isEmpty())
            rows.insert(row);
    }
    return rows;
}

} // namespace Revox::FindTest
