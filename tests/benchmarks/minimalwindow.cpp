// The startup baselines: the least a Qt Widgets program does to put a window on screen. It shows
// one empty QWidget and exits at its first paint, as the app does under
// REVOX_EXIT_AFTER_FIRST_PAINT=1. With --text the window also shows one line of text, which
// costs what any window with text pays once: fontconfig's setup, loading a font, shaping.
#include "app/exitafterfirstpaint.h"

#include <QApplication>
#include <QLabel>
#include <QVBoxLayout>
#include <QWidget>

#include <cstring>

int main(int argc, char *argv[])
{
    const bool withText = argc > 1 && std::strcmp(argv[1], "--text") == 0;
    QApplication app(argc, argv);
    QWidget window;
    window.resize(1280, 800);
    if (withText) {
        auto *layout = new QVBoxLayout(&window);
        layout->addWidget(new QLabel(QStringLiteral("Revox Call Inspector")), 0, Qt::AlignTop);
    }
    Revox::FirstPaintProbe filter;
    window.installEventFilter(&filter);
    window.show();
    return app.exec();
}
