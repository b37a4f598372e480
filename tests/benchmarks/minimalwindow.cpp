// The startup baseline: the least a Qt Widgets program does to put a window on screen. It shows
// one empty QWidget and exits at its first paint, as the app does under
// REVOX_EXIT_AFTER_FIRST_PAINT=1.
#include <QApplication>
#include <QEvent>
#include <QWidget>

#include <chrono>
#include <cstdio>

namespace {

class ExitOnFirstPaint final : public QObject
{
public:
    using QObject::QObject;

protected:
    bool eventFilter(QObject *watched, QEvent *event) override
    {
        // Queued: runs once the paint in progress is finished and flushed. The time printed is
        // the monotonic clock the benchmark also reads when it starts the process.
        if (event->type() == QEvent::Paint && !m_painted) {
            m_painted = true;
            QMetaObject::invokeMethod(
                qApp,
                [] {
                    const auto now = std::chrono::steady_clock::now().time_since_epoch();
                    std::printf("first-paint-ns %lld\n",
                                static_cast<long long>(
                                    std::chrono::duration_cast<std::chrono::nanoseconds>(now)
                                        .count()));
                    std::fflush(stdout);
                    QCoreApplication::quit();
                },
                Qt::QueuedConnection);
        }
        return QObject::eventFilter(watched, event);
    }

private:
    bool m_painted = false;
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
