#pragma once

// Fills the tree behind SummaryModel from a Call; private to the model.
#include "gui/summary/summarymodel.h"

#include <QStringList>

namespace Revox::SummaryBuilder {

// Adds the sections of `call` under `root`; contradictions between fields go to `inconsistencies`.
void build(SummaryModel::Node *root, const Call &call, QStringList *inconsistencies);

} // namespace Revox::SummaryBuilder
