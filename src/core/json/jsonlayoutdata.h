#pragma once

// Internal to JsonLayout: what jsonlayout.cpp reads and jsonlayoutbuilder.cpp writes.

#include "core/json/jsonlayout.h"

#include <memory>
#include <vector>

namespace Revox {

struct JsonLayout::Data
{
    // Lines are kept in fixed blocks: a growing array would copy itself as it grows and, for a
    // moment, hold its old and new storage at once, two and a half times the final size.
    static constexpr int BlockBits = 14;
    static constexpr qsizetype BlockSize = qsizetype(1) << BlockBits;

    QByteArray body;
    std::vector<std::unique_ptr<Line[]>> blocks;
    qsizetype lineCount = 0;
    std::vector<Container> containers;
    qsizetype maxLineBytes = 0;
    QString error;
    qsizetype errorOffset = -1;
    bool cancelled = false;

    const Line &line(qsizetype index) const
    {
        return blocks[size_t(index >> BlockBits)][index & (BlockSize - 1)];
    }
    Line &line(qsizetype index)
    {
        return blocks[size_t(index >> BlockBits)][index & (BlockSize - 1)];
    }
    Line &append()
    {
        if ((lineCount & (BlockSize - 1)) == 0)
            blocks.emplace_back(new Line[BlockSize]);
        return line(lineCount++);
    }
};

namespace JsonLayoutBits {
constexpr quint32 Comma = 1;
constexpr int KindShift = 1;
constexpr quint32 KindMask = 0x7;
constexpr int DepthShift = 4;

constexpr quint32 make(JsonLayout::Kind kind, quint32 depth)
{
    return depth << DepthShift | quint32(kind) << KindShift;
}
} // namespace JsonLayoutBits

} // namespace Revox
