#pragma once

#include <QJsonObject>

namespace Revox::Bench {

struct UiStallOptions
{
    int turns = 100000;   // the call for find and the Raw JSON tab
    int pdfTurns = 10000; // the call exported as PDF
    int runs = 3;
};

// The longest stall of the GUI thread (src/app/heartbeat.h: a 5 ms timer, the longest gap between
// its ticks) while a user works in the window: typing the rare word into the transcript's find
// bar, opening the Raw JSON tab, exporting a PDF from the export dialog. The window is built as
// main() builds it (MainWindow and attachLibrary() on a temporary library, 1280×800, shown), the
// call opened from a file, and each action starts from the event loop as input does (keys and
// clicks through QTest), until what it does is on screen plus 300 ms. Needs a QApplication.
QJsonObject runUiStalls(const UiStallOptions &options);

} // namespace Revox::Bench
