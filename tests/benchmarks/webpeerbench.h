#pragma once

#include "childbench.h"

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QString>

namespace Revox::Bench {

// Headless Chromium: $REVOX_CHROMIUM, else `chromium` or `chromium-browser` on PATH; empty when
// there is none (the web peer is then skipped, and the report says so).
QString chromiumProgram();

// The latest attempt's transcript of `callJson` as a static web page, the way a web viewer would
// serve it: chat bubbles for the agent and the caller, a collapsed card per tool call (name,
// arguments, result, failed ones marked), every text escaped. Taken from the JSON as the API
// sends it, not from the app's parser.
QByteArray transcriptPage(const QByteArray &callJson);

// The web peer: for each size, the generated call as that page rendered by headless Chromium as a
// whole process (start → exit, a 1280×800 screenshot: it lays out and paints the page) against the
// real app opening the same call (`--new-window FILE`, library on and empty, start → first paint
// of the transcript rows, and → exit); alternately `runs` times each after a warm-up, each start
// once the one before has left no process behind.
QJsonObject runWebPeer(const StartupPrograms &programs, const QList<int> &sizes, int runs);

} // namespace Revox::Bench
