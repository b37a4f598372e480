#pragma once

#include <QByteArray>
#include <QString>

namespace Revox::Bench {

// Synthetic calls for the benchmarks: the bundled sample call with its latest attempt's
// transcript (in `call_attempts[0]` and `last_call_attempt`, as the API sends it) replaced by
// `turns` generated turns. Deterministic: the same size always gives the same bytes.
//
// Every 10th turn is a tool call with object arguments (nested objects, a list, a free-text
// note) and a JSON result; one tool call in 25 failed. The others alternate agent and caller,
// one to four sentences of 3 to 17 words from a plain English word list. Exactly one turn in 100
// (rounded down) contains rareWord(), so finding it matches 1% of the turns.
QByteArray generateCall(int turns);

// A word no generated sentence contains otherwise, in any case.
QString rareWord();

} // namespace Revox::Bench
