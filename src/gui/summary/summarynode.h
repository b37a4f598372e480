#pragma once

// The tree behind SummaryModel (summarybuilder.h fills it); private to the model.
#include "gui/common/theme.h"
#include "gui/summary/summarymodel.h"

#include <QString>

namespace Revox {

struct SummaryModel::Node
{
    QString field;
    QString value;
    QString explanation;
    QString key;
    QString raw;
    QString toolTip;
    Theme::Tone tone = Theme::Tone::Neutral;
    bool warning = false;
    Node *parent = nullptr;
    int row = 0;
    std::vector<std::unique_ptr<Node>> children;

    Node *add(const QString &name, const QString &text = {}, const QString &jsonKey = {})
    {
        auto node = std::make_unique<Node>();
        node->field = name;
        node->value = text;
        // "[2]" indexes the parent's list; anything else is a member of the parent object.
        const bool index = jsonKey.startsWith(QLatin1Char('['));
        node->key = jsonKey.isEmpty() ? QString()
                    : key.isEmpty()   ? jsonKey
                                      : key + (index ? QString() : QStringLiteral(".")) + jsonKey;
        node->parent = this;
        node->row = int(children.size());
        children.push_back(std::move(node));
        return children.back().get();
    }
};

} // namespace Revox
