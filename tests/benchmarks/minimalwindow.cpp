// The startup baseline: the least a Qt Widgets program does to put a window on screen. It shows
// one empty QWidget and exits at its first paint, as the app does under
// REVOX_EXIT_AFTER_FIRST_PAINT=1.
#include <QApplication>
#include <QEvent>
#include <QWidget>

namespace {

class ExitOnFirstPaint final : public QObject
{
public:
    using QObject::QObject;

protected:
    bool eventFilter(QObject *watched, QEvent *event) override
    {
        // Queued: the paint in progress is finished and flushed before the windows close.
        if (event->type() == QEvent::Paint)
            QMetaObject::invokeMethod(qApp, &QCoreApplication::quit, Qt::QueuedConnection);
        return QObject::eventFilter(watched, event);
    }
};

} // namespace

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QWidget window;
    window.resize(1280, 800);
    ExitOnFirstPaint filter;
    window.installEventFilter(&filter);
    window.show();
    return app.exec();
}
