// The startup baseline: the least a Qt Widgets program does to put a window on screen. It shows
// one empty QWidget and exits at its first paint, as the app does under
// REVOX_EXIT_AFTER_FIRST_PAINT=1.
#include "exitafterfirstpaint.h"

#include <QApplication>
#include <QWidget>

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QWidget window;
    window.resize(1280, 800);
    Revox::ExitAfterFirstPaint filter;
    window.installEventFilter(&filter);
    window.show();
    return app.exec();
}
